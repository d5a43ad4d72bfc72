"""The ledger and its companions: import whole or nothing, provenance, history, policy, staleness,
schemes, compare, export, and crash safety (SIGKILL mid-import). Ledger tests run on SQLite and on a real
PostgreSQL server (the ``ledger_url`` fixture)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from tracker.compare import kappa
from tracker.errors import InputError
from tracker.ledger import connect, import_files, read_reports
from tracker.policy import apply_policy, load_policy
from tracker.reports import load_reports
from tracker.scheme import load_scheme
from tracker.state import state_on
from tracker.stats import summary

SRC = "LWJ,https://www.longwarjournal.org/x"
EXAMPLE = Path(__file__).resolve().parent.parent / "tracker" / "examples" / "afghanistan.csv"
ROWS = len(pd.read_csv(EXAMPLE))


def count(db_path) -> int:
    return sqlite3.connect(db_path).execute("SELECT count(*) FROM reports").fetchone()[0]


def scalar(db, sql: str):
    with db.reading() as conn:
        return conn.exec_driver_sql(sql).scalar()


def test_import_twice_adds_nothing_and_keeps_provenance(ledger_url, gazetteer, scheme):
    db = connect(ledger_url, create=True)
    first = import_files(db, [EXAMPLE], gazetteer, scheme)[0]
    again = import_files(db, [EXAMPLE], gazetteer, scheme)[0]
    assert (first.added, again.added, again.duplicates) == (ROWS, 0, ROWS)
    reports = read_reports(db)
    assert len(reports) == ROWS and set(reports.batch_id) == {1}
    assert reports.line.iloc[0] == 2 and reports.file.iloc[0] == str(EXAMPLE)
    assert list(reports.line) == sorted(reports.line)  # rows in their file order (line numbers), as load_reports gives them
    if db.dialect == "sqlite":
        assert scalar(db, "PRAGMA journal_mode") == "wal"
    assert scalar(db, "SELECT count(*) FROM batches") == 2


def test_bad_file_writes_nothing_and_lists_every_problem(ledger_url, write_csv, gazetteer, scheme):
    bad = write_csv(f"2021-08-08,Kunduz,Kunduz,controlled,{SRC},", f"2021-08-08,Nowhere,,controlled,{SRC},",
                    f"2021-08-99,Kunduz,Kunduz,controlled,{SRC},")
    db = connect(ledger_url, create=True)
    with pytest.raises(InputError) as caught:
        import_files(db, [EXAMPLE, bad], gazetteer, scheme)
    assert [p.line for p in caught.value.problems] == [3, 4]
    assert scalar(db, "SELECT count(*) FROM reports") == scalar(db, "SELECT count(*) FROM batches") == 0


def test_stats_from_the_ledger_equal_stats_from_the_csv(cli, ledger_url, geodata_dir):
    db = ledger_url
    assert cli("import", EXAMPLE, "--db", db).exit_code == 0
    result = cli("import", EXAMPLE, "--db", db)
    assert f"0 of {ROWS} reports added, {ROWS} already in the ledger" in result.stdout
    for date in ("2019-10-02", "2021-08-16"):
        from_csv = cli("stats", EXAMPLE, "--date", date, "--format", "json").stdout
        assert cli("stats", "--db", db, "--date", date, "--format", "json").stdout == from_csv
    assert cli("stats", "--date", "2021-08-16").exit_code == 2  # neither a file nor --db
    history = cli("history", "Taloqan", "--db", db)
    assert history.exit_code == 0 and "2 reports" in history.stdout and "from 2021-08-08: controlled" in history.stdout
    assert cli("history", "Baharak", "--db", db).exit_code == 3


def test_policy_tiers_and_confirmation(write_csv, gazetteer, scheme, units):
    path = write_csv("2021-08-01,Kunduz,Kunduz,government,Ministry of Defense statement,,",
                     "2021-08-01,Kunduz,Kunduz,controlled,Long War Journal,,",
                     "2021-08-03,Taloqan,Takhar,unconfirmed,Taliban spokesman,,",
                     "2021-08-05,Taloqan,Takhar,unconfirmed,Reuters,,",
                     "2021-08-03,Farah,Farah,unconfirmed,Taliban spokesman,,",
                     "2021-08-30,Farah,Farah,unconfirmed,Reuters,,")
    reports = load_reports(path, gazetteer, scheme)
    core = state_on(reports, units, scheme, "2021-08-10").set_index("district")
    assert core.status[["Kunduz", "Taluqan"]].tolist() == ["contested", "unconfirmed"]
    policy = load_policy("reliability", scheme)
    read = state_on(apply_policy(reports, policy, scheme), units, scheme, "2021-08-10").set_index("district")
    assert read.status[["Kunduz", "Taluqan", "Farah"]].tolist() == ["controlled", "controlled", "unconfirmed"]
    later = state_on(apply_policy(reports, policy, scheme), units, scheme, "2021-09-01").set_index("district")
    assert later.status["Farah"] == "unconfirmed"  # 27 days apart: outside the 7-day window


def test_bad_policy_is_a_clear_error(tmp_path, scheme):
    path = tmp_path / "p.toml"
    path.write_text('same_day = "coin toss"\n')
    with pytest.raises(InputError, match="same_day"):
        load_policy(path, scheme)


def test_staleness_counts_apart(write_csv, gazetteer, scheme, units):
    reports = load_reports(write_csv(f"2021-01-01,Kunduz,Kunduz,controlled,{SRC},",
                                     f"2021-08-01,Farah,Farah,government,{SRC},"), gazetteer, scheme)
    state = state_on(reports, units, scheme, "2021-08-10", stale_after=30)
    result = summary(state, units, scheme, "2021-08-10")
    assert result["by_status"]["controlled"]["units"] == 0 and result["by_status"]["government"]["units"] == 1
    assert result["stale"]["units"] == 1 and result["stale"]["by_status"] == {"controlled": 1}


def test_sigar_scheme_and_compare(cli, write_csv, tmp_path, geodata_dir):
    a = write_csv(f"2021-08-01,Kunduz,Kunduz,controlled,{SRC},", f"2021-08-01,Taloqan,Takhar,government,{SRC},",
                  f"2021-08-01,Herat,Herat,contested,{SRC},", f"2021-08-01,Kandahar,Kandahar,government,{SRC},", name="a.csv")
    b = write_csv("2021-08-01,Kunduz,Kunduz,insurgent_influence,SIGAR,,", "2021-08-01,Taloqan,Takhar,government_control,SIGAR,,",
                  "2021-08-01,Herat,Herat,contested,SIGAR,,", "2021-08-01,Kandahar,Kandahar,contested,SIGAR,,", name="b.csv")
    assert len(load_scheme("sigar5").statuses) == 5
    assert cli("validate", b, "--scheme", "sigar5").exit_code == 0
    assert cli("compare", a, b, "--date", "2021-08-05", "--scheme-b", "sigar5").exit_code == 1  # no mapping
    out = tmp_path / "c.html"
    result = cli("compare", a, b, "--date", "2021-08-05", "--scheme-b", "sigar5", "--map-a-to-b", "default-to-sigar5",
                 "--format", "json", "--out", out)
    data = json.loads(result.stdout)
    assert (data["compared"], data["agree"], data["agreement"], data["kappa"]) == (4, 2, 0.5, 0.3333)
    assert {d["district"] for d in data["disagree"]} == {"Kunduz", "Kandahar"}
    assert "agreement 50%" in out.read_text()


def test_kappa_known_values():
    perfect = pd.DataFrame([[3, 0], [0, 2]])
    assert kappa(perfect) == 1.0
    chance = pd.DataFrame([[1, 1], [1, 1]])
    assert kappa(chance) == 0.0


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet", "csv"])
def test_export_reads_back(cli, tmp_path, fmt, geodata_dir):
    out = tmp_path / f"x.{fmt}"
    assert cli("export", EXAMPLE, "--date", "2021-08-16", "--out", out, "--stale-after", "90").exit_code == 0
    frame = pd.read_csv(out) if fmt == "csv" else gpd.read_parquet(out) if fmt == "parquet" else gpd.read_file(out)
    stats = json.loads(cli("stats", EXAMPLE, "--date", "2021-08-16", "--format", "json").stdout)
    assert len(frame) == 398 and (frame.status == "controlled").sum() == stats["by_status"]["controlled"]["units"] > 40
    assert {"unit_id", "status", "since", "last_report", "source", "stale"} <= set(frame.columns)
    if fmt != "csv":
        assert frame.crs.to_epsg() == 4326


IMPORT = """
import sys
from tracker.context import open_context
from tracker.ledger import connect, import_files
ctx = open_context(download=False)
ctx.gazetteer
print("ready", flush=True)
import_files(connect(sys.argv[1], create=True), [sys.argv[2]], ctx.gazetteer, ctx.scheme)
print("done", flush=True)
"""


def big_sheet(path: Path, units, n: int) -> Path:
    rows = units.sample(n, replace=True, random_state=3)
    days = pd.Timestamp("2018-01-01") + pd.to_timedelta(range(n), unit="h")
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "district": rows.district.to_numpy(),
                  "province": rows.province.to_numpy(), "status": "contested", "source": "S",
                  "url": "", "notes": [f"n{i}" for i in range(n)]}).to_csv(path, index=False)
    return path


def test_killed_import_leaves_all_or_nothing(tmp_path, units, geodata_dir):
    sheet = big_sheet(tmp_path / "big.csv", units, 60_000)
    db = tmp_path / "l.db"
    connect(db, create=True).close()
    wal = Path(f"{db}-wal")
    outcomes, mid_write = [], 0
    for delay in (None, 0.05, 1.0):  # None: kill once the transaction is writing to the WAL (first: a whole
        # import takes about a second, and once one has finished, the next ones have nothing to write)
        proc = subprocess.Popen([sys.executable, "-c", IMPORT, str(db), str(sheet)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        reader = sqlite3.connect(db)                      # a reader keeps working during the import
        start = wal.stat().st_size if wal.exists() else 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            assert reader.execute("SELECT count(*) FROM reports").fetchone()[0] in (0, 60_000)
            writing = wal.exists() and wal.stat().st_size > start + 256_000
            if (delay is None and writing) or (delay is not None and time.monotonic() > deadline - 60 + delay):
                mid_write += writing
                break
            time.sleep(0.01)
        if proc.poll() is None:  # else the import finished before the kill: it holds all or nothing all the same
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        held = count(db)
        outcomes.append(held)
        assert held in (0, 60_000)
        assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert mid_write >= 1, "no kill landed while the transaction was writing"
    print("rows held after each kill:", outcomes, "- kills during the write:", mid_write)
    done = subprocess.run([sys.executable, "-c", IMPORT, str(db), str(sheet)], capture_output=True, text=True)
    assert done.returncode == 0 and count(db) == 60_000


def test_every_value_survives_the_round_trip(ledger_url, write_csv, gazetteer, scheme):
    sheet = write_csv('2021-08-08,Kunduz,Kunduz,controlled,"AP, wire",,"He said ""\\.""\nnext line",,,',
                      "2021-08,Taloqan,Takhar,unconfirmed,Tolo — طلوع,https://tolonews.com/x,,Taliban,0,\\.",
                      "2021-08-09,Farah,Farah,government,NULL,,\\N,,1,",
                      header="date,district,province,status,source,url,notes,claimed_by,confidence,quote")
    expected = load_reports(sheet, gazetteer, scheme)
    db = connect(ledger_url, create=True)
    import_files(db, [sheet], gazetteer, scheme)
    back = read_reports(db)
    columns = ["line", "date", "precision", "unit_id", "status", "source", "url", "notes", "claimed_by", "quote"]
    assert back[columns].astype(str).values.tolist() == expected[columns].astype(str).values.tolist()
    assert back.confidence.tolist()[1:] == [0.0, 1.0] and pd.isna(back.confidence.iloc[0])
    assert import_files(db, [sheet], gazetteer, scheme)[0].added == 0
