"""Dated state: each unit's status at any date, vectorised over many dates at once.

Statuses are small integer codes (:mod:`tracker.scheme`: 0 is no data). The rule: for each unit,
the latest report on or before the date. On one day, a confirmed status beats the unconfirmed one,
and two different confirmed statuses make the unit contested.

Approximate dates: a report with month precision takes effect on the 1st, but the change it reports
happened on some day of that month. Until the month is over, a status whose run began with such a
report is *approximate* (it may not have happened yet on the shown date); afterwards it is certain,
though its start is still known only to the month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .scheme import NO_DATA, Scheme


def day_numbers(dates) -> np.ndarray:
    """Days since 1970-01-01 as int64, from anything pandas reads as dates."""
    return pd.to_datetime(pd.Series(dates)).to_numpy().astype("datetime64[D]").astype(np.int64)


@dataclass(frozen=True)
class Changes:
    """One event per (unit, day) after same-day rules, sorted by unit then day.

    ``unit`` indexes the units frame; ``row`` is the report (row of the reports frame) that speaks for
    the event; ``since`` is the day the unit's status run began (an unchanged status keeps its start);
    ``until`` is the first day on which the run's status is certain: the day of its first report dated
    to the day, or the 1st after the month of one dated to the month, whichever comes first so far.
    The status is approximate on days before it.
    """

    unit: np.ndarray
    day: np.ndarray
    code: np.ndarray
    row: np.ndarray
    since: np.ndarray
    until: np.ndarray

    def __len__(self) -> int:
        return len(self.unit)


def certain_from(reports: pd.DataFrame) -> np.ndarray:
    """Per report, the first day its date is certain: the date itself, or for month precision the next 1st."""
    days = day_numbers(reports.date)
    if "precision" not in reports:
        return days
    month = (reports.precision == "month").to_numpy()
    next_first = day_numbers(pd.to_datetime(reports.date.to_numpy()[month]) + pd.offsets.MonthBegin(1))
    days[month] = next_first
    return days


def changes(reports: pd.DataFrame, unit_ids: pd.Series, scheme: Scheme) -> Changes:
    """Encode resolved reports (unit_id, date, status, optional precision) as per-unit events."""
    position = pd.Series(np.arange(len(unit_ids)), index=pd.Index(unit_ids))
    unit = position.reindex(reports.unit_id).to_numpy()
    keep = ~np.isnan(unit.astype(float))
    codes = reports.status.map(scheme.codes).to_numpy()
    frame = pd.DataFrame({
        "unit": unit[keep].astype(np.int64),
        "day": day_numbers(reports.date)[keep],
        "code": codes[keep].astype(np.int16),
        "row": np.arange(len(reports))[keep],
        "until": certain_from(reports)[keep],
    })
    weak = scheme.codes.get(scheme.unconfirmed, -1)
    frame["strong"] = frame.code != weak
    # Within a day: strong reports first, the last row in file order speaks for the day.
    frame = frame.sort_values(["unit", "day", "strong", "row"], kind="stable")
    last = frame.drop_duplicates(["unit", "day"], keep="last").copy()
    strong_kinds = frame[frame.strong].groupby(["unit", "day"]).code.nunique()
    split = strong_kinds[strong_kinds > 1].index
    if len(split):
        hit = pd.MultiIndex.from_frame(last[["unit", "day"]]).isin(split)
        last.loc[hit, "code"] = scheme.codes[scheme.contested]
    u, d, c = last.unit.to_numpy(), last.day.to_numpy(), last.code.to_numpy()
    new_run = np.ones(len(last), dtype=bool)
    new_run[1:] = (u[1:] != u[:-1]) | (c[1:] != c[:-1])
    run_start = np.maximum.accumulate(np.where(new_run, np.arange(len(last)), 0)) if len(last) else np.array([], int)
    # A run's status is certain from the earliest day any of its reports so far makes certain.
    until = pd.Series(last.until.to_numpy()).groupby(np.cumsum(new_run)).cummin().to_numpy(np.int64)
    return Changes(u, d, c.astype(np.int16), last.row.to_numpy(), d[run_start], until)


def event_index(ch: Changes, n_units: int, days: np.ndarray) -> np.ndarray:
    """For each (date, unit): the index of the unit's latest event on or before the date, or -1.

    One ``searchsorted`` over keys ``unit * span + day``: O((D x U) log E), no loop over dates.
    """
    days = np.asarray(days, dtype=np.int64)
    lo = min(ch.day.min(initial=0), days.min(initial=0))
    span = max(ch.day.max(initial=0), days.max(initial=0)) - lo + 2
    keys = ch.unit * span + (ch.day - lo)
    queries = np.arange(n_units, dtype=np.int64)[None, :] * span + (days[:, None] - lo)
    idx = np.searchsorted(keys, queries, side="right") - 1
    found = idx >= 0
    found[found] = ch.unit[idx[found]] == np.broadcast_to(np.arange(n_units), idx.shape)[found]
    return np.where(found, idx, -1)


def status_codes(ch: Changes, n_units: int, days: np.ndarray) -> np.ndarray:
    """Status codes, shape (dates, units); no data where a unit has no report yet."""
    idx = event_index(ch, n_units, days)
    return np.where(idx >= 0, ch.code[np.maximum(idx, 0)], NO_DATA).astype(np.int16)


def state_on(reports: pd.DataFrame, units: pd.DataFrame, scheme: Scheme, date,
             stale_after: int | None = None) -> pd.DataFrame:
    """Every unit's state at one date, with the report that speaks for it.

    Columns: unit_id, district, province, status, code, since, last_report, days_since,
    source, url, notes, part (the newer district the deciding report names inside the unit, if any), precision (of the deciding report), since_until (first day the start of the
    status is certain), approximate (the date is before it), stale (last report older than
    ``stale_after`` days).
    """
    ch = changes(reports, units.unit_id, scheme)
    day = day_numbers([date])
    idx = event_index(ch, len(units), day)[0]
    has = idx >= 0
    pick = np.maximum(idx, 0)
    rows = reports.iloc[ch.row[pick]].reset_index(drop=True) if len(ch) else reports.iloc[:0]
    code = np.where(has, ch.code[pick] if len(ch) else NO_DATA, NO_DATA)

    def from_reports(column: str):
        values = rows[column].to_numpy() if len(rows) else np.full(len(units), None)
        return np.where(has, values, None)

    def iso(days: np.ndarray):
        return np.where(has, np.datetime_as_string(days.astype("datetime64[D]")), None)

    last_day = ch.day[pick] if len(ch) else np.zeros(len(units), np.int64)
    since_day = ch.since[pick] if len(ch) else last_day
    until_day = ch.until[pick] if len(ch) else last_day
    days_since = pd.Series(day[0] - last_day, dtype="Int64").where(has)
    return pd.DataFrame({
        "unit_id": units.unit_id.to_numpy(), "district": units.district.to_numpy(),
        "province": units.province.to_numpy(),
        "status": [scheme.key_of(int(c)) for c in code], "code": code.astype(np.int16),
        "since": iso(since_day), "last_report": iso(last_day),
        "days_since": days_since,
        "source": from_reports("source"), "url": from_reports("url"), "notes": from_reports("notes"),
        "part": from_reports("part") if "part" in reports else None,
        "precision": from_reports("precision") if "precision" in reports else np.where(has, "day", None),
        "since_until": iso(until_day),
        "approximate": has & (day[0] < until_day),
        "stale": (days_since > stale_after).fillna(False).to_numpy(bool) if stale_after is not None else False,
    })


def date_range(start, end, step: str = "day") -> pd.DatetimeIndex:
    """Dates from ``start`` to ``end`` inclusive, every ``day``, ``week`` or ``month`` (then month ends)."""
    freq = {"day": "D", "week": "7D", "month": "MS"}[step]
    return pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq=freq)


def counts_over_time(reports: pd.DataFrame, units: pd.DataFrame, scheme: Scheme, dates,
                     weights: np.ndarray | None = None) -> pd.DataFrame:
    """Units (or summed ``weights``, e.g. area; one row of weights per date, e.g. people of that year, or one for
    all dates) per status at each date: rows dates, columns status keys."""
    codes = status_codes(changes(reports, units.unit_id, scheme), len(units), day_numbers(dates))
    n = len(scheme.statuses) + 1
    weights = np.ones(len(units)) if weights is None else np.asarray(weights, dtype=float)
    weights = np.broadcast_to(weights, codes.shape)
    table = np.stack([np.bincount(row, weights=w, minlength=n) for row, w in zip(codes, weights)]) \
        if len(codes) else np.zeros((0, n))
    columns = [scheme.no_data.key, *scheme.keys]
    frame = pd.DataFrame(table, index=pd.DatetimeIndex(dates, name="date"), columns=columns)
    return frame[[s.key for s in scheme.all_statuses]]
