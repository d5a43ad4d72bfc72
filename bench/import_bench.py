"""Benchmark: import 100,000 reports into a ledger (check + resolve + one transaction), re-import, read back.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/import_bench.py [--rows 100000]
"""

import argparse
import csv
import tempfile
import time
from pathlib import Path

import numpy as np

from tracker.context import open_context
from tracker.ledger import connect, import_files, read_reports


def write_reports(path: Path, units, scheme, n: int, seed: int = 0) -> None:
    """A realistic sheet: district names as in the file, province given, random dates and statuses."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(units), n)
    days = rng.integers(0, 1500, n)
    statuses = np.array(scheme.keys)[rng.integers(0, len(scheme.keys), n)]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["date", "district", "province", "status", "source", "url", "notes"])
        for i in range(n):
            u = units.iloc[pick[i]]
            day = np.datetime64("2017-01-01") + days[i]
            out.writerow([str(day), u.district, u.province, statuses[i], f"Source {i % 300}",
                          f"https://example.org/{i}", f"row {i}"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    rows = ap.parse_args().rows
    ctx = open_context(download=False)
    ctx.gazetteer
    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "reports.csv"
        write_reports(sheet, ctx.units, ctx.scheme, rows)
        db = connect(Path(tmp) / "ledger.db", create=True)
        t = time.perf_counter()
        first = import_files(db, [sheet], ctx.gazetteer, ctx.scheme)[0]
        t1 = time.perf_counter()
        again = import_files(db, [sheet], ctx.gazetteer, ctx.scheme)[0]
        t2 = time.perf_counter()
        back = read_reports(db)
        t3 = time.perf_counter()
    print(f"import {rows:,} reports: {t1 - t:.2f} s ({rows / (t1 - t):,.0f} rows/s), added {first.added:,}")
    print(f"re-import the same file: {t2 - t1:.2f} s, added {again.added:,}")
    print(f"read the ledger back: {t3 - t2:.2f} s ({len(back):,} reports)")


if __name__ == "__main__":
    main()
