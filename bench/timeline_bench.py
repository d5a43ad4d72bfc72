"""Benchmark: time-slider page size and build time vs the naive per-date style encoding.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/timeline_bench.py
"""

import json
import tempfile
from pathlib import Path

import pandas as pd

from common import Figure, print_table, seconds, synthetic_reports
from tracker.context import open_context
from tracker.publish import write_timeline
from tracker.state import changes, day_numbers, status_codes


def naive_size(ctx, reports, dates) -> int:
    """Bytes of folium TimeSliderChoropleth-style data: a style per district per date."""
    codes = status_codes(changes(reports, ctx.units.unit_id, ctx.scheme), len(ctx.units), day_numbers(dates))
    colours = [ctx.scheme.no_data.colour, *(s.colour for s in ctx.scheme.statuses)]
    stamps = [str(int(d.timestamp())) for d in dates]
    styles = {str(u): {t: {"color": colours[c], "opacity": 0.85} for t, c in zip(stamps, codes[:, u])}
              for u in range(len(ctx.units))}
    return len(json.dumps(styles))


def figures() -> list[Figure]:
    ctx = open_context(download=False)
    ctx.web_geometry, ctx.province_lines  # simplified once, as in any command
    out = []
    for label, n_reports, days in (("2 years daily", 5_000, 730), ("large", 100_000, 1_000)):
        reports = synthetic_reports(ctx.units, ctx.scheme.keys, n_reports, days, start="2020-01-01")
        dates = pd.date_range("2020-01-01", periods=days, freq="D")
        with tempfile.TemporaryDirectory() as tmp:
            took, path = seconds(lambda: write_timeline(ctx, reports, dates, Path(tmp) / "t.html"))
            size = path.stat().st_size / 1e6
        naive = naive_size(ctx, reports, dates) / 1e6
        out.append(Figure(f"timeline page, {label}: {n_reports:,} reports x {days:,} days", f"{size:.2f} MB in {took:.2f} s",
                          f"per-date styles alone {naive:.1f} MB", size / naive))
    return out


def main():
    print_table(figures())


if __name__ == "__main__":
    main()
