"""Benchmark: time-slider page size and build time vs the naive per-date style encoding.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/timeline_bench.py
"""

import json
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.context import open_context
from tracker.publish import write_timeline
from tracker.state import changes, day_numbers, status_codes


def synthetic(units, scheme, n_reports, days, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "unit_id": units.unit_id.to_numpy()[rng.integers(0, len(units), n_reports)],
        "date": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, days, n_reports), unit="D"),
        "status": np.array(scheme.keys)[rng.integers(0, len(scheme.keys), n_reports)],
        "source": [f"Source {i % 500}" for i in range(n_reports)],
        "url": "https://example.org/report", "notes": "", "precision": "day"})


def naive_size(ctx, reports, dates) -> int:
    """Bytes of folium TimeSliderChoropleth-style data: a style per district per date."""
    codes = status_codes(changes(reports, ctx.units.unit_id, ctx.scheme), len(ctx.units), day_numbers(dates))
    colours = [ctx.scheme.no_data.colour, *(s.colour for s in ctx.scheme.statuses)]
    stamps = [str(int(d.timestamp())) for d in dates]
    styles = {str(u): {t: {"color": colours[c], "opacity": 0.85} for t, c in zip(stamps, codes[:, u])}
              for u in range(len(ctx.units))}
    return len(json.dumps(styles))


def run(ctx, label, n_reports, days):
    reports = synthetic(ctx.units, ctx.scheme, n_reports, days)
    dates = pd.date_range("2020-01-01", periods=days, freq="D")
    with tempfile.TemporaryDirectory() as out:
        ctx.web_geometry  # simplified once, as in any command
        t = time.perf_counter()
        path = write_timeline(ctx, reports, dates, Path(out) / "t.html")
        took = time.perf_counter() - t
        size = path.stat().st_size
    naive = naive_size(ctx, reports, dates)
    print(f"{label}: {n_reports:,} reports x {days:,} days x {len(ctx.units)} districts")
    print(f"  page {size / 1e6:.2f} MB in {took:.2f} s; naive per-date styles alone {naive / 1e6:.1f} MB "
          f"({naive / size:.1f}x the whole page)")


def main():
    ctx = open_context(download=False)
    run(ctx, "2 years daily", 5_000, 730)
    run(ctx, "large", 100_000, 1_000)


if __name__ == "__main__":
    main()
