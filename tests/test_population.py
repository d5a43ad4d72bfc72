"""Population per district: rasters summed with exact cell fractions (any CRS), tables resolved by name, and the
people per status in stats, maps, trend, export, diff and compare; unknown population counted apart."""

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely
from affine import Affine

from tracker import population as pop
from tracker.errors import InputError
from tracker.stats import summary

# A 4 x 2 raster of 1-degree cells (rows north to south); the border between A and B halves the third column.
CELLS = np.array([[1, 2, 4, 8], [16, 32, 64, 128]], dtype="float32")
A_SUM = 1 + 2 + 16 + 32 + (4 + 64) / 2   # 85: two whole columns and half of the split one
B_SUM = (4 + 64) / 2 + 8 + 128           # 170


def write_raster(path, data, transform, crs="EPSG:4326", nodata=-99999.0):
    with rasterio.open(path, "w", driver="GTiff", height=data.shape[0], width=data.shape[1], count=1,
                       dtype=data.dtype, crs=crs, transform=transform, nodata=nodata) as out:
        out.write(data, 1)
    return path


def two_districts(a, b, crs="EPSG:4326") -> gpd.GeoDataFrame:
    units = gpd.GeoDataFrame({"unit_id": ["A", "B"], "district": ["Alpha", "Beta"], "province": ["P", "P"]},
                             geometry=[a, b], crs=crs)
    return units.to_crs(4326)


def test_cells_split_by_a_border_count_for_each_side_by_their_share(tmp_path):
    raster = write_raster(tmp_path / "people.tif", CELLS, Affine(1, 0, 60, 0, -1, 32))
    units = two_districts(shapely.box(60, 30, 62.5, 32), shapely.box(62.5, 30, 64, 32))
    sums = pop.raster_sums(raster, units)
    assert sums.set_index("unit_id").population.to_dict() == pytest.approx({"A": A_SUM, "B": B_SUM}, rel=1e-9)
    assert sums.population.sum() == pytest.approx(CELLS.sum())  # nobody counted twice or lost at the border


def test_a_raster_in_another_crs_is_summed_in_its_own_grid(tmp_path):
    # Web Mercator cells of 1 km; rectangles there are rectangles in degrees, so the exact answer is known.
    x0, y0 = 6_700_000, 3_800_000
    raster = write_raster(tmp_path / "mercator.tif", CELLS, Affine(1000, 0, x0, 0, -1000, y0), crs="EPSG:3857")
    units = two_districts(shapely.box(x0, y0 - 2000, x0 + 2500, y0), shapely.box(x0 + 2500, y0 - 2000, x0 + 4000, y0),
                          crs="EPSG:3857")
    assert units.crs.to_epsg() == 4326  # the districts come in degrees, as the boundaries do
    sums = pop.raster_sums(raster, units).set_index("unit_id").population
    assert sums.to_dict() == pytest.approx({"A": A_SUM, "B": B_SUM}, rel=1e-6)


def test_nodata_cells_are_nobody_but_a_district_of_only_nodata_is_refused(tmp_path):
    data = CELLS.copy()
    data[:, 0] = -99999  # nodata over A's first column
    raster = write_raster(tmp_path / "holes.tif", data, Affine(1, 0, 60, 0, -1, 32))
    units = two_districts(shapely.box(60, 30, 62.5, 32), shapely.box(62.5, 30, 64, 32))
    assert pop.raster_sums(raster, units).population[0] == pytest.approx(A_SUM - 17)
    data[:, :3] = -99999
    raster = write_raster(tmp_path / "empty.tif", data, Affine(1, 0, 60, 0, -1, 32))
    with pytest.raises(InputError, match=r"1 of them have no data cells.*Alpha \(P\)"):
        pop.raster_sums(raster, units)


def test_a_raster_that_does_not_cover_the_districts_is_refused(tmp_path):
    raster = write_raster(tmp_path / "west.tif", CELLS[:, :2].copy(), Affine(1, 0, 60, 0, -1, 32))
    units = two_districts(shapely.box(60, 30, 61.5, 32), shapely.box(61.5, 30, 64, 32))
    with pytest.raises(InputError) as caught:
        pop.raster_sums(raster, units)
    message = str(caught.value)
    assert "does not cover the districts: 1 of them lie outside the raster's extent: Beta (P)" in message
    assert "west.tif" in message and "whole country" in message


@pytest.mark.parametrize("content, expected", [
    (b"not a raster at all", "cannot read it as a raster"),
    (None, "no coordinate reference system"),
])
def test_unreadable_rasters_and_rasters_without_crs_are_refused(tmp_path, content, expected):
    path = tmp_path / "bad.tif"
    if content is None:
        with rasterio.open(path, "w", driver="GTiff", height=2, width=4, count=1, dtype="float32",
                           transform=Affine(1, 0, 60, 0, -1, 32)) as out:
            out.write(CELLS, 1)
    else:
        path.write_bytes(content)
    units = two_districts(shapely.box(60, 30, 62.5, 32), shapely.box(62.5, 30, 64, 32))
    with pytest.raises(InputError, match=expected):
        pop.load_population(path, units, gazetteer=None)


def test_raster_sums_are_cached_by_content_and_boundaries(tmp_path, monkeypatch):
    raster = write_raster(tmp_path / "people.tif", CELLS, Affine(1, 0, 60, 0, -1, 32))
    units = two_districts(shapely.box(60, 30, 62.5, 32), shapely.box(62.5, 30, 64, 32))
    first = pop.raster_population(raster, units, tmp_path / "cache")
    assert len(list((tmp_path / "cache" / "population").glob("sums-*.parquet"))) == 1

    def never(*args):
        raise AssertionError("summed again despite the cache")
    monkeypatch.setattr(pop, "raster_sums", never)
    again = pop.raster_population(raster, units, tmp_path / "cache")
    assert again.at(["A", "B"]).tolist() == first.at(["A", "B"]).tolist()
    monkeypatch.undo()
    write_raster(raster, CELLS * 2, Affine(1, 0, 60, 0, -1, 32))  # new content: summed anew
    assert pop.raster_population(raster, units, tmp_path / "cache").at(["A"])[0] == pytest.approx(2 * A_SUM)
    moved = two_districts(shapely.box(60, 30, 62, 32), shapely.box(62, 30, 64, 32))  # other boundaries: anew
    assert pop.raster_population(raster, moved, tmp_path / "cache").at(["A"])[0] == pytest.approx(2 * 51)


# Tables


def write_table(tmp_path, text, name="people.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_table_with_missing_and_misspelled_districts(tmp_path, units, gazetteer):
    path = write_table(tmp_path, "district,province,population\n"
                                 "Taloqan,Takhar,\"262,000\"\n"          # news spelling of Taluqan
                                 "Pul-e Khumri,Baghlan,240000\n"         # of Puli Khumri
                                 "Baharak,Takhar,41000\n")               # a name used twice, placed by province
    people = pop.load_population(path, units, gazetteer)
    known = pd.Series(people.at(units.unit_id), index=units.district + " (" + units.province + ")").dropna()
    assert known.to_dict() == {"Taluqan (Takhar)": 262000, "Puli Khumri (Baghlan)": 240000, "Baharak (Takhar)": 41000}
    assert np.isnan(people.at(units.unit_id)).sum() == 398 - 3  # the rest is unknown, not zero


def test_table_problems_are_all_listed_with_line_value_and_hint(tmp_path, units, gazetteer):
    path = write_table(tmp_path, "district,province,population\n"
                                 "Zzyzx Dara,Takhar,5\n"
                                 "Baharak,,7\n"
                                 "Kunduz,Kunduz,many\n"
                                 "Imam Sahib,Kunduz,\n"
                                 "Kunduz,Kunduz,9\n")
    with pytest.raises(InputError) as caught:
        pop.load_population(path, units, gazetteer)
    text = [str(p) for p in caught.value.problems]
    assert any(t.startswith(f"{path}:2: [district] 'Zzyzx Dara': unknown district") for t in text)
    assert any(":3: [district] 'Baharak': ambiguous district" in t and "Takhar" in t for t in text)
    assert any(":4: [population] 'many': not a number of people" in t for t in text)
    assert any(":5: [population] no population" in t and "unknown" in t for t in text)
    assert any(":6: [district] district given twice (lines 4, 6): Kunduz (Kunduz)" in t for t in text)


def test_unit_ids_and_years_choose_the_figures_in_force(tmp_path, units, gazetteer):
    a, b = units.unit_id[:2]
    with pytest.raises(InputError, match=r":2: \[year\] '2020.5': not a year"):
        pop.load_population(write_table(tmp_path, f"unit_id,population,year\n{a},1,2020.5\n", "y.csv"), units, gazetteer)
    path = write_table(tmp_path, f"unit_id,population,year\n{a},100,2010\n{a},200,2020\n{b},50,2015\n")
    people = pop.load_population(path, units, gazetteer)
    assert people.at([a, b], "2005-01-01").tolist() == [100, 50]   # before any year: the earliest
    assert people.at([a, b], "2016-03-01").tolist() == [100, 50]
    assert people.at([a, b], "2021-08-16").tolist() == [200, 50]
    assert people.describe("2021-08-16")["year"] == 2020
    with pytest.raises(InputError, match=r":2: \[unit_id\] 'nope': unknown unit_id"):
        pop.load_population(write_table(tmp_path, "unit_id,population\nnope,1\n", "ids.csv"), units, gazetteer)
    with pytest.raises(InputError, match=r"cols.csv:1: 'name,people': the header needs population and unit_id or district"):
        pop.load_population(write_table(tmp_path, "name,people\nx,1\n", "cols.csv"), units, gazetteer)


def test_ids_of_other_boundaries_fall_back_to_the_names(tmp_path, units, gazetteer):
    path = write_table(tmp_path, "unit_id,district,province,population\nAF1701,Taluqan,Takhar,5\n")
    people = pop.load_population(path, units, gazetteer)
    assert people.values.unit_id.tolist() == [gazetteer.resolve("Taluqan", "Takhar").unit_id]


def test_the_bundled_table_covers_every_district_and_matches_the_province_totals(units, gazetteer, ctx):
    people = pop.load_population("cso", units, gazetteer, sources=ctx.country["population"])
    figures = people.at(units.unit_id, "2021-08-16")
    assert not np.isnan(figures).any() and figures.sum() == 30_725_560
    by_province = pd.Series(figures).groupby(units.province.to_numpy()).sum()
    # NSIA Statistical Yearbook 2019 (settled population 1398); the boundary file puts Gizab (85,857) in Daykundi
    assert by_province["Kabul"] == 5_029_850 and by_province["Kapisa"] == 479_875
    assert by_province["Daykundi"] == 507_610 + 85_857 - 39_074  # Gizab moves in; Pato (CSO Daykundi) is in Gizab


# Statistics


def test_stats_count_people_per_status_and_unknown_apart(units, scheme):
    state = pd.DataFrame({"unit_id": units.unit_id[:4].to_numpy(), "district": list("abcd"), "province": list("ppqq"),
                          "status": ["controlled", "controlled", "government", "no_data"]})
    result = summary(state, units, scheme, "2021-08-16", np.array([100.0, np.nan, 300.0, 600.0]), {"name": "t"})
    assert result["population_total"] == 1000
    figures = {k: (v["population"], v["population_share"], v["population_unknown"]) for k, v in result["by_status"].items()}
    assert figures["controlled"] == (100, 0.1, 1) and figures["government"] == (300, 0.3, 0)
    assert figures["no_data"] == (600, 0.6, 0) and figures["contested"] == (0, 0.0, 0)
    assert result["population_unknown"] == {"units": 1, "districts": [{"unit_id": units.unit_id[1], "district": "b",
                                                                        "province": "p"}]}
    assert result["population_by_province"]["p"]["controlled"] == {"population": 100, "population_share": 1.0}
    assert result["population_by_province"]["p"]["population_unknown"] == 1
    assert "population_total" not in summary(state, units, scheme, "2021-08-16")


# The commands


EXAMPLE = "tracker/examples/afghanistan.csv"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def test_stats_json_and_table_show_people(cli, ctx):
    result = cli("stats", EXAMPLE, "--date", "2021-08-16", "--population", "cso", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["population_total"] == 30_725_560 and data["population_unknown"]["units"] == 0
    assert sum(v["population"] for v in data["by_status"].values()) == 30_725_560
    assert data["population_source"]["year"] == 2019 and "CSO" in data["population_source"]["name"]
    assert data["by_status"]["controlled"]["population_share"] > 0.9
    table = cli("stats", EXAMPLE, "--date", "2021-08-16", "--population", "cso")
    assert "30,725,560 people" in table.stdout and "people share" in table.stdout


def test_commands_warn_of_districts_without_population(cli, tmp_path, units):
    path = write_table(tmp_path, "unit_id,population\n" + "".join(f"{u},1000\n" for u in units.unit_id[2:]))
    result = cli("stats", EXAMPLE, "--date", "2021-08-16", "--population", path, "--format", "json")
    data = json.loads(result.stdout)
    assert data["population_unknown"]["units"] == 2 and data["population_total"] == 396_000
    assert "2 district(s) have no population" in result.stderr and "never as zero" in result.stderr


def test_missing_population_file_and_measure_without_population(cli, tmp_path, geodata_dir):
    result = cli("stats", EXAMPLE, "--population", tmp_path / "nope.csv")
    assert result.exit_code == 1 and "no such file (given with --population)" in result.stderr
    assert "cso, worldpop" in result.stderr
    result = cli("trend", EXAMPLE, "--measure", "population", "--out", tmp_path / "t.csv")
    assert result.exit_code == 1 and "needs --population" in result.stderr


def test_trend_export_diff_and_compare_with_people(cli, tmp_path, geodata_dir):
    trend = tmp_path / "trend.csv"
    assert cli("trend", EXAMPLE, "--measure", "population", "--population", "cso", "--start", "2021-08-01",
               "--end", "2021-08-29", "--out", trend).exit_code == 0
    series = pd.read_csv(trend).set_index("date")
    assert series.sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert series.controlled["2021-08-29"] > series.controlled["2021-08-01"]

    out = tmp_path / "districts.csv"
    assert cli("export", EXAMPLE, "--date", "2021-08-16", "--population", "cso", "--out", out).exit_code == 0
    assert pd.read_csv(out).population.sum() == 30_725_560

    diff = cli("diff", EXAMPLE, "--from", "2021-08-09", "--to", "2021-08-16", "--population", "cso", "--format", "json")
    moves = json.loads(diff.stdout)
    assert all("population" in t for t in moves["transitions"]) and "population" in moves["districts"][0]
    assert "people)" in cli("diff", EXAMPLE, "--from", "2021-08-09", "--to", "2021-08-16", "--population", "cso").stdout

    result = cli("compare", EXAMPLE, EXAMPLE, "--date", "2021-08-16", "--population", "cso", "--format", "json")
    data = json.loads(result.stdout)
    assert data["population_agreement"] == 1.0 and data["population_compared"] == 30_725_560


def test_map_pages_and_print_maps_show_people(cli, tmp_path, geodata_dir):
    page = tmp_path / "map.html"
    assert cli("map", EXAMPLE, "--date", "2021-08-16", "--population", "cso", "--out", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "People: " in html and "class='people'" in html and "CSO/NSIA settled population" in html
    assert "People: 29,248" in html  # Shaki's card (Badakhshan)
    timeline = tmp_path / "timeline.html"
    assert cli("timeline", EXAMPLE, "--start", "2021-08-01", "--end", "2021-08-16", "--population", "cso",
               "--out", timeline).exit_code == 0
    assert '"pop":[' in timeline.read_text(encoding="utf-8")
    assert cli("map", EXAMPLE, "--date", "2021-08-16", "--population", "cso", "--out", tmp_path / "m.png").exit_code == 0


def test_people_in_the_legend_follow_the_time_slider(cli, tmp_path, browser, geodata_dir):
    page_file = tmp_path / "timeline.html"
    cli("timeline", EXAMPLE, "--start", "2021-07-01", "--end", "2021-08-16", "--population", "cso", "--out", page_file)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(page_file.as_uri())
    people = page.locator("#legend .row:not(.approx) .people")
    page.evaluate("trackerShow('2021-07-01')")
    early = people.nth(0).inner_text()
    page.evaluate("trackerShow('2021-08-16')")
    late = people.nth(0).inner_text()
    assert early != late and late.endswith("%)") and "M" in late
    assert "People: CSO/NSIA" in page.locator("#legend").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "timeline-people-2021-08-16.png"))
    page.close()
