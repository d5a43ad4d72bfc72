"""Shared by the benchmarks: synthetic report sheets, timing whole commands, and the rows of the one table.

A figure is compared with a reference measured on the same machine in the same run (``ratio``), so a
target reads the same on a fast laptop and a busy CI runner. Figures are printed, never asserted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GEODATA = os.environ.get("TRACKER_GEODATA") or str(ROOT.parent / "shared" / "geodata" / "afg")


@dataclass(frozen=True)
class Figure:
    """One row of the table: what was measured, against what, the ratio and the target (``ok`` None: no target)."""

    figure: str
    value: str
    reference: str = ""
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None


def print_table(figures: list[Figure], title: str = "", widest: int = 60) -> None:
    """The figures as one aligned text table; a cell wider than ``widest`` wraps onto more lines."""
    head = ("figure", "measured", "reference", "ratio", "target", "")
    rows = [(f.figure, f.value, f.reference, "" if f.ratio is None else f"{f.ratio:.2f}x", f.target,
             "" if f.ok is None else ("ok" if f.ok else "MISSED")) for f in figures]
    cells = [[textwrap.wrap(cell, widest) or [""] for cell in row] for row in [head, *rows]]
    widths = [max(len(line) for row in cells for line in row[i]) for i in range(len(head))]
    if title:
        print(title)
    for i, row in enumerate(cells):
        for k in range(max(map(len, row))):
            parts = [(cell[k] if k < len(cell) else "") for cell in row]
            print("  ".join(p.rjust(w) if j == 3 else p.ljust(w) for j, (p, w) in enumerate(zip(parts, widths))).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def synthetic_reports(units: pd.DataFrame, keys: list[str], n: int, days: int, *, start: str = "2019-01-01",
                      sources: int = 500, seed: int = 0) -> pd.DataFrame:
    """``n`` reports over ``days`` days: real district and province names, ``sources`` outlets with a page each."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(units), n)
    source = rng.integers(0, sources, n)
    return pd.DataFrame({
        "date": pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, n), unit="D"),
        "district": units.district.to_numpy()[pick], "province": units.province.to_numpy()[pick],
        "unit_id": units.unit_id.to_numpy()[pick],
        "status": np.array(keys)[rng.integers(0, len(keys), n)],
        "source": [f"Source {k}" for k in source], "url": [f"https://example.org/source-{k}" for k in source],
        "notes": "", "precision": "day"})


def write_sheet(reports: pd.DataFrame, path: str | Path) -> Path:
    """A reports CSV (the columns users write) from :func:`synthetic_reports`."""
    sheet = reports.assign(date=reports.date.dt.strftime("%Y-%m-%d"))
    sheet[["date", "district", "province", "status", "source", "url", "notes"]].to_csv(path, index=False)
    return Path(path)


def command_seconds(*commands: list[str], runs: int = 5, env: dict | None = None, cwd: str | Path | None = None) -> list[float]:
    """The best wall-clock time of each whole command over ``runs`` (a fresh process each run, output
    discarded), as timeit reports: other work on the machine only ever adds time. The commands take turns,
    so a burst of load falls on all of them alike."""
    times = [[] for _ in commands]
    for _ in range(runs):
        for args, took in zip(commands, times):
            t = time.perf_counter()
            done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
            took.append(time.perf_counter() - t)
            if done.returncode not in (0, 1):
                raise RuntimeError(f"{' '.join(map(str, args))} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return [min(took) for took in times]


def seconds(fn, runs: int = 1) -> tuple[float, object]:
    """The best of ``runs`` timings of ``fn()`` in this process, with its last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result
