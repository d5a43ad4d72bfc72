"""The ledger: every report kept in SQLite with its provenance; imports are whole or nothing.

Each report has a content hash, so importing the same rows twice adds nothing. Each import is a batch
(file, its sha256, time) and each report keeps the file and line it came from.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
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
    file TEXT NOT NULL, line INTEGER NOT NULL, batch_id INTEGER NOT NULL REFERENCES batches(id));
CREATE INDEX IF NOT EXISTS reports_unit ON reports(unit_id, date);
"""
CONTENT = ["date", "precision", "unit_id", "status", "source", "url", "notes", "claimed_by", "confidence", "quote"]
COLUMNS = ["line", "date", "precision", "unit_id", "district", "province", "status", "source", "url", "notes",
           "claimed_by", "confidence", "quote", "mention", "file", "batch_id"]


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

    @property
    def duplicates(self) -> int:
        return self.rows - self.added


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
        checked.append((Path(path), result.reports))
    if problems:
        raise InputError(problems)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    results = []
    db.execute("BEGIN IMMEDIATE")
    try:
        for path, reports in checked:
            rows = reports.assign(date=reports.date.dt.strftime("%Y-%m-%d"), file=str(path),
                                  quote=reports.get("quote", ""))
            rows["confidence"] = rows.confidence.astype(object).where(rows.confidence.notna(), None)
            rows["hash"] = content_hash(rows)
            batch = db.execute("INSERT INTO batches (file, sha256, imported_at, rows, added) VALUES (?, ?, ?, ?, 0)",
                               (str(path), hashlib.sha256(path.read_bytes()).hexdigest(), now, len(rows))).lastrowid
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO reports (hash, date, precision, unit_id, district, province, status, source, url,"
                " notes, claimed_by, confidence, quote, mention, file, line, batch_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows.assign(batch_id=batch)[["hash", "date", "precision", "unit_id", "district", "province", "status",
                                             "source", "url", "notes", "claimed_by", "confidence", "quote", "mention",
                                             "file", "line", "batch_id"]].itertuples(index=False, name=None))
            added = db.total_changes - before
            db.execute("UPDATE batches SET added = ? WHERE id = ?", (added, batch))
            results.append(Imported(str(path), len(rows), added))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return results


def read_reports(db: sqlite3.Connection, source: str | None = None) -> pd.DataFrame:
    """The ledger's reports in import order, shaped like :func:`tracker.reports.load_reports`'s result.

    ``source`` keeps only reports whose source contains it (case-insensitive).
    """
    query = f"SELECT {', '.join(COLUMNS)} FROM reports"
    params: tuple = ()
    if source:
        query += " WHERE instr(lower(source), lower(?)) > 0"
        params = (source,)
    frame = pd.read_sql_query(query + " ORDER BY id", db, params=params)
    frame["date"] = pd.to_datetime(frame.date)
    for col in ("url", "notes", "claimed_by", "quote", "mention"):
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
