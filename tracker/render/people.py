"""People in captions, legends and cards: numbers as readers take them in, unknown never shown as zero."""

from __future__ import annotations

import pandas as pd


def present(value) -> bool:
    """A value that is there: not None, NaN or empty."""
    return value is not None and not (not isinstance(value, str) and pd.isna(value)) and value != ""


def people_number(value) -> str:
    """People in a district card: '123,456', or 'unknown' (never zero for a missing figure)."""
    return f"{float(value):,.0f}" if present(value) else "unknown"


def people_short(value: float, total: float) -> str:
    """People in a legend row: '8.1M (27%)', '45k (0.2%)'."""
    number = f"{value / 1e6:.1f}M" if value >= 1e6 else f"{value / 1e3:.0f}k" if value >= 1e3 else f"{value:.0f}"
    return f"{number} ({value / total:.0%})" if total else number


def people_caption(source: dict | None) -> str:
    """'CSO/NSIA settled population estimates ..., 2019': the population source as a caption."""
    if not source:
        return ""
    name, year = source.get("name", ""), source.get("year")
    return f"{name}, {year}" if year and str(year) not in name else name


def status_people(frame: pd.DataFrame) -> tuple[pd.Series, int]:
    """People per status (stale counted apart) in districts of known population, and how many are unknown."""
    people = frame.population.fillna(0.0)
    status = frame.status.where(~frame.stale.to_numpy(bool), "stale") if "stale" in frame else frame.status
    return people.groupby(status).sum(), int(frame.population.isna().sum())
