"""Policies for conflicting claims: source reliability tiers, same-day rule, confirmation of claims.

A policy rewrites resolved reports before the state is computed; without one the core rules apply.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .scheme import Scheme


@dataclass(frozen=True)
class Policy:
    name: str
    tiers: tuple[tuple[int, tuple[str, ...]], ...]  # (rank, source patterns), best first
    default_rank: int = 3
    same_day: str = "contested"
    confirm_claims: bool = False
    confirm_within_days: int = 7
    confirmed_status: str = "controlled"


def load_policy(name_or_path: str | Path, scheme: Scheme) -> Policy:
    """Read a policy by bundled name (``reliability``) or from a TOML path, checked against the scheme."""
    path = Path(name_or_path)
    source = path if path.suffix == ".toml" else resources.files("tracker.policies") / f"{name_or_path}.toml"
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        tiers = tuple(sorted((int(t["rank"]), tuple(p.lower() for p in t["sources"])) for t in data.get("tier", [])))
        policy = Policy(data.get("name", path.stem), tiers, int(data.get("default_rank", 3)),
                        data.get("same_day", "contested"), bool(data.get("confirm_claims", False)),
                        int(data.get("confirm_within_days", 7)), data.get("confirmed_status", "controlled"))
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{name_or_path}: not a readable policy ({exc}); "
                         "see tracker/policies/reliability.toml for the format") from None
    if policy.same_day not in ("contested", "most_reliable"):
        raise InputError(f"{name_or_path}: same_day must be 'contested' or 'most_reliable', not {policy.same_day!r}")
    if policy.confirm_claims and (policy.confirmed_status not in scheme.codes or not scheme.unconfirmed):
        raise InputError(f"{name_or_path}: confirmed_status {policy.confirmed_status!r} is not a status of the "
                         f"{scheme.name!r} scheme, or the scheme has no unconfirmed status")
    return policy


def ranks(sources: pd.Series, policy: Policy) -> np.ndarray:
    """Each source's tier rank (lower is more reliable)."""
    lowered = sources.fillna("").str.lower()
    out = np.full(len(sources), policy.default_rank)
    for rank, patterns in reversed(policy.tiers):  # best tier last, so it wins
        hit = np.zeros(len(sources), bool)
        for pattern in patterns:
            hit |= lowered.str.contains(pattern, regex=False).to_numpy()
        out[hit] = rank
    return out


def confirmations(reports: pd.DataFrame, policy: Policy, scheme: Scheme) -> pd.DataFrame:
    """New reports for claims made again by another source within the window, dated the second claim."""
    claims = reports[reports.status == scheme.unconfirmed].sort_values(["unit_id", "date"], kind="stable")
    found = []
    for _, group in claims.groupby("unit_id", sort=False):
        rows = list(group.itertuples())
        for first, second in zip(rows, rows[1:]):
            if first.source.strip().lower() != second.source.strip().lower() and \
                    (second.date - first.date).days <= policy.confirm_within_days:
                found.append({**second._asdict(), "status": policy.confirmed_status,
                              "source": f"{first.source} + {second.source}",
                              "notes": f"claim confirmed by a second source ({policy.name} policy)"})
    return pd.DataFrame(found, columns=["Index", *reports.columns]).drop(columns="Index")


def apply_policy(reports: pd.DataFrame, policy: Policy, scheme: Scheme) -> pd.DataFrame:
    """The reports as the policy reads them (rows in file order, confirmations appended)."""
    out = reports.assign(rank=ranks(reports.source, policy))
    if policy.same_day == "most_reliable" and len(out):
        best = out.groupby(["unit_id", "date"])["rank"].transform("min")
        out = out[out["rank"] == best]
    out = out.drop(columns="rank")
    if policy.confirm_claims:
        out = pd.concat([out, confirmations(out, policy, scheme)], ignore_index=True)
    return out.reset_index(drop=True)
