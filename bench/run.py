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

EXTRACT = re.compile(r"([\d.]+) MB in (\d+) articles: ([\d.]+) s -> ([\d.]+) MB/s")


def extraction() -> list[Figure]:
    """bench/extract_bench.py as it is: its printed line, read."""
    done = subprocess.run([sys.executable, Path(__file__).with_name("extract_bench.py")], capture_output=True, text=True)
    found = EXTRACT.search(done.stdout)
    if not found:
        last = (done.stdout.strip() or done.stderr.strip()).splitlines()[-1:] or ["no output"]
        return [Figure("extract: news articles", last[0][:80])]
    size, articles, took, speed = found.groups()
    return [Figure("extract: news articles", f"{float(speed):.2f} MB/s", f"{size} MB in {articles} articles, {took} s")]


def main():
    figures = []
    for part in (speed_bench.figures, state_bench.figures, map_bench.figures, resolve_bench.figures,
                 timeline_bench.figures, import_bench.figures, extraction):
        figures += part()
    print_table(figures)


if __name__ == "__main__":
    main()
