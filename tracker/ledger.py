"""The ledger: every report kept with its provenance, in SQLite (a file) or PostgreSQL (a server a team shares).

``--db`` takes a file path or ``postgresql://USER@HOST:PORT/DBNAME`` (password from PGPASSWORD or ~/.pgpass);
both hold the same schema (:mod:`tracker.migrations`) and give the same answers. A content hash makes
re-imports add nothing; each import is a batch (file, sha256, analyst, time) and each report keeps the file
and line it came from. A report is ``accepted`` (it counts), ``proposed`` (waiting for review) or ``rejected``.
Imports, decisions and edits are recorded in ``actions`` with the analyst, time and before/after values.
Reports from event data keep their event's id and version: a newer version of an event replaces the reports of
older ones (kept, marked ``replaced_in`` the batch that replaced them, and no longer read). Every write is one
transaction: all of it or nothing, even when the process is killed.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import pandas as pd
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from .errors import InputError, Problem
from .gazetteer import Gazetteer
from .migrations import VERSION, WORDS, fill_geometry, has_postgis, server_now, upgrade as migrate, version_of
from .reports import check_file
from .scheme import Scheme

CONTENT = ["date", "precision", "unit_id", "status", "source", "url", "notes", "claimed_by", "confidence", "quote"]
COLUMNS = ["line", "date", "precision", "unit_id", "district", "province", "status", "source", "url", "notes",
           "claimed_by", "confidence", "quote", "mention", "file", "batch_id", "event_id", "event_version"]
STORED = ["hash", "date", "precision", "unit_id", "district", "province", "status", "source", "url", "notes",
          "claimed_by", "confidence", "quote", "mention", "file", "line", "batch_id", "event_id", "event_version"]
TEXT_COLUMNS = ["url", "notes", "claimed_by", "quote", "mention", "event_id", "event_version"]
RETRIES = 6
T = TypeVar("T")


def default_analyst() -> str:
    """The OS user: who did it, when no ``--analyst`` is given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "unknown"


@dataclass
class Ledger:
    """An open ledger: its engine and a printable name (a path, or the URL without its password)."""

    engine: Engine
    name: str

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection in a read transaction (a consistent snapshot; writers are not blocked)."""
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except DBAPIError as exc:
            raise self.refused(exc, "could not read the ledger") from None

    def refused(self, exc: DBAPIError, what: str) -> InputError:
        """A database error (no server, no password or permission, not a ledger, a lock held too long) as a
        clear error for the user."""
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        hint = ("check that the file is a tracker ledger and that no other program keeps it locked"
                if self.dialect == "sqlite" else "check that the server runs, the address and your permissions; "
                                                 "the password comes from PGPASSWORD or ~/.pgpass")
        return InputError([Problem(self.name, None, f"{what}: {reason}", hint=hint)])

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work(conn)`` in one transaction and commit it, or roll all of it back.

        SQLite takes the write lock at the start (BEGIN IMMEDIATE: writers queue, readers go on); on
        PostgreSQL a transaction the server aborted to break a deadlock is run again.
        """
        for attempt in range(RETRIES):
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(tracker_write=True)
                    with conn.begin():
                        return work(conn)
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) not in ("40P01", "40001") or attempt == RETRIES - 1:
                    raise self.refused(exc, "nothing was written") from None
                time.sleep(0.02 * 2 ** attempt)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.engine.dispose()


def is_ledger(target: str | Path) -> bool:
    """Whether a path or address names a ledger (``.db``/``.sqlite`` file or a database URL) rather than a CSV."""
    target = str(target)
    return "://" in target or target.lower().endswith((".db", ".sqlite", ".sqlite3"))


def open_engine(target: str | Path) -> tuple[Engine, str]:
    """A SQLAlchemy engine for a file path (SQLite) or a ``postgresql://`` URL, and a name for messages."""
    target = str(target)
    if "://" not in target:
        engine = create_engine(URL.create("sqlite", database=target), connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def on_connect(dbapi, _record):
            dbapi.isolation_level = None  # transactions are begun below, not by the driver
            dbapi.execute("PRAGMA journal_mode=WAL")
            dbapi.execute("PRAGMA synchronous=NORMAL")

        @event.listens_for(engine, "begin")
        def on_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("tracker_write") else "BEGIN")
        return engine, target
    try:
        url = make_url(target)
    except ArgumentError:
        url = None
    if url is None or url.get_backend_name() not in ("postgresql", "postgres"):
        shown = url.render_as_string(hide_password=True) if url is not None else target
        raise InputError([Problem(shown, None, "not a ledger address tracker can use",
                                  hint="give a file path (SQLite) or postgresql://USER@HOST:PORT/DBNAME")])
    url = url.set(drivername="postgresql+psycopg")
    engine = create_engine(url, connect_args={"application_name": "tracker", "connect_timeout": 10})
    return engine, url.set(drivername="postgresql").render_as_string(hide_password=True)


def connect(target: str | Path, *, create: bool = False, analyst: str | None = None) -> Ledger:
    """Open the ledger at a path or URL (with ``create``, make it if the file or database is empty).

    A ledger of an earlier schema version must first be upgraded (``tracker db upgrade``); one of a later
    version needs a newer tracker. Both are clear errors, as are an unreachable server and a file that is
    not a ledger.
    """
    ledger, version = _open(target, create)
    if version == 0 and create:
        ledger.write(lambda conn: migrate(conn, analyst or default_analyst()))
    elif version == 0:
        raise InputError(f"{ledger.name}: no ledger here yet; make one with `tracker import FILE --db {ledger.name}`")
    elif version < VERSION:
        raise InputError([Problem(ledger.name, None, f"a ledger of schema version {version}; this tracker uses "
                                  f"version {VERSION}", hint=f"back it up, then run `tracker db upgrade --db {ledger.name}`")])
    return ledger


def _open(target: str | Path, create: bool) -> tuple[Ledger, int]:
    """The ledger and its schema version; a missing file (unless created) or a newer schema is an error."""
    if "://" not in str(target) and not create and not Path(target).is_file():
        raise InputError(f"{target}: no such ledger; make one with `tracker import FILE --db {target}`")
    ledger = Ledger(*open_engine(target))
    with ledger.reading() as conn:
        version = version_of(conn)
    if version > VERSION:
        raise InputError([Problem(ledger.name, None, f"written by a newer tracker (schema version {version}; "
                                  f"this one knows up to {VERSION})", hint="upgrade tracker")])
    return ledger, version


@dataclass(frozen=True)
class Upgraded:
    name: str
    before: int
    after: int
    postgis: bool


def upgrade(target: str | Path, analyst: str | None = None) -> Upgraded:
    """Bring a ledger's schema to this tracker's version (an empty database gets the whole schema), and add
    PostGIS to a PostgreSQL database where the server has it and the user may, for the GIS view."""
    ledger, _ = _open(target, create=False)
    try:
        before, after = ledger.write(lambda conn: migrate(conn, analyst or default_analyst(), postgis=True))
        with ledger.reading() as conn:
            return Upgraded(ledger.name, before, after, has_postgis(conn))
    finally:
        ledger.close()


def content_hash(frame: pd.DataFrame) -> pd.Series:
    """A sha256 per row over what the report says (not where it came from)."""
    return pd.Series([hashlib.sha256("\x1f".join(map(str, row)).encode()).hexdigest()
                      for row in zip(*plain_columns(frame[CONTENT]))], index=frame.index)


def plain_columns(frame: pd.DataFrame) -> list[list]:
    """Each column as a list of Python values (None for missing): fast to iterate, ready for a database driver."""
    return [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in frame.columns]


@dataclass(frozen=True)
class Imported:
    """What one file's import did: rows read, reports added, and what else happened to its rows."""

    file: str
    rows: int
    added: int
    replaced: int = 0      # reports of older versions of the same events, no longer read
    older: int = 0         # rows left out: the ledger holds a newer version of their event
    accepted: int = 0      # pending proposals with the same content, accepted by this (direct) import
    rejected: int = 0      # rows whose content a reviewer rejected before: not added again
    proposed: bool = False

    @property
    def duplicates(self) -> int:
        return self.rows - self.added - self.older


@dataclass(frozen=True)
class Batch:
    """Resolved reports (shaped like :func:`tracker.reports.load_reports`'s result) from one file.

    ``events`` maps every event id read to its version, including events that gave no report: a newer
    reading of an event replaces the reports of its older versions even when it gives none.
    """

    file: str
    reports: pd.DataFrame
    sha256: str = ""
    events: dict[str, str] = field(default_factory=dict)


def import_files(db: Ledger, paths: list[str | Path], gazetteer: Gazetteer, scheme: Scheme, *,
                 proposed: bool = False, analyst: str | None = None, units: pd.DataFrame | None = None) -> list[Imported]:
    """Check every file, then write all of them in one transaction; any error anywhere writes nothing.

    ``proposed`` puts the reports in the review queue instead of counting them at once; ``units`` (the
    boundaries, with geometry) are stored for the GIS view.
    """
    batches, problems = [], []
    for path in paths:
        try:
            result = check_file(path, gazetteer, scheme)
        except InputError as exc:
            problems += exc.problems
            continue
        problems += result.errors
        batches.append(Batch(str(path), result.reports, hashlib.sha256(Path(path).read_bytes()).hexdigest()))
    if problems:
        raise InputError(problems)
    return add_reports(db, batches, scheme, proposed=proposed, analyst=analyst, units=units)


def stored_rows(batch: Batch) -> pd.DataFrame:
    """A batch's reports as the ledger stores them, with their content hashes."""
    reports = batch.reports
    rows = reports.assign(date=reports.date.dt.strftime("%Y-%m-%d"), file=batch.file,
                          quote=reports.get("quote", ""), mention=reports.get("mention", reports.district))
    rows["confidence"] = rows.confidence.astype(object).where(rows.confidence.notna(), None)
    for col in ("url", "notes", "claimed_by", "quote", "mention"):
        rows[col] = rows[col].fillna("").astype(str)
    for col in ("event_id", "event_version"):
        rows[col] = [v if isinstance(v, str) and v else None for v in rows[col]] if col in rows else None
    rows["hash"] = content_hash(rows)
    return rows


def version_key(version: str) -> tuple:
    """Sort key of an event version: numbers (ACLED's Unix times) as numbers, after text; empty is oldest."""
    return (1, int(version), "") if version.isdigit() else (0, 0, version)


def newer(a: str, b: str) -> bool:
    """Is version ``a`` later than ``b``?"""
    return version_key(a) > version_key(b)


def add_reports(db: Ledger, batches: list[Batch], scheme: Scheme | None = None, *, proposed: bool = False,
                analyst: str | None = None, units: pd.DataFrame | None = None) -> list[Imported]:
    """Write resolved reports, one batch per file, in one transaction; content already held is not added.

    A direct (not ``proposed``) import of content that waits in the review queue accepts it, recorded as the
    importer's decision; content a reviewer rejected stays rejected. ``scheme`` tells the GIS view which
    statuses are the contested and the unconfirmed ones.
    """
    analyst = analyst or default_analyst()
    prepared = [(b, stored_rows(b)) for b in batches]

    def work(conn: Connection) -> list[Imported]:
        now = server_now(conn)
        if scheme is not None:
            store_roles(conn, scheme)
        if units is not None:
            store_units(conn, units)
        review = "proposed" if proposed else "accepted"
        words = WORDS[conn.dialect.name]
        conn.execute(text(f"CREATE TEMP TABLE staging (hash TEXT, date {words['date']}, precision TEXT, unit_id TEXT,"
                          " district TEXT, province TEXT, status TEXT, source TEXT, url TEXT, notes TEXT, claimed_by TEXT,"
                          f" confidence {words['real']}, quote TEXT, mention TEXT, file TEXT, line INTEGER,"
                          " batch_id INTEGER, event_id TEXT, event_version TEXT)"))
        # The first of equal rows wins. PostgreSQL: in hash order, so that two imports of overlapping rows lock
        # them in the same order and never deadlock; SQLite has one writer at a time: in file order.
        order = "hash, line" if conn.dialect.name == "postgresql" else "line"
        results = []
        for batch, rows in prepared:
            sha = batch.sha256 or hashlib.sha256("".join(rows.hash).encode()).hexdigest()
            batch_id = conn.execute(text(
                "INSERT INTO batches (file, sha256, imported_at, rows, added, analyst) VALUES (:f, :s, :t, :n, 0, :a)"
                " RETURNING id"), {"f": batch.file, "s": sha, "t": now, "n": len(rows), "a": analyst}).scalar_one()
            keep, replaced = revise(conn, rows, batch.events, batch_id)
            stage(conn, rows[keep].assign(batch_id=batch_id)[STORED])
            conn.execute(text(f"INSERT INTO reports ({', '.join(STORED)}, review) SELECT {', '.join(STORED)},"
                              f" '{review}' FROM staging WHERE true ORDER BY {order} ON CONFLICT (hash) DO NOTHING"))
            accepted = 0 if proposed else accept_queued(conn, now, analyst, batch_id)
            added = conn.execute(text("SELECT count(*) FROM reports WHERE batch_id = :b"), {"b": batch_id}).scalar()
            rejected = conn.execute(text(
                "SELECT count(*) FROM reports r CROSS JOIN staging s WHERE r.review = 'rejected' AND s.hash = r.hash"
            )).scalar() if conn.execute(text("SELECT 1 FROM reports WHERE review = 'rejected' LIMIT 1")).first() else 0
            conn.execute(text("DELETE FROM staging"))
            done = Imported(batch.file, len(rows), added, replaced, int((~keep).sum()), accepted, rejected, proposed)
            conn.execute(text("UPDATE batches SET added = :n WHERE id = :i"), {"n": done.added, "i": batch_id})
            record(conn, now, analyst, "import", batch_id=batch_id, after={
                "file": batch.file, "rows": done.rows, "added": done.added, "review": review,
                "replaced": done.replaced, "older": done.older, "accepted_from_queue": done.accepted,
                "rejected_before": done.rejected})
            results.append(done)
        conn.execute(text("DROP TABLE staging"))
        fill_geometry(conn)
        return results

    return db.write(work)


def stage(conn: Connection, rows: pd.DataFrame) -> None:
    """Load rows into the temporary ``staging`` table (PostgreSQL: COPY, the fast path)."""
    driver = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        # Every value quoted (a quoted empty string is text, and a field "\\." cannot end the data); only an
        # empty confidence, event id or version is NULL.
        with driver.cursor().copy(f"COPY staging ({', '.join(STORED)}) FROM STDIN (FORMAT csv,"
                                  " FORCE_NULL (confidence, event_id, event_version))") as copy:
            copy.write(rows.to_csv(index=False, header=False, quoting=csv.QUOTE_ALL))
    else:
        driver.executemany(f"INSERT INTO staging ({', '.join(STORED)}) VALUES ({', '.join('?' * len(STORED))})",
                           zip(*plain_columns(rows)))


def revise(conn: Connection, rows: pd.DataFrame, events: dict[str, str], batch_id: int) -> tuple[pd.Series, int]:
    """Apply event versions before the rows are inserted. A reading of an event at least as new as the
    latest the ledger has seen replaces the event's current reports that it does not say again (and brings
    back a replaced one it says again); rows of an older reading are left out. Returns the rows to insert
    and the number of reports replaced."""
    seen = {**events, **{e: v or "" for e, v in zip(rows.event_id, rows.event_version) if e}}
    keep = pd.Series(True, index=rows.index)
    if not seen:
        return keep, 0
    known = {e: v for e, v in conn.execute(text("SELECT event_id, version FROM events")) if e in seen}
    fresh = {e for e, v in seen.items() if not newer(known.get(e, ""), v)}
    keep = pd.Series([not e or e in fresh for e in rows.event_id], index=rows.index)
    says = set(rows.hash[keep])
    stale = [(rid, event) for rid, event, digest in conn.execute(text(
        "SELECT id, event_id, hash FROM reports WHERE event_id IS NOT NULL AND replaced_in IS NULL"))
        if event in fresh and digest not in says]
    if stale:
        conn.execute(text("UPDATE reports SET replaced_in = :b WHERE id = :i"), [{"b": batch_id, "i": r} for r, _ in stale])
    back = [{"h": h} for h, e in zip(rows.hash[keep], rows.event_id[keep]) if e]
    if back:
        conn.execute(text("UPDATE reports SET replaced_in = NULL WHERE hash = :h AND replaced_in IS NOT NULL"), back)
    # the versions to remember: of events with reports, or whose reports this reading replaced
    remember = {e for e in rows.event_id[keep] if e} | {e for _, e in stale}
    changed = [{"e": e, "v": seen[e], "b": batch_id} for e in remember if known.get(e) != seen[e]]
    if changed:
        conn.execute(text("INSERT INTO events (event_id, version, batch_id) VALUES (:e, :v, :b) ON CONFLICT (event_id)"
                          " DO UPDATE SET version = excluded.version, batch_id = excluded.batch_id"), changed)
    return keep, len(stale)


def accept_queued(conn: Connection, now: str, analyst: str, batch_id: int) -> int:
    """Accept pending proposals whose content a direct import brings again (recorded as the importer's decision)."""
    found = [r[0] for r in conn.execute(text(
        "UPDATE reports SET review = 'accepted' WHERE review = 'proposed' AND replaced_in IS NULL"
        " AND hash IN (SELECT hash FROM staging) RETURNING id"))]
    record_many(conn, now, analyst, "accept", found, [batch_id] * len(found), before={"review": "proposed"},
                after={"review": "accepted"}, note="imported again as accepted")
    return len(found)


def record(conn: Connection, at: str, analyst: str, action: str, *, report_id: int | None = None,
           batch_id: int | None = None, before: dict | None = None, after: dict | None = None, note: str = "") -> None:
    """One line of who did what: an import, a decision, an edit, an upgrade."""
    conn.execute(text("INSERT INTO actions (at, analyst, action, report_id, batch_id, before, after, note)"
                      " VALUES (:at, :who, :what, :r, :b, :before, :after, :note)"),
                 {"at": at, "who": analyst, "what": action, "r": report_id, "b": batch_id,
                  "before": json.dumps(before, ensure_ascii=False) if before is not None else None,
                  "after": json.dumps(after, ensure_ascii=False) if after is not None else None, "note": note})


def record_many(conn: Connection, at: str, analyst: str, action: str, report_ids: list[int],
                batch_ids: list[int | None] | None = None, *, before: dict, after: dict, note: str = "") -> None:
    """The same action on many reports (a bulk decision), one line each, in one round trip."""
    if not report_ids:
        return
    before_text, after_text = json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False)
    conn.execute(text("INSERT INTO actions (at, analyst, action, report_id, batch_id, before, after, note)"
                      " VALUES (:at, :who, :what, :r, :b, :before, :after, :note)"),
                 [{"at": at, "who": analyst, "what": action, "r": r, "b": b, "before": before_text,
                   "after": after_text, "note": note} for r, b in zip(report_ids, batch_ids or [None] * len(report_ids))])


def store_roles(conn: Connection, scheme: Scheme) -> None:
    """Tell the GIS view the scheme's contested, unconfirmed and no-data keys."""
    held = dict(conn.execute(text("SELECT key, value FROM settings")).all())
    wanted = {"contested": scheme.contested, "unconfirmed": scheme.unconfirmed or "", "no_data": scheme.no_data.key}
    for key, value in wanted.items():
        if held.get(key) != value:
            conn.execute(text("INSERT INTO settings (key, value) VALUES (:k, :v)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value"), {"k": key, "v": value})


def store_units(conn: Connection, units: pd.DataFrame) -> None:
    """Add the districts the ledger does not hold yet (id, names, geometry as WKT) for the GIS view."""
    held = {row[0] for row in conn.execute(text("SELECT unit_id FROM units"))}
    new = units[~units.unit_id.isin(held)]
    if new.empty:
        return
    import shapely

    wkt = shapely.to_wkt(new.geometry.to_numpy(), rounding_precision=-1) if "geometry" in new else [None] * len(new)
    conn.execute(text("INSERT INTO units (unit_id, district, province, geometry_wkt) VALUES (:u, :d, :p, :g)"
                      " ON CONFLICT (unit_id) DO NOTHING"),
                 [{"u": u, "d": d, "p": p, "g": g} for u, d, p, g in zip(new.unit_id, new.district, new.province, wkt)])


def read_reports(db: Ledger, source: str | None = None, *, review: str = "accepted") -> pd.DataFrame:
    """The ledger's reports in import order, shaped like :func:`tracker.reports.load_reports`'s result.

    Only accepted reports that no newer version of their event replaced count (``review`` picks proposed or
    rejected ones instead); ``source`` keeps only reports whose source contains it (case-insensitive).
    """
    with db.reading() as conn:
        frame = pd.read_sql_query(text(f"SELECT {', '.join(COLUMNS)} FROM reports WHERE review = :review"
                                       " AND replaced_in IS NULL ORDER BY batch_id, line, id"), conn,
                                  params={"review": review})
    return shape(frame, source)


def shape(frame: pd.DataFrame, source: str | None = None) -> pd.DataFrame:
    """Dates as datetimes, empty text as "", optionally only the reports whose source contains ``source``."""
    frame["date"] = pd.to_datetime(frame.date)
    frame["confidence"] = frame.confidence.astype(float)
    for col in TEXT_COLUMNS:
        frame[col] = frame[col].fillna("")
    if source:
        frame = frame[frame.source.str.lower().str.contains(source.lower(), regex=False)].reset_index(drop=True)
    return frame


def history(db: Ledger, unit_id: str) -> pd.DataFrame:
    """Every report for one unit (accepted, proposed, rejected, replaced by a newer version of its event) in date
    order, with its provenance."""
    with db.reading() as conn:
        frame = pd.read_sql_query(text(
            "SELECT r.id, r.date, r.status, CASE WHEN r.replaced_in IS NULL THEN r.review ELSE 'replaced' END AS review,"
            " r.source, r.url, r.quote, r.notes, r.claimed_by, r.file, r.line,"
            " b.id AS batch, b.imported_at, b.analyst FROM reports r JOIN batches b ON b.id = r.batch_id"
            " WHERE r.unit_id = :u ORDER BY r.date, r.batch_id, r.line, r.id"), conn, params={"u": unit_id})
    frame["date"] = pd.to_datetime(frame.date).dt.strftime("%Y-%m-%d")
    return frame.fillna({"quote": "", "notes": "", "url": "", "claimed_by": "", "analyst": ""})


def actions(db: Ledger, unit_id: str | None = None, analyst: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Who did what, newest first: imports, decisions, edits and upgrades; for one unit, the actions on its
    reports (and on reports edited away from it) and the imports that brought them; for one analyst.

    Columns: id, at, analyst, action, report_id, batch_id, before, after (dicts or None), note, file (of the
    batch), date, district, province, status (of the report).
    """
    where, params = [], {}
    if unit_id is not None:
        where.append("(r.unit_id = :u OR a.before LIKE :moved OR a.action = 'import' AND a.batch_id IN"
                     " (SELECT batch_id FROM reports WHERE unit_id = :u))")
        params.update(u=unit_id, moved=f'%"unit_id": {json.dumps(unit_id)}%')
    if analyst is not None:
        where.append("a.analyst = :who")
        params["who"] = analyst
    sql = ("SELECT a.id, a.at, a.analyst, a.action, a.report_id, a.batch_id, a.before, a.after, a.note, b.file,"
           " r.date, r.district, r.province, r.status FROM actions a LEFT JOIN reports r ON r.id = a.report_id"
           " LEFT JOIN batches b ON b.id = a.batch_id" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY a.id DESC" + (f" LIMIT {int(limit)}" if limit else ""))
    with db.reading() as conn:
        frame = pd.read_sql_query(text(sql), conn, params=params)
    for col in ("before", "after"):
        frame[col] = [json.loads(v) if isinstance(v, str) else None for v in frame[col]]
    frame["date"] = pd.to_datetime(frame.date).dt.strftime("%Y-%m-%d")
    return frame


def problems_in(db: Ledger) -> list[Problem]:
    """What is unsound in a ledger: SQLite's own integrity check, then reports without a batch or with an
    unknown review state (empty when the ledger is sound)."""
    found = []
    with db.reading() as conn:
        if db.dialect == "sqlite":
            rows = conn.exec_driver_sql("PRAGMA integrity_check").all()
            found += [] if rows == [("ok",)] else [Problem(db.name, None, r[0]) for r in rows]
        orphans = conn.execute(text("SELECT count(*) FROM reports r LEFT JOIN batches b ON b.id = r.batch_id"
                                    " WHERE b.id IS NULL")).scalar()
        unknown = conn.execute(text("SELECT count(*) FROM reports WHERE review NOT IN"
                                    " ('accepted', 'proposed', 'rejected')")).scalar()
    if orphans:
        found.append(Problem(db.name, None, f"{orphans} report(s) without their import batch"))
    if unknown:
        found.append(Problem(db.name, None, f"{unknown} report(s) with an unknown review state"))
    return found
