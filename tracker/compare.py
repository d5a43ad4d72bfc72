"""Compare two assessments of the same districts at a date: confusion table, agreement, Cohen's kappa."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .scheme import Scheme
from .state import state_on


def load_mapping(name_or_path: str | Path, a: Scheme, b: Scheme) -> dict[str, str]:
    """A status mapping from scheme ``a`` to ``b`` (bundled name such as ``default-to-sigar5``, or a TOML path)."""
    path = Path(name_or_path)
    source = path if path.suffix == ".toml" else resources.files("tracker.schemes") / f"{name_or_path}.toml"
    try:
        mapping = tomllib.loads(source.read_text(encoding="utf-8"))["map"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise InputError(f"{name_or_path}: not a readable mapping ({exc}); it needs a [map] table "
                         "of a-status = \"b-status\"") from None
    bad = [f"{k} -> {v}" for k, v in mapping.items() if k not in a.codes or v not in b.codes]
    missing = [k for k in a.keys if k not in mapping]
    if bad or missing:
        raise InputError(f"{name_or_path}: mapping does not fit the schemes ({a.name} -> {b.name}): "
                         + "; ".join([f"unknown {x}" for x in bad] + [f"{k} not mapped" for k in missing]))
    return mapping


def identity(a: Scheme, b: Scheme) -> dict[str, str]:
    """Same keys in both schemes map to themselves; otherwise a mapping is needed."""
    if set(a.keys) <= set(b.keys):
        return {k: k for k in a.keys}
    raise InputError(f"schemes {a.name!r} and {b.name!r} have different statuses; give --map-a-to-b MAPPING")


def kappa(table: pd.DataFrame) -> float:
    """Cohen's kappa of a square confusion table (rows A, columns B)."""
    counts = table.to_numpy(float)
    total = counts.sum()
    if total == 0:
        return float("nan")
    observed = np.trace(counts) / total
    expected = (counts.sum(axis=1) @ counts.sum(axis=0)) / total**2
    return float((observed - expected) / (1 - expected)) if expected < 1 else 1.0


def compare(reports_a: pd.DataFrame, scheme_a: Scheme, reports_b: pd.DataFrame, scheme_b: Scheme,
            units: pd.DataFrame, date, mapping: dict[str, str], population: np.ndarray | None = None) -> dict:
    """Both states at ``date`` in B's terms; districts without data in either are left out of the figures.

    With ``population`` (people per unit, NaN where unknown): ``population_compared`` (people in the districts
    both assess, of known population) and ``population_agreement`` (the share of them where A and B agree).
    """
    a = state_on(reports_a, units, scheme_a, date)
    b = state_on(reports_b, units, scheme_b, date)
    a_in_b = a.status.map({**mapping, scheme_a.no_data.key: scheme_b.no_data.key})
    both = (a.status != scheme_a.no_data.key) & (b.status != scheme_b.no_data.key)
    keys = scheme_b.keys
    table = pd.crosstab(a_in_b[both], b.status[both]).reindex(index=keys, columns=keys, fill_value=0)
    differ = both & (a_in_b != b.status)
    rows = pd.DataFrame({"unit_id": a.unit_id, "district": a.district, "province": a.province,
                         "a": a.status, "a_as_b": a_in_b, "b": b.status, "source_a": a.source, "source_b": b.source})
    result = {"date": str(date), "compared": int(both.sum()), "agree": int((both & ~differ).sum()),
              "agreement": round(float((both & ~differ).sum() / both.sum()), 4) if both.any() else None,
              "kappa": round(kappa(table), 4), "confusion": table, "disagree": rows[differ].reset_index(drop=True),
              "status": np.where(differ, "disagree", np.where(both, "agree", "no_data"))}
    if population is not None:
        people = np.nan_to_num(np.asarray(population, float))
        compared = float(people[both.to_numpy()].sum())
        result.update(population_compared=round(compared), population_unknown=int(np.isnan(population)[both].sum()),
                      population_agreement=round(float(people[(both & ~differ).to_numpy()].sum()) / compared, 4)
                      if compared else None)
    return result
