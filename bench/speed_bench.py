"""Benchmark: whole commands as a user feels them - start-up, checking a large sheet, the timeline, page size.

Each figure is a fresh process (best of --runs) compared with a reference timed in turn with it:
``python -c "import pandas"`` for start-up, a 36-row sheet for checking, a one-date map of that sheet for
the timeline. Nothing is asserted: the figures are printed with their ratios and targets.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/speed_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from common import BIN, GEODATA, ROOT, Figure, command_seconds, print_table, seconds, synthetic_reports, write_sheet
from tracker.context import open_context
from tracker.reports import check_file, contradictions

EXAMPLE = ROOT / "tracker" / "examples" / "afghanistan.csv"
LARGE, SMALL, DAYS = 100_000, 36, 1_000


def against(name: str, value: float, reference: float, what: str, limit: float, extra: str = "") -> Figure:
    """A timed figure with its reference, ratio and target."""
    return Figure(name, f"{value:.2f} s{extra}", f"{what} {reference:.2f} s", value / reference,
                  f"<= {limit:g}x", value / reference <= limit)


def figures(runs: int = 5) -> list[Figure]:
    ctx = open_context(download=False)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "TRACKER_GEODATA": GEODATA, "TRACKER_CACHE": str(tmp / "cache")}
        small = write_sheet(synthetic_reports(ctx.units, ctx.scheme.keys, SMALL, DAYS), tmp / "small.csv")
        large = write_sheet(synthetic_reports(ctx.units, ctx.scheme.keys, LARGE, DAYS), tmp / "large.csv")

        def tracker(*args) -> list[str]:
            return [str(BIN / "tracker"), *map(str, args)]

        def timed(*commands, n=runs):
            return command_seconds(*commands, runs=n, env=env, cwd=tmp)

        small_map = tracker("map", small, "--date", "2021-09-27", "--out", tmp / "small.html")
        timed(small_map, n=1)  # the first command prepares the boundary cache: not timed
        out = []
        pandas, help_, resolve = timed([sys.executable, "-c", "import pandas"], tracker("--help"),
                                       tracker("resolve", "Kabul"), n=2 * runs)
        out.append(against("tracker --help", help_, pandas, "import pandas", 0.5))
        out.append(against("tracker resolve Kabul", resolve, pandas, "import pandas", 1))

        few, many = timed(tracker("validate", small), tracker("validate", large))
        out.append(against(f"validate {LARGE:,} rows", many, few, f"{SMALL} rows", 1.6))
        checked = check_file(large, ctx.gazetteer, ctx.scheme)
        t, warned = seconds(lambda: contradictions(checked.reports, ctx.scheme, str(large)), 3)
        out.append(Figure("  of which same-day contradictions", f"{t:.3f} s", f"{len(warned):,} warnings"))

        one, series = timed(small_map, tracker("timeline", large, "--out", tmp / "timeline.html"))
        size = (tmp / "timeline.html").stat().st_size / 1e6
        out.append(against(f"timeline {LARGE:,} reports x {DAYS:,} days", series, one, f"map of {SMALL} rows", 2,
                           f" ({size:.2f} MB)"))

        page = tmp / "example.html"
        timed(tracker("map", EXAMPLE, "--date", "2021-08-16", "--out", page), n=1)
        size = page.stat().st_size / 1e6
        out.append(Figure("map page, 398 districts (example, 2021-08-16)", f"{size:.2f} MB", "", None, "<= 0.6 MB",
                          size <= 0.6))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5, help="runs per command (the best counts)")
    print_table(figures(ap.parse_args().runs))


if __name__ == "__main__":
    main()
