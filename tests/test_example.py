"""The bundled example: valid, every row cited by a specific article, inferred rows marked, the 2021 story."""

from pathlib import Path

import pandas as pd
import pytest

from tracker.audit import audit
from tracker.reports import check_file
from tracker.state import state_on

EXAMPLE = Path(__file__).resolve().parent.parent / "tracker" / "examples" / "afghanistan.csv"


@pytest.fixture(scope="module")
def reports(gazetteer, scheme):
    checked = check_file(EXAMPLE, gazetteer, scheme)
    assert checked.problems == [] and len(checked.reports) == checked.rows
    return checked.reports


def test_every_row_cites_a_specific_article(reports):
    rows = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    assert rows.source.str.match(r"^[^,]+, (\d{4}-\d{2}(-\d{2})?|[A-Z][a-z]+ \d{4})\b.*: .+").all()  # outlet, date: title
    kinds = set(audit(reports).kind)
    assert kinds <= {"approximate-date", "inferred"}  # no missing, home-page or doubly-cited links, no repeats
    assert not rows.url.str.contains("wikipedia.org").any()


def test_inferred_rows_say_so_and_name_their_basis(reports):
    inferred = reports[reports.notes.str.startswith("inferred:")]
    assert len(inferred) and inferred.notes.str.contains("not named").all()
    assert not reports.drop(inferred.index).notes.str.contains("inferred").any()


def test_the_fall_of_the_provincial_capitals(reports, gazetteer):
    from tracker.geodata import curated_table
    august = reports[(reports.date >= "2021-08-06") & (reports.date <= "2021-08-15") & (reports.status == "controlled")]
    capitals = {gazetteer.resolve(r.district, r.province).unit_id
                for r in curated_table("AFG", "provincial_capitals").itertuples()}
    named = august[~august.notes.str.startswith("inferred:")]
    assert len(set(named.unit_id) & capitals) >= 25  # a named article for the fall of each
    assert len(set(august.unit_id) & capitals) == 33  # all but Panjshir's Bazarak
    assert named[named.district == "Zaranj"].date.dt.strftime("%Y-%m-%d").tolist() == ["2021-08-06"]
    assert named[named.district == "Kabul"].date.dt.strftime("%Y-%m-%d").tolist() == ["2021-08-15"]


def test_after_15_august_no_district_is_government_held(reports, units, scheme):
    later = reports[reports.date > "2021-08-15"]
    assert (later.status != "government").all()
    state = state_on(reports, units, scheme, "2021-08-16")
    assert (state.status != "government").all() and (state.status == "no_data").sum() <= 98
    panjshir = state[state.province == "Panjshir"]
    assert (panjshir.status == "contested").all()


def test_month_dates_are_approximate_within_their_month(reports, units, scheme):
    month = reports[reports.precision == "month"]
    assert len(month) >= 2
    inside = state_on(reports, units, scheme, "2021-07-15").set_index("unit_id")
    after = state_on(reports, units, scheme, "2021-08-01").set_index("unit_id")
    july = month[month.date == "2021-07-01"].unit_id
    assert inside.approximate[july].all() and not after.approximate[july].any()
