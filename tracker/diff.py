"""What changed between two dates: districts whose status differs, and totals per transition."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .scheme import Scheme
from .state import state_on


def changed(reports: pd.DataFrame, units: pd.DataFrame, scheme: Scheme, start, end,
            population: np.ndarray | None = None) -> pd.DataFrame:
    """One row per district whose status at ``end`` differs from ``start``, with the change's date and source.

    Columns: unit_id, district, province, from, to, changed_on, source, url, notes; with ``population`` (people
    per unit, NaN where unknown) also ``population``.
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
    if population is not None:
        out["population"] = np.asarray(population, float)[moved]
    return out.sort_values(["changed_on", "province", "district"]).reset_index(drop=True)


def transitions(changes: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Counts per (from, to) pair, most frequent first, with a readable label ("14 government -> controlled");
    with a ``population`` column also the people in them (known figures only) and how many are unknown."""
    groups = changes.groupby(["from", "to"])
    totals = groups.size().rename("districts").reset_index()
    if "population" in changes:
        totals["population"] = groups.population.sum().round().astype(int).to_numpy()
        totals["population_unknown"] = groups.population.agg(lambda p: int(p.isna().sum())).to_numpy()
    totals = totals.sort_values("districts", ascending=False, kind="stable").reset_index(drop=True)
    totals["label"] = totals.districts.astype(str) + " " + totals["from"] + " -> " + totals["to"]
    if "population" in totals:
        totals["label"] += [f" ({people:,} people{f'; {n} of unknown population' if n else ''})"
                            for people, n in zip(totals.population, totals.population_unknown)]
    return totals
