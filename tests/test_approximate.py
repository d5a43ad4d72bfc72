"""Approximate dates: a month-precision report never looks certain on maps, time slider, cards and stats."""

import json

import pandas as pd

from tracker.scheme import load_scheme
from tracker.state import state_on

S = load_scheme()
UNITS = pd.DataFrame({"unit_id": ["A", "B", "C"], "district": ["Alpha", "Beta", "Gamma"], "province": ["P", "P", "Q"]})


def reports(*rows):
    frame = pd.DataFrame(rows, columns=["unit_id", "date", "status", "precision"])
    frame["date"] = pd.to_datetime(frame.date)
    frame["source"], frame["url"], frame["notes"] = "src", "", ""
    return frame


def approx(rep, date):
    return state_on(rep, UNITS, S, date).set_index("unit_id").approximate.to_dict()


def test_month_report_is_approximate_only_within_its_month():
    rep = reports(("A", "2021-07-01", "controlled", "month"), ("B", "2021-07-03", "controlled", "day"))
    assert approx(rep, "2021-06-30") == {"A": False, "B": False, "C": False}  # nothing yet: no data is not approximate
    assert approx(rep, "2021-07-01") == {"A": True, "B": False, "C": False}
    assert approx(rep, "2021-07-31") == {"A": True, "B": False, "C": False}
    assert approx(rep, "2021-08-01") == {"A": False, "B": False, "C": False}
    frame = state_on(rep, UNITS, S, "2021-08-15").set_index("unit_id")
    assert frame.since["A"] == "2021-07-01" and frame.since_until["A"] == "2021-08-01"  # start still month-only
    assert frame.since_until["B"] == frame.since["B"] == "2021-07-03"


def test_a_report_dated_to_the_day_makes_the_run_certain_from_that_day():
    rep = reports(("A", "2021-07-01", "controlled", "month"), ("A", "2021-07-10", "controlled", "day"))
    assert approx(rep, "2021-07-09")["A"] and not approx(rep, "2021-07-10")["A"]


def test_a_month_report_that_changes_nothing_keeps_the_status_certain():
    rep = reports(("A", "2021-06-20", "controlled", "day"), ("A", "2021-07-01", "controlled", "month"),
                  ("B", "2021-06-20", "government", "day"), ("B", "2021-07-01", "controlled", "month"))
    assert approx(rep, "2021-07-05") == {"A": False, "B": True, "C": False}


def test_reports_without_precision_are_dated_to_the_day():
    rep = reports(("A", "2021-07-01", "controlled", "month")).drop(columns="precision")
    assert not approx(rep, "2021-07-05")["A"]


MONTH_ROWS = ("2021-07,Jawand,Badghis,controlled,Src,https://example.org/a,month only",
              "2021-07-06,Qadis,Badghis,controlled,Src,https://example.org/b,",
              "2021-08-10,Jawand,Badghis,contested,Src,https://example.org/c,")


def test_stats_json_counts_approximate_per_status(cli, write_csv, geodata_dir):
    path = write_csv(*MONTH_ROWS)
    july = json.loads(cli("stats", path, "--date", "2021-07-20", "--format", "json").stdout)["by_status"]
    assert july["controlled"] == {**july["controlled"], "units": 2, "approximate": 1}
    assert all(v["approximate"] == 0 for k, v in july.items() if k != "controlled")
    august = json.loads(cli("stats", path, "--date", "2021-08-01", "--format", "json").stdout)["by_status"]
    assert august["controlled"]["units"] == 2 and august["controlled"]["approximate"] == 0
    table = cli("stats", path, "--date", "2021-07-20").stdout
    assert "approximate" in table


def hatched(tab):
    return tab.evaluate("""() => [...document.querySelectorAll('path.leaflet-interactive')]
        .map(e => e.getAttribute('fill')).filter(f => f.startsWith('url(#hatch-'))""")


def test_map_hatches_and_says_day_unknown_in_chromium(cli, write_csv, tmp_path, browser, geodata_dir, scheme):
    path, page = write_csv(*MONTH_ROWS), tmp_path / "july.html"
    assert cli("map", path, "--date", "2021-07-20", "--out", page).exit_code == 0
    tab = browser.new_page(viewport={"width": 1200, "height": 800})
    tab.goto(page.as_uri())
    tab.wait_for_selector("path.leaflet-interactive")
    assert hatched(tab) == [f"url(#hatch-{scheme.codes['controlled']})"]
    assert tab.locator("#legend .row.approx .count").inner_text() == "1"
    box = tab.locator("path.leaflet-interactive[fill^='url(#hatch']").bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = tab.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "in July 2021, day unknown" in tooltip.inner_text() and "dated July 2021 (month only)" in tooltip.inner_text()
    assert cli("map", path, "--date", "2021-08-05", "--out", page).exit_code == 0
    tab.goto(page.as_uri())
    tab.wait_for_selector("path.leaflet-interactive")
    assert hatched(tab) == [] and tab.locator("#legend .row.approx").count() == 0
    assert "since July 2021 (day unknown)" in page.read_text()


def test_timeline_hatches_while_the_month_lasts(cli, write_csv, tmp_path, browser, geodata_dir):
    page = tmp_path / "timeline.html"
    assert cli("timeline", write_csv(*MONTH_ROWS), "--start", "2021-06-25", "--end", "2021-08-15",
               "--out", page).exit_code == 0
    tab = browser.new_page(viewport={"width": 1200, "height": 800})
    errors = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(page.as_uri())
    tab.wait_for_selector("path.leaflet-interactive")

    def at(date):
        tab.evaluate(f"trackerShow('{date}')")
        return len(hatched(tab)), tab.locator("#legend .row.approx .count").inner_text()

    assert at("2021-06-30") == (0, "0")
    assert at("2021-07-02") == (1, "1")
    assert at("2021-08-02") == (0, "0")
    assert at("2021-07-31") == (1, "1")  # and back again
    assert errors == []
