"""Boundaries: any OGR file, names cleaned, provinces by overlay + corrections, cache, simplification."""

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from tracker import boundaries
from tracker.boundaries import clean_name, load_units, prepare_units, province_outlines, simplify_for_web
from tracker.errors import InputError
from tracker.geodata import curated_table

TABLES = dict(corrections=curated_table("AFG", "province_corrections"),
              province_aliases=curated_table("AFG", "province_aliases"))


@pytest.fixture(scope="module")
def raw(geodata_dir):
    return gpd.read_file(geodata_dir / "geoBoundaries-AFG-ADM2.shp")


def test_clean_name_collapses_whitespace():
    assert clean_name("Zanda  Jan\n") == "Zanda Jan"
    assert clean_name(" Warduj\n") == "Warduj"


def test_real_file_gives_398_units_with_every_province_right(units, geodata_dir):
    assert len(units) == 398 and units.unit_id.is_unique
    assert units.crs.to_epsg() == 4326
    assert set(units.columns) >= {"unit_id", "district", "province", "area_km2", "geometry"}
    # The curated table in ../shared is the truth the overlay + corrections must reproduce.
    truth = pd.read_csv(geodata_dir / "districts-provinces.csv", dtype=str).set_index("shape_id")
    merged = units.set_index("unit_id").join(truth.add_suffix("_truth"))
    assert (merged.province == merged.province_truth).all(), merged[merged.province != merged.province_truth]
    assert (merged.district == merged.district_truth).all()
    assert "Zanda Jan" in set(units.district) and not units.district.str.contains(r"\s\s|\n").any()
    assert "Ghazni" in set(units.province) and "Ghanzi" not in set(units.province)
    assert units.province.nunique() == 34
    assert 600_000 < units.area_km2.sum() < 660_000  # Afghanistan: ~652,000 km2


def test_overlay_alone_misplaces_the_six_districts_the_table_corrects(geodata_dir):
    files = (geodata_dir / "geoBoundaries-AFG-ADM2.shp", geodata_dir / "geoBoundaries-AFG-ADM1.geojson")
    raw_names = prepare_units(*files)
    plain = prepare_units(*files, province_aliases=TABLES["province_aliases"])
    fixed = prepare_units(*files, **TABLES)
    moved = plain.merge(fixed, on="unit_id").query("province_x != province_y")
    assert sorted(moved.district_x) == sorted(TABLES["corrections"].district)
    assert "Ghanzi" in set(raw_names.province)  # the raw ADM1 spelling, fixed by the alias table


def test_ocha_columns_and_reprojection_and_geopackage(raw, tmp_path):
    ocha = gpd.GeoDataFrame({"ADM2_PCODE": [f"AF{i:04d}" for i in range(len(raw))], "ADM2_EN": raw.shapeName,
                             "ADM1_EN": "Somewhere"}, geometry=raw.geometry, crs=raw.crs).to_crs(3857)
    path = tmp_path / "cod.gpkg"
    ocha.to_file(path)
    units = prepare_units(path)
    assert units.unit_id.iloc[0] == "AF0000" and units.crs.to_epsg() == 4326
    assert units.total_bounds == pytest.approx(raw.total_bounds, abs=1e-6)
    assert (units.province == "Somewhere").all()


def test_geoparquet_and_named_columns(raw, tmp_path):
    other = gpd.GeoDataFrame({"code": [f"X{i}" for i in range(len(raw))], "nom": raw.shapeName, "region": "R"},
                             geometry=raw.geometry, crs=raw.crs)
    path = tmp_path / "x.parquet"
    other.to_parquet(path)
    with pytest.raises(InputError, match="--id-column"):
        prepare_units(path)
    units = prepare_units(path, id_col="code", name_col="nom", province_col="region")
    assert len(units) == 398 and units.unit_id.iloc[3] == "X3"
    with pytest.raises(InputError, match="no column 'nmae'"):
        prepare_units(path, id_col="code", name_col="nmae")


def test_file_without_crs_is_refused(raw, tmp_path):
    path = tmp_path / "nocrs.geojson"
    raw.head(3).set_crs(None, allow_override=True).to_file(path)
    path.write_text(path.read_text().replace('"crs"', '"_crs"'))
    frame = gpd.read_file(path)
    if frame.crs is not None:  # GeoJSON is WGS 84 by definition; use a Shapefile without .prj instead
        path = tmp_path / "nocrs.shp"
        raw.head(3).to_file(path)
        path.with_suffix(".prj").unlink()
    with pytest.raises(InputError, match="no coordinate reference system"):
        prepare_units(path, province_col="shapeGroup")


def test_invalid_geometry_is_repaired(raw, tmp_path):
    bowtie = shapely.Polygon([(60, 30), (61, 31), (61, 30), (60, 31), (60, 30)])
    frame = gpd.GeoDataFrame({"shapeID": ["a", "b"], "shapeName": ["One", "Two "], "ADM1_EN": "P"},
                             geometry=[bowtie, raw.geometry.iloc[0]], crs=4326)
    path = tmp_path / "bad.gpkg"
    frame.to_file(path)
    units = prepare_units(path)
    assert units.geometry.is_valid.all() and units.area_km2.iloc[0] > 0


def test_duplicate_ids_and_unreadable_files_are_clear_errors(raw, tmp_path):
    frame = raw.head(2).assign(shapeID="same")
    path = tmp_path / "dup.gpkg"
    frame.to_file(path)
    with pytest.raises(InputError, match="not unique"):
        prepare_units(path, province_col="shapeGroup")
    junk = tmp_path / "junk.geojson"
    junk.write_text("this is not geojson")
    with pytest.raises(InputError, match="junk.geojson: cannot read boundaries"):
        prepare_units(junk)
    with pytest.raises(InputError, match="no province column"):
        prepare_units(tmp_path / "dup.gpkg", id_col="shapeName")


def test_prepared_units_are_cached_by_content(geodata_dir, tmp_path, monkeypatch):
    args = (geodata_dir / "geoBoundaries-AFG-ADM2.shp", geodata_dir / "geoBoundaries-AFG-ADM1.geojson")
    first = load_units(*args, cache_dir=tmp_path, **TABLES)
    calls = []
    monkeypatch.setattr(boundaries, "prepare_units", lambda *a, **k: calls.append(a) or first)
    second = load_units(*args, cache_dir=tmp_path, **TABLES)
    assert calls == [] and second.drop(columns="geometry").equals(first.drop(columns="geometry"))
    load_units(*args, cache_dir=tmp_path, corrections=None, province_aliases=TABLES["province_aliases"])
    assert len(calls) == 1  # different inputs, a different cache entry
    assert len(list((tmp_path / "prepared").glob("*.parquet"))) == 2


def test_names_table_is_cached_beside_the_units(geodata_dir, tmp_path, monkeypatch):
    """Commands that only need names read them from a small table, never the geometry; a damaged table is
    made again, and other inputs get their own."""
    from tracker.context import open_context
    monkeypatch.setenv("TRACKER_CACHE", str(tmp_path))
    first = open_context("AFG", download=False)
    names = first.names
    assert names == {c: first.units[c].tolist() for c in ("unit_id", "district", "province")}
    [table] = (tmp_path / "prepared").glob("names-*.json")
    again = open_context("AFG", download=False)
    assert again.gazetteer.resolve("Taloqan").district == "Taluqan" and "units" not in again.__dict__
    table.write_text('{"unit_id": [', encoding="utf-8")
    assert open_context("AFG", download=False).names == names
    other = open_context("AFG", download=False, name_col="shapeName")
    assert other.names == names and len(list((tmp_path / "prepared").glob("names-*.json"))) == 2


def test_coverage_simplification_leaves_no_gaps_or_overlaps(units):
    simple = simplify_for_web(units)
    before = shapely.get_num_coordinates(units.geometry.values).sum()
    after = shapely.get_num_coordinates(simple.values).sum()
    assert after < before / 5
    eq = simple.to_crs("EPSG:6933")
    union = shapely.coverage_union_all(eq.values)
    assert eq.area.sum() == pytest.approx(union.area, rel=1e-6)  # no overlaps
    original = shapely.coverage_union_all(units.geometry.to_crs("EPSG:6933").values)
    assert union.area == pytest.approx(original.area, rel=5e-3)  # no gaps opened
    assert shapely.coverage_is_valid(simple.values)


def test_province_outlines_are_dissolved_districts(units):
    outlines = province_outlines(units)
    assert len(outlines) == 34 and outlines.geometry.is_valid.all()
