"""The bundled example: maps and statistics for a few dates of a country's example reports."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from .context import Context
from .errors import InputError
from .publish import report_dates, stats_for, write_map, write_text, write_timeline, write_trend
from .reports import load_reports


def example_path(ctx: Context) -> Path:
    """The bundled example reports of the context's country (``tracker/examples/<name>.csv``)."""
    name = ctx.country.get("example")
    if not name:
        raise InputError(f"no bundled example for {ctx.country['iso3']}; run `tracker map YOUR.csv` instead")
    return Path(str(resources.files("tracker.examples") / name))


def run_demo(ctx: Context, out_dir: str | Path) -> list[Path]:
    """Write a map and stats JSON per demo date, and a timeline and trend charts; return the paths.

    People per status come from the context's --population, else from the country's ``demo_population``.
    """
    reports = load_reports(example_path(ctx), ctx.gazetteer, ctx.scheme)
    ctx.population_spec = ctx.population_spec or ctx.country.get("demo_population")
    out_dir = Path(out_dir)
    stale = ctx.country.get("demo_stale_after")  # old reports are shown faded, not as current
    written = []
    for date in ctx.country.get("demo_dates", [f"{reports.date.max():%Y-%m-%d}"]):
        written.append(write_map(ctx, reports, date, out_dir / f"demo-{date}.html", stale_after=stale))
        result, _ = stats_for(ctx, reports, date, stale_after=stale)
        written.append(write_text(out_dir / f"demo-{date}-stats.json", json.dumps(result, indent=2, ensure_ascii=False)))
    span = ctx.country.get("demo_timeline")
    if span:
        dates = report_dates(reports, *span)
        written.append(write_timeline(ctx, reports, dates, out_dir / "demo-timeline.html", stale_after=stale))
        written.append(write_trend(ctx, reports, dates, out_dir / "demo-trend.png"))
        if ctx.population is not None:
            written.append(write_trend(ctx, reports, dates, out_dir / "demo-trend-population.png", "population"))
    return written
