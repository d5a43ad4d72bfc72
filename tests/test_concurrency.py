"""Two analysts at once against a real PostgreSQL server, and imports killed mid-write: never a report lost or
doubled, never a proposal decided twice, all of an import or none of it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg
import pytest
from pgcluster import USER

from tracker.ledger import actions, connect

WORKER = """
import os, sys, time
from tracker.context import open_context
from tracker.ledger import connect, import_files
from tracker.review import decide, decide_in_bulk, pending
url, analyst, barrier, *files = sys.argv[1:]
ctx = open_context(download=False)
ctx.gazetteer
db = connect(url)
print("ready", flush=True)
while not os.path.exists(barrier):
    time.sleep(0.002)
late, bulk = 0, {"accepted": 0, "rejected": 0}
for i, path in enumerate(files):
    import_files(db, [path], ctx.gazetteer, ctx.scheme, proposed=i % 2 == 0, analyst=analyst)
    for row in pending(db).head(60).itertuples():
        late += not decide(db, row.id, "accepted" if row.id % 3 else "rejected", analyst).done
    for decision, n in decide_in_bulk(db, analyst, above=0.8, below=0.1).items():  # bulk, while others decide
        bulk[decision] += n
print("late decisions", late, "bulk", bulk, flush=True)
"""

IMPORT = """
import sys
from tracker.context import open_context
from tracker.ledger import connect, import_files
ctx = open_context(download=False)
ctx.gazetteer
db = connect(sys.argv[1])
print("ready", flush=True)
import_files(db, [sys.argv[2]], ctx.gazetteer, ctx.scheme, analyst="kill-test")
print("done", flush=True)
"""


def sheets(folder: Path, units, files: int, rows: int) -> tuple[list[Path], int]:
    """``files`` overlapping sheets cut from one pool of distinct reports: each shares half its rows with the
    next. Returns the paths and the number of distinct reports."""
    rng = np.random.default_rng(7)
    total = rows // 2 * (files + 1)
    picked = units.iloc[rng.integers(0, len(units), total)]
    pool = pd.DataFrame({
        "date": (pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 900, total), unit="D")).strftime("%Y-%m-%d"),
        "district": picked.district.to_numpy(), "province": picked.province.to_numpy(),
        "status": rng.choice(["controlled", "contested", "government", "unconfirmed"], total),
        "source": "Wire", "url": "", "notes": [f"event {i}" for i in range(total)],
        "confidence": rng.uniform(0, 1, total).round(2)})
    paths = []
    for k in range(files):
        path = folder / f"sheet{k}.csv"
        pool.iloc[k * rows // 2: k * rows // 2 + rows].to_csv(path, index=False)
        paths.append(path)
    return paths, total


def scalar(db, sql):
    with db.reading() as conn:
        return conn.exec_driver_sql(sql).scalar()


def test_two_analysts_importing_and_reviewing_at_once(pg, tmp_path, units, geodata_dir):
    url = pg.new_database("two_analysts")
    paths, distinct = sheets(tmp_path, units, files=8, rows=1200)
    connect(url, create=True).close()
    barrier = tmp_path / "go"
    orders = {"alice": paths, "bob": paths[::-1]}  # both import every sheet, in opposite orders
    procs = {name: subprocess.Popen([sys.executable, "-c", WORKER, url, name, str(barrier), *map(str, files)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name, files in orders.items()}
    for proc in procs.values():
        assert proc.stdout.readline().strip() == "ready"
    barrier.touch()
    outputs = {name: proc.communicate(timeout=600) for name, proc in procs.items()}
    for name, proc in procs.items():
        assert proc.returncode == 0, outputs[name][1]
        print(name, outputs[name][0].strip())

    db = connect(url)
    assert scalar(db, "SELECT count(*) FROM reports") == distinct               # none lost, none doubled
    assert scalar(db, "SELECT count(DISTINCT hash) FROM reports") == distinct
    assert scalar(db, "SELECT sum(added) FROM batches") == distinct             # each report added by one batch
    assert scalar(db, "SELECT count(*) FROM batches") == 2 * len(paths)
    log = actions(db)
    imports = log[log.action == "import"]
    assert len(imports) == 2 * len(paths) and imports.batch_id.is_unique
    decisions = log[log.action.isin(["accept", "reject"])]
    assert decisions.report_id.is_unique                                        # no proposal decided twice
    assert set(decisions.analyst) == {"alice", "bob"}
    with db.reading() as conn:
        reports = pd.read_sql_query("SELECT r.id, r.review, b.id AS batch FROM reports r JOIN batches b"
                                    " ON b.id = r.batch_id", conn).set_index("id")
    proposed_batches = {a["batch_id"] for _, a in imports.iterrows() if a.after["review"] == "proposed"}
    came_proposed = reports.batch.isin(proposed_batches)
    decided = reports.index.isin(decisions.report_id)
    assert not (decided & ~came_proposed).any()                                 # direct imports need no decision
    assert (decided == (came_proposed & (reports.review != "proposed"))).all()  # every decision recorded, once
    verdict = decisions.set_index("report_id").action.map({"accept": "accepted", "reject": "rejected"})
    assert (reports.review[verdict.index] == verdict).all()


def writing(watch, database: str) -> bool:
    """Whether an importer's transaction is writing reports (COPY into staging or INSERT into reports)."""
    return bool(watch.execute("SELECT 1 FROM pg_stat_activity WHERE application_name = 'tracker' AND datname = %s"
                              " AND xact_start IS NOT NULL AND query ~ '^(COPY|INSERT)'", (database,)).fetchall())


def wait_for_writer(watch, database: str, proc: subprocess.Popen, delay: float | None) -> bool:
    """Wait ``delay`` seconds, or (None) until the importer's transaction is writing; True if it was writing."""
    start = time.monotonic()
    while time.monotonic() < start + 60 and proc.poll() is None:
        busy = writing(watch, database)
        if busy and delay is None or delay is not None and time.monotonic() - start > delay:
            return busy
        time.sleep(0.003)
    return False


def test_killed_import_leaves_all_or_nothing_on_postgres(pg, tmp_path, units, geodata_dir):
    from test_ledger import big_sheet

    sheet = big_sheet(tmp_path / "big.csv", units, 60_000)
    url = pg.new_database("killed")
    db = connect(url, create=True)
    watch = psycopg.connect(host="127.0.0.1", port=pg.port, user=USER, dbname="killed", autocommit=True)
    outcomes, mid_write = [], 0
    for delay in (0.05, None, None):  # None: kill once the transaction is writing (COPY or INSERT)
        proc = subprocess.Popen([sys.executable, "-c", IMPORT, url, str(sheet)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        mid_write += wait_for_writer(watch, "killed", proc, delay)
        if proc.poll() is None:  # else the import finished before the kill
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for _ in range(500):  # the server notices the lost client and rolls its transaction back
            if not watch.execute("SELECT 1 FROM pg_stat_activity WHERE application_name = 'tracker'"
                                 " AND datname = 'killed'").fetchall():
                break
            time.sleep(0.01)
        held = scalar(db, "SELECT count(*) FROM reports")
        outcomes.append(held)
        assert held in (0, 60_000)
        assert scalar(db, "SELECT count(*) FROM batches") == (held > 0) == scalar(
            db, "SELECT count(*) FROM actions WHERE action = 'import'")
        if held:
            break
    assert mid_write >= 1, "no kill landed while the transaction was writing"
    print("rows held after each kill:", outcomes, "- kills during the write:", mid_write)
    done = subprocess.run([sys.executable, "-c", IMPORT, url, str(sheet)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert scalar(db, "SELECT count(*) FROM reports") == 60_000


@pytest.fixture(autouse=True)
def _tests_folder_importable():
    """test_ledger's sheet maker, shared."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
