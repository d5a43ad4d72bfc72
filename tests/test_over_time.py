"""Over time: the time-slider page (in Chromium, both directions), diff, trend, print maps."""

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tracker.diff import changed, transitions
from tracker.reports import load_reports
from tracker.state import counts_over_time, date_range

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SRC = "LWJ,https://www.longwarjournal.org/x"
ROWS = (f"2021-08-01,Kunduz,Kunduz,contested,{SRC},fighting",
        f"2021-08-08,Kunduz,Kunduz,controlled,{SRC},fell <script>alert(1)</script>",
        f"2021-08-12,Kunduz,Kunduz,government,{SRC},retaken (test)",
        f"2021-08-05,Taloqan,Takhar,controlled,{SRC},",
        f"2021-08-20,Herat,Herat,unconfirmed,{SRC},claim")


@pytest.fixture
def sample(write_csv, ctx):
    return load_reports(write_csv(*ROWS), ctx.gazetteer, ctx.scheme)


def test_diff_lists_changes_with_date_and_source(sample, units, scheme):
    rows = changed(sample, units, scheme, "2021-08-02", "2021-08-10")
    got = {r.district: (r["from"], r.to, r.changed_on) for _, r in rows.iterrows()}
    assert got == {"Kunduz": ("contested", "controlled", "2021-08-08"), "Taluqan": ("no_data", "controlled", "2021-08-05")}
    assert list(transitions(rows, scheme).label) == ["1 contested -> controlled", "1 no_data -> controlled"]
    assert changed(sample, units, scheme, "2021-08-10", "2021-08-10").empty


def test_counts_over_time(sample, units, scheme):
    series = counts_over_time(sample, units, scheme, date_range("2021-08-01", "2021-08-31", "week"))
    assert list(series.columns) == [*scheme.keys, "no_data"]
    assert (series.sum(axis=1) == 398).all()
    assert series.loc["2021-08-08", "controlled"] == 2 and series.loc["2021-08-15", "government"] == 1
    area = counts_over_time(sample, units, scheme, date_range("2021-08-01", "2021-08-03"),
                            units.area_km2 / units.area_km2.sum())
    assert area.sum(axis=1).round(6).eq(1).all()


def test_cli_diff_trend_print(cli, write_csv, tmp_path, geodata_dir):
    path = write_csv(*ROWS)
    data = json.loads(cli("diff", path, "--from", "2021-08-02", "--to", "2021-08-10", "--format", "json",
                          "--out", tmp_path / "d.html").stdout)
    assert data["changed"] == 2 and {t["to"] for t in data["transitions"]} == {"controlled"}
    assert "2 districts changed" in (tmp_path / "d.html").read_text()
    assert cli("trend", path, "--out", tmp_path / "t.csv", "--step", "day").exit_code == 0
    csv = pd.read_csv(tmp_path / "t.csv")
    assert list(csv.columns) == ["date", "controlled", "contested", "government", "unconfirmed", "no_data"]
    assert len(csv) == 20 and csv.date.iloc[0] == "2021-08-01"
    for suffix in ("png", "svg"):
        assert cli("trend", path, "--out", tmp_path / f"t.{suffix}").exit_code == 0
    assert cli("trend", path, "--out", tmp_path / "t.txt").exit_code == 2
    result = cli("map", path, "--date", "2021-08-10", "--out", tmp_path / "m.png")
    assert result.exit_code == 0
    from PIL import Image
    assert Image.open(tmp_path / "m.png").size[0] >= 1600
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "m.png", ARTIFACTS / "print-map.png")
    shutil.copy(tmp_path / "t.png", ARTIFACTS / "trend.png")


@pytest.fixture
def timeline(cli, write_csv, tmp_path, geodata_dir):
    out = tmp_path / "timeline.html"
    result = cli("timeline", write_csv(*ROWS), "--start", "2021-07-30", "--end", "2021-08-25", "--out", out)
    assert result.exit_code == 0, result.stderr
    return out


def test_timeline_page_is_offline_escaped_and_small(timeline):
    page = timeline.read_text()
    assert "<script>alert(1)</script>" not in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", page)
    assert timeline.stat().st_size < 1_500_000




def test_timeline_in_chromium_both_directions(timeline, browser, scheme):
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    errors, requests = [], []
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(timeline.as_uri())
    tab.wait_for_selector("path.leaflet-interactive")
    assert tab.locator("path.leaflet-interactive").count() == 398
    assert tab.locator("#legend .row").count() == 5
    colour = {s.key: s.colour for s in scheme.all_statuses}
    slider = tab.locator("#slider")

    def at(index):  # move the slider like a user (keyboard), return Kunduz's fill and the counts
        slider.focus()
        tab.keyboard.press("Home")
        for _ in range(index):
            tab.keyboard.press("ArrowRight")
        fill = tab.evaluate("""() => { const p = [...document.querySelectorAll('path.leaflet-interactive')];
            return p.map(e => e.getAttribute('fill')); }""")
        counts = [int(c) for c in tab.locator("#legend .count").all_inner_texts()]
        return tab.locator("#date").inner_text(), fill, counts

    d0, fills0, counts0 = at(0)          # 2021-07-30: nothing reported yet
    assert d0 == "2021-07-30" and counts0 == [0, 0, 0, 0, 398]
    d1, fills1, counts1 = at(9)          # 2021-08-08: Kunduz controlled, Taloqan controlled
    assert d1 == "2021-08-08" and counts1 == [2, 0, 0, 0, 396]
    kunduz = [i for i, (a, b) in enumerate(zip(fills0, fills1)) if a != b]
    assert len(kunduz) == 2 and all(fills1[i] == colour["controlled"] for i in kunduz)
    tab.screenshot(path=str(ARTIFACTS / "timeline-2021-08-08.png"))
    d2, fills2, counts2 = at(3)          # back to 2021-08-02: Kunduz contested, Taloqan no data again
    assert d2 == "2021-08-02" and counts2 == [0, 1, 0, 0, 397]
    assert sorted(fills2[i] for i in kunduz) == sorted([colour["contested"], colour["no_data"]])
    d3, _, counts3 = at(13)              # 2021-08-12: Kunduz retaken
    assert counts3 == [1, 0, 1, 0, 396]
    _, fills4, counts4 = at(0)           # all the way back: the earlier colours are restored
    assert fills4 == fills0 and counts4 == counts0
    # tooltip of the district that changed shows the status and source valid at the shown date
    at(9)
    box = tab.locator("path.leaflet-interactive").nth(kunduz[0]).bounding_box()
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = tab.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "since 2021-08" in popup.inner_text() and "longwarjournal" in popup.locator("a").get_attribute("href")
    tab.screenshot(path=str(ARTIFACTS / "timeline-popup.png"))
    assert errors == [] and [r for r in requests if not r.startswith("file:")] == []


def test_timeline_staleness_follows_the_slider(cli, write_csv, tmp_path, browser, geodata_dir):
    out = tmp_path / "stale.html"
    assert cli("timeline", write_csv(*ROWS), "--start", "2021-08-01", "--end", "2021-08-25", "--stale-after", "5",
               "--out", out).exit_code == 0
    tab = browser.new_page(viewport={"width": 1200, "height": 800})
    tab.goto(out.as_uri())
    tab.wait_for_selector("path.leaflet-interactive")

    def counts(date):
        tab.evaluate(f"trackerShow('{date}')")
        return [int(c) for c in tab.locator("#legend .count").all_inner_texts()]

    assert counts("2021-08-09") == [2, 0, 0, 0, 396, 0]   # Kunduz (1 day) and Taloqan (4 days) are fresh
    assert counts("2021-08-11") == [1, 0, 0, 0, 396, 1]   # Taloqan's last report is 6 days old: stale
    assert counts("2021-08-09") == [2, 0, 0, 0, 396, 0]   # and back again
