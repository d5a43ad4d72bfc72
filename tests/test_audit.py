"""tracker audit: what weakens a reports file or ledger, each finding with its line; advice, exit 0."""

import json

from tracker.audit import is_home_page, names_place

HEADER = "date,district,province,status,source,url,notes,quote"
ROWS = (
    '2021-08-08,Taloqan,Takhar,controlled,"AP, 2021-08-08: Taliban take Taloqan",https://apnews.com/article/abc,,Taliban fighters took Taloqan.',
    '2021-08-08,Kunduz,Kunduz,controlled,"AP, 2021-08-08: Taliban take Taloqan",https://apnews.com/article/abc,,Taliban fighters took Taloqan.',
    '2021-08-09,Aybak,Samangan,controlled,"TOLOnews, 2021-08-09: Aybak falls",https://tolonews.com/,,',
    '2021-08-09,Aybak,Samangan,controlled,"TOLOnews, 2021-08-09: Aybak falls",https://tolonews.com/,,',
    '2021-07,Jawand,Badghis,controlled,"LWJ, 2021-07-07: Badghis",https://www.longwarjournal.org/a/b,,',
    '2021-07-10,Qadis,Badghis,controlled,"LWJ, 2021-07-07: Badghis",https://www.longwarjournal.org/a/b,inferred: province-wide statement,',
    '2021-07-10,Muqur,Badghis,controlled,"Another title",https://www.longwarjournal.org/a/b,,',
    '2021-07-11,Obe,Herat,contested,"Salaam Times",,,',
    '2021-07-12,Ghorian,Herat,contested,"Salaam Times",https://afghanistan.asia-news.com/en_GB/,,',
)


def findings(cli, path, *more):
    result = cli("audit", path, "--format", "json", *more)
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_each_kind_with_its_line(cli, write_csv, geodata_dir):
    data = findings(cli, write_csv(*ROWS, header=HEADER))
    assert data["rows"] == 9 and all(set(f) == {"line", "kind", "detail"} for f in data["findings"])
    got = {(f["line"], f["kind"]) for f in data["findings"]}
    assert got == {
        (3, "unnamed-district"),                               # the quote and title name Taloqan, not Kunduz
        (4, "home-page-url"), (5, "home-page-url"), (5, "duplicate-report"),
        (6, "approximate-date"),
        (7, "inferred"), (7, "after-publication"),             # dated 10 July, the article 7 July
        (8, "duplicate-url"),                                  # the LWJ link under another title
        (9, "missing-url"), (10, "home-page-url"),             # a language folder is still the home page
    }
    text = cli("audit", write_csv(*ROWS, header=HEADER)).stdout
    assert "reports.csv:4: [home-page-url] https://tolonews.com/" in text and "10 finding(s)" in text


def test_a_clean_file_has_no_findings_and_the_ledger_is_audited_too(cli, write_csv, tmp_path, geodata_dir):
    clean = write_csv('2021-08-08,Taloqan,Takhar,controlled,"AP, 2021-08-08: Taliban take Taloqan",https://apnews.com/article/abc,')
    assert findings(cli, clean) == {"rows": 1, "findings": []}
    db = tmp_path / "l.db"
    assert cli("import", write_csv(*ROWS, header=HEADER, name="r.csv"), "--db", db).exit_code == 0
    data = json.loads(cli("audit", "--db", db, "--format", "json").stdout)
    assert data["rows"] == 8 and {f["kind"] for f in data["findings"]} >= {"home-page-url", "missing-url"}
    assert all(f["file"].endswith("r.csv") for f in data["findings"])


def test_invalid_input_is_an_error_not_advice(cli, write_csv, geodata_dir):
    result = cli("audit", write_csv("2021-13-01,Taloqan,Takhar,controlled,AP,,"))
    assert result.exit_code == 1 and "not a date" in result.stderr


def test_home_pages_and_place_names():
    assert is_home_page("https://tolonews.com") and is_home_page("https://www.voanews.com/")
    assert is_home_page("https://english.alarabiya.net/english/")
    assert not is_home_page("https://tolonews.com/afghanistan-173300") and not is_home_page("https://x.org/?p=123")
    assert names_place("Taliban seize Pul-e-Khumri", "Puli Khumri") and names_place("fall of Qala-i-Naw", "Qala-e-Naw")
    assert not names_place("fighting in Ghoryan", "Ghor") and not names_place("", "Kunduz")
