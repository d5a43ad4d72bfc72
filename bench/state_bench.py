"""Benchmark: status of every unit at many dates, vectorised vs the naive per-date filter.

Run: .venv/bin/python bench/state_bench.py [--reports 100000] [--dates 1000] [--units 398]
"""

import argparse
import time

import numpy as np
import pandas as pd

from common import Figure, print_table
from tracker.scheme import load_scheme
from tracker.state import changes, day_numbers, status_codes


def synthetic(n_reports: int, n_units: int, scheme, seed=0) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    unit_ids = pd.Series([f"U{i:05d}" for i in range(n_units)])
    reports = pd.DataFrame({
        "unit_id": unit_ids.to_numpy()[rng.integers(0, n_units, n_reports)],
        "date": pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 1500, n_reports), unit="D"),
        "status": np.array(scheme.keys)[rng.integers(0, len(scheme.keys), n_reports)],
    })
    return reports, unit_ids


def naive(reports, unit_ids, scheme, dates):
    """Per date: filter reports on or before it, take each unit's latest (no same-day rules)."""
    out = np.zeros((len(dates), len(unit_ids)), np.int16)
    pos = pd.Series(np.arange(len(unit_ids)), index=unit_ids)
    ordered = reports.sort_values("date", kind="stable")
    for i, d in enumerate(dates):
        latest = ordered[ordered.date <= d].drop_duplicates("unit_id", keep="last")
        out[i, pos[latest.unit_id].to_numpy()] = latest.status.map(scheme.codes).to_numpy()
    return out


def figures(n_reports=100_000, n_dates=1000, n_units=398, naive_dates=50) -> list[Figure]:
    scheme = load_scheme()
    reports, unit_ids = synthetic(n_reports, n_units, scheme)
    dates = pd.date_range("2019-01-01", periods=n_dates, freq="D")
    t0 = time.perf_counter()
    ch = changes(reports, unit_ids, scheme)
    t1 = time.perf_counter()
    status_codes(ch, len(unit_ids), day_numbers(dates))
    t2 = time.perf_counter()
    sample = dates[:: max(1, n_dates // naive_dates)][:naive_dates]
    t3 = time.perf_counter()
    slow = naive(reports, unit_ids, scheme, sample)
    per_date = (time.perf_counter() - t3) / len(sample)
    fast = status_codes(ch, len(unit_ids), day_numbers(sample))
    return [Figure(f"state: {n_units} units x {n_dates:,} dates, {n_reports:,} reports", f"{t2 - t0:.2f} s",
                   f"naive per-date filter {per_date * n_dates:.1f} s", (t2 - t0) / (per_date * n_dates)),
            Figure("  of which encoding changes", f"{t1 - t0:.2f} s", f"{len(ch):,} unit-day events"),
            Figure("  agreement with the naive filter", f"{(fast == slow).mean():.4f}", "differences: same-day rules")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--dates", type=int, default=1000)
    ap.add_argument("--units", type=int, default=398)
    ap.add_argument("--naive-dates", type=int, default=50, help="dates timed for the naive method (extrapolated)")
    a = ap.parse_args()
    print_table(figures(a.reports, a.dates, a.units, a.naive_dates))


if __name__ == "__main__":
    main()
