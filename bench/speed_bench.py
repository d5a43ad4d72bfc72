"""Benchmark: whole commands as a user feels them - start-up, checking a large sheet, the timeline, page size.

Each figure is a fresh process (median of --runs) compared with a reference timed in the same run:
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
LARGE, DAYS = 100_000, 1_000


def ratio(value: float, reference: float, limit: float, what: str) -> tuple[float, str, bool]:
    return value / reference, f"<= {limit:g}x {what}", value / reference <= limit


def figures(runs: int = 5) -> list[Figure]:
    ctx = open_context(download=False)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "TRACKER_GEODATA": GEODATA, "TRACKER_CACHE": str(tmp / "cache")}
        tracker = str(BIN / "tracker")
        small = write_sheet(synthetic_reports(ctx.units, ctx.scheme.keys, 36, DAYS), tmp / "small.csv")
        large = write_sheet(synthetic_reports(ctx.units, ctx.scheme.keys, LARGE, DAYS), tmp / "large.csv")
        a_map = [tracker, "map", str(small), "--date", "2021-09-27", "--out", str(tmp / "small.html")]
        command_seconds(a_map, 1, env)  # the first command prepares the boundary cache: not timed

        def timed(*args: str, n: int = runs) -> float:
            return command_seconds([tracker, *args], n, env, cwd=tmp)

        pandas = command_seconds([sys.executable, "-c", "import pandas"], 2 * runs, env)
        out = []
        t = timed("--help", n=2 * runs)
        out.append(Figure("tracker --help", f"{t:.2f} s", f"import pandas {pandas:.2f} s",
                          *ratio(t, pandas, 0.5, "import pandas")))
        t = timed("resolve", "Kabul", n=2 * runs)
        out.append(Figure("tracker resolve Kabul", f"{t:.2f} s", f"import pandas {pandas:.2f} s",
                          *ratio(t, pandas, 1, "import pandas")))

        small_check = timed("validate", str(small))
        t = timed("validate", str(large))
        out.append(Figure(f"validate {LARGE:,} rows", f"{t:.2f} s", f"validate 36 rows {small_check:.2f} s",
                          *ratio(t, small_check, 1.6, "36 rows")))
        checked = check_file(large, ctx.gazetteer, ctx.scheme)
        t, warned = seconds(lambda: contradictions(checked.reports, ctx.scheme, str(large)), 3)
        out.append(Figure("  of which same-day contradictions", f"{t:.3f} s", f"{len(warned):,} warnings"))

        small_map = command_seconds(a_map, runs, env)
        t = timed("timeline", str(large), "--out", str(tmp / "timeline.html"))
        size = (tmp / "timeline.html").stat().st_size / 1e6
        out.append(Figure(f"timeline {LARGE:,} reports x {DAYS:,} days", f"{t:.2f} s ({size:.2f} MB)",
                          f"map of 36 rows {small_map:.2f} s", *ratio(t, small_map, 2, "one-date map")))

        page = tmp / "example.html"
        timed("map", str(EXAMPLE), "--date", "2021-08-16", "--out", str(page), n=1)
        size = page.stat().st_size / 1e6
        out.append(Figure("map page, 398 districts (example, 2021-08-16)", f"{size:.2f} MB", "", None, "<= 0.6 MB",
                          size <= 0.6))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5, help="runs per command (the median counts)")
    print_table(figures(ap.parse_args().runs))


if __name__ == "__main__":
    main()
