"""Names the 2014 boundary file does not have (issue 13, item 6), on the real boundaries (TRACKER_GEODATA).

Districts created or renamed since 2014 resolve to the file's district they were cut from, flagged ``part_of``;
names two districts share are ambiguous unless the province decides; never a confident wrong district. The
curated tables (geodata/afg-district-aliases.csv, geodata/afg-district-parts.csv) name a source for every row.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from tracker.gazetteer import Gazetteer
from tracker.geodata import curated_table
from tracker.reports import check_file, with_parts
from tracker.render.html import district_card
from tracker.state import state_on

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

SHARED = [  # (name, {province: the file's district there}): the issue's cases of a name two districts share
    ("Reg", {"Helmand": "Reg(Khanshin)", "Kandahar": "Registan"}),                # Kandahar's short name
    ("Khogyani", {"Ghazni": "Wali Muhammadi Shahid", "Nangarhar": "Khogayani"}),  # a Ghazni name, a Nangarhar one
    ("Murghab", {"Badghis": "Bala Murghab", "Ghor": "Chaghcharan"}),              # Ghor's 2019 district
    ("Pusht Koh", {"Farah": "Shib Koh", "Herat": "Shindand"}),
    ("Dand", {"Kandahar": "Kandahar", "Paktia": "Dand Patan"}),
]

NEWER = [  # (name, province, the file's district it was cut from)
    ("Takhta Pul", "Kandahar", "Spin Boldak"), ("Takhtapul", "Kandahar", "Spin Boldak"),
    ("Dand", "Kandahar", "Kandahar"), ("Murghab", "Ghor", "Chaghcharan"), ("Marghab", "Ghor", "Chaghcharan"),
    ("Mirzaka", "Paktia", "Sayed Karam"), ("Bad Pakh", "Laghman", "Mihtarlam"), ("Delaram", "Nimruz", "Khash Rod"),
    ("Pamir", "Badakhshan", "Wakhan"), ("Zir Koh", "Herat", "Shindand"), ("Koh-e Zor", "Herat", "Shindand"),
    ("Marjah", "Helmand", "Nad Ali"), ("Gerda Serai", "Paktia", "Zadran"), ("Lazha Mangal", "Paktia",
                                                                                "Laja Ahmad Khail"),
]


def parts_table() -> pd.DataFrame:
    return curated_table("AFG", "district_parts")


@pytest.mark.parametrize("name, districts", SHARED)
def test_a_shared_name_is_ambiguous_until_the_province_decides(gazetteer, name, districts):
    alone = gazetteer.resolve(name)
    assert alone.outcome == "ambiguous", alone.describe()
    assert {(c["province"], c["district"]) for c in alone.candidates} == set(districts.items())
    for province, district in districts.items():
        found = gazetteer.resolve(name, province)
        assert (found.outcome, found.district, found.province) == ("found", district, province), found.describe()


def test_the_issue_cases_say_which_is_which(gazetteer):
    assert gazetteer.resolve("Reg").describe() == \
        "Reg is ambiguous: Reg(Khanshin) (Helmand), Registan (Kandahar); give --province"
    assert gazetteer.resolve("Murghab").describe() == \
        "Murghab is ambiguous: Bala Murghab (Badghis), Murghab (Ghor, part of Chaghcharan); give --province"
    assert gazetteer.resolve("Khugyani").outcome == "ambiguous"  # any spelling of the shared name
    assert gazetteer.resolve("Bala Murghab").district == "Bala Murghab"  # the full name is not shared
    assert gazetteer.resolve("Wali Muhammad Shahid").district == "Wali Muhammadi Shahid"
    assert gazetteer.resolve("Registan").district == "Registan"


@pytest.mark.parametrize("name, province, district", NEWER)
def test_a_newer_district_is_its_parent_flagged_part_of(gazetteer, name, province, district):
    found = gazetteer.resolve(name, province)
    assert (found.outcome, found.district, found.province, found.method) == ("found", district, province, "part_of")
    assert found.part and f"part of {district} in this boundary file" in found.note
    data = found.to_json()
    assert data["method"] == "part_of" and data["part"] == found.part and data["unit_id"] == found.unit_id


def test_never_a_confident_wrong_district(gazetteer, units):
    """Every curated name, without its province, is its own district (or part) or ambiguous among candidates
    that include it; with its province, it is found there (or ambiguous within it, for a split district)."""
    aliases = curated_table("AFG", "district_aliases").rename(columns={"alias": "name", "district": "target"})
    parts = parts_table().rename(columns={"part_of": "target"})
    for row in pd.concat([aliases, parts]).itertuples():
        alone = gazetteer.resolve(row.name)
        if alone.outcome == "found":
            assert alone.district == row.target, (row.name, alone.describe())
        else:
            assert alone.outcome == "ambiguous" and row.target in {c["district"] for c in alone.candidates}, \
                (row.name, alone.describe())
        hinted = gazetteer.resolve(row.name, row.province)
        places = [hinted] if hinted.outcome == "found" else [c for c in hinted.candidates]
        assert row.target in {getattr(p, "district", None) or p["district"] for p in places}, hinted.describe()


def test_the_parts_table(gazetteer, units):
    """Every row: a district of the file in its province, a name the file does not have, a source."""
    parts = parts_table()
    assert list(parts.columns) == ["name", "province", "part_of", "reason"]
    places = set(zip(units.district, units.province))
    for row in parts.itertuples():
        assert (row.part_of, row.province) in places, row
        assert gazetteer.resolve(row.name, row.province, fuzzy=False).method == "part_of", row
        assert re.search(r"Source: \S", row.reason), row


def test_every_curated_name_names_its_source():
    for key in ("district_aliases", "district_parts"):
        for row in curated_table("AFG", key).itertuples():
            assert re.search(r"Source: \S", row.reason), (key, row)


def test_parts_agree_with_the_population_table(gazetteer):
    """The CSO districts that geodata/afg-population.csv adds to the district they were carved from are, by
    their CSO spelling, parts of that same district."""
    population = pd.read_csv(ROOT / "geodata" / "afg-population.csv", dtype=str, keep_default_na=False)
    carved = [(name, row.province, row.unit_id) for row in population.itertuples()
              for name in re.findall(r"CSO district (.+?) was carved out of this one", row.note)]
    assert len(carved) == 22
    for name, province, unit_id in carved:
        found = gazetteer.resolve(name, province)
        assert found.unit_id == unit_id and found.part, found.describe()


def test_a_reports_file_with_a_newer_district(ctx, scheme, write_csv):
    path = write_csv('2021-07-14,Takhta Pul,Kandahar,controlled,"Outlet, 2021-07-14: title",https://example.org/a,',
                     '2021-07-14,Murghab,,contested,"Outlet, 2021-07-14: title",https://example.org/b,',
                     '2021-07-14,Reg,,contested,"Outlet, 2021-07-14: title",https://example.org/c,')
    checked = check_file(path, ctx.gazetteer, scheme)
    errors = {p.line: p for p in checked.errors}
    assert set(errors) == {3, 4}
    assert "Bala Murghab (Badghis); Murghab (Ghor, part of Chaghcharan)" in errors[3].hint
    assert "Reg(Khanshin) (Helmand); Registan (Kandahar)" in errors[4].hint
    row = checked.reports.iloc[0]
    assert (row.district, row.province, row.part, row.mention) == ("Spin Boldak", "Kandahar", "Takhta Pul",
                                                                     "Takhta Pul")


def test_the_card_says_reported_for_the_newer_district(ctx, scheme, write_csv):
    path = write_csv('2021-07-14,Takhta Pul,Kandahar,controlled,"Outlet, 2021-07-14: title",https://example.org/a,',
                     '2021-07-14,Spin Boldak,Kandahar,contested,"Outlet, 2021-07-10: title",https://example.org/b,')
    reports = check_file(path, ctx.gazetteer, scheme).reports
    state = state_on(reports.iloc[:1], ctx.units, scheme, "2021-07-20").assign(colour="#000")
    row = next(state[state.district == "Spin Boldak"].itertuples())
    card = "".join(district_card(row, dict.fromkeys([*scheme.keys, "no_data"], "a status")))
    assert "reported for Takhta Pul, part of Spin Boldak in this boundary file" in card
    later = state_on(reports, ctx.units, scheme, "2021-07-20")  # the file's own name is not "reported for" a part
    assert not later[later.district == "Spin Boldak"].part.iloc[0]


def test_the_map_page_and_time_slider_carry_the_line(ctx, write_csv, cli, tmp_path):
    path = write_csv('2021-07-14,Takhta Pul,Kandahar,controlled,"Outlet, 2021-07-14: title",https://example.org/a,')
    for command, args in (("map", ["--date", "2021-07-20"]), ("timeline", ["--start", "2021-07-10",
                                                                            "--end", "2021-07-20"])):
        out = tmp_path / f"{command}.html"
        result = cli(command, path, *args, "--out", out)
        assert result.exit_code == 0, result.output
        assert "reported for Takhta Pul, part of Spin Boldak in this boundary file" in out.read_text()


def test_resolve_cli_says_part_of(cli, geodata_dir):
    result = cli("resolve", "Takhta Pul", "--json")
    data = json.loads(result.output)
    assert result.exit_code == 0 and (data["district"], data["method"], data["part"]) == \
        ("Spin Boldak", "part_of", "Takhta Pul")
    shared = cli("resolve", "Reg")
    assert shared.exit_code == 3 and "Registan (Kandahar)" in shared.output


def test_reports_from_a_ledger_get_their_part_back(ctx, scheme, write_csv):
    """The ledger keeps each row's mention; reading it back finds the part again (and none for a unit's own
    name, or a mention that now names another unit)."""
    path = write_csv('2021-07-14,Takhta Pul,Kandahar,controlled,"Outlet, 2021-07-14: title",https://example.org/a,',
                     '2021-07-15,Spin Boldak,Kandahar,controlled,"Outlet, 2021-07-15: title",https://example.org/b,')
    reports = check_file(path, ctx.gazetteer, scheme).reports
    stored = reports.drop(columns="part")
    assert list(with_parts(stored, ctx.gazetteer).part) == ["Takhta Pul", ""]
    moved = stored.assign(unit_id=stored.unit_id.iloc[1][::-1])
    assert list(with_parts(moved, ctx.gazetteer).part) == ["", ""]


def test_any_country_can_have_newer_districts():
    """Nothing is Afghan: a table of parts for another boundary file works the same, and is escaped in cards."""
    units = pd.DataFrame({"unit_id": ["1", "2"], "district": ["Springfield", "Shelbyville"],
                          "province": ["North", "South"]})
    parts = pd.DataFrame({"name": ["New <Springfield>", "Ogdenville", "Nowhere"], "province": ["North", "South", "X"],
                          "part_of": ["Springfield", "Shelbyville", "Springfield"]})
    aliases = pd.DataFrame({"alias": ["Ogdenville"], "province": ["North"], "district": ["Springfield"]})
    gaz = Gazetteer.from_units(units, aliases, None, parts)
    found = gaz.resolve("New Springfield")
    assert (found.unit_id, found.method, found.part) == ("1", "part_of", "New <Springfield>")
    assert gaz.resolve("Ogdenville").outcome == "ambiguous"  # an alias in North, a part in South
    assert gaz.resolve("Ogdenville", "South").part == "Ogdenville"
    assert gaz.resolve("Nowhere").outcome == "unknown"  # a row naming no unit of the file is skipped
    row = next(pd.DataFrame([{"district": "Springfield", "province": "North", "colour": "#000", "status": "controlled",
                              "since": None, "part": found.part, "source": None, "url": None,
                              "notes": None}]).itertuples())
    card = "".join(district_card(row, {"controlled": "Controlled"}))
    assert "reported for New &lt;Springfield&gt;, part of Springfield in this boundary file" in card


def test_the_card_in_chromium(ctx, write_csv, cli, browser, tmp_path):
    """Hover the only coloured district: its tooltip says which newer district the report was for."""
    path = write_csv('2021-07-14,Takhta Pul,Kandahar,controlled,"Outlet, 2021-07-14: title",https://example.org/a,')
    out = tmp_path / "map.html"
    assert cli("map", path, "--date", "2021-07-20", "--out", out).exit_code == 0
    tab = browser.new_page(viewport={"width": 1000, "height": 750})
    tab.goto(out.as_uri())
    colour = {s.key: s.colour for s in ctx.scheme.statuses}["controlled"]
    box = tab.locator(f"path.leaflet-interactive[fill='{colour}']").first.bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = tab.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "Spin Boldak" in tooltip.inner_text()
    assert "reported for Takhta Pul, part of Spin Boldak in this boundary file" in tooltip.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "map-part-of.png"))
    tab.close()
