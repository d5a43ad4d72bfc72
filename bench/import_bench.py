"""Benchmark: 100,000 reports into a ledger on SQLite and on PostgreSQL (a throwaway local server, Debian's
binaries, default durability settings): check + resolve, the write (one transaction), a re-import, reading
back, and the review path (the same sheet proposed, then accepted in bulk, each decision recorded).

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/import_bench.py [--rows 100000] [--db both|sqlite|postgresql]
[--repeat N] (the best of N runs per figure: a busy machine slows some runs, never speeds one up)
"""

import argparse
import contextlib
import csv
import hashlib
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from tracker.context import open_context
from tracker.ledger import Batch, add_reports, connect, read_reports
from tracker.reports import check_file
from tracker.review import decide_in_bulk

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from pgcluster import PASSWORD, Cluster, Unavailable  # noqa: E402 - the tests' throwaway server


def write_reports(path: Path, units, scheme, n: int, seed: int = 0) -> None:
    """A realistic sheet: district names as in the file, province given, random dates, statuses, confidence."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(units), n)
    days = rng.integers(0, 1500, n)
    statuses = np.array(scheme.keys)[rng.integers(0, len(scheme.keys), n)]
    confidence = rng.uniform(0, 1, n).round(2)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["date", "district", "province", "status", "source", "url", "notes", "confidence"])
        for i in range(n):
            u = units.iloc[pick[i]]
            day = np.datetime64("2017-01-01") + days[i]
            out.writerow([str(day), u.district, u.province, statuses[i], f"Source {i % 300}",
                          f"https://example.org/{i}", f"row {i}", confidence[i]])


SERVER: list[Path] = []  # the PostgreSQL data folder, when a server runs


def server_cpu() -> float:
    """CPU seconds of the PostgreSQL server: the postmaster with its ended children, plus its live children."""
    if not SERVER:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    master = int((SERVER[0] / "postmaster.pid").read_text().split()[0])
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == master:
            total += sum(map(int, fields[11:15]))   # utime, stime, cutime, cstime
        elif ppid == master:
            total += sum(map(int, fields[11:13]))
    return total / tick


def timed(work):
    """(result, wall seconds, CPU seconds of this process and the database server)."""
    wall, cpu = time.perf_counter(), time.process_time() + server_cpu()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() + server_cpu() - cpu


def measure(backends: dict, ctx, sheet: Path, rows: int) -> list[dict]:
    """One round: check the sheet once, then write it on each backend in turn (so that both see the same load);
    ``backends`` maps a name to a function giving a fresh ledger address for a label."""
    checked, *check = timed(lambda: check_file(sheet, ctx.gazetteer, ctx.scheme))
    batch = [Batch(str(sheet), checked.reports, hashlib.sha256(sheet.read_bytes()).hexdigest())]
    results = []
    for name, target_for in backends.items():
        db = connect(target_for("direct"), create=True)
        first, *write = timed(lambda: add_reports(db, batch, ctx.scheme, units=ctx.units))
        again, *rewrite = timed(lambda: add_reports(db, batch, ctx.scheme))
        back, *read = timed(lambda: read_reports(db))
        queue = connect(target_for("queue"), create=True)
        _, *propose = timed(lambda: add_reports(queue, batch, ctx.scheme, proposed=True, units=ctx.units))
        bulk, *accept = timed(lambda: decide_in_bulk(queue, "bench", above=0.0))
        assert first[0].added == rows and again[0].added == 0 and len(back) == rows and bulk["accepted"] == rows
        for ledger in (db, queue):
            ledger.close()
        for i, kind in enumerate(("wall", "CPU")):
            results.append({"backend": name, "kind": kind, "check": check[i], "write": write[i],
                            "import": check[i] + write[i], "re-import": rewrite[i], "read": read[i],
                            "propose": propose[i], "accept all": accept[i]})
    return results


def best(runs: list[dict]) -> dict:
    """The fastest time per figure over repeated runs."""
    return {k: min(r[k] for r in runs) if k not in ("backend", "kind") else v for k, v in runs[0].items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--db", choices=["both", "sqlite", "postgresql"], default="both")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    ctx = open_context(download=False)
    ctx.gazetteer
    labels = itertools.count()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        sheet = Path(tmp) / "reports.csv"
        write_reports(sheet, ctx.units, ctx.scheme, args.rows)
        backends = {}
        if args.db in ("both", "sqlite"):
            backends["SQLite (file, WAL)"] = lambda label: str(Path(tmp) / f"{label}{next(labels)}.db")
        if args.db in ("both", "postgresql"):
            try:
                pg = stack.enter_context(Cluster.start())
                SERVER.append(pg.data)
                os.environ["PGPASSWORD"] = PASSWORD
                version = pg.sql("SHOW server_version")[0][0].split()[0]
                backends[f"PostgreSQL {version} (local)"] = lambda label: pg.new_database(f"{label}{next(labels)}")
            except Unavailable as exc:
                print(f"PostgreSQL skipped: {exc}")
        rounds = [measure(backends, ctx, sheet, args.rows) for _ in range(args.repeat)]
    results = [best([r[i] for r in rounds]) for i in range(len(rounds[0]))]
    columns = ["check", "write", "import", "re-import", "read", "propose", "accept all"]
    print(f"{args.rows:,} reports, best of {args.repeat}; seconds of wall-clock time, and of CPU time in this process"
          " and the database server (less sensitive to a busy machine). import = check + write; propose = write"
          " into the review queue; accept all = bulk decision with one recorded action per report")
    print(f"{'backend':<26}{'':>5}" + "".join(f"{c:>11}" for c in columns) + f"{'rows/s':>11}")
    for r in results:
        print(f"{r['backend']:<26}{r['kind']:>5}" + "".join(f"{r[c]:>11.2f}" for c in columns)
              + f"{args.rows / r['import']:>11,.0f}")


if __name__ == "__main__":
    main()
