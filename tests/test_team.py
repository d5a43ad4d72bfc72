"""A team's ledger: the review queue, who did what, schema upgrades, the GIS view; on SQLite and on a real
PostgreSQL server (``ledger_url``), plus what only a server has (passwords, roles, PostGIS)."""

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import shapely

from tracker.errors import InputError
from tracker.ledger import actions, connect, content_hash, default_analyst, import_files, read_reports
from tracker.review import decide, decide_in_bulk, edit, pending, place_span
from tracker.state import state_on

DATA = Path(__file__).resolve().parent / "data"
SRC = "LWJ,https://www.longwarjournal.org/x"
HEADER = "date,district,province,status,source,url,notes,confidence"
SHEET = ("2021-08-08,Kunduz,Kunduz,controlled,AP,,,0.9",
         "2021-08-08,Taloqan,Takhar,contested,AFP,,,0.5",
         "2021-08-10,Farah,Farah,government,Tolo,,,")


def stats(cli, db, day):
    result = cli("stats", *(["--db", db] if db else []), "--date", day, "--format", "json")
    assert result.exit_code == 0, result.output
    return {k: v["units"] for k, v in json.loads(result.stdout)["by_status"].items() if v["units"]}


def test_proposals_count_only_once_accepted_and_every_step_is_recorded(cli, ledger_url, write_csv, geodata_dir,
                                                                       monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # tables on one line each
    sheet = write_csv(*SHEET, header=HEADER)
    result = cli("import", sheet, "--proposed", "--db", ledger_url, "--analyst", "alice")
    assert "3 of 3 reports proposed for review" in result.stdout
    assert stats(cli, ledger_url, "2021-08-20") == {"no_data": 398}

    result = cli("review", "--db", ledger_url, "--accept-above", "0.8", "--analyst", "bob")
    assert "accepted 1, rejected 0; 2 proposal(s) still waiting" in result.stdout
    assert stats(cli, ledger_url, "2021-08-20") == {"controlled": 1, "no_data": 397}

    # The walk: most confident first. Reject Taloqan; edit Farah's status and date, then accept it.
    result = cli("review", "--db", ledger_url, "--analyst", "carol", input="r\ne\n\ncontested\n2021-08-21\na\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.index("Taluqan (Takhar)") < result.stdout.index("Farah (Farah)")
    assert "rejected 1, edited 1, accepted 1; 0 proposal(s) still waiting" in result.stdout
    assert stats(cli, ledger_url, "2021-08-20") == {"controlled": 1, "no_data": 397}
    assert stats(cli, ledger_url, "2021-08-21") == {"controlled": 1, "contested": 1, "no_data": 396}

    done = actions(connect(ledger_url))
    assert done.action.tolist() == ["accept", "edit", "reject", "accept", "import", "upgrade"]
    assert done.analyst.tolist() == ["carol", "carol", "carol", "bob", "alice", "alice"]
    edited = done.iloc[1]
    assert edited.before == {"status": "government", "date": "2021-08-10"}
    assert edited.after == {"status": "contested", "date": "2021-08-21"}
    log = cli("history", "--db", ledger_url).stdout
    assert "status government -> contested; date 2021-08-10 -> 2021-08-21" in log
    farah = cli("history", "Farah", "--db", ledger_url).stdout
    assert "carol" in farah and "from 2021-08-21: contested" in farah

    # Again: nothing new; a direct import does not bring back what a reviewer rejected.
    assert "0 of 3 reports proposed for review, 2 already in the ledger, 1 rejected earlier in review" in cli(
        "import", sheet, "--proposed", "--db", ledger_url).stdout
    assert "0 of 3 reports added, 2 already in the ledger, 1 rejected earlier in review, not added" in cli(
        "import", sheet, "--db", ledger_url).stdout


def test_a_direct_import_accepts_what_waits_in_the_queue(ledger_url, write_csv, gazetteer, scheme):
    sheet = write_csv(*SHEET, header=HEADER)
    db = connect(ledger_url, create=True)
    import_files(db, [sheet], gazetteer, scheme, proposed=True, analyst="alice")
    assert read_reports(db).empty and len(read_reports(db, review="proposed")) == 3
    done = import_files(db, [sheet], gazetteer, scheme, analyst="bob")[0]
    assert (done.added, done.accepted) == (0, 3)
    assert len(read_reports(db)) == 3 and pending(db).empty
    accepted = actions(db, analyst="bob")
    assert (accepted.action == "accept").sum() == 3 and set(accepted.note.dropna()) >= {"imported again as accepted"}


def test_two_reviewers_never_both_decide_one_proposal(ledger_url, write_csv, gazetteer, scheme):
    sheet = write_csv(*SHEET, header=HEADER)
    import_files(connect(ledger_url, create=True), [sheet], gazetteer, scheme, proposed=True)
    alice, bob = connect(ledger_url), connect(ledger_url)  # two connections, as two laptops
    first = pending(alice).id.iloc[0]
    assert decide(alice, first, "accepted", "alice").done
    late = decide(bob, first, "rejected", "bob")
    assert not late.done and late.describe().startswith("already accepted by alice")
    assert not edit(bob, first, {"status": "government"}, "bob").done
    assert decide_in_bulk(bob, "bob", above=0.0, source="a_p") == {"accepted": 0, "rejected": 0}
    assert decide_in_bulk(bob, "bob", above=0.0, source="Afp") == {"accepted": 1, "rejected": 0}
    assert decide_in_bulk(bob, "bob", above=0.0, below=1.0) == {"accepted": 0, "rejected": 0}  # no confidence
    assert decide_in_bulk(bob, "bob", accept_all=True, source="wire") == {"accepted": 0, "rejected": 0}
    assert pending(alice).district.tolist() == ["Farah"]
    decisions = actions(alice)
    assert decisions[decisions.action.isin(["accept", "reject"])].report_id.value_counts().max() == 1


def test_the_gis_view_follows_the_state_rule(ledger_url, write_csv, gazetteer, scheme, units):
    same_day = write_csv(f"2021-08-20,Kunduz,Kunduz,controlled,{SRC},", f"2021-08-20,Kunduz,Kunduz,government,{SRC},",
                         f"2021-08-20,Farah,Farah,unconfirmed,{SRC},", f"2021-08-20,Farah,Farah,government,{SRC},",
                         f"2021-08-21,Herat,Herat,contested,{SRC},", "2021-08-22,Herat,Herat,contested,Other,,",
                         f"{date.today().year + 1}-01-01,Herat,Herat,government,{SRC},", name="same.csv")
    waiting = write_csv(f"2021-09-01,Herat,Herat,controlled,{SRC},", name="waiting.csv")
    db = connect(ledger_url, create=True)
    import_files(db, [DATA.parent.parent / "tracker" / "examples" / "afghanistan.csv", same_day], gazetteer, scheme,
                 units=units)
    import_files(db, [waiting], gazetteer, scheme, proposed=True, units=units)
    with db.reading() as conn:
        view = pd.read_sql_query("SELECT * FROM district_status", conn).set_index("unit_id")
    expected = state_on(read_reports(db), units, scheme, date.today().isoformat()).set_index("unit_id")
    assert len(view) == len(units) == 398
    view = view.loc[expected.index]
    assert view.status.tolist() == expected.status.tolist()
    for col in ("since", "last_report"):
        assert pd.to_datetime(view[col]).dt.strftime("%Y-%m-%d").fillna("").tolist() == expected[col].fillna("").tolist()
    assert view.source.fillna("").tolist() == expected.source.fillna("").tolist()
    named = expected.reset_index().set_index("district")
    assert named.status[["Kunduz", "Farah", "Hirat"]].tolist() == ["contested", "government", "contested"]
    assert (view.status != "no_data").sum() > 100
    shapes = shapely.from_wkt(view.geometry_wkt.to_numpy())
    assert shapely.is_valid(shapes).all() and shapely.area(shapes).min() > 0


def test_a_ledger_written_by_the_previous_version_upgrades(cli, tmp_path, geodata_dir, scheme, units):
    """tests/data/ledger-v1.db was written by tracker before schema versions (the example, 113 reports)."""
    old = tmp_path / "old.db"
    shutil.copy(DATA / "ledger-v1.db", old)
    raw = pd.read_sql_query("SELECT * FROM reports ORDER BY id", sqlite3.connect(old))
    refused = cli("stats", "--db", old, "--date", "2021-08-16")
    assert refused.exit_code == 1 and "tracker db upgrade" in refused.stderr and "schema version 1" in refused.stderr
    result = cli("db", "upgrade", "--db", old, "--analyst", "dana")
    assert result.exit_code == 0 and "schema version 3 (was 1)" in result.stdout
    assert "already current" in cli("db", "upgrade", "--db", old).stdout
    db = connect(old)
    back = read_reports(db)
    assert len(back) == len(raw) == 113 and (back.line.to_numpy() == raw.line.to_numpy()).all()
    stored = back.assign(date=back.date.dt.strftime("%Y-%m-%d"),
                         confidence=back.confidence.astype(object).where(back.confidence.notna(), None))
    assert content_hash(stored).tolist() == raw.hash.tolist()  # re-importing the same rows adds nothing
    expected = state_on(back, units, scheme, "2021-08-16").status.value_counts().to_dict()
    assert stats(cli, old, "2021-08-16") == expected
    log = actions(db)
    assert log.action.iloc[0] == "upgrade" and log.analyst.iloc[0] == "dana" and log.after.iloc[0] == {"version": 3}


def test_a_newer_or_foreign_ledger_is_a_clear_error(ledger_url, tmp_path, cli, geodata_dir):
    db = connect(ledger_url, create=True)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO schema_migrations VALUES (99, 'future', 'x', 'x')")
    with pytest.raises(InputError, match="newer tracker"):
        connect(ledger_url)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = cli("stats", "--db", junk, "--date", "2021-08-16")
    assert result.exit_code == 1 and "is not a database" in result.stderr and "tracker ledger" in result.stderr
    result = cli("stats", "--db", "mysql://someone:secret@localhost/x", "--date", "2021-08-16")
    assert result.exit_code == 1 and "postgresql://USER@HOST:PORT/DBNAME" in result.stderr
    assert "secret" not in result.stderr


def test_extracted_candidates_go_to_the_queue(cli, ledger_url, tmp_path, gazetteer):
    article = tmp_path / "story.txt"
    article.write_text("Taliban seize provincial capital\n\nAugust 8, 2021\n\n"
                       "The Taliban captured Taloqan, the capital of Takhar province, on Sunday, officials said.\n",
                       encoding="utf-8")
    result = cli("extract", article, "--db", ledger_url, "--analyst", "erin")
    assert result.exit_code == 0, result.output
    queue = pending(connect(ledger_url))
    assert len(queue) >= 1 and set(queue.imported_by) == {"erin"}
    lines = article.read_text().splitlines()
    for row in queue.itertuples():
        assert row.quote and row.quote.startswith(lines[row.line - 1].strip()[:20])
        assert place_span(row.quote, row.unit_id, [row.mention, row.district], gazetteer) is not None
    assert stats(cli, ledger_url, "2021-08-20") == {"no_data": 398}


def test_place_span_finds_other_spellings(gazetteer):
    taloqan = gazetteer.resolve("Taloqan").unit_id
    quote = "Insurgents entered Talokan city late on Sunday."
    assert place_span(quote, taloqan, ["Taluqan"]) is None
    start, end = place_span(quote, taloqan, ["Taluqan"], gazetteer)
    assert quote[start:end].startswith("Talokan")


# --- What only a server has -----------------------------------------------------------------------------------


def test_a_team_of_roles_shares_one_ledger_with_passwords_from_pgpass(pg, cli, tmp_path, monkeypatch, geodata_dir,
                                                                     write_csv):
    pg.new_role("team")
    pg.new_role("alice", "alice-pw", member_of="team")
    pg.new_role("bob", "bob-pw", member_of="team")
    pg.new_role("outsider", "out-pw")
    pg.sql('CREATE DATABASE "team_wkt" OWNER "team"')
    alice, bob = (pg.url("team_wkt", name) for name in ("alice", "bob"))
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    example = DATA.parent.parent / "tracker" / "examples" / "afghanistan.csv"
    refused = cli("import", example, "--db", alice)
    assert refused.exit_code == 1 and "PGPASSWORD or ~/.pgpass" in refused.stderr and "Traceback" not in refused.output
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{pg.port}:team_wkt:alice:alice-pw\n127.0.0.1:{pg.port}:*:bob:bob-pw\n"
                      f"127.0.0.1:{pg.port}:*:outsider:out-pw\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert "schema version 3 (was 0)" in cli("db", "upgrade", "--db", bob).stdout  # bob makes an empty ledger
    assert cli("import", example, "--db", alice).exit_code == 0           # alice writes to bob's tables
    sheet = write_csv(*SHEET, header=HEADER)
    assert "3 of 3 reports proposed" in cli("import", sheet, "--proposed", "--db", bob).stdout  # bob writes to it
    assert "accepted 1" in cli("review", "--db", alice, "--accept-above", "0.8").stdout
    assert set(actions(connect(bob)).analyst) == {default_analyst()}  # the OS user, when no --analyst
    outsider = cli("import", sheet, "--db", pg.url("team_wkt", "outsider"))   # not in the team: refused, clearly
    assert outsider.exit_code == 1 and "permission denied" in outsider.stderr and "Traceback" not in outsider.output
    owners = pg.sql("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'", database="team_wkt")
    assert owners == [("team",)]
    result = cli("db", "upgrade", "--db", bob)
    assert "already current" in result.stdout and "WKT geometry" in result.stdout  # no superuser: no PostGIS
    with connect(bob).reading() as conn:
        columns = pd.read_sql_query("SELECT * FROM district_status LIMIT 1", conn).columns
    assert "geometry_wkt" in columns and "geom" not in columns


def test_postgis_geometry_when_the_server_has_it(pg, cli, geodata_dir):
    if not pg.sql("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'"):
        pytest.skip("PostGIS is not installed on this server (make test installs Debian's postgresql-NN-postgis-3)")
    url = pg.new_database("team_gis")
    assert cli("import", DATA.parent.parent / "tracker" / "examples" / "afghanistan.csv", "--db", url).exit_code == 0
    assert "PostGIS geometry" in cli("db", "upgrade", "--db", url).stdout
    rows = pg.sql("SELECT count(*), sum(ST_Area(geom::geography)) / 1e6, min(ST_SRID(geom)),"
                  " bool_and(ST_IsValid(geom)), count(*) FILTER (WHERE status = 'controlled')"
                  " FROM district_status", database="team_gis")
    count, km2, srid, valid, controlled = rows[0]
    assert (count, srid, valid) == (398, 4326, True) and 600_000 < km2 < 700_000 and controlled > 40
    kind = pg.sql("SELECT type FROM geometry_columns WHERE f_table_name = 'district_status'", database="team_gis")
    assert kind == [("MULTIPOLYGON",)]


def test_an_unreachable_server_is_a_clear_error(cli, pg, geodata_dir):
    result = cli("stats", "--db", f"postgresql://tracker@127.0.0.1:{pg.port + 1 if pg.port < 65535 else 1}/x",
                 "--date", "2021-08-16")
    assert result.exit_code == 1 and "could not read the ledger" in result.stderr and "PGPASSWORD" in result.stderr
    assert "Traceback" not in result.output


def test_tracker_db_names_the_ledger_for_every_command(cli, tmp_path, monkeypatch, write_csv, geodata_dir):
    example = DATA.parent.parent / "tracker" / "examples" / "afghanistan.csv"
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "team.db"))
    assert cli("import", write_csv(*SHEET, header=HEADER)).exit_code == 0
    assert stats(cli, None, "2021-08-20") == {"controlled": 1, "contested": 1, "government": 1, "no_data": 395}
    from_file = json.loads(cli("stats", example, "--date", "2021-08-16", "--format", "json").stdout)  # the file wins
    assert from_file["by_status"]["controlled"]["units"] > 40
