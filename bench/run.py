"""Every benchmark's figures as one table (`make bench`): each measured value, its reference and ratio,
and the target where there is one. Figures are printed, never asserted.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/run.py
"""

import re
import subprocess
import sys
from pathlib import Path

import import_bench
import map_bench
import resolve_bench
import speed_bench
import state_bench
import timeline_bench
from common import Figure, print_table

SPEED = re.compile(r"\s*->\s*([\d.]+) MB/s")


def extraction() -> list[Figure]:
    """bench/extract_bench.py as it is: each line it prints ("label: ... -> N MB/s (...)"), read."""
    done = subprocess.run([sys.executable, Path(__file__).with_name("extract_bench.py")], capture_output=True, text=True)
    rows = []
    for line in done.stdout.splitlines():
        label, _, rest = line.strip().partition(": ")
        speed = SPEED.search(rest)
        if rest:
            rows.append(Figure(f"extract: {' '.join(label.split())}", f"{speed.group(1)} MB/s" if speed else rest,
                               " ".join(SPEED.sub("", rest).split()) if speed else ""))
    return rows or [Figure("extract", ((done.stderr or "no output").strip().splitlines() or ["?"])[-1][:80])]


def main():
    figures = []
    for part in (speed_bench.figures, state_bench.figures, map_bench.figures, resolve_bench.figures,
                 timeline_bench.figures, import_bench.figures, extraction):
        figures += part()
    print_table(figures)


if __name__ == "__main__":
    main()
