"""Outputs for a date: the state frame with geometry, the map page, files written whole or not at all.

The page and chart renderers (folium, matplotlib) load only when a page or chart is written.
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from .context import Context
from .errors import InputError
from .geodata import manifest
from .boundaries import province_outlines
from .render.people import people_caption
from .scheme import Scheme, Status
from .state import changes, counts_over_time, date_range, state_on
from .stats import province_rows, status_rows, summary


def write_text(path: str | Path, text: str) -> Path:
    """Write a text file atomically: a reader sees the old file or the whole new one, never half."""
    return atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def state_with_people(ctx: Context, reports: pd.DataFrame, date: str, stale_after: int | None = None) -> pd.DataFrame:
    """The state at ``date``; with --population, a ``population`` column (NaN where unknown)."""
    state = state_on(reports, ctx.units, ctx.scheme, date, stale_after)
    if ctx.population is not None:
        state["population"] = ctx.population.at(ctx.units.unit_id, date)
    return state


def map_frame(ctx: Context, reports: pd.DataFrame, date: str, stale_after: int | None = None) -> gpd.GeoDataFrame:
    """The state at ``date`` (with people, if given) with web-simplified district shapes."""
    state = state_with_people(ctx, reports, date, stale_after)
    return gpd.GeoDataFrame(state, geometry=ctx.web_geometry.to_numpy(), crs=ctx.units.crs)


def people_source(ctx: Context, date=None) -> dict | None:
    """Where the population figures come from (``{"name", "year", "citation"}``), or None without any."""
    return ctx.population.describe(date) if ctx.population is not None else None


def write_map(ctx: Context, reports: pd.DataFrame, date: str, out: str | Path, *, title: str | None = None,
              tiles: str | None = None, stale_after: int | None = None) -> Path:
    """Write the single-date HTML map to ``out``."""
    from .render.html import map_page

    title = title or f"{ctx.country['name']}: district control on {date}"
    page = map_page(map_frame(ctx, reports, date, stale_after), ctx.scheme, date, title=title,
                    provinces=ctx.province_lines, tiles=tiles, stale_after=stale_after,
                    people=people_source(ctx, date))
    return write_text(out, page)


def stats_for(ctx: Context, reports: pd.DataFrame, date: str, by: str = "status",
              stale_after: int | None = None) -> tuple[dict, pd.DataFrame]:
    """The stats object for ``date`` and its table, one row per status or per province."""
    state = state_with_people(ctx, reports, date, stale_after)
    result = summary(state, ctx.units, ctx.scheme, date, state.get("population"), people_source(ctx, date))
    table = province_rows(result, ctx.scheme) if by == "province" else status_rows(result, ctx.scheme)
    return result, table


def report_dates(reports: pd.DataFrame, start=None, end=None, step: str = "day") -> pd.DatetimeIndex:
    """Dates from ``start`` (default: the first report) to ``end`` (default: the last) every ``step``."""
    if reports.empty and (start is None or end is None):
        raise InputError("no reports: give --start and --end")
    return date_range(start or reports.date.min(), end or reports.date.max(), step)


def write_timeline(ctx: Context, reports: pd.DataFrame, dates: pd.DatetimeIndex, out: str | Path, *,
                   title: str | None = None, tiles: str | None = None, stale_after: int | None = None) -> Path:
    """Write the time-slider HTML page to ``out``."""
    from .render.timeline import timeline_page

    last = dates[-1] if len(dates) else None  # a source with several years: the figures in force at the end
    page = timeline_page(ctx.units, ctx.web_geometry, changes(reports, ctx.units.unit_id, ctx.scheme), reports,
                         ctx.scheme, dates, title=title or f"{ctx.country['name']}: district control over time",
                         attribution=manifest()["source"]["attribution"], provinces=ctx.province_lines, tiles=tiles,
                         stale_after=stale_after,
                         population=ctx.population.at(ctx.units.unit_id, last) if ctx.population is not None else None,
                         people=people_source(ctx, last))
    return write_text(out, page)


def write_static_map(ctx: Context, reports: pd.DataFrame, date: str, out: str | Path, *, title: str | None = None) -> Path:
    """Write the print map (PNG, SVG or PDF by suffix) at full resolution."""
    from .render.static import static_map  # matplotlib loads only for print output
    state = gpd.GeoDataFrame(state_with_people(ctx, reports, date), geometry=ctx.units.geometry.to_numpy(),
                             crs=ctx.units.crs)
    return atomic(out, lambda tmp: static_map(state, ctx.scheme, date, tmp, provinces=province_outlines(ctx.units),
                                              title=title or f"{ctx.country['name']}: district control on {date}",
                                              attribution=manifest()["source"]["attribution"],
                                              people=people_source(ctx, date)))


def trend_series(ctx: Context, reports: pd.DataFrame, dates: pd.DatetimeIndex, measure: str = "units") -> pd.DataFrame:
    """Districts (``units``), share of area (``area``) or share of the people in districts of known population
    (``population``, needs --population) per status at each date."""
    weights = None
    if measure == "area":
        weights = ctx.units.area_km2.to_numpy() / ctx.units.area_km2.sum()
    elif measure == "population":
        if ctx.population is None:
            raise InputError("--measure population needs --population (a CSV, a GeoTIFF or a source such as "
                             f"{', '.join(ctx.country.get('population', {})) or 'your own file'})")
        people = np.nan_to_num(ctx.population.over_time(ctx.units.unit_id, dates))
        weights = people / np.maximum(people.sum(axis=1, keepdims=True), 1e-300)
    return counts_over_time(reports, ctx.units, ctx.scheme, dates, weights)


def write_trend(ctx: Context, reports: pd.DataFrame, dates: pd.DatetimeIndex, out: str | Path,
                measure: str = "units", title: str | None = None) -> Path:
    """Write the trend as a stacked area chart (PNG/SVG/PDF) or as CSV, by the suffix of ``out``."""
    from .render.static import plain_text
    from .render.trend import save_figure, trend_figure  # matplotlib loads only for charts
    series = trend_series(ctx, reports, dates, measure)
    if str(out).lower().endswith(".csv"):
        return write_text(out, series.reset_index().assign(date=lambda f: f.date.dt.strftime("%Y-%m-%d")).to_csv(index=False))
    ylabel = {"area": "share of area", "population": "share of population"}.get(measure, "districts")
    source = f"Data: tracker reports (latest report on or before each date). {plain_text(manifest()['source']['attribution'])}"
    if measure == "population":
        unknown = int(np.isnan(ctx.population.at(ctx.units.unit_id, dates[-1])).sum()) if len(dates) else 0
        source += (f"\nPopulation: {people_caption(people_source(ctx, dates[-1] if len(dates) else None))}"
                   + (f"; {unknown} districts of unknown population left out" if unknown else ""))
    fig = trend_figure(series, ctx.scheme, title=title or f"{ctx.country['name']}: {ylabel} by status", ylabel=ylabel,
                       source=source)
    return atomic(out, lambda tmp: save_figure(fig, tmp))


def atomic(out: str | Path, write) -> Path:
    """Call ``write(tmp_path)`` then move the file into place: never a half-written output."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.tmp{path.suffix}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_diff_map(ctx: Context, reports: pd.DataFrame, start: str, end: str, rows: pd.DataFrame, out: str | Path) -> Path:
    """A map at ``end`` where only the districts that changed since ``start`` are coloured."""
    from .render.html import map_page

    frame = map_frame(ctx, reports, end)
    moved = frame.unit_id.isin(rows.unit_id)
    frame.loc[~moved, "status"] = ctx.scheme.no_data.key
    title = f"{ctx.country['name']}: {int(moved.sum())} districts changed from {start} to {end}"
    page = map_page(frame, ctx.scheme, end, title=title, provinces=ctx.province_lines)
    return write_text(out, page)


COMPARE_SCHEME = Scheme("compare", (Status("disagree", "Assessments disagree", "#EE3377"),
                                    Status("agree", "Assessments agree", "#BBBBBB")),
                        Status("no_data", "Not in both", "#F2F2F2"), contested="disagree", unconfirmed=None)


def write_compare_map(ctx: Context, result: dict, out: str | Path, names: tuple[str, str]) -> Path:
    """A map of where two assessments agree and disagree, each district's two statuses in its tooltip."""
    from .render.html import map_page

    rows = result["disagree"].set_index("unit_id")
    frame = gpd.GeoDataFrame({
        "unit_id": ctx.units.unit_id, "district": ctx.units.district, "province": ctx.units.province,
        "status": result["status"], "since": None, "last_report": None, "days_since": None, "source": None, "url": None,
        "notes": [f"{names[0]}: {rows.a[u]} / {names[1]}: {rows.b[u]}" if u in rows.index else None
                  for u in ctx.units.unit_id]}, geometry=ctx.web_geometry.to_numpy(), crs=ctx.units.crs)
    title = (f"{ctx.country['name']}: {names[0]} vs {names[1]} on {result['date']} - "
             f"agreement {result['agreement']:.0%}, kappa {result['kappa']:.2f}" if result["compared"] else
             f"{ctx.country['name']}: {names[0]} vs {names[1]} on {result['date']}")
    return write_text(out, map_page(frame, COMPARE_SCHEME, result["date"], title=title, provinces=ctx.province_lines))


EXPORT_DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG"}


def write_export(ctx: Context, reports: pd.DataFrame, date: str, out: str | Path, fmt: str,
                 stale_after: int | None = None) -> Path:
    """The districts with status, since-date, last report and source, and staleness, for GIS tools."""
    state = state_with_people(ctx, reports, date, stale_after).drop(columns="code")
    state.insert(3, "date", date)
    frame = gpd.GeoDataFrame(state, geometry=ctx.units.geometry.to_numpy(), crs=ctx.units.crs)
    if fmt == "csv":
        return write_text(out, pd.DataFrame(state).assign(wkt=frame.geometry.to_wkt()).to_csv(index=False))
    if fmt == "parquet":
        return atomic(out, lambda tmp: frame.to_parquet(tmp))
    return atomic(out, lambda tmp: frame.to_file(tmp, driver=EXPORT_DRIVERS[fmt], layer="districts", engine="pyogrio"))
