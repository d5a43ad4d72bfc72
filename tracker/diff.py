"""What changed between two dates: districts whose status differs, and totals per transition."""

from __future__ import annotations

import pandas as pd

from .scheme import Scheme
from .state import state_on


def changed(reports: pd.DataFrame, units: pd.DataFrame, scheme: Scheme, start, end) -> pd.DataFrame:
    """One row per district whose status at ``end`` differs from ``start``, with the change's date and source.

    Columns: unit_id, district, province, from, to, changed_on, source, url, notes.
    """
    before = state_on(reports, units, scheme, start)
    after = state_on(reports, units, scheme, end)
    moved = (before.status != after.status).to_numpy()
    out = after.loc[moved, ["unit_id", "district", "province"]].copy()
    out.insert(3, "from", before.status[moved].to_numpy())
    out.insert(4, "to", after.status[moved].to_numpy())
    out["changed_on"] = after.since[moved].to_numpy()
    for column in ("source", "url", "notes"):
        out[column] = after[column][moved].to_numpy()
    return out.sort_values(["changed_on", "province", "district"]).reset_index(drop=True)


def transitions(changes: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Counts per (from, to) pair, most frequent first, with a readable label ("14 government -> controlled")."""
    totals = changes.groupby(["from", "to"]).size().rename("districts").reset_index()
    totals = totals.sort_values("districts", ascending=False, kind="stable").reset_index(drop=True)
    totals["label"] = totals.districts.astype(str) + " " + totals["from"] + " -> " + totals["to"]
    return totals
