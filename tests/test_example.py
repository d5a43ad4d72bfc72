"""The bundled example: valid, every row cited, and the fall of the provincial capitals in August 2021."""

from pathlib import Path

import pandas as pd

from tracker.reports import check_file

EXAMPLE = Path(__file__).resolve().parent.parent / "tracker" / "examples" / "afghanistan.csv"


def test_example_is_valid_and_cited(gazetteer, scheme):
    checked = check_file(EXAMPLE, gazetteer, scheme)
    assert checked.problems == [] and len(checked.reports) == checked.rows >= 50
    rows = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    assert (rows.source != "").all() and rows.url.str.match(r"^https?://").all()


def test_example_has_the_fall_of_the_provincial_capitals(gazetteer, scheme):
    from tracker.geodata import curated_table
    reports = check_file(EXAMPLE, gazetteer, scheme).reports
    august = reports[(reports.date >= "2021-08-06") & (reports.date <= "2021-08-15") & (reports.status == "controlled")]
    capitals = curated_table("AFG", "provincial_capitals")
    fallen = set(august.district) & set(capitals.district)
    assert len(fallen) >= 32  # all but Panjshir's Bazarak (September) and Nuristan's Parun
    assert august[august.district == "Zaranj"].date.dt.strftime("%Y-%m-%d").tolist() == ["2021-08-06"]
    assert august[august.district == "Kabul"].date.dt.strftime("%Y-%m-%d").tolist() == ["2021-08-15"]
