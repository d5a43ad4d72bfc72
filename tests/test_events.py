"""import-events: ACLED exports (four layouts) and other event tables -> reports, placed by point or name,
with the summary, re-imports, ACLED's revisions, the ledger, and mappings as data.

The files in tests/data/events/ are written by us in ACLED's (and UCDP's) published layouts; their events are
modelled on public reporting, their ids and wording are ours (see tests/data/events/README.md)."""

import json
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from tracker.errors import InputError
from tracker.event_import import convert
from tracker.event_mapping import load_mapping
from tracker.events import read_events
from tracker.ledger import connect, read_reports

DATA = Path(__file__).resolve().parent / "data" / "events"
EXPORT_2021 = DATA / "acled-2021-export.csv"   # columns before March 2023: data_id, iso3; inter as numbers
EXPORT_2024 = DATA / "acled-2024-export.csv"   # today's 31 columns: inter as labels, "15 August 2021"
API = DATA / "acled-api-revisions.csv"         # API CSV: every field quoted, ISO dates, inter numbers, later timestamps
V7 = DATA / "acled-v7-format.csv"              # capitals, ALLY_ACTOR_1, "Battle-..." event types, dd/mm/yyyy, no timestamp
ALL = [EXPORT_2021, EXPORT_2024, V7]


def imported(cli, *args) -> dict:
    result = cli("import-events", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def reports_of(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False).set_index("event_id")


@pytest.fixture(scope="module")
def acled(ctx):
    return load_mapping(None, ctx.scheme.keys, "AFG")


def test_every_layout_reads_to_the_same_fields(acled):
    for path, dates in ((EXPORT_2021, "2019-08-31"), (EXPORT_2024, "2021-08-15"), (API, "2021-07-20"), (V7, "2015-09-28")):
        events, problems = read_events(path, acled)
        assert not problems and events.when.notna().all()
        assert events.when.min().strftime("%Y-%m-%d") == dates
        assert (events.id.str.startswith(("AFG", "PAK"))).all() and (events.line.iloc[0] == 2)
    v7, _ = read_events(V7, acled)
    assert v7.sub_event_type.eq("").all() and v7.assoc_actor1.iloc[1] == "Police Forces of Afghanistan (2014-)"
    assert acled.kind(v7.event_type, v7.sub_event_type).tolist() == [
        "non-state actor overtakes territory", "government regains territory", "armed clash", "remote violence"]
    labels, _ = read_events(EXPORT_2024, acled)
    numbers, _ = read_events(EXPORT_2021, acled)
    assert set(labels.type2) == {"State forces", "Rebel group", "Civilians"}
    assert set(acled.type_codes(labels.type1)) | set(acled.type_codes(labels.type2)) == {1, 2, 7}
    assert set(acled.type_codes(numbers.type1)) == {1, 2, 3, 6}
    assert acled.type_codes(pd.Series(["Rebel groups", "External/Other forces", "", "Rebels"])).tolist() == [2, 8, 0, 0]


def test_acled_export_to_reports(cli, tmp_path, geodata_dir):
    out = tmp_path / "r.csv"
    summary = imported(cli, *ALL, "--out", out)
    got = reports_of(out)
    expect = {  # event id: (date, district, province, status)
        "AFG101": ("2015-09-28", "Kunduz", "Kunduz", "controlled"),          # v7 layout, old event type
        "AFG102": ("2015-10-01", "Kunduz", "Kunduz", "government"),
        "AFG47101": ("2019-09-01", "Kunduz", "Kunduz", "government"),
        "AFG58812": ("2021-07", "Darqad", "Takhar", "controlled"),           # time_precision 3: month only
        "AFG58830": ("2021-07-20", "Yangi Qala", "Takhar", "unconfirmed"),   # geo 3 by name; Voice of Jihad alone
        "AFG58831": ("2021-07-21", "Nad Ali", "Helmand", "controlled"),      # geo 3: Marja, an alias of Nad Ali
        "AFG58835": ("2021-07-23", "Qala-I- Naw", "Badghis", "controlled"),  # gainer is actor 2 (the non-state one)
        "AFG58840": ("2021-07-22", "Balkh", "Balkh", "government"),          # pro-government militia, by name
        "AFG61230": ("2021-08-06", "Zaranj", "Nimruz", "controlled"),        # non-violent transfer
        "AFG61251": ("2021-08-07", "Shibirghan", "Jowzjan", "controlled"),
        "AFG61278": ("2021-08-08", "Kunduz", "Kunduz", "controlled"),
        "AFG61279": ("2021-08-08", "Taluqan", "Takhar", "controlled"),
        "AFG61280": ("2021-08-08", "Rustaq", "Takhar", "controlled"),        # the point, not admin2 Baharak
        "AFG62001": ("2021-08-15", "Kabul", "Kabul", "controlled"),
        "AFG62090": ("2021-08-20", "Puli Hisar", "Baghlan", "contested"),    # NRF: neither Taliban nor Republic
        "AFG62091": ("2021-08-20", "Dih Salah", "Baghlan", "contested"),
        "AFG62150": ("2021-08-30", "Dih Salah", "Baghlan", "controlled"),    # Taliban as state forces retake it
        "AFG62300": ("2021-09-06", "Bazarak", "Panjshir", "controlled"),
        "AFG63312": ("2022-05-18", "Fayzabad", "Badakhshan", "controlled"),  # "Government of Afghanistan (2021-)", by type and date
    }
    assert {e: tuple(got.loc[e, ["date", "district", "province", "status"]]) for e in got.index} == expect
    assert got.loc["AFG58830", "claimed_by"] == "Taliban (Voice of Jihad)"
    row = got.loc["AFG61278"]
    assert row.source == "ACLED AFG61278: Tolo News; Reuters" and row.event_version == "1628812800"
    assert row.quote.startswith("Taliban fighters took control of Kunduz city")
    assert "gained by Taliban" in row.notes and "placed by point, geo_precision 1" in row.notes
    assert "gained by Taliban" in got.loc["AFG58835", "notes"]
    assert "admin2 names Baharak" in got.loc["AFG61280", "notes"]
    assert summary["events"] == 28 and summary["reports"] == 19
    assert summary["by_status"] == {"controlled": 13, "contested": 2, "government": 3, "unconfirmed": 1}
    assert summary["placed"] == {"point": 17, "name": 2, "point_outside_boundaries": 0}
    assert summary["skipped"] == {"rule 'armed clash' gives no report": 4, "event type in no rule": 3,
                                  "not in Afghanistan": 1, "cannot place: unknown admin2": 1}
    assert summary["event_types_in_no_rule"] == {"Air/drone strike": 1, "Peaceful protest": 1, "Remote violence": 1}
    assert summary["disagreement_list"] == [{
        "point": "Rustaq (Takhar)", "admin2": "Baharak", "admin1": "Takhar", "admin2_is": "Baharak (Takhar)",
        "events": 1, "first": f"{EXPORT_2021}:8 AFG61280"}]
    assert [(n["admin2"], n["outcome"]) for n in summary["unresolved_names"]] == [("Andarab Valley", "unknown")]
    assert summary["unresolved_names"][0]["detail"].startswith("did you mean Andarab (Baghlan)")
    # the output is a reports file every command takes as it is
    assert cli("validate", out).exit_code == 0
    stats = json.loads(cli("stats", out, "--date", "2021-08-16", "--format", "json").stdout)
    assert stats["by_status"]["controlled"]["units"] == 9  # Darqad, Nad Ali, Qala-i-Naw, Zaranj, Shibirghan, Kunduz, Taluqan, Rustaq, Kabul


def test_summary_for_people(cli, tmp_path, geodata_dir):
    result = cli("import-events", EXPORT_2021, "--out", tmp_path / "r.csv")
    assert result.exit_code == 0
    text = result.stdout
    assert "16 events read from 1 file(s)" in text and "placed by point 9, by name 2" in text
    assert "point in Rustaq (Takhar), admin2 'Baharak' (Takhar) is Baharak (Takhar): 1 event(s), first" in text
    assert "skipped 5:" in text and "1 not in Afghanistan" in text and "2 rule 'armed clash' gives no report" in text
    assert "11 reports added, 0 replaced" in text


def test_skip_imprecise(cli, tmp_path, geodata_dir):
    summary = imported(cli, EXPORT_2021, "--out", tmp_path / "r.csv", "--skip-imprecise")
    assert summary["skipped"]["dated only to the month (--skip-imprecise)"] == 1
    assert "AFG58812" not in reports_of(tmp_path / "r.csv").index


def test_reimport_adds_nothing_and_revisions_replace(cli, tmp_path, geodata_dir):
    out = tmp_path / "r.csv"
    assert imported(cli, *ALL, "--out", out)["written"]["added"] == 19
    assert imported(cli, *ALL, "--out", out)["written"] == {"out": str(out), "added": 0, "replaced": 0, "older": 0}
    # ACLED revised Taloqan (new notes) and recoded Yangi Qala as an armed clash; Sheberghan unchanged
    assert imported(cli, API, "--out", out)["written"] == {"out": str(out), "added": 1, "replaced": 2, "older": 0}
    got = reports_of(out)
    assert "AFG58830" not in got.index and got.loc["AFG61279", "event_version"] == "1630000000"
    assert "after government forces withdrew" in got.loc["AFG61279", "quote"]
    assert len(got) == 18
    # the older export again: the file keeps the newer version of Taloqan
    again = imported(cli, EXPORT_2021, "--out", out)["written"]
    assert again["older"] == 1 and reports_of(out).loc["AFG61279", "event_version"] == "1630000000"


def test_ledger_keeps_history_and_reads_the_latest(cli, ledger_url, tmp_path, geodata_dir):
    db, out = ledger_url, tmp_path / "r.csv"
    assert imported(cli, *ALL, "--db", db, "--accepted")["written"]["added"] == 19
    assert imported(cli, *ALL, "--db", db, "--accepted")["written"]["added"] == 0
    assert imported(cli, API, "--db", db, "--accepted")["written"] == {
        "db": str(db), "review": "accepted", "added": 1, "replaced": 2, "older": 0}
    older = imported(cli, EXPORT_2021, "--db", db, "--accepted")["written"]  # an older download changes nothing
    assert (older["added"], older["replaced"], older["older"]) == (0, 0, 2)
    ledger = connect(db)
    current = read_reports(ledger)
    assert len(current) == 18 and "AFG58830" not in set(current.event_id)
    with ledger.reading() as conn:
        history = conn.exec_driver_sql("SELECT event_version, replaced_in IS NOT NULL FROM reports"
                                       " WHERE event_id = 'AFG61279' ORDER BY id").all()
        assert [(v, bool(r)) for v, r in history] == [("1628812800", True), ("1630000000", False)]
        assert conn.exec_driver_sql("SELECT count(*) FROM reports").scalar() == 20
    # the same answers from the ledger and from the reports file
    imported(cli, *ALL, "--out", out)
    imported(cli, API, "--out", out)
    for date in ("2021-08-10", "2021-09-30"):
        from_csv = cli("stats", out, "--date", date, "--format", "json").stdout
        assert cli("stats", "--db", db, "--date", date, "--format", "json").stdout == from_csv


def test_events_sent_to_a_ledger_wait_for_review(cli, ledger_url, tmp_path, geodata_dir):
    out = tmp_path / "r.csv"
    written = imported(cli, *ALL, "--db", ledger_url, "--analyst", "erin")["written"]
    assert written["review"] == "proposed" and written["added"] == 19
    assert json.loads(cli("stats", "--db", ledger_url, "--date", "2021-09-30", "--format", "json").stdout)[
        "by_status"]["no_data"]["units"] == 398                       # nothing counts yet
    revised = imported(cli, API, "--db", ledger_url)["written"]        # a revision replaces proposals too
    assert (revised["added"], revised["replaced"]) == (1, 2)
    assert "accepted 18" in cli("review", "--db", ledger_url, "--accept-all", "--source", "acled").stdout
    imported(cli, *ALL, "--out", out)
    imported(cli, API, "--out", out)
    from_csv = cli("stats", out, "--date", "2021-09-30", "--format", "json").stdout
    assert cli("stats", "--db", ledger_url, "--date", "2021-09-30", "--format", "json").stdout == from_csv


def test_ledgers_from_before_event_imports_are_upgraded(tmp_path, cli, geodata_dir):
    """A ledger without event columns (tests/data/ledger-v1.db), and one with them as tracker wrote them before
    schema versions were recorded: both refused until `tracker db upgrade`, then event imports work."""
    for version, extra in ((1, ""), (2, "ALTER TABLE reports ADD COLUMN event_id TEXT; ALTER TABLE reports ADD COLUMN"
                                        " event_version TEXT; ALTER TABLE reports ADD COLUMN replaced_in INTEGER"
                                        " REFERENCES batches(id); CREATE INDEX reports_event ON reports(event_id);"
                                        " CREATE TABLE events (event_id TEXT PRIMARY KEY, version TEXT NOT NULL,"
                                        " batch_id INTEGER NOT NULL REFERENCES batches(id));")):
        old = tmp_path / f"old{version}.db"
        shutil.copy(DATA.parent / "ledger-v1.db", old)
        sqlite3.connect(old).executescript(extra)
        refused = cli("import-events", EXPORT_2024, "--db", old)
        assert refused.exit_code == 1 and "tracker db upgrade" in refused.stderr
        assert f"schema version 3 (was {version})" in cli("db", "upgrade", "--db", old).stdout
        held = len(read_reports(connect(old)))
        assert imported(cli, EXPORT_2024, "--db", old, "--accepted")["written"]["added"] == 6
        assert len(read_reports(connect(old))) == held + 6


def test_taliban_as_state_forces_need_the_names(ctx, tmp_path):
    """A mapping keyed on actor types alone reads the Taliban's gains after August 2021 as the government's."""
    by_type = tmp_path / "types.toml"
    by_type.write_text('extends = "none"\n' + (Path(__file__).resolve().parent.parent / "tracker" / "mappings" /
                                               "acled.toml").read_text(encoding="utf-8"), encoding="utf-8")
    naive = convert([EXPORT_2024], load_mapping(by_type, ctx.scheme.keys, "AFG"), ctx.units, ctx.gazetteer, ctx.scheme,
                    "Afghanistan").reports.set_index("event_id").status
    named = convert([EXPORT_2024], load_mapping(None, ctx.scheme.keys, "AFG"), ctx.units, ctx.gazetteer, ctx.scheme,
                    "Afghanistan").reports.set_index("event_id").status
    assert naive["AFG62150"] == "government" and named["AFG62150"] == "controlled"
    assert naive["AFG62090"] == "controlled" and named["AFG62090"] == "contested"


def test_a_mapping_of_your_own(cli, tmp_path, geodata_dir):
    mine = tmp_path / "clashes.toml"
    mine.write_text('[[rule]]\nname = "fighting between the sides"\nevents = ["Armed clash"]\n'
                    'between = ["insurgent", "government"]\nstatus = "contested"\n', encoding="utf-8")
    out = tmp_path / "r.csv"
    summary = imported(cli, EXPORT_2021, "--mapping", mine, "--out", out)
    got = reports_of(out)
    assert got.loc["AFG47102", "status"] == "contested" and got.loc["AFG58850", "district"] == "Lashkar Gah"
    assert summary["mapping"].startswith(str(mine)) and "rule 'armed clash' gives no report" not in summary["skipped"]


@pytest.mark.parametrize("text, message", [
    ('[[rule]]\nevents = ["Armed clash"]\nstatus = "conested"\n', "[rule 1.status] 'conested' is not a status"),
    ('[[actor]]\nname = "Taliban("\nside = "insurgent"\n', "[actor 1.name] 'Taliban(' is not a regular expression"),
    ('[[actor]]\nname = "X"\n', "[actor 1] every actor rule needs a side"),
    ('[gainer]\n"Armed clash" = "winner"\n', "[gainer.Armed clash] 'winner' is not one of"),
    ('[[rule]]\nevents = "Armed clash"\nstatus = "contested"\n', "[rule 1.events] list the event"),
    ("[columns\n", "not a valid TOML file"),
])
def test_bad_mappings_are_explained(cli, tmp_path, text, message, geodata_dir):
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    result = cli("import-events", EXPORT_2021, "--mapping", bad, "--out", tmp_path / "r.csv")
    assert result.exit_code == 1 and message in result.stderr and str(bad) in result.stderr
    assert not (tmp_path / "r.csv").exists()


def test_any_event_table(cli, tmp_path, geodata_dir):
    out = tmp_path / "sheet.csv"
    summary = imported(cli, DATA / "incident-sheet.csv", "--format", "table", "--mapping",
                       DATA / "incident-mapping.toml", "--out", out)
    got = reports_of(out)
    assert {e: (r.date, r.district, r.status) for e, r in got.iterrows()} == {
        "T-001": ("2021-06-22", "Imam Sahib", "controlled"), "T-002": ("2021-06-24", "Imam Sahib", "government"),
        "T-004": ("2021-07-03", "Karukh", "contested")}
    assert summary["skipped"] == {"cannot place: ambiguous admin2": 1, "unreadable date": 1}
    assert summary["unresolved_names"][0]["detail"] == "could be Baharak (Badakhshan); Baharak (Takhar)"
    assert got.loc["T-001", "source"] == "Team sheet T-001: Team call with local journalist"


def test_ucdp_ged(cli, tmp_path, geodata_dir):
    out = tmp_path / "ged.csv"
    summary = imported(cli, DATA / "ucdp-ged.csv", "--format", "table", "--mapping", "ucdp-ged", "--out", out)
    got = reports_of(out)
    assert {e: (r.date, r.district, r.status) for e, r in got.iterrows()} == {
        "900001": ("2021-08-08", "Kunduz", "contested"), "900002": ("2021-07-12", "Dih Salah", "contested")}
    assert summary["skipped"] == {"rule 'non-state conflict or one-sided violence' gives no report": 1,
                                  "cannot place: no point and no admin2": 1}


def test_unreadable_input_exits_1_and_writes_nothing(cli, tmp_path, geodata_dir):
    out = tmp_path / "r.csv"
    wrong = tmp_path / "reports.csv"
    wrong.write_text("date,district,province,status,source,url,notes\n2021-08-08,Kunduz,,controlled,x,,\n")
    result = cli("import-events", EXPORT_2021, wrong, "--out", out)
    assert result.exit_code == 1 and f"{wrong}:1: " in result.stderr
    assert "missing column(s): event_date, event_type" in result.stderr
    assert "--format table --mapping" in result.stderr and not out.exists()
    sheet = tmp_path / "export.xlsx"
    sheet.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe")
    result = cli("import-events", sheet, "--out", out)
    assert result.exit_code == 1 and "not UTF-8 text" in result.stderr and not out.exists()
    assert cli("import-events", tmp_path / "none.csv", "--out", out).exit_code == 1
    assert cli("import-events", EXPORT_2021, "--out", out, "--db", tmp_path / "l.db").exit_code == 2
    assert cli("import-events", EXPORT_2021).exit_code == 2
    assert cli("import-events", EXPORT_2021, "--format", "table", "--out", out).exit_code == 2


def test_bad_rows_are_counted_not_fatal(cli, tmp_path, geodata_dir):
    lines = EXPORT_2021.read_text(encoding="utf-8").splitlines()
    broken = lines[:2] + [lines[2].replace("31 August 2019", "31 Agust 2019"), "only,three,cells"] + lines[3:]
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    result = cli("import-events", path, "--out", tmp_path / "r.csv", "--json")
    assert result.exit_code == 0
    assert f"{path}:3: [event_date] '31 Agust 2019': not a date" in result.stderr
    assert f"{path}:4: 3 cells where the header has 31" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["skipped"]["unreadable date"] == 1 and summary["rows_unreadable"] == 1


def test_other_countries_and_points_outside(ctx, tmp_path):
    text = EXPORT_2021.read_text(encoding="utf-8").replace("36.7286,68.8681,1,Tolo News; Reuters",
                                                           "0.0,0.0,1,Tolo News; Reuters")
    path = tmp_path / "moved.csv"
    path.write_text(text, encoding="utf-8")
    done = convert([path], load_mapping(None, ctx.scheme.keys, "AFG"), ctx.units, ctx.gazetteer, ctx.scheme,
                   "Afghanistan")
    assert done.summary["placed"]["point_outside_boundaries"] == 1
    assert done.reports.set_index("event_id").loc["AFG61278", "district"] == "Kunduz"  # by admin2 instead
    with pytest.raises(InputError):
        convert([tmp_path / "missing.csv"], load_mapping(None, ctx.scheme.keys, "AFG"), ctx.units, ctx.gazetteer,
                ctx.scheme, "Afghanistan")
