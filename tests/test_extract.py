"""Extraction from news articles: quality measured on hand annotations, dates, negation, bad files."""

import csv
import json
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from tracker.extract import extract_files, extract_text, load_lexicon, sentence_date

ARTICLES = Path(__file__).resolve().parent.parent.parent / "shared" / "articles"
EXPECTED = Path(__file__).resolve().parent / "data" / "articles-expected.csv"


@pytest.fixture(scope="module")
def articles():
    files = sorted(ARTICLES.glob("*.txt"))
    if not files:
        pytest.skip(f"no articles in {ARTICLES}")
    return files


def test_precision_and_recall_on_annotated_articles(articles, gazetteer, scheme):
    found, problems = extract_files(articles, gazetteer, scheme, capitals=capitals_table())
    assert not [p for p in problems if p.severity == "error"]
    got = {(Path(c["source"].split(":")[0]).name, c["date"], c["district"], c["province"], c["status"]) for c in found}
    with open(EXPECTED, encoding="utf-8") as fh:
        want = {tuple(r.values()) for r in csv.DictReader(fh)}
    right = got & want
    for name in sorted({k[0] for k in got | want} | {a.name for a in articles}):
        g, w = {k for k in got if k[0] == name}, {k for k in want if k[0] == name}
        print(f"{name}: precision {len(g & w)}/{len(g)}, recall {len(g & w)}/{len(w)}")
    precision, recall = len(right) / len(got), len(right) / len(want)
    print(f"overall: precision {precision:.2f}, recall {recall:.2f}; missed {sorted(want - got)}; wrong {sorted(got - want)}")
    assert precision >= 0.9 and recall >= 0.8


def test_quotes_and_offsets_point_into_the_file(articles, gazetteer, scheme):
    found, _ = extract_files(articles, gazetteer, scheme)
    for c in found:
        text = Path(c["source"].split(":")[0]).read_text(encoding="utf-8") if Path(c["source"].split(":")[0]).exists() \
            else (ARTICLES / c["source"].split(":")[0]).read_text(encoding="utf-8")
        assert text[c["start"]:c["end"]] == c["quote"]


@pytest.mark.parametrize("sentence, expected", [
    ("On Sept. 11, officials said.", "2019-09-11"),
    ("It happened on Monday.", "2019-09-30"),          # 2019-10-02 is a Wednesday
    ("It fell last month.", "2019-09"),
    ("In Aug. 2017, a raid took place.", None),         # background: an earlier year
    ("Fighting continued.", "2019-10-02"),
    ("The group has held it since the spring.", None),
    ("On Dec. 30, it fell.", None),                    # a later month means last year: background
    ("They have held it for four years.", None),
    ("The Taliban once seized it two years back.", None),
    ("It fell to the Taliban about one month ago.", None),
    ("The Taliban once seized it.", None),
    ("Two districts were captured earlier by the Taliban.", None),  # some time before: vague
    ("Sangin has fallen under Taliban control several times.", None),
    ("Security forces left it a week ago.", "2019-09-25"),
    ("The districts fell to the group earlier in the month.", "2019-10"),
    ("Earlier this week, forces recaptured it.", "2019-10-02"),  # this week: the article's day, not background
    ("In May this year, the Taliban attacked it.", "2019-05"),
    ("The Taliban captured it few days earlier.", None),
    ("Twenty martyrs were buried; 20 martyrs in all.", "2019-10-02"),  # "20 mar..." is no March date
    ("They were captured earlier on Monday.", "2019-09-30"),
])
def test_dates(sentence, expected):
    assert sentence_date(sentence, date(2019, 10, 2), load_lexicon(), None)[0] == expected


def test_earlier_in_the_day_counts_from_the_day_told_before_it():
    assert sentence_date("He said Saturday that they seized it earlier in the day.", date(2019, 10, 2), load_lexicon(),
                         date(2019, 9, 25))[0] == "2019-09-28"


def test_a_day_last_year_never_had():
    assert sentence_date("On Feb. 29, it fell.", date(2020, 2, 10), load_lexicon(), None)[0] \
        == "2020-02-10"  # no 2019-02-29


def test_relative_to_the_date_just_mentioned():
    _, previous = sentence_date("On Sept. 29, it began.", date(2019, 10, 2), load_lexicon(), None)
    assert sentence_date("Two days later it ended.", date(2019, 10, 2), load_lexicon(), previous)[0] == "2019-10-01"


def facts(gazetteer, *lines, published="August 10, 2021"):
    """(date, district, status) of what a story of these lines gives (2021-08-10 was a Tuesday)."""
    text = "A story\n\n" + published + "\n\n" + "\n".join(lines) + "\n"
    return {(c["date"], c["district"], c["status"]) for c in extract_text(text, "s.txt", gazetteer, capitals=capitals_table())}


@pytest.mark.parametrize("sentence, status", [
    ("The Taliban seized the centre of Imam Sahib district.", "controlled"),
    ("Imam Sahib district fell to the Taliban.", "controlled"),
    ("Heavy fighting raged in Imam Sahib district.", "contested"),
    ("Afghan forces recaptured Imam Sahib district.", "government"),
    ("The Taliban attack on Imam Sahib district was repelled.", "government"),
    ("Forces launched an operation to retake Imam Sahib district.", None),
    ("No district changed hands, and Imam Sahib district is calm.", None),
    ("The Taliban did not capture Imam Sahib district.", None),
    ("The Taliban intended to capture Imam Sahib district.", None),
])
def test_status(gazetteer, sentence, status):
    assert {s for _, _, s in facts(gazetteer, sentence)} == ({status} if status else set())


def test_places_need_context_and_are_never_guessed(gazetteer):
    story = "kabul\n\nAugust 10, 2021\n\nThe Taliban seized Baharak district on Monday.\n"
    assert extract_text(story, "a.txt", gazetteer) == []            # two Baharaks, no province named
    story = story.replace("district on", "district in Takhar province on")
    found = extract_text(story, "a.txt", gazetteer)
    assert [(c["district"], c["province"], c["date"], c["status"]) for c in found] == [
        ("Baharak", "Takhar", "2021-08-09", "controlled")]
    claim = extract_text("x\n\nAugust 10, 2021\n\nThe Taliban claimed they captured Kunduz city.\n", "b.txt", gazetteer)
    assert [(c["status"], c["claimed_by"]) for c in claim] == [("unconfirmed", "Taliban")]
    elsewhere = extract_text("x\n\nAugust 10, 2021\n\nTalks in Doha collapsed and the Taliban captured the hearts of many.\n",
                             "c.txt", gazetteer)
    assert elsewhere == []


def test_bad_files_are_reported_and_the_rest_processed(tmp_path, articles, gazetteer, scheme):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "latin.txt").write_bytes("caf\xe9 Taliban seized Kunduz city".encode("latin-1"))
    (tmp_path / "nodate.txt").write_text("The Taliban seized Kunduz city.\n")
    paths = [tmp_path / n for n in ("bin.txt", "empty.txt", "latin.txt", "nodate.txt")] + [articles[3]]
    found, problems = extract_files(paths, gazetteer, scheme)
    messages = {Path(p.file).name: p.message for p in problems}
    assert "binary" in messages["bin.txt"] and "empty" in messages["empty.txt"]
    assert "UTF-8" in messages["latin.txt"] and "no date" in messages["nodate.txt"]
    assert len(found) >= 15
    dated, _ = extract_files([tmp_path / "nodate.txt"], gazetteer, scheme, published=date(2021, 8, 8))
    assert [(c["district"], c["date"]) for c in dated] == [("Kunduz", "2021-08-08")]


def test_several_processes_give_the_same_answers(tmp_path, articles, gazetteer, scheme, cli):
    (tmp_path / "empty.txt").write_text("")
    paths = sorted((Path(__file__).parent / "corpus" / "articles").glob("*.txt"))[:12] + [tmp_path / "empty.txt"]
    paths += articles
    alone, together = extract_files(paths, gazetteer, scheme), extract_files(paths, gazetteer, scheme, jobs=2)
    assert alone == together and len(alone[0]) > 30 and alone[1]
    assert cli("extract", *paths, "--jobs", "2").stdout == cli("extract", *paths).stdout


def test_cli_extract_validate_map(cli, articles, tmp_path, geodata_dir):
    out = tmp_path / "r.csv"
    result = cli("extract", *articles, "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert cli("validate", out).exit_code == 0
    page = tmp_path / "m.html"
    assert cli("map", out, "--date", "2019-10-02", "--out", page).exit_code == 0
    for district in ("Taluqan", "Darqad", "Yangi Qala", "Chah Ab"):
        assert district in page.read_text()
    data = json.loads(cli("extract", articles[3], "--format", "json").stdout)
    assert {"date", "district", "province", "unit_id", "status", "quote", "start", "end", "source", "confidence",
            "claimed_by"} <= set(data[0])
    assert cli("extract", tmp_path / "missing.txt").exit_code == 1


@pytest.mark.parametrize("sentence, expected", [
    ("It was captured in late July.", "2019-07"),
    ("It fell in December.", None),                    # last year's
    ("The Taliban have held it since July.", None),
])
def test_month_only_dates(sentence, expected):
    assert sentence_date(sentence, date(2019, 10, 2), load_lexicon(), None)[0] == expected


def test_a_place_used_as_an_adjective_is_not_a_report(gazetteer):
    story = "x\n\nAugust 10, 2021\n\nThe Taliban have been fighting the Kabul government for years.\n"
    assert extract_text(story, "a.txt", gazetteer) == []


STORY = """Taliban take key northern city

By staff

August 9, 2021

KUNDUZ, Afghanistan - Taliban fighters captured Kunduz on Sunday after days of heavy fighting, a council member said.
The Taliban overran Sheberghan, the capital of Jawzjan province, on Friday.
Afghan forces retook the district of Imam Sahib after heavy fighting, the defence ministry said on Saturday.
Insurgents have besieged Lashkar Gah for weeks.
Taliban spokesman Zabihullah Mujahid said the group had captured Ghazni.
Kandahar city fell to the Taliban overnight.
Government forces launched an operation to retake Khanabad district.
No district in Badakhshan changed hands over the weekend.
The Taliban have yet to capture Mazar-i-Sharif.
Talks in Doha stalled as the Taliban seized more ground.
Fighting in Helmand province continued.
"""


def test_a_wire_style_story(gazetteer):
    """Our own sentences in the style of wire copy (2021-08-09 was a Monday)."""
    got = [(c["date"], c["district"], c["status"]) for c in extract_text(STORY, "story.txt", gazetteer)]
    assert got == [("2021-08-08", "Kunduz", "controlled"), ("2021-08-06", "Shibirghan", "controlled"),
                   ("2021-08-07", "Imam Sahib", "government"), ("2021-08-09", "Lashkar Gah", "contested"),
                   ("2021-08-09", "Ghazni", "unconfirmed"), ("2021-08-09", "Kandahar", "controlled")]


def capitals_table():
    from tracker.geodata import curated_table
    table = curated_table("AFG", "provincial_capitals")
    return dict(zip(table.province, table.district))


def test_every_provincial_capital_is_a_district_of_its_province(gazetteer):
    capitals = capitals_table()
    assert len(capitals) == 34 == len(gazetteer.provinces)
    for province, district in capitals.items():
        found = gazetteer.resolve(district, province)
        assert (found.outcome, found.province) == ("found", province), (province, district)


def test_the_capital_of_a_province_and_the_district(gazetteer):
    story = ("x\n\nAugust 10, 2021\n\nThe Taliban captured the provincial capital of Jawzjan on Saturday.\n"
             "Fighting broke out in Baharak in Takhar province. The Taliban later said they seized the district.\n")
    got = [(c["date"], c["district"], c["status"]) for c in extract_text(story, "a.txt", gazetteer, capitals=capitals_table())]
    assert got == [("2021-08-07", "Shibirghan", "controlled"), ("2021-08-10", "Baharak", "contested"),
                   ("2021-08-07", "Baharak", "unconfirmed")]  # an undated outcome: the day the paragraph before gave


# --- the package layout (tracker/extract/): datelines, clauses, compilations, files -------------------------

HELD_OUT = """Insurgents press on in the north

By a staff writer

Wire service

August 9, 2021

KABUL, Afghanistan (AP) — The Taliban captured Aybak, the capital of Samangan province, on Monday, officials said.
The district of Baharak in Badakhshan province was under attack, officials said, adding that government forces had withdrawn from Shighnan.
A Taliban spokesman claimed the fighters had taken Imam Sahib district, a claim officials could not verify.
Security forces cleared Arghandab district of Kandahar on Sunday.
A resident in Ghazni city said the Taliban had surrounded the city but had not entered it.
Taliban fighters now control Dawlat Abad district in Faryab province.
A trader who fled Kunduz after the Taliban captured a checkpoint near the city spoke to reporters.
In neighbouring Takhar, the district centre of Farkhar fell to the Taliban over the weekend.
Officials said the army would try to retake Khanabad district.
"""


def test_a_held_out_story_in_our_own_words(gazetteer):
    """Sentences written for this test, not tuned on the shared articles (2021-08-09 was a Monday)."""
    got = {(c["date"], c["district"], c["province"], c["status"]) for c in extract_text(HELD_OUT, "h.txt", gazetteer)}
    want = {("2021-08-09", "Aybak", "Samangan", "controlled"),
            ("2021-08-09", "Baharak", "Badakhshan", "contested"),
            ("2021-08-09", "Shighnan", "Badakhshan", "controlled"),     # its own clause: withdrawn from
            ("2021-08-09", "Imam Sahib", "Kunduz", "unconfirmed"),
            ("2021-08-08", "Arghandab", "Kandahar", "government"),      # "district of Kandahar" is the province
            ("2021-08-09", "Ghazni", "Ghazni", "contested"),            # the negation covers only "not entered"
            ("2021-08-09", "Dawlatabad", "Faryab", "controlled"),
            ("2021-08-07", "Farkhar", "Takhar", "controlled")}          # "the district centre of" is no anaphora
    assert got == want                                                  # no Kabul (dateline), no Kunduz (fled)


def test_compilation_sections_have_their_own_source_and_flag_an_inherited_date(articles):
    from tracker.extract import read_text, sections
    parts = sections(read_text(articles[3]), None, load_lexicon())
    assert len(parts) >= 10 and parts[0].outlet == "long war journal"
    undated = [s for s in parts if s.inherited]
    assert [s.outlet for s in undated] == ["Salaam Times"] and undated[0].date == parts[2].date


def test_extract_file_and_headers(articles, gazetteer, scheme):
    from tracker.extract import extract_file, header_date
    assert header_date("Thursday, February 22nd, 2024") == date(2024, 2, 22)
    assert header_date(" date 2021-08-13 ") == date(2021, 8, 13)
    assert header_date("September 29, 2019 (sunday)") == date(2019, 9, 29)
    assert header_date("1 Jul 2019") == date(2019, 7, 1)
    found = extract_file(articles[4], gazetteer, scheme)
    assert [(c["district"], c["date"], c["status"]) for c in found] == [("Spin Boldak", "2021-07", "controlled")]
    text = articles[4].read_text(encoding="utf-8")
    assert all(text[c["start"]:c["end"]] == c["quote"] for c in found)


def test_ambiguous_mentions_are_flagged_not_guessed(tmp_path, gazetteer, scheme):
    path = tmp_path / "a.txt"
    path.write_text("x\n\nAugust 10, 2021\n\nThe Taliban seized Baharak on Monday.\n", encoding="utf-8")
    found, problems = extract_files([path], gazetteer, scheme)
    assert found == []
    assert [(p.severity, p.value, p.line) for p in problems] == [("warning", "Baharak (Badakhshan, Takhar)", 5)]


@pytest.mark.parametrize("sentence, expected", [
    ("It fell over the weekend.", "2021-08-07"),   # 2021-08-09 was a Monday: the Saturday before
    ("It fell three days ago.", "2021-08-06"),
    ("It fell last week.", "2021-08"),
    ("Fighting has gone on over the past several days.", "2021-08-09"),
])
def test_more_dates(sentence, expected):
    assert sentence_date(sentence, date(2021, 8, 9), load_lexicon(), None)[0] == expected


# --- the failure classes of real wire copy (issue 8); sentences written for these tests ----------------------

@pytest.mark.parametrize("lines", [
    ["KABUL, Afghanistan (AP) — Officials say the Taliban captured Shighnan district in Badakhshan."],
    ["Kabul [Afghanistan], July 27 (ANI): The Taliban captured Shighnan district in Badakhshan, TOLOnews reported."],
    ["KABUL (Pajhwok): The Taliban captured Shighnan district in Badakhshan on Tuesday."],
    ["Kabul (BNA) The Taliban captured Shighnan district in Badakhshan on Tuesday."],
    ["Sar-e-Pul (The Killid) – The Taliban captured Shighnan district in Badakhshan on Tuesday."],
    ["Afghan Voice Agency (AVA)_The Taliban captured Shighnan district in Badakhshan on Tuesday."],
])
def test_datelines_and_credits_are_never_places(gazetteer, lines):
    assert {d for _, d, _ in facts(gazetteer, *lines)} == {"Shighnan"}


def test_a_dated_credit_is_no_time_of_the_event(gazetteer):
    got = facts(gazetteer, "MOSCOW (UrduPoint News / Sputnik - 10th August, 2021) Afghan forces have repelled an attack "
                           "by the Taliban on Pol-e-Khomri, the capital of Baghlan province, a spokesman said on Monday.")
    assert got == {("2021-08-09", "Puli Khumri", "government")}  # the day the spokesman spoke, not the credit's
    army = facts(gazetteer, "Afghan National Army (ANA) soldiers retook Shighnan district in Badakhshan on Monday.")
    assert army == {("2021-08-09", "Shighnan", "government")}  # no outlet, no date: a name's short form, no credit


def test_outlets_are_never_places(gazetteer):
    got = facts(gazetteer, "The Taliban captured Chahar Dara district on Tuesday, Khaama Press and Bakhtar reported.",
                "Pajhwok and Tolo News said the fighting spread, Ariana News and Xinhua added.")
    assert got == {("2021-08-10", "Chahar Dara", "controlled")}  # Khaama is no Kama


@pytest.mark.parametrize("line, district", [
    ("The Taliban captured a key district in the northern province of Baghlan, Dahana-i-Ghori.", "Dahana-I- Ghuri"),
    ("The Taliban captured Qala-i-Zal district in Kunduz on Tuesday.", "Qalay-I- Zal"),
    ("The Taliban overran Chak and Sayedabad districts in Wardak.", None),
])
def test_a_province_named_as_context_is_not_its_capital(gazetteer, line, district):
    got = {d for _, d, _ in facts(gazetteer, line)}
    assert got == ({district} if district else {"Chaki Wardak", "Saydabad"})  # never Kunduz, Puli Khumri, Maydan Shahr


@pytest.mark.parametrize("line, status", [
    ("The Taliban regained control of Khwaja Ghar district on Tuesday.", "controlled"),
    ("Insurgents stormed the centre of Khwaja Ghar district overnight and by morning had full control.", "controlled"),
    ("Security forces have re-captured Khwaja Ghar district, officials said.", "government"),
    ("Khwaja Ghar district was retaken by Afghan commandos.", "government"),
    ("Afghan forces retreated from Khwaja Ghar district after days of clashes.", "controlled"),
])
def test_the_status_follows_who_did_what(gazetteer, line, status):
    assert {s for _, _, s in facts(gazetteer, line)} == {status}


@pytest.mark.parametrize("line", [
    "Officials confirmed the fall of Khwaja Ghar district.",
    "Khwaja Ghar fell on Tuesday.",
    "Government forces made a tactical retreat from Khwaja Ghar.",
    "Soldiers abandoned the centre of Khwaja Ghar district.",
    "Local elders handed over Khwaja Ghar district to the Taliban.",
    "Khwaja Ghar district was overrun.",
])
def test_outcome_phrases(gazetteer, line):
    assert {(d, s) for _, d, s in facts(gazetteer, line)} == {("Khwaja Ghar", "controlled")}


def test_dated_list_items_upper_case_names_and_lists_with_provinces(gazetteer):
    got = facts(gazetteer, "CAPITALS LOST TO THE INSURGENTS", "- Aug. 6 - ZARANJ. The insurgents enter the city and take it.",
                "- Aug. 8 - SAR-E PUL. The capital of the province of the same name is overrun.",
                "The fallen districts are Obe in Herat, Saghar in Ghor, and Lash-e Juwayn and Pusht-e Road districts in Farah.")
    assert got == {("2021-08-06", "Zaranj", "controlled"), ("2021-08-08", "Sari Pul", "controlled"),
                   ("2021-08-10", "Obe", "controlled"), ("2021-08-10", "Saghar", "controlled"),
                   ("2021-08-10", "Lash Wa Juwayn", "controlled"), ("2021-08-10", "Pusht Rod", "controlled")}


def test_a_casualty_report_s_dated_sub_headings(gazetteer):
    got = facts(gazetteer, "Aug. 8 Herat province: a police officer killed", "",
                "The Taliban attacked the governor's office in the Ghoryan district.", "",
                "Aug. 7 Nangarhar Province: three policemen killed", "",
                "The Taliban attacked security posts in the Hesarak district.")
    assert got == {("2021-08-08", "Ghoryan", "contested"), ("2021-08-07", "Hesarak", "contested")}


def test_claims_denials_and_confirmations(gazetteer):
    denied = facts(gazetteer, "A Taliban spokesman said the group captured Gurziwan district on Monday. "
                              "Provincial officials denied the claim and said fighting was going on in the district.")
    assert denied == {("2021-08-09", "Gurziwan", "contested")}
    unconfirmed = facts(gazetteer, "The Taliban claimed on Monday they had overrun Gurziwan district.")
    assert unconfirmed == {("2021-08-09", "Gurziwan", "unconfirmed")}
    confirmed = facts(gazetteer, "The Taliban claimed on Monday they had overrun Gurziwan district.",
                      "A provincial council member confirmed that Gurziwan fell on Monday.")
    assert confirmed == {("2021-08-09", "Gurziwan", "controlled")}


@pytest.mark.parametrize("line", [
    "The insurgents held Kunduz city for two weeks in 2015.",
    "They had overrun Musa Qala district in 2016 before being driven out.",
    "Ghazni city briefly fell to the Taliban last year.",
])
def test_background_is_no_report(gazetteer, line):
    assert facts(gazetteer, line) == set()


def test_the_district_pointing_forward(gazetteer):
    got = facts(gazetteer, "Government forces fully recaptured the district on Friday, officials said. "
                           "The insurgents had taken Jurm district on Monday.")
    assert got == {("2021-08-06", "Jurm", "government"), ("2021-08-09", "Jurm", "controlled")}


def test_a_wrong_province_in_the_text(gazetteer):
    assert facts(gazetteer, "The Taliban captured Shindand district in Farah province.") == {
        ("2021-08-10", "Shindand", "controlled")}                   # unique in the country: Herat's
    misspelt = facts(gazetteer, "The Taliban captured Shindad district in Farah province.")
    assert misspelt <= {("2021-08-10", "Shindand", "controlled")}  # the name alone, or nothing: never a Farah district


# --- the development corpus (tests/corpus): articles in our own words after real reports -------------------

CORPUS = Path(__file__).resolve().parent / "corpus"


def test_precision_and_recall_per_source_style_on_the_corpus(gazetteer):
    from tracker.extract.score import load_annotations, proposals, score
    files, facts = load_annotations(CORPUS / "annotations.csv", gazetteer)
    assert len(files) >= 60 and sum(1 for f in files if not any(k[0] == f for k in facts)) >= 15
    found, problems = extract_files([CORPUS / "articles" / f for f in files], gazetteer)
    assert not [p for p in problems if p.severity == "error"]
    result = score(proposals(found), facts, files)
    for style, row in result["by_style"].items():
        print(f"{style:>10}: precision {row['precision']}, recall {row['recall']} ({row['facts']} facts)")
    overall = result["by_style"]["all"]
    assert overall["precision"] >= 0.8 and overall["recall"] >= 0.75
    nothing = [f for f in files if not any(k[0] == f for k in facts)]
    assert sum(1 for g in proposals(found) if g[0] in nothing) <= 2  # articles with nothing to take stay empty


def test_score_extract_command(cli, tmp_path, geodata_dir):
    result = cli("score-extract", CORPUS / "annotations.csv", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data["by_style"]) >= {"ap", "afp", "reuters", "pajhwok", "lwj", "all"}
    assert {"precision", "recall", "precision_loose", "recall_loose"} <= set(data["by_style"]["all"])
    bad = tmp_path / "a.csv"
    bad.write_text("file,style,date,district,province,status\nx.txt,ap,2021-08-01,Baharak,,controlled\n")
    result = cli("score-extract", bad, "--articles", tmp_path)
    assert result.exit_code == 1 and "a.csv:2" in result.stderr and "ambiguous" in result.stderr


def test_the_cheap_first_look_misses_no_event(gazetteer):
    """Every sentence of the corpus in which an event phrase matches passes the word-stem filter."""
    import re
    from tracker.extract import load_lexicon
    lexicon = load_lexicon()
    for path in sorted((CORPUS / "articles").glob("*.txt")):
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", path.read_text(encoding="utf-8")):
            lowered = sentence.lower()
            if any(e.pattern.search(sentence if e.cased else lowered) for e in lexicon.events):
                assert lexicon.any_event.search(lowered), (path.name, sentence)


def test_event_phrases_run_only_where_their_stems_are_and_miss_nothing(monkeypatch):
    """Skipping an event's pattern when none of its stems is in the sentence, or before its first stem,
    finds the same phrases."""
    import importlib
    import re
    from tracker.extract import load_lexicon
    from tracker.extract.frames import triggers
    from tracker.extract.lexicon import stems_in
    frames = importlib.import_module("tracker.extract.frames")
    lexicon = load_lexicon()
    for path in sorted((CORPUS / "articles").glob("*.txt")):
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", path.read_text(encoding="utf-8")):
            lowered = sentence.lower()
            every = {(m.start(), m.end()) for e in lexicon.events for m in e.pattern.finditer(sentence if e.cased else lowered)}
            assert {(t.start, t.end) for t in triggers(sentence, lowered, lexicon)} <= every
            gated = {(m.start(), m.end()) for e in lexicon.events if e.stems & stems_in(lowered, lexicon).keys()
                     for m in e.pattern.finditer(sentence if e.cased else lowered)}
            assert gated == every, (path.name, sentence)
            windowed = {(t.start, t.end) for t in triggers(sentence, lowered, lexicon)}  # from the first stem on
            monkeypatch.setattr(frames, "STEM_REACH", len(sentence))
            assert windowed == {(t.start, t.end) for t in triggers(sentence, lowered, lexicon)}, (path.name, sentence)
            monkeypatch.undo()


def test_confidence_means_something_on_the_corpus(gazetteer):
    """Proposals at 0.8 or more are right at least 9 times in 10; each band below is right less often (the CLI
    sorts by it). The weights were fitted on fresh news, which is harder than the corpus: few reach 0.8 here."""
    from tracker.extract.score import load_annotations, proposals
    files, facts = load_annotations(CORPUS / "annotations.csv", gazetteer)
    found, _ = extract_files([CORPUS / "articles" / f for f in files], gazetteer)
    share = lambda cs: len(proposals(cs) & facts) / len(proposals(cs))  # noqa: E731
    high, mid, low = ([c for c in found if a <= c["confidence"] < b] for a, b in ((0.8, 1.1), (0.6, 0.8), (0, 0.6)))
    assert len(high) >= 10 and share(high) >= 0.9
    assert share(high) >= share(mid) > share(low)


def test_confidence_weights_are_the_fit_of_the_fresh_proposals():
    """The lexicon's weights are what bench/extract_calibration.py fits on bench/fresh-proposals.csv (the features
    of every proposal made at first sight on real news), and the table's columns are today's features."""
    import importlib
    import sys

    import numpy as np

    from tracker.extract import Article, features

    bench = str(CORPUS.parent.parent / "bench")
    sys.path.insert(0, bench)
    try:
        calibration = importlib.import_module("extract_calibration")
    finally:
        sys.path.remove(bench)
    with calibration.TABLE.open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    names = [c for c in table[0] if c not in ("set", "file", "right")]
    weights = load_lexicon().confidence
    fact = {"claim": False, "explicit": True, "date": "2021-08-06", "inherited": False, "partial": False, "title": False,
            "speaker": "", "kind": "capture", "method": "exact", "status": "controlled", "unit_id": "u", "start": 0, "pos": 9}
    assert names == list(features(fact, Article([fact], 0, 100))) == [n for n in weights if n != "bias"]
    x = np.array([[float(r[n]) for n in names] for r in table])
    w, b = calibration.fit(x, np.array([r["right"] == "1" for r in table], float))
    assert dict(zip(names, w.round(3)), bias=round(b, 3)) == pytest.approx(weights, abs=0.002)


def test_every_match_of_a_cued_pattern_holds_one_of_its_cues():
    """A pattern looked for only where one of its cues is (frames.cued) finds nothing elsewhere: each of its
    alternatives needs one."""
    import re
    from tracker.extract.frames import CONDITION, CONDITION_CUES, RETRACTED, RETRACTED_CUES
    texts = [sentence.lower() for path in sorted((CORPUS / "articles").glob("*.txt"))
             for sentence in re.split(r"(?<=[.!?])\s+|\n+", path.read_text(encoding="utf-8"))]
    texts += ["an earlier version of this story said so", "it was wrongly reported", "correction: it held",
              "a previous report erroneously said", "the original story mistakenly", "an initial report",
              "incorrectly", "unless they", "whether it", "if it falls"]
    from tracker.extract import load_lexicon
    lexicon = load_lexicon()
    texts += ["the kabul regime and its puppet army", "martyrdom", "inshallah", "the islamic emirate's mujahideen"]
    for pattern, cues in ((CONDITION, CONDITION_CUES), (RETRACTED, RETRACTED_CUES), (lexicon.voice, lexicon.voice_cues)):
        matches = [m.group() for text in texts for m in pattern.finditer(text)]
        assert matches and all(any(cue in m for cue in cues) for m in matches), pattern.pattern


@pytest.mark.parametrize("pattern, expected", [
    ("mps?", ("mp",)), ("(?:armed )?fighters|police(?:men)?", ("fighters", "police")), ("x{0,4}yz", ("yz",)),
    ("re-?t(?:ook|aken)", ("re",)), (r"[\w-]+ held|in (?:\w+ )?hands", (" held", "hands")), ("a|(?:b|c)", None),
    (r"(?<!the )fall(?= to)", ("fall",)), ("(?i)Kabul (?:now|times)", ("kabul ",)),
])
def test_the_cues_of_a_pattern_are_in_each_of_its_matches(pattern, expected):
    from tracker.extract.lexicon import cues
    assert cues([pattern]) == expected


def test_time_expressions_run_only_where_their_words_are_and_miss_nothing():
    """The cheap first look of times() (a word each kind needs) finds what running every kind finds."""
    import re
    from tracker.extract.dates import times
    day, lexicon = date(2021, 8, 10), load_lexicon()
    extra = ["It fell two days back.", "It fell three days ago.", "in the following days", "late Sunday night",
             "Friday 6 August", "earlier in the day", "by the beginning of July", "in September last year"]
    for path in sorted((CORPUS / "articles").glob("*.txt")):
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", path.read_text(encoding="utf-8")) + extra:
            assert times(sentence, day, lexicon, day) == times(sentence, day, lexicon, day, look_first=False), \
                (path.name, sentence)


@pytest.mark.parametrize("lines, expected", [
    (["Dasht-e-Archi district of Kunduz fell to the Taliban on Monday.", "",
      "The fall of Dasht-e-Archi comes a day after the Taliban overran Chahar Dara district."],
     {("2021-08-09", "Dashte Archi", "controlled"), ("2021-08-08", "Chahar Dara", "controlled")}),
    (["Five more cities, in part or in whole, have fallen to the Taliban since yesterday.",
      "They are the centres of Herat and Zabul provinces."],
     {("2021-08-10", "Hirat", "contested"), ("2021-08-10", "Qalat", "contested")}),
    (["Only two cities remain in control of the government—Jalalabad in the east and Mazar-e-Sharif."],
     {("2021-08-10", "Jalalabad", "government"), ("2021-08-10", "Mazari Sharif", "government")}),
    (["Officials said the Taliban seized Khanabad district.The district fell on Monday."],
     {("2021-08-09", "Khanabad", "controlled")}),  # no space after the full stop
    (["An official confirmed the fall of Baharak district 20 km from Taloqan city, the provincial capital of "
      "Takhar, saying the Taliban overran the district on Friday."], {("2021-08-06", "Baharak", "controlled")}),
    (["Taliban fighters including suicide bombers stormed an army base in Maiwand district of Kandahar."],
     {("2021-08-10", "Maywand", "contested")}),  # storming is an assault; bombers alone are violence only
    (["Security forces raided a Taliban hideout in Kuran Wa Munjan district of Badakhshan."], set()),
    (["Security forces and officials left Atghar district for Qalat, the provincial capital, after the Taliban "
      "captured it on Monday."], {("2021-08-09", "Atghar", "controlled")}),  # Qalat: a destination
    (["The ministry said the Taliban had been repelled from Tirin Kot on Monday."],
     {("2021-08-09", "Tirin Kot", "government")}),
    (["Earlier this autumn the Taliban briefly held Kunduz city."], set()),
    (["Another district in Faryab province also fell to the Taliban early on Sunday.",
      "A large number of Taliban attacked Kohistan district centre on Saturday night, a spokesman said."],
     {("2021-08-08", "Kohistan", "controlled")}),  # "another district" and the one the next sentence names
    (["Forces retook Pashtun Kot district of Faryab on Monday.", "",
      "In a separate statement, the ministry said it had retook the control of Kaldar district in Balkh."],
     {("2021-08-09", "Pashtun Kot", "government"), ("2021-08-10", "Kaldar", "government")}),
    (["The ministry rejected reports about the fall of Baharak and Khawaja Ghar districts of Takhar on Monday.",
      "Fighting is continuing over control of the districts, the statement said."],
     {("2021-08-09", "Baharak", "contested"), ("2021-08-09", "Khwaja Ghar", "contested")}),
    (["The ministry rejected reports that Baharak district of Takhar fell to the Taliban on Monday."],
     {("2021-08-09", "Baharak", "unconfirmed")}),  # a report it denies, nothing else told
    (["Taliban fighters took control of a district in Kunduz province and encircled the provincial capital, police "
      "said, as the group added to its recent wins."], {("2021-08-10", "Kunduz", "contested")}),  # "recent wins"
    (["The militants tried to overrun Chora and Gizab districts and the capital, Tirin Kot city, but failed after "
      "facing the security forces."], {("2021-08-10", "Chora", "government"), ("2021-08-10", "Gizab", "government"),
                                       ("2021-08-10", "Tirin Kot", "government")}),
    (["Twelve soldiers were killed during a failed attempt to capture Qush Tepa district."], set()),  # whose attempt?
    (["Police said Qala-i-Zal district, which fell to the militants on Thursday, was retaken by the army on "
      "Saturday."], {("2021-08-05", "Qalay-I- Zal", "controlled"), ("2021-08-07", "Qalay-I- Zal", "government")}),
    (["Qala-i-Zal district, which the Taliban seized on Thursday, was recaptured on Saturday."],
     {("2021-08-05", "Qalay-I- Zal", "controlled"), ("2021-08-07", "Qalay-I- Zal", "government")}),
    (["The Taliban overran Qala-i-Zal district, which had been under government control for years."],
     {("2021-08-10", "Qalay-I- Zal", "controlled")}),  # the relative clause is background
    (["Forces made a tactical retreat from Malistan and reached Jaghori district on Monday; others retreated to "
      "Qarabagh."], {("2021-08-09", "Malistan", "controlled")}),  # where they went is no loss
    (['An official said the city of "Taloqan" has completely fallen.'], {("2021-08-10", "Taluqan", "controlled")}),
    (["Jalalabad, the last major city under government control, surrendered to the Taliban on Sunday."],
     {("2021-08-08", "Jalalabad", "controlled")}),  # the appositive tells of the time before
    (["Sheberghan, the capital of Jawzjan province, fell on Saturday."], {("2021-08-07", "Shibirghan", "controlled")}),
    (["Helicopters were sent to help Afghan forces repel the Taliban from Qala-i-Zal district."], set()),
    (["A Taliban recapture of Qala-i-Zal district is feared."], set()),
    (["By seizing Kandahar city, the Taliban can proclaim a return to power."], set()),  # a supposition
    (["A fall of Mehtarlam city could still be prevented by reinforcements."], set()),
    (["If Kunduz, capital of the province of the same name, falls, it would be a gain for the Taliban."], set()),
    (["The Taliban as usual made tall claims of capturing Dey Chopan district."],
     {("2021-08-10", "Daychopan", "unconfirmed")}),
    (["Security forces suppressed Taliban militants through air and ground and cleared Khwaja Ghar district."],
     {("2021-08-10", "Khwaja Ghar", "government")}),  # the first actor did both
    (["The Taliban ambushed soldiers and captured Khwaja Ghar district."], {("2021-08-10", "Khwaja Ghar", "controlled")}),
    (["Taliban launched an offensive on Ghoryan district early Thursday, but the security forces retaliated forcing "
      "the insurgents to flee."], {("2021-08-05", "Ghoryan", "government")}),
    (["On Monday, security forces had to withdraw from Daulat Shah district in Laghman."],
     {("2021-08-09", "Daulatshahi", "controlled")}),  # what they had to do, they did
    (["In army attacks on Taliban in districts Nad Ali and Nahri Saraj, 16 militants were killed."], set()),
    (["After clashes on Monday, Gojwa town of Sancharak district fell to the Taliban."],
     {("2021-08-09", "Sangcharak", "contested")}),  # a named town of a district is a part of it
    (["The town of Musa Qala in Helmand was captured by the insurgents on Monday."],
     {("2021-08-09", "Musa Qala", "controlled")}),
    (["Chahar Dara district fell to the Taliban on Aug. 2 but government forces recaptured it after two days of "
      "fighting."], {("2021-08-02", "Chahar Dara", "controlled"), ("2021-08-04", "Chahar Dara", "government")}),
    (["On Aug. 7, Taliban militants seized Chahar Dara district after five days of siege."],
     {("2021-08-07", "Chahar Dara", "controlled")}),
    (["Afghan troops have retaken control of Waygal district in Nuristan, a day after the district fell to the Taliban.",
      "", "A council member said that troops recaptured Waygal district late on Aug. 6."],
     {("2021-08-06", "Waygal", "government"), ("2021-08-05", "Waygal", "controlled")}),  # the lead moves with its day
    (["Bazgir, Surkh Dara and Shawal Dara villages of Ishkashim were occupied by the Taliban on Monday."],
     {("2021-08-09", "Ishkashiem", "contested")}),  # villages' names, not Panjshir's Dara
    (["On Monday the insurgents seized control of the strategic Mirzawalang in Sayad district of Sar-e Pul."],
     {("2021-08-09", "Sayyad", "contested")}),  # a place the gazetteer does not know, inside the district
    (["In Helmand the Taliban already have seized the districts of Musa Qala and Now Zad before taking Khanishin on "
      "Monday."],
     {("2021-08-10", "Musa Qala", "controlled"), ("2021-08-10", "Naw Zad", "controlled"),
      ("2021-08-09", "Reg(Khanshin)", "controlled")}),  # the time of "before taking ..." is that clause's
    (["Forces retook Qaisar district of Faryab on Monday.", "",
      "Elsewhere in the country, troops were battling the Taliban in three districts in southern Helmand province — "
      "Musa Qala, Nad Ali and Nawzad, a spokesman said."],
     {("2021-08-09", "Qaysar", "government"), ("2021-08-10", "Musa Qala", "contested"),
      ("2021-08-10", "Nad Ali", "contested"), ("2021-08-10", "Naw Zad", "contested")}),  # a list after a dash
    (["Security forces launched a counter-offensive in Khawja Ghar and Bangi districts of Takhar and have regained "
      "control of them, a spokesman said."],
     {("2021-08-10", "Khwaja Ghar", "government"), ("2021-08-10", "Bangi", "government")}),  # "them": the places before
    (["The Taliban attacked the prison in Jalalabad city on Sunday.",
      "At least 1,000 prisoners who fled during the battle were recaptured."],
     {("2021-08-08", "Jalalabad", "contested")}),  # people recaptured, not the city
    (["The Taliban launch sporadic attacks against Kahmard and Shibar districts from Baghlan."], set()),  # habitual
    (["In Faryab, the Taliban attacked Qaisar district on Sunday.", "",
      "Fighting has intensified in the districts of Alishing, Dawlatabad, and Alingar of Laghman province."],
     {("2021-08-08", "Qaysar", "contested"), ("2021-08-10", "Alishing", "contested"),
      ("2021-08-10", "Alingar", "contested")}),  # Laghman has no Dawlatabad: not Faryab's from the story either
    (["At least 1,000 prisoners who fled during the battle were recaptured, Khogyani said."], set()),  # a person
    (["Some areas as well as the Pul-e-Khumri – Kunduz highway have fallen to the Taliban."], set()),  # a road's name
    (["Taliban assaulted some parts of Khan Abad and Dasht -e- Archi District of Kunduz last night."],
     {("2021-08-09", "Khanabad", "contested"), ("2021-08-09", "Dashte Archi", "contested")}),  # " -e- " spaced
    (["Qala i Kah district is being heavily attacked and may surrender if there is no reinforcement."],
     {("2021-08-10", "Qala Ka", "contested")}),
    (["This is the latest in a string of deadly attacks to have targeted Jalalabad."], set()),
    (["The Taliban seized Tala wa Barfak district on Monday.", "",
      "An MP said the Taliban captured the district headquarters in Bilchirgh early Tuesday."],
     {("2021-08-09", "Tala Wa Barfak", "controlled"), ("2021-08-10", "Bilchiragh", "controlled")}),
    (["Anar Dara district that was occupied by the Taliban a few days ago was reclaimed by security forces on Monday."],
     {("2021-08-09", "Anar Dara", "government")}),  # "a few days ago": no day for the fall
    (["Meanwhile, Qaysar, the Faryab district that fell to the Taliban on Aug. 6, remains under Taliban control."],
     {("2021-08-06", "Qaysar", "controlled")}),
    (["On Tuesday, the militants overran the capitals of Badakhshan in the north, Farah in the west and Baghlan."],
     {("2021-08-10", "Fayzabad", "controlled"), ("2021-08-10", "Farah", "controlled"),
      ("2021-08-10", "Puli Khumri", "controlled")}),
    (["In Balkh, Zari and Chahar Bolak districts were captured by the Taliban on Monday.", "",
      "After the fall of the only base in the district, Khas Uruzgan also collapsed."],
     {("2021-08-09", "Zari", "controlled"), ("2021-08-09", "Chahar Bolak", "controlled"),
      ("2021-08-09", "Khas Uruzgan", "controlled")}),  # "the district" is the one its sentence names after it
    (["Security forces have suppressed a Taliban attack on Chak District of Maidan Wardak province."],
     {("2021-08-10", "Chaki Wardak", "government")}),
    (["The Taliban fought Afghan forces for two days before capturing Kohestanat district on Monday evening."],
     {("2021-08-09", "Kohistanat", "controlled")}),  # the subject's act, not the forces'
    (["On Sunday morning, the Taliban captured Jawand district in the province with Qala-e-Naw as its capital."],
     {("2021-08-08", "Jawand", "controlled")}),
    (["Officials said the attack was launched by scores of Taliban on Arghistan district which was repulsed."],
     {("2021-08-10", "Arghistan", "government")}),
    (["In Kunduz, the Taliban have seized around 70 villages in Khanabad district this week."],
     {("2021-08-10", "Khanabad", "contested")}),  # parts taken this week: fighting there now
    (["Afghan forces have recaptured Jaghatu district of Ghazni from the Taliban.", "",
      "The operation to retake it began on Sunday and ended on Monday, a spokesman said."],
     {("2021-08-09", "Bahrami Shahid (Jaghatu)", "government")}),  # an undated lead takes the day told after it
    (["After 5 years, Warduj district of Badakhshan was taken out of Taliban control and re-controlled by the "
      "government."], {("2021-08-10", "Warduj", "government")}),
    (["In Helmand, Afghan forces recaptured the Nawa district near the provincial capital of Lashkargah, nine "
      "months after the Taliban had overrun it."], {("2021-08-10", "Nawa-I- Barak Zayi", "government")}),
    (["The sources said the lack of reinforcements was a key reason behind the fall of Khwaja Ghar district to "
      "the Taliban."], {("2021-08-10", "Khwaja Ghar", "controlled")}),
    (["Fighting is also ongoing in the Marouf district with the possibility of the militants overrunning it."],
     {("2021-08-10", "Maruf", "contested")}),
    (["Taliban militants have captured Dara-e-Suf Bala district a couple of weeks ago."], set()),
    (["Officials said Gilan in Ghazni and Khakriz in Kandahar have been taken out of government control on Monday."],
     {("2021-08-09", "Gelan", "controlled"), ("2021-08-09", "Khakrez", "controlled")}),
    (["Taliban militants overran Bilchiragh district two or three days ago."], set()),  # no day of its own
    (["Forces retook Bilchiragh district a day or two ago."], set()),
    (["Earlier, the Taliban had taken control of Muqur and Waghez districts in Ghazni province."], set()),
    (["The Taliban had overrun Warduj district in Badakhshan."], set()),  # the reporter's pluperfect, no day: before
    (["Officials said the Taliban had overrun Warduj district in Badakhshan."], {("2021-08-10", "Warduj", "controlled")}),
    (["The Taliban had overrun Warduj district in Badakhshan on Monday."], {("2021-08-09", "Warduj", "controlled")}),
    (["Earlier, officials said the Taliban had overrun Muqur district in Ghazni province on Monday."],
     {("2021-08-09", "Muqur", "controlled")}),  # a day of its own: news, not background
    (["The ministry said the Taliban control Wardoj-Yamgan in Badakhshan and Baghran-Deshu in Helmand."],
     {("2021-08-10", d, "controlled") for d in ("Warduj", "Yamgan (Girwan)", "Baghran", "Dishu")}),
    (["Amid heavy clashes in the area, locals have fled to the provincial capital of Lashkar Gah."], set()),
    (["He was also involved in fighting against security forces in Maiwand and Ghorak districts, the NDS said."], set()),
    (["Eight districts of Takhar province, including Chal and Ishkamish, have either fallen to the Taliban or have "
      "been evacuated by security forces."], {("2021-08-10", "Chal", "controlled"), ("2021-08-10", "Ishkamish", "controlled")}),
    (["The Taliban had gathered in Shorabak district and were planning to wrest control of the district."], set()),
    (["600 families who had risen against insurgents had to leave home and abandon Kohistanat district."], set()),
    (["Police and residents abandoned Kohistanat district on Monday."], {("2021-08-09", "Kohistanat", "controlled")}),
    (["The Taliban's bid to overrun Sayad district has been foiled, a spokesman said on Monday."],
     {("2021-08-09", "Sayyad", "government")}),
    (["Afghan forces have repelled an attack by the Taliban (a terrorist group, outlawed in Russia) on Pol-e-Khomri, "
      "the capital of Baghlan province, a spokesman said on Monday."], {("2021-08-09", "Puli Khumri", "government")}),
    (["Afghan officials and Taliban sources confirmed the insurgents have overrun Khanashin district on Monday."],
     {("2021-08-09", "Reg(Khanshin)", "controlled")}),  # the officials confirm it: no claim
    (["Taliban sources said the insurgents have overrun Khanashin district on Monday."],
     {("2021-08-09", "Reg(Khanshin)", "unconfirmed")}),
    (["The Taliban advanced on Dasht-e-Archi district on Sunday.",
      "The militants seized the district's open market on Monday morning."],
     {("2021-08-08", "Dashte Archi", "contested"), ("2021-08-09", "Dashte Archi", "contested")}),
    (["Lawmakers said forces had handed over Obe district to the Taliban without a fight on Monday."],
     {("2021-08-09", "Obe", "controlled")}),
    (["Several Taliban insurgents launched coordinated attacks on check posts in Momand Dara on Monday."],
     {("2021-08-09", "Muhmand Dara", "contested")}),  # Nangarhar's Momand Dara, not Panjshir's Dara
    (["Taliban attacked Dara district of Panjshir on Monday."], {("2021-08-09", "Dara", "contested")}),
    (["Afghan security forces killed dozens of Daesh terrorists and seized Haska Mina district on Monday."],
     {("2021-08-09", "Deh Bala", "government")}),  # "Daesh terrorists" is one actor: the forces did both
    (["In Badghis, Taliban fighters entered the city after capturing police headquarters and fighting was going on "
      "for the control of Qala-e-Naw on Monday."], {("2021-08-09", "Qala-I- Naw", "contested")}),
    (["In Helmand, Afghan forces have fought back the militants who stormed Nawa district late on Monday."],
     {("2021-08-09", "Nawa-I- Barak Zayi", "government")}),
    (["In an attack in Farah city on Monday, Taliban fighters killed 11 police and seized a large quantity of "
      "weapons."], {("2021-08-09", "Farah", "contested")}),  # weapons seized: no outcome for the city
    (["Forces repelled multiple attacks by the Taliban in Gereshk district of Helmand on Monday."],
     {("2021-08-09", "Nahri Sarraj", "government")}),
    (["Taliban attacked Kohistan district of Faryab on Monday.", "",
      "The police said the attacks were pushed back in Arab Aqsay village."], {("2021-08-09", "Kohistan", "contested")}),
    (["Taliban fighters attacked the compound of Dey Chopan district on Monday night, but faced with timely retort "
      "from the security forces.", "", "However, the Taliban as usual made tall claims of capturing the district."],
     {("2021-08-09", "Daychopan", "government")}),  # the outcome told answers the undated claim
    (["With the collapse of Pashtun Kot district, the Taliban have tightened their grip on Maimana."],
     {("2021-08-10", "Pashtun Kot", "controlled")}),  # a new clause: Maimana is no object of the collapse
    (["The area of Dar-e Sanglakh in Jalrez district, a mere 60km from Kabul city, was captured by the Taliban."],
     {("2021-08-10", "Jalrez", "contested")}),  # a distance from a city is no place of the event
    (["Forces pushed back a Taliban attack in Unaba district of Panjshir, officials said Tuesday.", "",
      "The clash began after six Taliban attacked a checkpoint on Monday night."],
     {("2021-08-09", "Unaba", "government")}),  # the lead's day is the day they spoke; the next tells the event's
    (["Taliban fighters overran Nahrin and Khost wa Firing districts of Baghlan, officials said on Tuesday.", "",
      "The centre of Nahrin came under their control late on Monday."],
     {("2021-08-09", "Nahrin", "controlled"), ("2021-08-10", "Khost Wa Firing", "controlled")}),
    (["The Taliban attacked Farah city on Monday and captured the recruitment centre of the army."],
     {("2021-08-09", "Farah", "contested")}),  # a part of the city
    (["Activists said several checkpoints in Lashkargah, the capital of Helmand, had fallen to the Taliban."],
     {("2021-08-10", "Lashkar Gah", "contested")}),  # the appositive shares the checkpoints
    (["They said PD4 in Lashkargah, Sayeed Abad area in Nad Ali district, and Nahr-e-Saraj area in Grishk district "
      "had all collapsed to the insurgent group on Sunday."],
     {("2021-08-08", "Lashkar Gah", "contested"), ("2021-08-08", "Nad Ali", "contested"),
      ("2021-08-08", "Nahri Sarraj", "contested")}),
    (["Troops liberated Reg district of Helmand on Monday.", "",
      "The militants have already seized the districts of Musa Qala and Nowzad."],
     {("2021-08-09", "Reg(Khanshin)", "government"), ("2021-08-10", "Musa Qala", "controlled"),
      ("2021-08-10", "Naw Zad", "controlled")}),  # "have seized": a summary, not that Monday
    (["The fall of Musa Qala puts the Taliban in control of northern Helmand, and will allow it to threaten the "
      "provincial capital of Lashkar Gah."], {("2021-08-10", "Musa Qala", "controlled")}),
    (["A Taliban spokesman said its forces took control of Musa Qala."], {("2021-08-10", "Musa Qala", "unconfirmed")}),
    (["Afghan forces retook Nawa district of Helmand on August 9 after it fell to the Taliban."],
     {("2021-08-09", "Nawa-I- Barak Zayi", "government")}),  # the fall came before, on no day told
    (["The militants nearly captured the capital city of Kunduz Province in April."], set()),
    (["Officials said all the villages of the Darzab and Qosh Tepa districts were controlled by Daesh."],
     {("2021-08-10", "Darzab", "contested"), ("2021-08-10", "Qush Tepa", "contested")}),
    (["Sangin district was controlled by the Taliban."], {("2021-08-10", "Sangin", "controlled")}),
    (["Taliban captured Dehrawod district bazaar of Urozgan province yesterday."],
     {("2021-08-09", "Dihrawud", "contested")}),  # the bazaar is a part
    (["The Taliban on Monday seized control of the center of Murghab district, in Ghor province."],
     {("2021-08-09", "Murghab", "controlled")}),  # a district newer than the boundaries, part of Chaghcharan
    (["Government forces in a crackdown against Taliban fighters have recaptured Jaghatu district of Ghazni, "
      "officials said on Monday."], {("2021-08-09", "Bahrami Shahid (Jaghatu)", "government")}),
    (["Nineteen officers were killed, the chief of the Aliabad district of Kunduz, where the assault occurred, "
      "said on Monday."], {("2021-08-09", "Aliabad", "contested")}),
    (["Fighting was heavy in Jurm district of Badakhshan.", "The head of the Yamgan district office said the Taliban "
      "captured the district center on Saturday."], {("2021-08-07", "Yamgan (Girwan)", "controlled"),
                                                     ("2021-08-10", "Jurm", "contested")}),
    (["The Taliban have launched heavy attacks since August 1 to seize Lashkar Gah and its suburbs, including "
      "Nade Ali and Nahre Siraj."], {("2021-08-01", "Lashkar Gah", "contested"), ("2021-08-01", "Nad Ali", "contested"),
                                    ("2021-08-01", "Nahri Sarraj", "contested")}),  # attacks to seize: attacked
    (["The Taliban stormed Pul-e-Khumri city on Sunday, one day after they failed to capture the capital of "
      "neighbouring Kunduz province."], {("2021-08-08", "Puli Khumri", "contested")}),  # another place's failure
    (["Nad Ali district of Helmand is back in Taliban hands."], {("2021-08-10", "Nad Ali", "controlled")}),
    (["Nad Ali district of Helmand is back under government control."], {("2021-08-10", "Nad Ali", "government")}),
    (["Forces repelled multiple attacks by the Taliban in Gereshk district of Helmand, officials said on Monday."],
     {("2021-08-09", "Nahri Sarraj", "government")}),
    (["Officials said Monday that Jurm district of Badakhshan province, Afghanistan has been cleared of the Taliban."],
     {("2021-08-09", "Jurm", "government")}),  # the country after the province
    (["Heavy fighting raged in Kunduz, another provincial capital, on Monday."],
     {("2021-08-09", "Kunduz", "contested")}),  # the city, not the province
    (["Local police were attacked by Taliban fighters in the Jurm district of Badakhshan."],
     {("2021-08-10", "Jurm", "contested")}),  # the place after the attackers
    (["The insurgents were besieged by government forces in a village in the Jurm district."], set()),
    (["Heavy fighting has been going on in Jurm district since Sunday, officials said."],
     {("2021-08-08", "Jurm", "contested")}),  # fighting since a day: that day
    (["Clashes have continued in Jurm district since last night."], {("2021-08-09", "Jurm", "contested")}),
    (["Jurm and Baharak districts of Badakhshan have fallen to the Taliban since Sunday."],
     {("2021-08-10", "Jurm", "controlled"), ("2021-08-10", "Baharak", "controlled")}),  # some day since then
    (["The Taliban captured Jurm district of Badakhshan.",
      "Forces and the Taliban had fought there since Sunday night, an official said."],
     {("2021-08-10", "Jurm", "controlled")}),  # the fighting's first day is not the fall's
    (["Jurm district fell to the Taliban on Monday, a week after the insurgents captured neighbouring Warduj "
      "district."], {("2021-08-09", "Jurm", "controlled"), ("2021-08-02", "Warduj", "controlled")}),
    (["The Taliban claimed to have captured Jurm district on Monday, but officials said fighting was still going on."],
     {("2021-08-09", "Jurm", "contested")}),  # a claim answered by fighting in the same sentence
    (["Jurm district has been cleared of Taliban militants, said the police spokesman."],
     {("2021-08-10", "Jurm", "government")}),  # the speaker after "said", not the Taliban before its comma
    (["Abdul Karim, head of the council, said the insurgents captured Jurm district on Monday."],
     {("2021-08-09", "Jurm", "controlled")}),
    (["Jurm district which had fallen to the Taliban three days ago was recaptured by the security forces."],
     {("2021-08-07", "Jurm", "controlled"), ("2021-08-10", "Jurm", "government")}),  # a relative clause, no commas
    (["The Taliban seized all government buildings in Jurm district on Monday."],
     {("2021-08-09", "Jurm", "controlled")}),  # all of them: the district centre, not a part
    (["Jurm district has been the scene of heavy fighting."], {("2021-08-10", "Jurm", "contested")}),
    (["Government forces are besieged in the centre of Jurm district."], {("2021-08-10", "Jurm", "contested")}),
    (["Taliban militants were pushed back in Jurm district on Monday."], {("2021-08-09", "Jurm", "government")}),
    (["The ministry on Monday turned down reports about the collapse of Jurm district."],
     {("2021-08-09", "Jurm", "unconfirmed")}),  # a denial
    (["Taliban militants fighting the government to regain power overran Jurm district on Monday."],
     {("2021-08-09", "Jurm", "controlled")}),  # the government is the one fought, not the actor
    (["Nearly 80 percent of Jurm district is under the control of the Taliban."], {("2021-08-10", "Jurm", "contested")}),
    (["Officials confirmed the fall of Jurm district on Monday but the police chief said clashes were ongoing."],
     {("2021-08-09", "Jurm", "contested")}),
    (["Jurm and Warduj districts are controlled by the Taliban and only the centres are in government hands."],
     {("2021-08-10", "Jurm", "contested"), ("2021-08-10", "Warduj", "contested")}),
    (["Jurm district was captured by the Taliban, bringing the districts fallen since August 1 to 37."],
     {("2021-08-10", "Jurm", "controlled")}),  # a count since a day: no day of the fall
    (["Jurm district in Badakhshan; Obe district in Herat; and Qaysar district in Faryab were captured by the Taliban."],
     {("2021-08-10", "Jurm", "controlled"), ("2021-08-10", "Obe", "controlled"),
      ("2021-08-10", "Qaysar", "controlled")}),  # a list with semicolons
    (["The Taliban besiege Jurm district."], {("2021-08-10", "Jurm", "contested")}),
    (["Officials said 150 fighters from the strongholds of Darzab and Qush Tepa surrendered to security forces."],
     set()),  # the places they came from are not the subject
    (["Authorities banned trucks from entering Kabul city during the vote."], set()),
    (["The Taliban captured Kunduz city on Sunday.", "", "Kunduz is a crossroads on the road to the capital, Kabul.",
      "", "The fall of the city is a blow to the government."], {("2021-08-08", "Kunduz", "controlled")}),
    (["The governor said preparations are under way for a counter-offensive for retaking Jurm district."], set()),
    (["The government lost control of Jurm district on Monday."], {("2021-08-09", "Jurm", "controlled")}),
    (["Jurm district is besieged, and except the police headquarters, everything else has fallen to the Taliban."],
     {("2021-08-10", "Jurm", "contested")}),
    (["Kunduz city was reclaimed from the Taliban last fall."], set()),  # a season of a past year: background
    (["Special forces launched an offensive in Jurm district, forcing militants to run away, which resulted in the "
      "full recapture of the district on Monday."], {("2021-08-09", "Jurm", "government")}),  # militants: forced
    (["The loss of Jurm district leaves Fayzabad city exposed."], {("2021-08-10", "Jurm", "controlled")}),
    (["Jurm, which borders Fayzabad city, fell to the Taliban."], {("2021-08-10", "Jurm", "controlled")}),
    (["Officials reported, citing sources, that the Jurm district fell to the Taliban."],
     {("2021-08-10", "Jurm", "controlled")}),  # ", that" reports, it does not open a relative clause
    (["Afghan forces have retaken Jurm district, which had fallen to the Taliban earlier this week."],
     {("2021-08-10", "Jurm", "government")}),  # the fall before the recapture, with no day of its own
    (["Afghan forces have retaken Jurm district, which had fallen to the Taliban on Sunday."],
     {("2021-08-10", "Jurm", "government"), ("2021-08-08", "Jurm", "controlled")}),
    (["Forces recaptured the centre of Jurm district, which had been under Taliban control since 2019."],
     {("2021-08-10", "Jurm", "government")}),
    (["Jurm's fall leaves Fayzabad city exposed."], {("2021-08-10", "Jurm", "controlled")}),  # a possessive event
    (["Jurm's recapture was announced on Monday."], {("2021-08-09", "Jurm", "government")}),
    (["Badakhshan's governor said the Taliban attacked Jurm district."], {("2021-08-10", "Jurm", "contested")}),
    (["The militants attacked Jurm district in early May and took full control of the northern town."],
     {("2021-05", "Jurm", "controlled")}),  # May the month is no "may" of a maybe
    (["On Friday the Taliban seized Zaranj, and followed it up a day later by taking Sheberghan."],
     {("2021-08-06", "Zaranj", "controlled"), ("2021-08-07", "Shibirghan", "controlled")}),  # each its own day
    (["The Taliban have captured key government buildings in the capital cities of Sar-e-Pul and Kunduz provinces."],
     {("2021-08-10", "Sari Pul", "controlled"), ("2021-08-10", "Kunduz", "controlled")}),
    (["Last month, a town near the northern city of Kunduz had fallen into the hands of the Taliban."], set()),
    (["Jalrez district of Wardak fell to the Taliban, police said Monday.", "", "Officials blamed the ministry.", "",
      "The district fell to the militants just days after Narkh district in the province was overrun."],
     {("2021-08-09", "Jalrez", "controlled")}),  # "the district" is the story's; Narkh's fall came before, undated
    (["He said the attacks started Sunday night and were continuing Monday in Jurm and Warduj districts."],
     {("2021-08-08", "Jurm", "contested"), ("2021-08-08", "Warduj", "contested")}),  # the day they started
    (["Taliban fighters have been battling forces in the previously safe districts of Jurm and Warduj."],
     {("2021-08-10", "Jurm", "contested"), ("2021-08-10", "Warduj", "contested")}),  # "previously safe": now
    (["A town near Kunduz city fell last month.", "The militants attacked Qala-i-Zal district in early May and took "
      "full control of the northern town."], {("2021-05", "Qalay-I- Zal", "controlled")}),  # "the town": a district
    (["Elders warn of the fall of Jurm district to the Taliban."], set()),  # a warning, no event
    (["The Taliban, he said Monday, took over the police headquarters of Jurm district the day before."],
     {("2021-08-08", "Jurm", "controlled")}),  # "the day before" closing a sentence is the event's day
    (["Recently, the Taliban attacked security forces in Jurm district."], set()),  # "recently": background
    (["The month-long stoppage in hostilities in Jurm district was called to allow farmers to harvest."], set()),
    (["The siege of Jurm district was broken by commandos on Monday."], {("2021-08-09", "Jurm", "government")}),
    (["The Taliban have been fighting to overrun northern Balkh provincial capital Mazar-i-Sharif."],
     {("2021-08-10", "Mazari Sharif", "contested")}),  # the province, then its capital named
    (["Afghan security forces have driven Taliban fighters from Jurm district."], {("2021-08-10", "Jurm", "government")}),
    (["Reinforcements were sent in, expelling the Taliban from Jurm, while operations are still ongoing in Warduj."],
     {("2021-08-10", "Jurm", "government"), ("2021-08-10", "Warduj", "contested")}),
    (["Heavy engagement between security forces and Taliban in Jurm district."], {("2021-08-10", "Jurm", "contested")}),
    (["The Taliban have gained ground in Jurm district, a lawmaker said."], {("2021-08-10", "Jurm", "contested")}),
    (["Jurm district was abandoned by government forces."], {("2021-08-10", "Jurm", "controlled")}),
    (["Hundreds of families in Jurm district were evacuated."], set()),  # people evacuated: no withdrawal
    (["The government ceded Jurm district to the Taliban."], {("2021-08-10", "Jurm", "controlled")}),
    (["Security forces relinquished control of Jurm district."], {("2021-08-10", "Jurm", "controlled")}),
    (["Afghan forces freed Jurm district from the Taliban."], {("2021-08-10", "Jurm", "government")}),
    (["Afghan forces fended off a Taliban attack on Jurm district."], {("2021-08-10", "Jurm", "government")}),
    (["The Taliban launched an onslaught on Jurm district."], {("2021-08-10", "Jurm", "contested")}),
    (["An exchange of fire between the Taliban and police continued in Jurm district."],
     {("2021-08-10", "Jurm", "contested")}),
    (["Dozens of soldiers have been besieged by Taliban fighters after the fall of Jurm district."],
     {("2021-08-10", "Jurm", "controlled")}),  # a fall is the insurgents', whoever is named before it
    (["He said the fighters repeatedly managed to take over the headquarters of Jurm district."], set()),
    (["Afghan forces expelled ISIL from Kot after four days of fierce fighting."],
     {("2021-08-10", "Kot", "government")}),  # whoever is expelled, the place after "from" is cleared
    (["The insurgents laid siege to Jurm district on Monday."], {("2021-08-09", "Jurm", "contested")}),
    (["Officials surrendered Jurm district to the Taliban on Monday."], {("2021-08-09", "Jurm", "controlled")}),
    (["The government lost Jurm district to the Taliban on Monday."], {("2021-08-09", "Jurm", "controlled")}),
    (["The Taliban raised their flag over Jurm district on Monday."], {("2021-08-09", "Jurm", "controlled")}),
    (["The national flag was flying over Jurm district on Monday, officials said."], set()),
    (["Lawmakers from Takhar province said officials have surrendered the provincial capital to the Taliban.",
      "The governor is on his way to Kabul."], {("2021-08-10", "Taluqan", "controlled")}),  # not Kabul
])
def test_wire_copy_failure_classes(gazetteer, lines, expected):
    assert facts(gazetteer, *lines) == expected


def test_the_province_named_last_is_the_context_of_the_next_sentences(gazetteer):
    text = ("A story\n\nAugust 10, 2021\n\nKabul police said the Taliban launched attacks in eastern Ghazni province.\n\n"
            "Insurgents attacked police posts in the Qarabagh district on Monday.\n")
    assert [(c["district"], c["province"]) for c in extract_text(text, "s.txt", gazetteer)] == [("Qarabagh", "Ghazni")]


def test_an_undated_outcome_takes_the_one_day_the_story_tells_of(gazetteer):
    got = facts(gazetteer, "Thirty soldiers were killed as the Taliban attacked Muqur district of Ghazni on Monday.", "",
                "Officials gave no figures.", "",
                "Separately, the Taliban captured the centre of Kohistan district in Faryab province.")
    assert ("2021-08-09", "Kohistan", "controlled") in got


def test_a_claim_in_a_list_its_heading_asserts(gazetteer):
    got = facts(gazetteer, "Provincial capitals captured by the Taliban", "",
                "Aug. 7 - Sheberghan: The Taliban say they have taken the capital of Jawzjan province.", "",
                "Aug. 8 - Taloqan: The Taliban said they captured the city. Officials said fighting was still going on "
                "inside the city.")
    assert ("2021-08-07", "Shibirghan", "controlled") in got
    assert not {f for f in got if f[1] == "Taluqan" and f[2] == "controlled"}


def test_no_event_phrase_ends_in_a_space():
    """A phrase is followed by a word boundary: one that ends in a space ("assault on ") could never match."""
    import tomllib
    from importlib import resources
    data = tomllib.loads((resources.files("tracker.extract") / "lexicon.toml").read_text(encoding="utf-8"))
    for event in data["events"]:
        depth, alternative = 0, ""
        for ch in event["pattern"] + "|":
            depth += (ch == "(") - (ch == ")")
            if ch == "|" and depth == 0:
                assert not re.search(r"(?: |\\s)(?:\)\??)?$", alternative), (event["kind"], alternative)
                alternative = ""
            else:
                alternative += ch


def test_every_event_phrase_has_a_stem_the_first_look_finds():
    """A phrase made of no filter stem ("were in the districts of") would never run: each event needs one."""
    from tracker.extract import load_lexicon
    assert all(event.stems for event in load_lexicon().events)


def test_page_furniture_is_no_title():
    from tracker.extract import sections
    text = " date 2015-07-30\n• publish: 30 July 2015\n  • time: 10:22 am\n  • No: 437\n\nTaliban captured Nowzad district\n\n" \
           "The Taliban have captured a district in Helmand.\n"
    assert [s.title for s in sections(text, None, load_lexicon())] == ["Taliban captured Nowzad district"]


@pytest.mark.parametrize("title, body, expected", [
    ("Badakhshan's Jurm District Cleared Of Taliban", "Police said the operation in Jurm went on for a week.",
     {("2021-08-10", "Jurm", "government")}),  # a headline's participle is a passive
    ("Jurm district retaken by Afghan forces", "Officials gave no details.", {("2021-08-10", "Jurm", "government")}),
    ("Taliban Capture Key District In North As Talks Stall", "The Taliban captured Jurm district on Monday.",
     {("2021-08-09", "Jurm", "controlled")}),  # the body's date beats the title's
    ("Afghan Forces Kill 30 Taliban In Kunduz Operation", "Officials said 30 insurgents were killed.", set()),  # names
    ("Taliban Attack On Jurm Repelled", "The attack in Jurm district lasted two hours, officials said.",
     {("2021-08-10", "Jurm", "government")}),  # Title Case: a name the story confirms
])
def test_titles_read_as_headlines(gazetteer, title, body, expected):
    text = f" date 2021-08-10\n{title}\n\n{body}\n"
    got = {(c["date"], c["district"], c["status"]) for c in extract_text(text, "s.txt", gazetteer)}
    assert got == expected


def test_a_dated_title_gives_the_day_the_page_reports_on(gazetteer):
    text = (" date 2019-09-14\nLatest Updates on Afghanistan, 13 September 2019\n\nSaturday 14 September 19 - 06:53\n\n"
            "The Taliban captured Darqad district of Takhar.\n")
    assert [(c["date"], c["district"]) for c in extract_text(text, "a.txt", gazetteer)] == [("2019-09-13", "Darqad")]
    dated_line = text.replace("Latest Updates on Afghanistan, 13 September 2019", "Taliban capture Darqad")
    assert [c["date"] for c in extract_text(dated_line, "a.txt", gazetteer)] == ["2019-09-14"]


def test_a_dateline_date_is_the_story_s_day(gazetteer):
    text = " date 2021-08-14\nA title\n\nKABUL, Aug. 13 (Xinhua) -- The Taliban captured Qaisar district of Faryab today.\n"
    assert [c["date"] for c in extract_text(text, "a.txt", gazetteer)] == ["2021-08-13"]
    assert [c["date"] for c in extract_text(text.replace("Aug. 13", "Aug. 3"), "a.txt", gazetteer)] == ["2021-08-14"]


def test_a_page_that_repeats_its_story_tells_it_once(gazetteer):
    from tracker.extract import sections
    story = "The Taliban captured Sangin district of Helmand on Monday."
    filler = "\n\n".join(["Residents said the roads were closed."] * 4)
    text = f" date 2021-08-10\nA title\n\n{story}\n\n{filler}\n\nBy a reporter\n10 Aug 2021\nA title\n\n{story}\n"
    assert len(list(sections(text, None, load_lexicon()))) == 2
    assert len(extract_text(text, "a.txt", gazetteer)) == 1


def test_hard_wrapped_copy_is_read_across_its_line_breaks(gazetteer):
    """Wire copy cut at about 60 characters a line: phrases span the breaks; quotes stay the file's text."""
    lines = ["LASHKAR GAH, Afghanistan, Aug 10 - Afghan government forces have",
             "pulled out of a second district in Helmand, officials said on",
             "Monday. Army and government officials said security forces had left",
             "Nawzad district, which borders Musa Qala, and would concentrate",
             "their strength on defending the area around the provincial",
             "capital Lashkar Gah and the main highway to the west."]
    text = " date 2021-08-10\nA title\n\n" + "\n".join(lines) + "\n"
    found = extract_text(text, "a.txt", gazetteer)
    assert {(c["date"], c["district"], c["status"]) for c in found} == {("2021-08-09", "Naw Zad", "controlled")}
    assert all(text[c["start"]:c["end"]] == c["quote"] and "\n" in c["quote"] for c in found)


def test_no_country_is_named_in_the_extraction_code():
    """A country's words live in its extraction file (geodata/, [country] and [actors]), never in the code of
    tracker/extract: its strings (comments and docstrings aside) name no country, capital or group."""
    import ast
    import tracker.extract
    named = re.compile(r"taliban|afghan|kabul|daesh|pakistan|wuleswali|mullah|mawlawi", re.IGNORECASE)
    for path in sorted(Path(tracker.extract.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                assert not named.search(node.value), (path.name, node.lineno, node.value)
    generic = tomllib.loads((Path(tracker.extract.__file__).parent / "lexicon.toml").read_text(encoding="utf-8"))
    strings = [v for section in generic.values() for v in (section if isinstance(section, list) else [section])]
    assert not named.search(json.dumps(strings)), "the generic lexicon names a country's words"  # comments aside


def test_a_country_without_an_extraction_file():
    """The generic lexicon alone reads another country's news: its own words match nothing, claims go under
    "insurgents"."""
    import pandas as pd
    from tracker.extract.lexicon import with_country
    from tracker.gazetteer import Gazetteer
    lexicon = load_lexicon("XYZ")
    assert lexicon.capitals == {} and lexicon.claimant == "insurgents"
    assert not with_country(r"{names}|{adjectives}|{capital}|{neighbours}", lexicon).search("afghan kabul pakistan")
    units = pd.DataFrame({"unit_id": ["1", "2"], "district": ["Springfield", "Shelbyville"], "province": ["North"] * 2})
    gazetteer = Gazetteer.from_units(units, pd.DataFrame(columns=["alias", "province", "district"]),
                                     pd.DataFrame(columns=["alias", "province"]))
    text = (" date 2021-08-10\nA title\n\nSPRINGFIELD (AP) — Insurgents captured Shelbyville district on Monday, a "
            "spokesman for the insurgents said. Troops retook Springfield on Sunday.\n")
    got = {(r["date"], r["district"], r["status"], r["claimed_by"])
           for r in extract_text(text, "a.txt", gazetteer, lexicon=lexicon)}
    assert got == {("2021-08-09", "Shelbyville", "unconfirmed", "insurgents"),
                   ("2021-08-08", "Springfield", "government", "")}


def test_notes_tell_what_dated_a_report(gazetteer):
    """A reviewer sees the words that gave the date, and whether they were in another sentence."""
    text = ("August 10, 2021\n\nTaliban fighters took Sangin district, a resident said.\n\n"
            "The Taliban captured Nad Ali district on Sunday, officials said.\n\n"
            "Fighting raged in Marja on Monday night. The insurgents then overran the district of Garmser.\n")
    notes = {c["district"]: c["notes"] for c in extract_text(text, "n.txt", gazetteer, capitals=capitals_table())}
    assert "dated by 'Sunday'" in notes["Nad Ali"]
    assert "(in another sentence)" in notes["Garmser"] and "Monday" in notes["Garmser"]
    assert "dated by the article" in notes["Sangin"]


def test_a_claim_gives_way_to_the_story_told_in_its_own_words_on_another_day(gazetteer):
    """When the article confirms a district's status itself, the insurgents' claim of another day adds nothing
    (tests/corpus/README.md: the confirmed status only); a claim nothing confirms stays."""
    claimed = "A Taliban spokesman said on Thursday the group had captured Khanabad district in Kunduz."
    assert facts(gazetteer, claimed, "", "On Monday police said Khanabad district fell to the Taliban after days of "
                 "fighting.") == {("2021-08-09", "Khanabad", "controlled")}
    assert facts(gazetteer, claimed) == {("2021-08-05", "Khanabad", "unconfirmed")}


def test_one_change_of_control_dated_twice_counts_from_its_first_day(gazetteer):
    """The same outcome told a day or two apart (the fall, then officials confirming it) is one change: its first
    day; with another status between, each is a change of its own."""
    assert facts(gazetteer, "Khanabad district in Kunduz fell to the Taliban on Sunday, a resident said.", "",
                 "Officials confirmed on Monday that the Taliban captured Khanabad district.") \
        == {("2021-08-08", "Khanabad", "controlled")}
    assert facts(gazetteer, "Khanabad district in Kunduz fell to the Taliban on Saturday.", "",
                 "Security forces retook Khanabad district on Sunday.", "",
                 "The Taliban captured Khanabad district again on Monday.") \
        == {("2021-08-07", "Khanabad", "controlled"), ("2021-08-08", "Khanabad", "government"),
            ("2021-08-09", "Khanabad", "controlled")}
