"""The review queue: proposed reports (from ``extract``, event imports, ``import --proposed``) wait for a person
to accept, reject or edit them; only accepted reports count in state, stats and maps.

Several reviewers may work at once: a decision or edit applies only to a report that is still proposed, so a
proposal is decided once, and whoever comes second is told who was first. Each decision and edit is recorded
with the analyst, the server's time and the values before and after.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import click
import pandas as pd
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from sqlalchemy import Connection, text

from .errors import InputError
from .gazetteer import Gazetteer
from .ledger import Batch, Ledger, TEXT_COLUMNS, record, record_many
from .migrations import server_now
from .reports import OPTIONAL, REQUIRED, check_rows, parse_dates
from .scheme import Scheme

EDITABLE = ("date", "precision", "unit_id", "district", "province", "status")
VERBS = {"accepted": "accept", "rejected": "reject"}


@dataclass(frozen=True)
class Outcome:
    """Whether a decision or edit was applied; if not, what the report's state is and who set it."""

    done: bool
    review: str = ""
    by: str = ""
    at: str = ""

    def describe(self) -> str:
        if self.done:
            return "done"
        if not self.review:
            return "no such report"
        who = f" by {self.by} at {self.at}" if self.by else ""
        return f"already {self.review}{who}"


def pending(db: Ledger, source: str | None = None) -> pd.DataFrame:
    """The proposals waiting for review, most confident first (then in import order), with who imported them."""
    with db.reading() as conn:
        frame = pd.read_sql_query(text(
            "SELECT r.id, r.date, r.precision, r.unit_id, r.district, r.province, r.status, r.source, r.url, r.notes,"
            " r.claimed_by, r.confidence, r.quote, r.mention, r.file, r.line, r.batch_id, r.event_id, r.event_version,"
            " b.analyst AS imported_by"
            " FROM reports r JOIN batches b ON b.id = r.batch_id WHERE r.review = 'proposed' AND r.replaced_in IS NULL"
            " ORDER BY CASE WHEN r.confidence IS NULL THEN 1 ELSE 0 END, r.confidence DESC, r.batch_id, r.line, r.id"),
            conn)
    frame["date"] = pd.to_datetime(frame.date).dt.strftime("%Y-%m-%d")
    frame["confidence"] = frame.confidence.astype(float)
    for col in (*TEXT_COLUMNS, "imported_by"):
        frame[col] = frame[col].fillna("")
    if source:
        frame = frame[frame.source.str.lower().str.contains(source.lower(), regex=False)]
    return frame.reset_index(drop=True)


def _state(conn: Connection, report_id: int) -> Outcome:
    row = conn.execute(text(
        "SELECT CASE WHEN r.replaced_in IS NULL THEN r.review ELSE 'replaced by a newer version of its event' END,"
        " a.analyst, a.at FROM reports r LEFT JOIN actions a ON a.report_id = r.id"
        " AND a.action IN ('accept', 'reject') WHERE r.id = :i ORDER BY a.id DESC"), {"i": report_id}).first()
    return Outcome(False, *row) if row else Outcome(False)


def still_proposed(db: Ledger, report_id: int) -> Outcome:
    """Outcome(True) if the report still waits for review; else its state and who decided it."""
    with db.reading() as conn:
        state = _state(conn, int(report_id))
    return Outcome(True, "proposed") if state.review == "proposed" else state


def decide(db: Ledger, report_id: int, decision: str, analyst: str, note: str = "") -> Outcome:
    """Accept or reject one proposal (``decision`` is ``accepted`` or ``rejected``), if it is still proposed."""
    if decision not in VERBS:
        raise ValueError(f"decision must be one of {sorted(VERBS)}")
    report_id = int(report_id)  # numpy integers do not bind in sqlite3

    def work(conn: Connection) -> Outcome:
        done = conn.execute(text("UPDATE reports SET review = :d WHERE id = :i AND review = 'proposed'"
                                 " AND replaced_in IS NULL RETURNING id"), {"d": decision, "i": report_id}).first()
        if done is None:
            return _state(conn, report_id)
        record(conn, server_now(conn), analyst, VERBS[decision], report_id=report_id,
               before={"review": "proposed"}, after={"review": decision}, note=note)
        return Outcome(True, decision, analyst)

    return db.write(work)


def edit(db: Ledger, report_id: int, changes: dict, analyst: str) -> Outcome:
    """Change a proposal's district (unit_id, district, province), status or date (date, precision).

    Its content hash stays the one it was imported with, so importing the same file again adds nothing.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"cannot edit {sorted(unknown)}; only {EDITABLE}")
    report_id = int(report_id)

    def work(conn: Connection) -> Outcome:
        lock = " FOR UPDATE" if conn.dialect.name == "postgresql" else ""
        row = conn.execute(text(f"SELECT review, replaced_in, {', '.join(EDITABLE)} FROM reports WHERE id = :i{lock}"),
                           {"i": report_id}).mappings().first()
        if row is None or row["review"] != "proposed" or row["replaced_in"] is not None:
            return _state(conn, report_id)
        old = {k: str(row[k]) for k in changes}
        before = {k: v for k, v in old.items() if v != str(changes[k])}
        if not before:
            return Outcome(True, "proposed", analyst)
        after = {k: str(changes[k]) for k in before}
        conn.execute(text(f"UPDATE reports SET {', '.join(f'{k} = :{k}' for k in after)} WHERE id = :i"),
                     {**after, "i": report_id})
        record(conn, server_now(conn), analyst, "edit", report_id=report_id, before=before, after=after)
        return Outcome(True, "proposed", analyst)

    return db.write(work)


def decide_in_bulk(db: Ledger, analyst: str, above: float | None = None, below: float | None = None,
                   source: str | None = None, accept_all: bool = False) -> dict[str, int]:
    """Bulk decisions: accept every proposal with confidence at or above ``above``, reject those below ``below``
    (proposals without a confidence are left for a person), or with ``accept_all`` accept every proposal; only
    those whose source contains ``source`` (case-insensitive) when given. Returns {"accepted": n, "rejected": m}.
    """
    rules = [("accepted", "true", None, "bulk: all")] if accept_all else [
        (decision, f"confidence {op} :x", limit, f"bulk: confidence {op} {limit}")
        for decision, op, limit in (("accepted", ">=", above), ("rejected", "<", below)) if limit is not None]
    like = "ILIKE" if db.dialect == "postgresql" else "LIKE"  # SQLite's LIKE ignores (ASCII) case
    pattern = "%" + re.sub(r"([\\%_])", r"\\\1", source or "") + "%"

    def work(conn: Connection) -> dict[str, int]:
        now, counts = server_now(conn), {"accepted": 0, "rejected": 0}
        for decision, condition, limit, note in rules:
            ids = [r[0] for r in conn.execute(text(
                f"UPDATE reports SET review = :d WHERE review = 'proposed' AND replaced_in IS NULL AND {condition}"
                f" AND source {like} :p ESCAPE '\\' RETURNING id"), {"d": decision, "x": limit, "p": pattern})]
            record_many(conn, now, analyst, VERBS[decision], ids, before={"review": "proposed"},
                        after={"review": decision}, note=note)
            counts[decision] += len(ids)
        return counts

    return db.write(work)


def place_span(quote: str, unit_id: str, names: list[str], gazetteer: Gazetteer | None = None) -> tuple[int, int] | None:
    """Where the quote names the report's district: one of ``names`` as written, else (with a gazetteer) the
    first run of one to three capitalised words that resolves to the unit exactly or by alias."""
    lowered = quote.lower()
    for name in filter(None, names):
        at = lowered.find(name.lower())
        if at >= 0:
            return at, at + len(name)
    if gazetteer is None:
        return None
    words = list(re.finditer(r"[\w'’-]+", quote))
    for i, first in enumerate(words):
        if not first.group()[0].isupper():
            continue
        for n in (3, 2, 1):
            if i + n <= len(words):
                start, end = first.start(), words[i + n - 1].end()
                found = gazetteer.resolve(quote[start:end], fuzzy=False)
                if found.outcome == "found" and found.unit_id == unit_id:
                    return start, end
    return None


def card(row, position: int, total: int, scheme: Scheme, gazetteer: Gazetteer | None = None) -> Panel:
    """One proposal as a terminal card: the quote with the place highlighted, then what it says and where from."""
    quote = Text(row.quote or "(no quote)", style="italic" if row.quote else "dim")
    span = place_span(row.quote, row.unit_id, [row.mention, row.district], gazetteer) if row.quote else None
    if span:
        quote.stylize("bold black on yellow", *span)
    colours = {s.key: s.colour for s in scheme.statuses}
    status = Text("■ ", style=colours.get(row.status, "white")) + Text(row.status, style="bold")
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="dim", no_wrap=True)
    fields.add_column()
    when = row.date[:7] + " (month only)" if row.precision == "month" else row.date
    confidence = "-" if pd.isna(row.confidence) else f"{row.confidence:.2f}"
    for label, value in [("district", Text(f"{row.district} ({row.province})") + Text(f"  id {row.unit_id}", style="dim")),
                         ("status", status), ("date", Text(when)), ("confidence", Text(confidence)),
                         ("source", Text(row.source)), ("url", Text(row.url)), ("claimed by", Text(row.claimed_by)),
                         ("notes", Text(row.notes)),
                         ("event", Text(f"{row.event_id}, version {row.event_version}" if row.event_id else "")),
                         ("from", Text(f"{row.file}:{row.line}, batch {row.batch_id} by {row.imported_by or '?'}"))]:
        if value.plain:
            fields.add_row(label, value)
    return Panel(Group(quote, Text(""), fields), title=f"proposal {position} of {total}", title_align="left",
                 subtitle=f"#{row.id}", subtitle_align="right")


KEYS = "[a]ccept  [r]eject  [e]dit  [s]kip  [q]uit"


def walk(db: Ledger, console: Console, read_key: Callable[[str], str], ask: Callable[..., str], scheme: Scheme,
         analyst: str, gazetteer: Gazetteer | None = None, source: str | None = None) -> Counter:
    """Walk the queue in the terminal; ``read_key`` returns the key pressed ('' at the end of input), ``ask``
    prompts for a value (click.prompt's signature). Returns how many were accepted, rejected, edited, skipped."""
    queue = pending(db, source)
    done: Counter = Counter()
    if queue.empty:
        console.print("No proposals waiting for review.")
        return done
    console.print(f"{len(queue)} proposal(s) waiting. Only accepted reports count.", highlight=False)
    for position, row in enumerate(queue.itertuples(index=False), 1):
        meanwhile = still_proposed(db, row.id)
        if not meanwhile.done:  # decided by someone else since the queue was read
            console.print(Text(f"proposal {position} of {len(queue)} (#{row.id}): {meanwhile.describe()}", style="dim"))
            done["decided by someone else"] += 1
            continue
        while True:
            console.print(card(row, position, len(queue), scheme, gazetteer), soft_wrap=False)
            key = read_key(KEYS).strip().lower()[:1]
            if key in ("a", "r"):
                outcome = decide(db, row.id, "accepted" if key == "a" else "rejected", analyst)
                done[outcome.review if outcome.done else "decided by someone else"] += 1
                console.print(Text(outcome.review if outcome.done else outcome.describe(), style="bold"))
                break
            if key == "e":
                changes = ask_edit(row, console, ask, scheme, gazetteer)
                outcome = edit(db, row.id, changes, analyst) if changes else Outcome(True)
                if not outcome.done:
                    console.print(Text(outcome.describe(), style="bold"))
                    done["decided by someone else"] += 1
                    break
                done["edited"] += bool(changes)
                row = row._replace(**changes)
                continue
            if key == "s":
                done["skipped"] += 1
                break
            if key in ("q", ""):
                return done
            console.print(f"press one of: {KEYS}")
    return done


def ask_edit(row, console: Console, ask: Callable[..., str], scheme: Scheme, gazetteer: Gazetteer | None) -> dict:
    """Prompt for district, status and date (Enter keeps each); only the values that change are returned."""
    changes: dict = {}
    while gazetteer is not None:
        answer = ask("district (add ', PROVINCE' for a name used twice)", default=row.district).strip()
        if answer == row.district:
            break
        name, _, province = answer.partition(",")
        found = gazetteer.resolve(name.strip(), province.strip() or None)
        if found.outcome == "found":
            changes.update(unit_id=found.unit_id, district=found.district, province=found.province)
            break
        console.print(Text(found.describe()))
    status = ask("status", default=row.status, type=click.Choice(scheme.keys, case_sensitive=False)).strip().lower()
    if status != row.status:
        changes["status"] = status
    while True:
        answer = ask("date (YYYY-MM-DD, or YYYY-MM)", default=row.date[:7] if row.precision == "month" else row.date).strip()
        dates, precision, bad = parse_dates(pd.Series([answer]))
        if not bad.iloc[0]:
            day = dates.iloc[0].strftime("%Y-%m-%d")
            if (day, precision.iloc[0]) != (row.date, row.precision):
                changes.update(date=day, precision=precision.iloc[0])
            return changes
        console.print(Text(f"{answer!r} is not a date: write YYYY-MM-DD, or YYYY-MM when only the month is known"))


def candidate_batch(path, candidates: list[dict], gazetteer: Gazetteer, scheme: Scheme) -> Batch:
    """`tracker extract`'s candidates from one article as a batch of proposals; each keeps its quote and the
    article's line where the quote starts."""
    from .extract import read_text

    article = read_text(path)
    rows = pd.DataFrame({c: ["" if x.get(c) is None else str(x.get(c)) for x in candidates]
                         for c in (*REQUIRED, *OPTIONAL)}, dtype=object)
    rows.insert(0, "line", [article.count("\n", 0, x["start"]) + 1 for x in candidates])
    rows["extra_cells"] = 0
    checked = check_rows(rows, gazetteer, scheme, file=str(path))
    if checked.errors:
        raise InputError(checked.errors)
    return Batch(str(path), checked.reports, hashlib.sha256(Path(path).read_bytes()).hexdigest())
