"""Every benchmark's figures as one table (`make bench`): each measured value, its reference and ratio,
and the target where there is one. Figures are printed, never asserted.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/run.py
"""

import re
import subprocess
import sys
from pathlib import Path

import map_bench
import resolve_bench
import speed_bench
import state_bench
import timeline_bench
from common import Figure, print_table

SPEED = re.compile(r"\s*->\s*([\d.]+) MB/s")


def printed(script: str) -> list[Figure]:
    """A benchmark kept as a script: each line it prints is a row ("label: value"; a speed in MB/s is the
    value, the rest the reference)."""
    done = subprocess.run([sys.executable, Path(__file__).with_name(script)], capture_output=True, text=True)
    rows = []
    for line in done.stdout.splitlines():
        label, _, rest = line.strip().partition(": ")
        speed = SPEED.search(rest)
        if speed:
            rows.append(Figure(" ".join(label.split()), f"{speed.group(1)} MB/s", " ".join(SPEED.sub("", rest).split())))
        elif line.strip() and not line.startswith("("):  # a line in parentheses is a remark, not a figure
            rows.append(Figure(" ".join(label.split()), " ".join(rest.split())))
    if done.returncode:
        rows.append(Figure(f"{script} failed", ((done.stderr or "?").strip().splitlines() or ["?"])[-1][:80]))
    return rows


def main():
    figures = []
    for part in (speed_bench.figures, state_bench.figures, map_bench.figures, resolve_bench.figures,
                 timeline_bench.figures):
        figures += part()
    for script in ("import_bench.py", "events_bench.py", "extract_bench.py"):  # scripts that print their own lines
        figures += [Figure(f"{script[:-9]}: {f.figure}", f.value, f.reference) for f in printed(script)]
    print_table(figures)


if __name__ == "__main__":
    main()
