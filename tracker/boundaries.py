"""Boundaries -> units: read any OGR file, clean names, give each district its province, simplify.

A *units* frame has one row per district: ``unit_id`` (the file's own stable id), ``district``,
``province``, ``area_km2`` (equal-area) and ``geometry`` in EPSG:4326.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from .errors import InputError
from .geodata import file_digest

# Column names of well-known boundary sources, tried in order.
ID_COLUMNS = ("shapeID", "ADM2_PCODE", "ADM3_PCODE")
NAME_COLUMNS = ("shapeName", "ADM2_EN", "ADM3_EN")
PROVINCE_COLUMNS = ("ADM1_EN",)
PROVINCE_NAME_COLUMNS = ("shapeName", "ADM1_EN")

EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global: areas in m2
CACHE_VERSION = "1"


def clean_name(value: object) -> str:
    """Collapse every run of whitespace (newlines, double spaces) to one space.

    >>> clean_name("Zanda  Jan\\n")
    'Zanda Jan'
    """
    return " ".join(str(value).split())


def read_layer(path: str | Path) -> gpd.GeoDataFrame:
    """Read a boundary file GDAL or GeoParquet can read, repaired and in EPSG:4326."""
    path = Path(path)
    try:
        if path.suffix.lower() in (".parquet", ".geoparquet"):
            frame = gpd.read_parquet(path)
        else:
            frame = gpd.read_file(path, engine="pyogrio")
    except (OSError, ValueError, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise InputError(f"{path}: cannot read boundaries ({str(exc).splitlines()[0]}); "
                         "give a GeoJSON, Shapefile, GeoPackage or GeoParquet file") from None
    if frame.crs is None:
        raise InputError(f"{path}: the file has no coordinate reference system; "
                         "add one (for a Shapefile, the .prj file) or convert it, e.g. "
                         "ogr2ogr -a_srs EPSG:4326 fixed.gpkg FILE")
    if frame.empty:
        raise InputError(f"{path}: the file holds no features")
    frame = frame.to_crs(4326)
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty].copy()
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values, method="structure")
    return frame


def pick_column(frame: pd.DataFrame, wanted: str | None, known: tuple[str, ...], what: str, path) -> str | None:
    """The column to use for ``what``: the one asked for, else the first known one present."""
    if wanted:
        if wanted not in frame.columns:
            raise InputError(f"{path}: no column {wanted!r} for {what}; columns are: "
                             + ", ".join(c for c in frame.columns if c != "geometry"))
        return wanted
    return next((c for c in known if c in frame.columns), None)


def districts_from(frame: gpd.GeoDataFrame, path, *, id_col=None, name_col=None, province_col=None) -> gpd.GeoDataFrame:
    """Units (unit_id, district, [province], geometry) from a raw district layer."""
    option = {"unit_id": "--id-column", "district": "--name-column"}
    cols = {}
    for key, wanted, known in (("unit_id", id_col, ID_COLUMNS), ("district", name_col, NAME_COLUMNS)):
        cols[key] = pick_column(frame, wanted, known, key, path)
        if cols[key] is None:
            raise InputError(f"{path}: cannot tell which column holds the district {key.replace('unit_id', 'id')}; "
                             f"known: {', '.join(known)}; name it with {option[key]}")
    cols["province"] = pick_column(frame, province_col, PROVINCE_COLUMNS, "province", path)
    units = gpd.GeoDataFrame({key: frame[col].map(clean_name) for key, col in cols.items() if col},
                             geometry=frame.geometry.values, crs=frame.crs)
    dupes = units.unit_id[units.unit_id.duplicated()]
    if len(dupes):
        raise InputError(f"{path}: district ids in column {cols['unit_id']!r} are not unique "
                         f"(e.g. {dupes.iloc[0]!r}); name a unique id column with --id-column")
    return units


def assign_provinces(units: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> pd.Series:
    """Each unit's province: the province polygon covering most of its area (equal-area)."""
    units_ea = units[["unit_id", "geometry"]].to_crs(EQUAL_AREA)
    provinces_ea = provinces[["province", "geometry"]].to_crs(EQUAL_AREA)
    pieces = gpd.overlay(units_ea, provinces_ea, how="intersection", keep_geom_type=True)
    pieces["area"] = pieces.geometry.area
    best = pieces.sort_values("area").drop_duplicates("unit_id", keep="last").set_index("unit_id")["province"]
    return units.unit_id.map(best)


def apply_corrections(units: gpd.GeoDataFrame, corrections: pd.DataFrame | None) -> gpd.GeoDataFrame:
    """Override provinces with a curated table (columns unit_id, province)."""
    if corrections is None or corrections.empty:
        return units
    fix = corrections.set_index("unit_id")["province"]
    units = units.copy()
    hit = units.unit_id.isin(fix.index)
    units.loc[hit, "province"] = units.unit_id[hit].map(fix)
    return units


def prepare_units(districts: str | Path, provinces: str | Path | None = None, *, id_col=None, name_col=None,
                  province_col=None, corrections: pd.DataFrame | None = None,
                  province_aliases: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Read, clean and give provinces to the districts (no cache; see :func:`load_units`)."""
    units = districts_from(read_layer(districts), districts, id_col=id_col, name_col=name_col, province_col=province_col)
    rename = dict(zip(province_aliases.alias, province_aliases.province)) if province_aliases is not None else {}
    if "province" not in units:
        if provinces is None:
            raise InputError(f"{districts}: the file has no province column; give the provinces file "
                             "(--admin1 PATH) or name the column with --province-column")
        layer = read_layer(provinces)
        col = pick_column(layer, None, PROVINCE_NAME_COLUMNS, "province", provinces)
        if col is None:
            raise InputError(f"{provinces}: cannot tell which column holds the province name; "
                             f"known: {', '.join(PROVINCE_NAME_COLUMNS)}")
        layer = gpd.GeoDataFrame({"province": layer[col].map(clean_name)}, geometry=layer.geometry.values, crs=layer.crs)
        units["province"] = assign_provinces(units, layer)
    units["province"] = units.province.map(lambda p: rename.get(p, p) if isinstance(p, str) else "")
    units = apply_corrections(units, corrections)
    units["area_km2"] = units.geometry.to_crs(EQUAL_AREA).area.to_numpy() / 1e6
    return units[["unit_id", "district", "province", "area_km2", "geometry"]]


def load_units(districts: str | Path, provinces: str | Path | None = None, *, cache_dir: Path | None = None,
               corrections: pd.DataFrame | None = None, province_aliases: pd.DataFrame | None = None,
               **columns) -> gpd.GeoDataFrame:
    """Prepared units, cached under ``cache_dir`` by the content of every input.

    >>> units = load_units("geoBoundaries-AFG-ADM2.shp", "geoBoundaries-AFG-ADM1.geojson")  # doctest: +SKIP
    >>> units.columns.tolist()  # doctest: +SKIP
    ['unit_id', 'district', 'province', 'area_km2', 'geometry']
    """
    if cache_dir is None:
        return prepare_units(districts, provinces, corrections=corrections, province_aliases=province_aliases, **columns)
    tables = "".join(t.to_csv(index=False) for t in (corrections, province_aliases) if t is not None)
    key = file_digest(Path(districts), provinces and Path(provinces), extra=f"{CACHE_VERSION}|" + json.dumps(columns, sort_keys=True) + tables)
    path = Path(cache_dir) / "prepared" / f"units-{key}.parquet"
    if path.exists():
        try:
            return gpd.read_parquet(path)
        except (OSError, ValueError):
            pass  # a damaged cache entry is rebuilt below
    units = prepare_units(districts, provinces, corrections=corrections, province_aliases=province_aliases, **columns)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    units.to_parquet(tmp)
    os.replace(tmp, path)
    return units


def simplify_for_web(units: gpd.GeoDataFrame, tolerance: float = 0.01) -> gpd.GeoSeries:
    """Geometry simplified as a coverage: neighbours keep a shared edge, no gaps or slivers."""
    simple = shapely.coverage_simplify(units.geometry.values, tolerance=tolerance)
    return gpd.GeoSeries(simple, index=units.index, crs=units.crs)


def province_outlines(units: gpd.GeoDataFrame, geometry: gpd.GeoSeries | None = None) -> gpd.GeoDataFrame:
    """Province polygons dissolved from their districts: aligned with the districts by construction."""
    geoms = units.geometry if geometry is None else geometry
    groups = pd.Series(np.arange(len(units))).groupby(units.province.to_numpy())
    merged = {name: shapely.coverage_union_all(geoms.values[idx.to_numpy()]) for name, idx in groups}
    return gpd.GeoDataFrame({"province": list(merged)}, geometry=list(merged.values()), crs=units.crs)
