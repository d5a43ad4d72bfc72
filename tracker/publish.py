"""Outputs for a date: the state frame with geometry, the map page, files written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .context import Context
from .render.html import map_page
from .state import state_on
from .stats import province_rows, status_rows, summary


def write_text(path: str | Path, text: str) -> Path:
    """Write a file atomically: a reader sees the old file or the whole new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def map_frame(ctx: Context, reports: pd.DataFrame, date: str) -> gpd.GeoDataFrame:
    """The state at ``date`` with web-simplified district shapes."""
    state = state_on(reports, ctx.units, ctx.scheme, date)
    return gpd.GeoDataFrame(state, geometry=ctx.web_geometry.to_numpy(), crs=ctx.units.crs)


def write_map(ctx: Context, reports: pd.DataFrame, date: str, out: str | Path, *, title: str | None = None,
              tiles: str | None = None) -> Path:
    """Write the single-date HTML map to ``out``."""
    title = title or f"{ctx.country['name']}: district control on {date}"
    page = map_page(map_frame(ctx, reports, date), ctx.scheme, date, title=title,
                    provinces=ctx.province_lines, tiles=tiles)
    return write_text(out, page)


def stats_for(ctx: Context, reports: pd.DataFrame, date: str, by: str = "status") -> tuple[dict, pd.DataFrame]:
    """The stats object for ``date`` and its table, one row per status or per province."""
    result = summary(state_on(reports, ctx.units, ctx.scheme, date), ctx.units, ctx.scheme, date)
    table = province_rows(result, ctx.scheme) if by == "province" else status_rows(result, ctx.scheme)
    return result, table
