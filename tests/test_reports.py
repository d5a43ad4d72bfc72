"""Reports: every problem listed with file:line, value and hint; nothing half-used."""

import codecs
from datetime import date

import pandas as pd
import pytest

from tracker.errors import InputError
from tracker.reports import check_file, load_reports, read_rows

SRC = "LWJ,https://www.longwarjournal.org/x"


def test_good_file_resolves_news_spellings(write_csv, gazetteer, scheme):
    path = write_csv(f"2019-09-11,Qala-i-Yangi,Takhar,controlled,{SRC},seized",
                     f"2021-08-08,Taloqan,Takhar,controlled,{SRC},",
                     f"2021-08,Pul-e Khumri,Baghlan,contested,{SRC},month only",
                     f"2021-08-10,Baharak,Badakhshan,government,{SRC},")
    reports = load_reports(path, gazetteer, scheme)
    assert list(reports.district) == ["Yangi Qala", "Taluqan", "Puli Khumri", "Baharak"]
    assert list(reports.province) == ["Takhar", "Takhar", "Baghlan", "Badakhshan"]
    assert list(reports.precision) == ["day", "day", "month", "day"]
    assert str(reports.date[2].date()) == "2021-08-01"
    assert list(reports.line) == [2, 3, 4, 5]


def test_every_problem_is_listed_with_line_value_and_hint(write_csv, gazetteer, scheme):
    path = write_csv(f"2021-13-01,Kunduz,Kunduz,controlled,{SRC},",      # bad date
                     f"2021-08-08,Kunduz,Kunduz,controled,{SRC},",        # status typo
                     f"2021-08-08,Baharak,,controlled,{SRC},",            # ambiguous
                     f"2021-08-08,Xyzzyville,,controlled,{SRC},",         # unknown
                     "2021-08-08,Kunduz,Kunduz,controlled,,,",            # no source
                     "2021-08-08,Kunduz,Kunduz,controlled,X,javascript:alert(1),",  # bad url
                     f"2021-08-08,Kunduz,Narnia,controlled,{SRC},",       # unknown province
                     f"2021-08-08,Kunduz,Kunduz,controlled,{SRC},note,with comma",  # unquoted comma
                     f"2021-08-08,Kunduz,Kunduz,controlled,{SRC},",
                     header="date,district,province,status,source,url,notes")
    checked = check_file(path, gazetteer, scheme)
    errors = {p.line: p for p in checked.errors}
    assert sorted(errors) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert "YYYY-MM-DD" in errors[2].hint and errors[2].value == "2021-13-01"
    assert "did you mean 'controlled'" in errors[3].hint
    assert "Badakhshan" in errors[4].hint and "Takhar" in errors[4].hint and "ambiguous" in errors[4].message
    assert "unknown district" in errors[5].message and errors[5].value == "Xyzzyville"
    assert "source" in errors[6].message
    assert errors[7].value == "javascript:alert(1)"
    assert "unknown province" in errors[8].message and errors[8].value == "Narnia"
    assert "comma" in errors[9].hint
    assert str(errors[3]).startswith(f"{path}:3:")
    with pytest.raises(InputError) as caught:
        load_reports(path, gazetteer, scheme)
    assert len(caught.value.problems) == 8  # a file with any error is never half-used


def test_warnings_do_not_fail(write_csv, gazetteer, scheme):
    path = write_csv(f"2021-08-08,Kunduz,Kunduz,controlled,{SRC},",
                     f"2021-08-08,Kunduz,Kunduz,government,{SRC},",
                     f"2999-01-01,Farah,Farah,controlled,{SRC},")
    checked = check_file(path, gazetteer, scheme, today=date(2026, 1, 1))
    assert not checked.errors and len(checked.reports) == 3
    kinds = sorted(p.message.split(" (")[0] for p in checked.warnings)
    assert kinds == ["date is after today", "same-day contradiction"]


def test_unit_id_column_and_optional_fields(write_csv, gazetteer, scheme, units):
    uid = units.unit_id[units.district == "Kunduz"].iloc[0]
    path = write_csv(f"2021-08-08,anything,,controlled,{SRC},,{uid},Taliban,high",
                     f"2021-08-09,Kunduz,Kunduz,unconfirmed,{SRC},,,Taliban,0.3",
                     header="date,district,province,status,source,url,notes,unit_id,claimed_by,confidence")
    reports = load_reports(path, gazetteer, scheme)
    assert list(reports.unit_id) == [uid, uid] and list(reports.confidence) == [0.9, 0.3]
    assert reports.claimed_by[0] == "Taliban"
    bad = write_csv(f"2021-08-08,x,,controlled,{SRC},,NOPE,,", "2021-08-08,Kunduz,Kunduz,controlled,S,,,,,2",
                    header="date,district,province,status,source,url,notes,unit_id,claimed_by,confidence", name="bad.csv")
    assert [p.column for p in check_file(bad, gazetteer, scheme).errors] == ["unit_id", "confidence"]


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"date,district\n2021-01-01,Kunduz\n", "missing column"),
    (b"date,district,province,status,source,url,notes\n\xff\xfe bad", "not UTF-8"),
    (b"date,district,province,status,source,url,notes,Notes\n", "named twice: notes"),
])
def test_unusable_files_are_one_clear_error(tmp_path, content, message):
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_rows(path)
    with pytest.raises(InputError, match="cannot read"):
        read_rows(tmp_path / "missing.csv")


def test_line_numbers_count_quoted_newlines_and_blank_lines(write_csv):
    path = write_csv('2021-01-01,A,,controlled,S,,"two\nlines"', "", "2021-01-02,B,,controlled,S,,")
    assert list(read_rows(path).line) == [2, 5]


def test_both_readers_give_the_same_rows(tmp_path, monkeypatch):
    """Rows of one line each are read by pyarrow in one pass; any other sheet by Python's csv reader."""
    from tracker import reports
    path = tmp_path / "r.csv"
    lines = ["Date,District, Province ,status,source,url,notes", "2021-01-01, Kunduz ,Kunduz,controlled,S,,\"a, b\"",
             ",,,,,,", "", "2021-01-02,Farah,,Contested,\"S \"\"T\"\"\",http://x.org,", "  2021-01 ,Herat,,government,S,,"]
    path.write_bytes(codecs.BOM_UTF8 + "\r\n".join(lines).encode())
    data = path.read_bytes()
    assert reports.one_row_per_line(data.removeprefix(codecs.BOM_UTF8), 7) is not None
    fast = read_rows(path)
    assert list(fast.line) == [2, 5, 6] and list(fast.district) == ["Kunduz", "Farah", "Herat"]
    assert list(fast.source) == ["S", 'S "T"', "S"] and fast.notes[0] == "a, b" and fast.date[2] == "2021-01"
    monkeypatch.setattr(reports, "one_row_per_line", lambda *args: None)
    pd.testing.assert_frame_equal(fast, read_rows(path), check_dtype=False)


def test_a_sheet_with_only_its_header_has_no_reports(write_csv, gazetteer, scheme):
    checked = check_file(write_csv("", ""), gazetteer, scheme)
    assert checked.problems == [] and checked.rows == 0 and checked.reports.empty
