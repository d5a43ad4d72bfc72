"""State at dates: latest report on or before, same-day rules, vectorised = reference loop."""

import numpy as np
import pandas as pd
import pytest

from tracker.scheme import load_scheme
from tracker.state import changes, day_numbers, state_on, status_codes

S = load_scheme()
UNITS = pd.DataFrame({"unit_id": ["A", "B", "C"], "district": ["Alpha", "Beta", "Gamma"],
                      "province": ["P", "P", "Q"]})


def reports(*rows):
    frame = pd.DataFrame(rows, columns=["unit_id", "date", "status"])
    frame["date"] = pd.to_datetime(frame.date)
    frame["source"] = [f"src{i}" for i in range(len(frame))]
    frame["url"] = frame["notes"] = ""
    frame["precision"] = "day"
    return frame


def codes_at(rep, *dates):
    return status_codes(changes(rep, UNITS.unit_id, S), len(UNITS), day_numbers(list(dates)))


def test_latest_report_on_or_before_the_date_and_no_leak_from_later():
    rep = reports(("A", "2021-08-01", "government"), ("A", "2021-08-10", "controlled"), ("B", "2021-08-05", "contested"))
    c = codes_at(rep, "2021-07-31", "2021-08-01", "2021-08-09", "2021-08-10", "2022-01-01")
    assert [S.key_of(x) for x in c[:, 0]] == ["no_data", "government", "government", "controlled", "controlled"]
    assert [S.key_of(x) for x in c[:, 1]] == ["no_data", "no_data", "contested", "contested", "contested"]
    assert (c[:, 2] == 0).all()


def test_same_day_confirmed_beats_unconfirmed_in_any_order():
    for order in [("unconfirmed", "government"), ("government", "unconfirmed")]:
        rep = reports(*[("A", "2021-08-01", s) for s in order])
        assert S.key_of(codes_at(rep, "2021-08-01")[0, 0]) == "government"


def test_two_confirmed_statuses_same_day_are_contested():
    rep = reports(("A", "2021-08-01", "government"), ("A", "2021-08-01", "controlled"), ("A", "2021-08-01", "unconfirmed"))
    assert S.key_of(codes_at(rep, "2021-08-01")[0, 0]) == "contested"


def test_only_unconfirmed_stays_unconfirmed():
    rep = reports(("A", "2021-08-01", "unconfirmed"), ("A", "2021-08-01", "unconfirmed"))
    assert S.key_of(codes_at(rep, "2021-08-02")[0, 0]) == "unconfirmed"


def test_reports_for_units_outside_the_table_are_ignored():
    rep = reports(("Z", "2021-08-01", "controlled"), ("A", "2021-08-01", "controlled"))
    assert list(codes_at(rep, "2021-08-01")[0]) == [S.codes["controlled"], 0, 0]


def test_state_on_gives_since_days_and_the_deciding_source():
    rep = reports(("A", "2021-08-01", "controlled"), ("A", "2021-08-05", "controlled"), ("A", "2021-08-07", "government"),
                  ("A", "2021-08-09", "government"))
    frame = state_on(rep, UNITS, S, "2021-08-12").set_index("unit_id")
    assert frame.loc["A", "status"] == "government"
    assert frame.loc["A", "since"] == "2021-08-07"
    assert frame.loc["A", "last_report"] == "2021-08-09"
    assert frame.loc["A", "days_since"] == 3
    assert frame.loc["A", "source"] == "src3"
    assert frame.loc["B", "status"] == "no_data" and pd.isna(frame.loc["B", "days_since"]) and pd.isna(frame.loc["B", "source"])
    early = state_on(rep, UNITS, S, "2021-08-06").set_index("unit_id")
    assert (early.loc["A", "status"], early.loc["A", "since"]) == ("controlled", "2021-08-01")


def test_state_on_with_no_reports_is_all_no_data():
    frame = state_on(reports(), UNITS, S, "2021-08-12")
    assert (frame.status == "no_data").all() and len(frame) == 3


def reference(rep, unit_ids, days):
    """A plain loop implementing the documented rules, to check the vectorised one against."""
    out = np.zeros((len(days), len(unit_ids)), np.int16)
    rep = rep.assign(day=day_numbers(rep.date))
    for j, uid in enumerate(unit_ids):
        mine = rep[rep.unit_id == uid]
        for i, d in enumerate(days):
            past = mine[mine.day <= d]
            if past.empty:
                continue
            today = past[past.day == past.day.max()]
            strong = set(today.status) - {S.unconfirmed}
            key = S.contested if len(strong) > 1 else (strong.pop() if strong else S.unconfirmed)
            out[i, j] = S.codes[key]
    return out


@pytest.mark.parametrize("seed", range(5))
def test_vectorised_equals_reference_on_random_reports(seed):
    rng = np.random.default_rng(seed)
    ids = pd.Series([f"U{i}" for i in range(12)])
    n = 300
    rep = pd.DataFrame({"unit_id": ids.to_numpy()[rng.integers(0, 12, n)],
                        "date": pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 40, n), unit="D"),
                        "status": np.array(S.keys)[rng.integers(0, 4, n)]})
    days = day_numbers(pd.date_range("2020-12-25", periods=55))
    got = status_codes(changes(rep, ids, S), len(ids), days)
    assert (got == reference(rep, ids, days)).all()
