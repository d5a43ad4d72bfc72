"""Benchmark: import 100,000 ACLED events (today's 31-column export) into a reports CSV and into a ledger,
through the real command, then import the same file again.

The file is synthetic but shaped like an Afghanistan export: ~2,500 distinct places inside the districts, the
sub-event mix of a war year (most events are clashes and strikes; about 8% change territory), geo_precision
1/2/3 and time_precision 1/2/3 in realistic shares, actor names before and after August 2021.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/events_bench.py [--events 100000]
"""

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from tracker.context import open_context

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
           "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
           "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
           "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
KINDS = [  # (share, event type, sub-event type)
    (0.52, "Battles", "Armed clash"), (0.14, "Explosions/Remote violence", "Air/drone strike"),
    (0.09, "Explosions/Remote violence", "Remote explosive/landmine/IED"), (0.06, "Violence against civilians", "Attack"),
    (0.05, "Protests", "Peaceful protest"), (0.05, "Strategic developments", "Other"),
    (0.05, "Battles", "Non-state actor overtakes territory"), (0.03, "Battles", "Government regains territory"),
    (0.01, "Strategic developments", "Non-violent transfer of territory")]


def write_export(path: Path, units, n: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    places = units.sample(2500, replace=True, random_state=seed)
    points = [p.geoms[0] if p.geom_type == "MultiPoint" else p for p in places.geometry.sample_points(1, rng=seed)]
    pick = rng.integers(0, len(places), n)
    shares = np.array([k[0] for k in KINDS])
    kind = rng.choice(len(KINDS), n, p=shares / shares.sum())
    days = rng.integers(0, 6 * 365, n)
    geo = rng.choice(["1", "2", "3"], n, p=[0.7, 0.2, 0.1])
    tp = rng.choice(["1", "2", "3"], n, p=[0.85, 0.1, 0.05])
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for i in range(n):
            day = np.datetime64("2017-01-01") + days[i]
            after = day >= np.datetime64("2021-08-15")
            state = "Military Forces of Afghanistan (2021-)" if after else "Military Forces of Afghanistan (2014-2021)"
            rebel = "NRF: National Resistance Front" if after else "Taliban"
            _, etype, sub = KINDS[kind[i]]
            first, second = (state, rebel) if sub == "Government regains territory" or i % 2 else (rebel, state)
            p = places.iloc[pick[i]]
            pt = points[pick[i]]
            date = str(day.astype("datetime64[D]").item().strftime("%d %B %Y"))
            out.writerow([f"AFG{100000 + i}", date, date[-4:], tp[i], "Political violence", etype, sub, first, "",
                          "State forces" if first == state else "Rebel group", second, "",
                          "State forces" if second == state else "Rebel group", "State forces-Rebel group", "", "4",
                          "South Asia", "Afghanistan", p.province, p.district, "", p.district, f"{pt.y:.4f}",
                          f"{pt.x:.4f}", geo[i], "Pajhwok Afghan News; Tolo News", "National",
                          f"On {date}, an event of type {sub.lower()} was reported near {p.district} ({p.province}); "
                          "synthetic text for the benchmark.", str(i % 7), "", str(1600000000 + i)])


def run(*args) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one whole command."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tracker", "import-events", *map(str, args)], capture_output=True,
                          text=True, env=os.environ)
    if done.returncode:
        raise SystemExit(done.stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - start, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def figure(label: str, n: int, first: tuple[float, float], again: tuple[float, float]) -> str:
    return (f"{label}: {first[0]:.2f} s wall, {first[1]:.2f} s CPU ({n / first[0]:,.0f} events/s); "
            f"again (adds nothing): {again[0]:.2f} s wall, {again[1]:.2f} s CPU")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    n = ap.parse_args().events
    ctx = open_context(download=False)
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "acled.csv"
        write_export(export, ctx.units, n)
        run(export, "--out", Path(tmp) / "warm.csv")  # prepares the boundary cache once, as a first use would
        out, db = Path(tmp) / "reports.csv", Path(tmp) / "ledger.db"
        t_csv, t_csv_again = run(export, "--out", out), run(export, "--out", out)
        t_db, t_db_again = run(export, "--db", db), run(export, "--db", db)
        reports = sum(1 for _ in open(out, encoding="utf-8")) - 1
        size = export.stat().st_size / 1e6
    print(f"{n:,} events ({size:.0f} MB) -> {reports:,} reports")
    print(figure("import-events --out", n, t_csv, t_csv_again))
    print(figure("import-events --db ", n, t_db, t_db_again))
    print(f"(each figure is the whole command: Python start, boundaries from the cache, reading, mapping, placing, "
          f"writing; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: wall time grows with it)")


if __name__ == "__main__":
    main()
