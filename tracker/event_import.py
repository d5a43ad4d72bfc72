"""Events -> reports: read event files, keep each event's latest version, map it to a status, place it in a
district, and account for every event (reports per status, skipped by reason, placement, disagreements,
names that could not be resolved). The reports come out shaped as :func:`tracker.reports.check_file` gives
them, so the ledger takes them as they are; :func:`merge_csv` writes them as a reports CSV.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .event_mapping import Mapping
from .events import read_events
from .gazetteer import Gazetteer
from .ledger import Batch, newer
from .placement import place
from .publish import write_text
from .reports import OPTIONAL, REQUIRED, read_rows
from .scheme import Scheme

CSV_COLUMNS = [*REQUIRED, *OPTIONAL]
LISTED = 20  # disagreements and names listed in full; the rest are counted


@dataclass
class Converted:
    """What an import made: the reports, every event id read with the version used, and the account."""

    reports: pd.DataFrame
    events: dict[str, str]
    summary: dict
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # file -> sha256

    def batches(self) -> list[Batch]:
        """One ledger batch per file; an event's id goes with the file its version was read from."""
        home = dict(zip(self.reports.event_id, self.reports.file))
        return [Batch(path, self.reports[self.reports.file == path].reset_index(drop=True), digest,
                      {e: v for e, v in self.events.items() if home.get(e, path) == path})
                for path, digest in self.files.items()]


def latest_versions(events: pd.DataFrame) -> pd.Series:
    """True for the row of each event id that counts: its latest version (the last row among equals; versions
    ordered as :func:`tracker.ledger.version_key` orders them); rows without an id always count."""
    ids = events.id != ""
    digits = events.version.str.isdigit()
    order = pd.DataFrame({"id": events.id, "digits": digits, "number": pd.to_numeric(events.version.where(digits),
                          errors="coerce").fillna(0), "text": events.version.where(~digits, ""), "n": np.arange(len(events))},
                         index=events.index)[ids]
    best = order.sort_values(["digits", "number", "text", "n"]).drop_duplicates("id", keep="last").index
    return ~ids | events.index.isin(best)


def describe(events: pd.DataFrame, placed: pd.DataFrame, disagree: pd.Series, gains: pd.Series,
             columns: dict[str, tuple[str, ...]]) -> pd.Series:
    """The report's note: what happened, who (and who gained), where, and how it was placed."""
    def name(field: str) -> str:
        return columns.get(field, (field,))[0]

    def one(e, p, d, g) -> str:
        kind = e.event_type if not e.event_type.isdigit() else f"{name('event_type')} {e.event_type}"
        parts = [f"{kind} / {e.sub_event_type}" if e.sub_event_type else kind]
        for n, actor, assoc in ((1, e.actor1, e.assoc_actor1), (2, e.actor2, e.assoc_actor2)):
            if actor:
                parts.append(f"actor {n}: {actor}" + (f" with {assoc}" if assoc else ""))
        if g:
            parts.append(f"gained by {g}")
        how = "by point" if p == "point" else f"by name {e.admin2}" + (f", {e.admin1}" if e.admin1 else "")
        precision = f", {name('geo_precision')} {e.geo_precision}" if e.geo_precision else ""
        parts.append((f"at {e.location}, " if e.location else "") + f"placed {how}{precision}")
        if d:
            parts.append(f"admin2 names {e.admin2}, another district")
        if e.time_precision not in ("", "1"):
            parts.append(f"{name('time_precision')} {e.time_precision}")
        return "; ".join(parts)
    return pd.Series([one(e, p, d, g) for e, p, d, g in zip(events.itertuples(), placed.placed, disagree, gains)],
                     index=events.index, dtype=object)


def read_all(paths: list[str | Path], mapping: Mapping) -> tuple[pd.DataFrame, list[Problem], dict[str, str]]:
    """Every file's events in one frame, their row problems, and each file's sha256; every file that cannot be
    read is reported (:class:`InputError`) before any is used."""
    frames, problems, files = [], [], {}
    for path in paths:
        try:
            frame, found = read_events(path, mapping)
        except InputError as exc:
            problems += exc.problems
            continue
        frames.append(frame)
        problems += found
        files[str(path)] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    if any(p.severity == "error" for p in problems):
        raise InputError([p for p in problems if p.severity == "error"])
    return pd.concat(frames, ignore_index=True), problems, files


def classify(events: pd.DataFrame, mapping: Mapping, country: pd.Series) -> tuple[pd.Series, ...]:
    """Each event's kind, the side of the actor who gains (and that actor's name, for territorial kinds),
    and the index of the first rule it matches (-1: none). ``country`` is the events' country in lower case."""
    kind = mapping.kind(events.event_type, events.sub_event_type)
    code1, code2 = mapping.type_codes(events.type1), mapping.type_codes(events.type2)
    side1 = mapping.sides(events.actor1, code1, country, events.when)
    side2 = mapping.sides(events.actor2, code2, country, events.when)
    second = mapping.gainer_is_actor2(kind, code1, code2, events.actor2)
    gainer = side1.where(~second, side2)
    gains = events.actor1.where(~second, events.actor2).where(kind.isin(set(mapping.gainers)), "")
    return kind, gainer, gains, mapping.match(kind, gainer, side1, side2, events.source)


def convert(paths: list[str | Path], mapping: Mapping, units: gpd.GeoDataFrame, gazetteer: Gazetteer,
            scheme: Scheme, country: str, skip_imprecise: bool = False) -> Converted:
    """Read the event files and make their reports; every event is either a report or skipped for a reason.

    ``country`` is the name the files' country column uses for the boundaries' country (rows naming another
    are skipped, when any row names this one).
    """
    events, problems, files = read_all(paths, mapping)
    why = pd.Series("", index=events.index, dtype=object)

    def skip(mask: pd.Series, reason) -> None:
        todo = mask & (why == "")
        why[todo] = reason if isinstance(reason, str) else reason[todo]

    latest = latest_versions(events)
    skip(~latest, "an older version of the event in this import")
    skip(events.when.isna(), "unreadable date")
    named = events.country.str.strip().str.lower()
    if (named == country.lower()).any():
        skip((named != "") & (named != country.lower()), f"not in {country}")
    time = events.time_precision.map({v: mapping.time.get(v, "unknown") if v else "day"
                                      for v in events.time_precision.unique()})
    skip(time == "unknown", "unknown time_precision")
    skip(time == "skip", "date too imprecise (the mapping skips it)")
    if skip_imprecise:
        skip(time == "month", "dated only to the month (--skip-imprecise)")

    kind, gainer, gains, rule = classify(events, mapping, named)
    shown = events.sub_event_type.where(events.sub_event_type != "", events.event_type)
    ruled = set().union(*(r.events for r in mapping.rules))
    skip(~kind.isin(ruled), "event type in no rule")
    skip(rule < 0, "no rule for the actors' sides")
    status = rule.map(lambda i: mapping.rules[i].status if i >= 0 else None)
    skip(status.isna(), rule.map(lambda i: f"rule '{mapping.rules[i].name}' gives no report" if i >= 0 else ""))

    todo = why == ""
    by_point = events.geo_precision.map({v: mapping.place.get(v, "name") if v else "point"
                                         for v in events.geo_precision.unique()}) == "point"
    placed = place(events[todo], by_point[todo], units, gazetteer)
    unplaced = placed.unit_id.isna()
    skip(todo & unplaced.reindex(events.index, fill_value=False),
         placed.outcome.map({"empty": "cannot place: no point and no admin2", "unknown": "cannot place: unknown admin2",
                             "ambiguous": "cannot place: ambiguous admin2", "found": ""}).reindex(events.index))

    kept = why == ""
    made, where = events[kept], placed[~unplaced]
    disagree = (where.placed == "point") & where.name_unit.notna() & (where.name_unit != where.unit_id)
    record = units.set_index("unit_id")
    month = time[kept] == "month"
    rules = rule[kept]
    reports = pd.DataFrame({
        "line": made.line, "date": made.when.where(~month, made.when.dt.to_period("M").dt.start_time),
        "precision": np.where(month, "month", "day"), "unit_id": where.unit_id,
        "district": record.district.reindex(where.unit_id).to_numpy(),
        "province": record.province.reindex(where.unit_id).to_numpy(), "status": status[kept],
        "source": [f"{mapping.dataset} {i}: {s}" if i else f"{mapping.dataset}: {s}" for i, s in zip(made.id, made.source)],
        "url": "", "notes": describe(made, where, disagree, gains[kept], mapping.columns),
        "claimed_by": rules.map(lambda i: mapping.rules[i].claimed_by), "confidence": np.nan, "quote": made.notes,
        "mention": made.admin2, "event_id": made.id, "event_version": made.version, "file": made.file,
    }).reset_index(drop=True)
    seen = events[latest & (events.id != "")]
    summary = account(events, why, shown, gainer, reports, placed, disagree, record, mapping, scheme, files)
    summary["rows_unreadable"] = len(problems) - int(events.when.isna().sum())  # the other problems: bad dates
    return Converted(reports, dict(zip(seen.id, seen.version)), summary, problems, files)


def account(events, why, kind, gainer, reports, placed, disagree, record, mapping, scheme, files) -> dict:
    """The summary of one import (see the README): every event counted once."""
    def name(unit):
        return f"{record.district[unit]} ({record.province[unit]})"
    skipped = why[why != ""]
    no_rule = why == "event type in no rule"
    no_side = why == "no rule for the actors' sides"
    fell_back = placed.outside & (placed.placed == "name")
    pairs: dict[tuple, dict] = {}
    for i in disagree[disagree].index:  # one entry per (district of the point, admin2 as written), first event kept
        key = (placed.unit_id[i], events.admin2[i], events.admin1[i])
        if key not in pairs:
            pairs[key] = {"point": name(placed.unit_id[i]), "admin2": events.admin2[i], "admin1": events.admin1[i],
                          "admin2_is": name(placed.name_unit[i]), "events": 0,
                          "first": f"{events.file[i]}:{events.line[i]} {events.id[i]}".strip()}
        pairs[key]["events"] += 1
    listed = sorted(pairs.values(), key=lambda d: -d["events"])
    bad = placed[placed.outcome.isin(["unknown", "ambiguous"]) & placed.unit_id.isna()]
    names = (events.loc[bad.index, ["admin2", "admin1"]].assign(outcome=bad.outcome, detail=bad.detail)
             .value_counts().reset_index(name="events"))
    return {
        "files": list(files), "mapping": mapping.origin, "events": len(events), "reports": len(reports),
        "by_status": {s: int((reports.status == s).sum()) for s in scheme.keys},
        "placed": {"point": int((placed.placed == "point").sum()), "name": int((placed.placed == "name").sum()),
                   "point_outside_boundaries": int(fell_back.sum())},
        "skipped": dict(Counter(skipped).most_common()),
        "event_types_in_no_rule": dict(Counter(kind[no_rule]).most_common(10)),
        "sides_in_no_rule": {f"{k} by {s or 'unknown side'}": n
                             for (k, s), n in Counter(zip(kind[no_side], gainer[no_side])).most_common(10)},
        "disagreements": int(disagree.sum()), "disagreement_list": listed[:LISTED],
        "disagreement_pairs": len(listed),
        "unresolved_names": names.head(LISTED).to_dict("records"),
        "unresolved_names_total": int(len(names)),
    }


def csv_rows(reports: pd.DataFrame) -> pd.DataFrame:
    """The reports as reports-CSV text rows (month-precision dates as YYYY-MM)."""
    dates = np.where(reports.precision == "month", reports.date.dt.strftime("%Y-%m"), reports.date.dt.strftime("%Y-%m-%d"))
    confidence = reports.confidence.astype(object).where(reports.confidence.notna(), "")
    return reports.assign(date=dates, confidence=confidence).reindex(columns=CSV_COLUMNS).fillna("").astype(str)


@dataclass(frozen=True)
class Merged:
    rows: int
    added: int
    replaced: int
    older: int


def merge_csv(path: str | Path, converted: Converted) -> Merged:
    """Write the reports into a reports CSV, keeping what it holds: rows of events read here in an older
    version are replaced, rows already there are not added again. Written whole or not at all."""
    path = Path(path)
    new = csv_rows(converted.reports)
    old = read_rows(path)[CSV_COLUMNS] if path.exists() else pd.DataFrame(columns=CSV_COLUMNS, dtype=str)
    held = old.event_id.map(converted.events)
    ahead = held.notna() & pd.Series([newer(v, h) if isinstance(h, str) else False
                                      for v, h in zip(old.event_version, held)], index=old.index, dtype=bool)
    content = [c for c in CSV_COLUMNS if c != "event_version"]
    key_old, key_new = (pd.util.hash_pandas_object(frame[content], index=False) for frame in (old, new))
    drop = held.notna() & ~ahead & ~key_old.isin(set(key_new))
    new_older = new.event_id.isin(set(old.event_id[ahead]))
    add = ~new_older & ~key_new.isin(set(key_old[~drop]))
    added = new[add].sort_values(["date", "event_id"], kind="stable")
    write_text(path, pd.concat([old[~drop], added]).to_csv(index=False))
    return Merged(len(new), int(add.sum()), int(drop.sum()), int(new_older.sum()))


def summary_lines(summary: dict) -> list[str]:
    """The summary for people: what was read, made, skipped and why, how events were placed, what disagreed."""
    statuses = ", ".join(f"{s} {n:,}" for s, n in summary["by_status"].items() if n)
    placed = summary["placed"]
    unreadable = f"; {summary['rows_unreadable']:,} rows left out (wrong number of cells)" if summary.get("rows_unreadable") else ""
    lines = [f"{summary['events']:,} events read from {len(summary['files'])} file(s){unreadable} (mapping: {summary['mapping']})",
             f"{summary['reports']:,} reports" + (f": {statuses}" if statuses else ""),
             f"placed by point {placed['point']:,}, by name {placed['name']:,}"
             + (f" ({placed['point_outside_boundaries']:,} points outside the boundaries, placed by name)"
                if placed["point_outside_boundaries"] else "")]
    skipped = summary["skipped"]
    lines.append(f"skipped {sum(skipped.values()):,}" + (":" if skipped else ""))
    lines += [f"  {n:,} {reason}" for reason, n in skipped.items()]
    if summary["event_types_in_no_rule"]:
        lines.append("  event types in no rule: " + ", ".join(f"{k} ({n:,})" for k, n in summary["event_types_in_no_rule"].items()))
    if summary["sides_in_no_rule"]:
        lines.append("  sides in no rule: " + ", ".join(f"{k} ({n:,})" for k, n in summary["sides_in_no_rule"].items()))
    if summary["disagreements"]:
        lines.append(f"{summary['disagreements']:,} disagreement(s): the point lies in one district, admin2 names another "
                     "(the point is used)")
        lines += [f"  point in {d['point']}, admin2 {d['admin2']!r} ({d['admin1']}) is {d['admin2_is']}: "
                  f"{d['events']:,} event(s), first {d['first']}" for d in summary["disagreement_list"]]
        if summary["disagreement_pairs"] > len(summary["disagreement_list"]):
            lines.append(f"  ... and {summary['disagreement_pairs'] - len(summary['disagreement_list']):,} more pairs")
    if summary["unresolved_names"]:
        lines.append(f"{summary['unresolved_names_total']:,} admin2 name(s) not resolved (add an alias to the gazetteer, or fix the name):")
        lines += [f"  {n['admin2']!r} ({n['admin1'] or 'no admin1'}): {n['outcome']}, {n['detail']} ({n['events']:,} event(s))"
                  for n in summary["unresolved_names"]]
    written = summary.get("written")
    if written:
        target = written.get("out") or written.get("db")
        verb = "proposed for review (tracker review)" if written.get("review") == "proposed" else "added"
        lines.append(f"{target}: {written['added']:,} reports {verb}, {written['replaced']:,} replaced by newer versions"
                     + (f", {written['older']:,} left out (it holds newer versions)" if written["older"] else ""))
    return lines
