"""Statistics: units and equal-area km2 per status, shares, per province."""

import pytest

from tracker.reports import load_reports
from tracker.state import state_on
from tracker.stats import province_rows, status_rows, summary

SRC = "LWJ,https://www.longwarjournal.org/x"


@pytest.fixture
def result(write_csv, gazetteer, scheme, units):
    path = write_csv(f"2021-08-08,Kunduz,Kunduz,controlled,{SRC},", f"2021-08-08,Taloqan,Takhar,contested,{SRC},",
                     f"2021-08-09,Herat,Herat,government,{SRC},", f"2021-08-20,Farah,Farah,controlled,{SRC},")
    reports = load_reports(path, gazetteer, scheme)
    return summary(state_on(reports, units, scheme, "2021-08-10"), units, scheme, "2021-08-10")


def test_json_shape_has_every_status_and_no_data(result, scheme, units):
    assert set(result) == {"date", "units_total", "area_km2_total", "by_status", "by_province"}
    assert list(result["by_status"]) == [*scheme.keys, "no_data"]
    assert result["units_total"] == 398
    by = result["by_status"]
    assert [by[k]["units"] for k in ("controlled", "contested", "government", "unconfirmed", "no_data")] == [1, 1, 1, 0, 395]
    assert sum(v["share"] for v in by.values()) == pytest.approx(1, abs=1e-3)
    assert sum(v["area_share"] for v in by.values()) == pytest.approx(1, abs=1e-3)
    kunduz = units.area_km2[units.district == "Kunduz"].iloc[0]
    assert by["controlled"]["area_km2"] == pytest.approx(kunduz, abs=0.1)
    assert 200 < kunduz < 800  # km2, not square degrees
    assert result["area_km2_total"] == pytest.approx(units.area_km2.sum(), abs=1)
    assert result["by_province"]["Kunduz"]["controlled"] == 1
    assert sum(result["by_province"]["Herat"].values()) == (units.province == "Herat").sum()


def test_tables(result, scheme):
    assert list(status_rows(result, scheme).status) == [*scheme.keys, "no_data"]
    provinces = province_rows(result, scheme)
    assert len(provinces) == 34 and provinces.total.sum() == 398
