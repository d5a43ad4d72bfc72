"""The ledger: every report kept in SQLite with its provenance; imports are whole or nothing.

Each report has a content hash, so importing the same rows twice adds nothing. Each import is a batch
(file, its sha256, time) and each report keeps the file and line it came from. Reports from event data keep
their event's id and version: a newer version of an event replaces the reports of older ones (kept, marked
``replaced_in`` the batch that replaced them, and no longer read).
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem
from .gazetteer import Gazetteer
from .reports import check_file
from .scheme import Scheme

SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT NULL, imported_at TEXT NOT NULL,
    rows INTEGER NOT NULL, added INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, date TEXT NOT NULL, precision TEXT NOT NULL,
    unit_id TEXT NOT NULL, district TEXT NOT NULL, province TEXT NOT NULL, status TEXT NOT NULL,
    source TEXT NOT NULL, url TEXT, notes TEXT, claimed_by TEXT, confidence REAL, quote TEXT, mention TEXT,
    file TEXT NOT NULL, line INTEGER NOT NULL, batch_id INTEGER NOT NULL REFERENCES batches(id),
    event_id TEXT, event_version TEXT, replaced_in INTEGER REFERENCES batches(id));
CREATE INDEX IF NOT EXISTS reports_unit ON reports(unit_id, date);
CREATE TABLE IF NOT EXISTS events (  -- the latest version read of each event that gave or lost a report
    event_id TEXT PRIMARY KEY, version TEXT NOT NULL, batch_id INTEGER NOT NULL REFERENCES batches(id));
"""
EVENT_COLUMNS = {"event_id": "TEXT", "event_version": "TEXT", "replaced_in": "INTEGER REFERENCES batches(id)"}
CONTENT = ["date", "precision", "unit_id", "status", "source", "url", "notes", "claimed_by", "confidence", "quote"]
COLUMNS = ["line", "date", "precision", "unit_id", "district", "province", "status", "source", "url", "notes",
           "claimed_by", "confidence", "quote", "mention", "file", "batch_id", "event_id", "event_version"]
INSERTED = ["hash", "date", "precision", "unit_id", "district", "province", "status", "source", "url", "notes",
            "claimed_by", "confidence", "quote", "mention", "file", "line", "batch_id", "event_id", "event_version"]


def connect(path: str | Path, *, create: bool = False) -> sqlite3.Connection:
    """Open (or with ``create``, make) a ledger in WAL mode."""
    path = Path(path)
    if not create and not path.is_file():
        raise InputError(f"{path}: no such ledger; make one with `tracker import FILE --db {path}`")
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(SCHEMA)
        have = {row[1] for row in db.execute("PRAGMA table_info(reports)")}
        for column, kind in EVENT_COLUMNS.items():  # ledgers made before event imports
            if column not in have:
                db.execute(f"ALTER TABLE reports ADD COLUMN {column} {kind}")
        db.execute("CREATE INDEX IF NOT EXISTS reports_event ON reports(event_id)")
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}: not a tracker ledger ({exc})") from None
    return db


def content_hash(frame: pd.DataFrame) -> pd.Series:
    """A sha256 per row over what the report says (not where it came from)."""
    return pd.Series([hashlib.sha256("\x1f".join(map(str, row)).encode()).hexdigest()
                      for row in frame[CONTENT].itertuples(index=False)], index=frame.index)


@dataclass(frozen=True)
class Imported:
    file: str
    rows: int
    added: int
    replaced: int = 0  # reports of older versions of the same events, no longer read
    older: int = 0     # rows left out: the ledger holds a newer version of their event

    @property
    def duplicates(self) -> int:
        return self.rows - self.added - self.older


@dataclass(frozen=True)
class Batch:
    """Checked reports to write as one import batch (shaped as :func:`tracker.reports.check_file` gives them).

    ``events`` maps every event id read to its version, including events that gave no report: a newer
    reading of an event replaces the reports of its older versions even when it gives none.
    """

    file: str
    reports: pd.DataFrame
    sha256: str = ""
    events: dict[str, str] = field(default_factory=dict)


def import_files(db: sqlite3.Connection, paths: list[str | Path], gazetteer: Gazetteer, scheme: Scheme) -> list[Imported]:
    """Check every file, then write all of them in one transaction; any error anywhere writes nothing."""
    checked, problems = [], []
    for path in paths:
        try:
            result = check_file(path, gazetteer, scheme)
        except InputError as exc:
            problems += exc.problems
            continue
        problems += result.errors
        checked.append(Batch(str(path), result.reports, hashlib.sha256(Path(path).read_bytes()).hexdigest()))
    if problems:
        raise InputError(problems)
    return add_reports(db, checked)


def version_key(version: str) -> tuple:
    """Sort key of an event version: numbers (ACLED's Unix times) as numbers, after text; empty is oldest."""
    return (1, int(version), "") if version.isdigit() else (0, 0, version)


def newer(a: str, b: str) -> bool:
    """Is version ``a`` later than ``b``?"""
    return version_key(a) > version_key(b)


def add_reports(db: sqlite3.Connection, batches: list[Batch]) -> list[Imported]:
    """Write checked batches in one transaction: all of them, or nothing."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    results = []
    db.execute("BEGIN IMMEDIATE")
    try:
        for batch in batches:
            reports = batch.reports
            rows = reports.assign(date=reports.date.dt.strftime("%Y-%m-%d"), file=batch.file,
                                  quote=reports.get("quote", ""))
            rows["confidence"] = rows.confidence.astype(object).where(rows.confidence.notna(), None)
            for col in ("event_id", "event_version"):
                rows[col] = [v if isinstance(v, str) and v else None for v in rows[col]] if col in rows else None
            rows["hash"] = content_hash(rows)
            batch_id = db.execute("INSERT INTO batches (file, sha256, imported_at, rows, added) VALUES (?, ?, ?, ?, 0)",
                                  (batch.file, batch.sha256, now, len(rows))).lastrowid
            keep, replaced = revise(db, rows, batch.events, batch_id)
            before = db.total_changes
            db.executemany(f"INSERT OR IGNORE INTO reports ({', '.join(INSERTED)}) VALUES ({', '.join('?' * len(INSERTED))})",
                           rows[keep].assign(batch_id=batch_id)[INSERTED].itertuples(index=False, name=None))
            added = db.total_changes - before
            db.execute("UPDATE batches SET added = ? WHERE id = ?", (added, batch_id))
            results.append(Imported(batch.file, len(rows), added, replaced, int((~keep).sum())))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return results


def revise(db: sqlite3.Connection, rows: pd.DataFrame, events: dict[str, str], batch_id: int) -> tuple[pd.Series, int]:
    """Apply event versions before the rows are inserted. A reading of an event at least as new as the
    latest the ledger has seen replaces the event's current reports that it does not say again (and brings
    back a replaced one it says again); rows of an older reading are left out. Returns the rows to insert
    and the number of reports replaced."""
    seen = {**events, **{e: v or "" for e, v in zip(rows.event_id, rows.event_version) if e}}
    keep = pd.Series(True, index=rows.index)
    if not seen:
        return keep, 0
    known = {e: v for e, v in db.execute("SELECT event_id, version FROM events") if e in seen}
    fresh = {e for e, v in seen.items() if not newer(known.get(e, ""), v)}
    keep = pd.Series([not e or e in fresh for e in rows.event_id], index=rows.index)
    says = set(rows.hash[keep])
    stale = [(rid, event) for rid, event, digest in db.execute(
        "SELECT id, event_id, hash FROM reports WHERE event_id IS NOT NULL AND replaced_in IS NULL")
        if event in fresh and digest not in says]
    db.executemany("UPDATE reports SET replaced_in = ? WHERE id = ?", [(batch_id, rid) for rid, _ in stale])
    db.executemany("UPDATE reports SET replaced_in = NULL WHERE hash = ? AND replaced_in IS NOT NULL",
                   [(h,) for h, e in zip(rows.hash[keep], rows.event_id[keep]) if e])
    # the versions to remember: of events with reports, or whose reports this reading replaced
    remember = {e for e in rows.event_id[keep] if e} | {e for _, e in stale}
    db.executemany("INSERT OR REPLACE INTO events (event_id, version, batch_id) VALUES (?, ?, ?)",
                   [(e, seen[e], batch_id) for e in remember if known.get(e) != seen[e]])
    return keep, len(stale)


def read_reports(db: sqlite3.Connection, source: str | None = None) -> pd.DataFrame:
    """The ledger's reports in import order, shaped like :func:`tracker.reports.load_reports`'s result.

    ``source`` keeps only reports whose source contains it (case-insensitive).
    """
    query = f"SELECT {', '.join(COLUMNS)} FROM reports WHERE replaced_in IS NULL"
    params: tuple = ()
    if source:
        query += " AND instr(lower(source), lower(?)) > 0"
        params = (source,)
    frame = pd.read_sql_query(query + " ORDER BY id", db, params=params)
    frame["date"] = pd.to_datetime(frame.date)
    for col in ("url", "notes", "claimed_by", "quote", "mention", "event_id", "event_version"):
        frame[col] = frame[col].fillna("")
    return frame


def history(db: sqlite3.Connection, unit_id: str) -> pd.DataFrame:
    """Every report for one unit in date order, with its provenance."""
    frame = pd.read_sql_query(
        "SELECT r.date, r.status, r.source, r.url, r.quote, r.notes, r.claimed_by, r.file, r.line,"
        " b.id AS batch, b.imported_at FROM reports r JOIN batches b ON b.id = r.batch_id"
        " WHERE r.unit_id = ? ORDER BY r.date, r.id", db, params=(unit_id,))
    return frame


def problems_in(db_path: str | Path) -> list[Problem]:
    """SQLite's own integrity check, as problems (empty when the ledger is sound)."""
    rows = connect(db_path).execute("PRAGMA integrity_check").fetchall()
    return [] if rows == [("ok",)] else [Problem(str(db_path), None, r[0]) for r in rows]
