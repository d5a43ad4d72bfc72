"""Population per district: from a table (CSV) or a raster of people per cell, summed per district.

A :class:`Population` holds one row per district (and year, when the source has years): ``unit_id``, ``year``
(missing for a source without years) and ``population``. Districts it does not cover have *unknown*
population: they are counted apart, never as zero.

Rasters are summed with exact cell-coverage fractions (exactextract): a cell split by a border counts for
each district by the share of the cell inside it. The districts are reprojected to the raster's CRS, never the
raster to theirs (resampling would move people). Sums are cached by the raster's content and the boundaries.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from .errors import InputError, Problem
from .gazetteer import Gazetteer
from .geodata import sha256
from .reports import read_text, resolve_units  # the same reading, name rules and messages as for reports

TABLE_SUFFIXES = (".csv", ".txt")
COVERED = 0.99  # a district at least this share inside the raster's extent is covered by it
CACHE_VERSION = "1"


@dataclass(frozen=True)
class Population:
    """People per district from one source (``name``: a file or the manifest's description)."""

    values: pd.DataFrame  # unit_id, year (Int64, <NA> for a source without years), population (float)
    name: str
    citation: str = ""

    def chosen(self, date=None) -> pd.DataFrame:
        """One row per district: with years, the latest year on or before ``date``'s year, else its earliest."""
        frame = self.values.sort_values("year", kind="stable")
        if date is None or frame.year.isna().all():
            return frame.drop_duplicates("unit_id", keep="last")
        latest = frame[frame.year <= pd.Timestamp(date).year].drop_duplicates("unit_id", keep="last")
        earliest = frame.drop_duplicates("unit_id", keep="first")
        return pd.concat([latest, earliest[~earliest.unit_id.isin(latest.unit_id)]])

    def at(self, unit_ids, date=None) -> np.ndarray:
        """People per unit at ``date``, in the order of ``unit_ids``; NaN where unknown.

        >>> Population(pd.DataFrame({"unit_id": ["a", "a"], "year": [2010, 2020], "population": [1.0, 2.0]}),
        ...            "t").at(["a", "b"], "2015-06-01").tolist()
        [1.0, nan]
        """
        return self.chosen(date).set_index("unit_id").population.reindex(pd.Index(unit_ids)).to_numpy(float)

    def over_time(self, unit_ids, dates) -> np.ndarray:
        """People per unit at each date, shape (dates, units); NaN where unknown."""
        by_year: dict[int, np.ndarray] = {}
        for day in dates:  # one lookup per year, not per date
            if pd.Timestamp(day).year not in by_year:
                by_year[pd.Timestamp(day).year] = self.at(unit_ids, day)
        rows = [by_year[pd.Timestamp(day).year] for day in dates]
        return np.stack(rows) if rows else np.zeros((0, len(unit_ids)))

    def describe(self, date=None) -> dict:
        """Where the figures come from, for JSON and captions: ``{"name", "year", "citation"}`` (year: the
        latest year used at ``date``, None for a source without years)."""
        years = self.chosen(date).year.dropna()
        return {"name": self.name, "year": int(years.max()) if len(years) else None, "citation": self.citation}


def unknown_units(population: np.ndarray) -> np.ndarray:
    """Where the population is unknown (NaN)."""
    return np.isnan(np.asarray(population, float))


def load_population(spec: str | Path, units: pd.DataFrame, gazetteer: Gazetteer, *, sources: dict | None = None,
                    cache_dir: Path | None = None, raster_file=None) -> Population:
    """People per district from ``spec``: a CSV table, a GeoTIFF, or the name of one of the country's ``sources``
    (the manifest's ``population`` entries; a raster source's file is ``raster_file(name)``).

    >>> load_population("afg-population.csv", ctx.units, ctx.gazetteer)  # doctest: +SKIP
    Population(values=..., name='afg-population.csv', citation='')
    """
    sources = sources or {}
    path = Path(spec).expanduser()
    if not path.exists() and str(spec) in sources:
        source = sources[str(spec)]
        if source.get("kind") == "table":
            table = read_table(Path(str(resources.files("tracker.curated") / source["file"])), gazetteer,
                               label=f"geodata/{source['file']}")
        else:
            table = raster_population(raster_file(str(spec)), units, cache_dir)
        values = table.values
        if "year" in source and values.year.isna().all():  # a raster of one year: the manifest says which
            values = values.assign(year=pd.array([int(source["year"])] * len(values), dtype="Int64"))
        return Population(values, source.get("name", str(spec)), source.get("citation", ""))
    if not path.is_file():
        names = f"; or one of the country's sources: {', '.join(sources)}" if sources else ""
        raise InputError([Problem(str(spec), None, "no such file (given with --population)",
                                  hint=f"give a CSV (unit_id,population or district,province,population) "
                                       f"or a GeoTIFF of people per cell{names}")])
    if path.suffix.lower() in TABLE_SUFFIXES:
        return read_table(path, gazetteer)
    return raster_population(path, units, cache_dir)


# Tables


def read_table(path, gazetteer: Gazetteer, label: str | None = None) -> Population:
    """A population CSV: ``unit_id,population`` or ``district,province,population`` (names resolved like
    reports), optionally ``year``. Every problem is listed at once (:class:`InputError`); districts the
    table leaves out are simply not in it (unknown population).
    """
    file = label or str(path)
    rows = read_rows(path, file)
    problems: list[Problem] = []

    def flag(mask, column: str, message: str, hint: str) -> None:
        problems.extend(Problem(file, int(line), message, value=value, column=column, hint=hint)
                        for line, value in zip(rows.line[mask], rows[column][mask]))

    people = pd.to_numeric(rows.population.str.replace(r"[,\s_]", "", regex=True), errors="coerce")
    flag(rows.population == "", "population", "no population",
         "give the number of people, or leave the district out: it then counts as unknown")
    flag((rows.population != "") & ~(people >= 0), "population", "not a number of people",
         "write a whole number such as 123456, without units")
    year = pd.to_numeric(rows.year, errors="coerce")
    year = year.where(year.between(1000, 2999) & (year % 1 == 0))
    if "year" in rows.attrs["columns"]:
        flag(year.isna(), "year", "not a year", "write the year as YYYY, e.g. 2020")
    if rows.district.ne("").all() and not rows.unit_id.isin(list(gazetteer.record)).any():
        rows = rows.assign(unit_id="")  # ids of other boundaries (a curated table, say): the names still place them
    placed = resolve_units(rows, gazetteer, file, problems)
    found = pd.DataFrame({"line": rows.line, "unit_id": placed.unit_id, "year": year.astype("Int64"),
                          "population": people}).dropna(subset=["unit_id"])
    for (unit, _), same in found[found.duplicated(["unit_id", "year"], keep=False)].groupby(["unit_id", "year"],
                                                                                              dropna=False):
        district = gazetteer.record[unit]
        problems.append(Problem(file, int(same.line.iloc[1]), f"district given twice (lines "
                                f"{', '.join(map(str, same.line))}): {district['district']} ({district['province']})",
                                column="district", hint="give each district once, or once per year"))
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line or 0))
    return Population(found[["unit_id", "year", "population"]].reset_index(drop=True), Path(file).name)


def read_rows(path, file: str) -> pd.DataFrame:
    """The table's rows as stripped strings with ``line`` numbers and the columns the reader needs."""
    reader = csv.reader(io.StringIO(read_text(path, file), newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    names = {"unit_id", "district"} & set(header)
    if "population" not in header or not names:
        raise InputError([Problem(file, 1, "the header needs population and unit_id or district",
                                  value=",".join(header), hint="write unit_id,population or "
                                  "district,province,population, with an optional year column")])
    records, lines = [], []
    for row in reader:
        if any(cell.strip() for cell in row):
            records.append([cell.strip() for cell in (row + [""] * len(header))[: len(header)]])
            lines.append(reader.line_num)
    frame = pd.DataFrame(records, columns=header, dtype=object).reindex(
        columns=["unit_id", "district", "province", "population", "year"], fill_value="").fillna("")
    frame.insert(0, "line", lines)
    frame.attrs["columns"] = header
    return frame


# Rasters


def raster_population(path, units: pd.DataFrame, cache_dir: Path | None = None) -> Population:
    """People per district summed from a raster of people per cell, cached by file content and boundaries."""
    path = Path(path)
    key = hashlib.sha256(f"{CACHE_VERSION}|{sha256(path)}|{units_digest(units)}".encode()).hexdigest()[:32]
    cached = Path(cache_dir) / "population" / f"sums-{key}.parquet" if cache_dir else None
    sums = None
    if cached and cached.exists():
        try:
            sums = pd.read_parquet(cached)
        except (OSError, ValueError):
            sums = None  # a damaged entry is computed again
    if sums is None:
        sums = raster_sums(path, units)
        if cached:
            write_atomic(sums, cached)
    values = sums.assign(year=pd.array([pd.NA] * len(sums), dtype="Int64"))[["unit_id", "year", "population"]]
    return Population(values, path.name)


def raster_sums(path, units: pd.DataFrame) -> pd.DataFrame:
    """``unit_id, population``: the raster's cells summed per district, weighted by the share of each cell inside.

    Refuses (InputError) a file that is not a raster, one without a CRS, and one whose extent or data do not
    cover every district.
    """
    import rasterio  # heavy: only for rasters
    from exactextract import exact_extract

    file = str(path)
    try:
        source = rasterio.open(path)
    except (rasterio.errors.RasterioError, OSError) as exc:
        raise InputError([Problem(file, None, f"cannot read it as a raster ({str(exc).splitlines()[0]})",
                                  hint="give a GeoTIFF of people per cell, or a CSV table of people per district")]) \
            from None
    with source:
        if source.crs is None:
            raise InputError([Problem(file, None, "the raster has no coordinate reference system",
                                      hint="set it, e.g. gdal_edit.py -a_srs EPSG:4326 FILE")])
        shapes = units[["unit_id", "geometry"]].to_crs(source.crs)
        refuse_uncovered(file, shapes, units, shapely.box(*source.bounds), "lie outside the raster's extent")
        table = exact_extract(source, shapes, ["sum", "count"], include_cols=["unit_id"], output="pandas")
    table = table.set_index("unit_id").reindex(units.unit_id)
    empty = table["count"].fillna(0).to_numpy() <= 0
    if empty.any():
        refuse(file, units[empty], "have no data cells in the raster (only nodata)")
    if (table["sum"] < 0).any():
        raise InputError([Problem(file, None, "the raster sums to a negative number of people in some districts",
                                  hint="does the raster declare its nodata value? set it, e.g. "
                                       "gdal_edit.py -a_nodata -99999 FILE")])
    return pd.DataFrame({"unit_id": units.unit_id.to_numpy(), "population": table["sum"].to_numpy(float)})


def refuse_uncovered(file: str, shapes, units: pd.DataFrame, extent, why: str) -> None:
    """Refuse when a district has less than :data:`COVERED` of its area inside ``extent`` (same CRS as shapes)."""
    geoms = shapes.geometry.to_numpy()
    if shapely.contains(extent, shapely.box(*shapes.total_bounds)):
        return
    inside = shapely.area(shapely.intersection(geoms, extent)) / np.maximum(shapely.area(geoms), 1e-300)
    if (inside < COVERED).any():
        refuse(file, units[inside < COVERED], why)


def refuse(file: str, missed: pd.DataFrame, why: str) -> None:
    names = ", ".join(f"{d} ({p})" for d, p in zip(missed.district[:5], missed.province[:5]))
    more = f" and {len(missed) - 5} more" if len(missed) > 5 else ""
    raise InputError([Problem(file, None, f"the raster does not cover the districts: {len(missed)} of them {why}: "
                                          f"{names}{more}",
                              hint="give a raster of the whole country (or a CSV table of people per district)")])


def units_digest(units: pd.DataFrame) -> str:
    """A digest of the districts' ids and exact shapes: sums cached for other boundaries are not reused."""
    digest = hashlib.sha256("\n".join(units.unit_id).encode())
    for wkb in shapely.to_wkb(units.geometry.to_numpy()):
        digest.update(wkb)
    return digest.hexdigest()


def write_atomic(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        frame.to_parquet(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
