"""Placement: which district an event happened in, by its point or by its names.

By point (the district polygon holding the coordinates) when the event's place precision says so; else by the
admin2 name, with admin1 as its province, through the gazetteer. A point-placed event whose admin2 names
another district is a *disagreement*: the point wins, and both names are kept to be listed.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .gazetteer import Gazetteer, place_label


def point_units(lat: pd.Series, lon: pd.Series, units: gpd.GeoDataFrame, prefer: pd.Series | None = None) -> pd.Series:
    """The unit_id whose polygon holds each point (None outside every unit, or without coordinates).

    A point in more than one unit (on a shared border, or where the file's polygons overlap) goes to the unit
    in ``prefer`` (e.g. the one its admin2 names) when that is one of them, else to the first in the file.
    Each distinct point is looked up once.
    """
    out = pd.Series(None, index=lat.index, dtype=object)
    ok = lat.notna() & lon.notna() & lat.between(-90, 90) & lon.between(-180, 180)
    if not ok.any():
        return out
    coords = pd.DataFrame({"lon": lon[ok], "lat": lat[ok]})
    distinct = coords.drop_duplicates().reset_index(drop=True)
    which, unit = units.sindex.query(shapely.points(distinct.lon.to_numpy(), distinct.lat.to_numpy()),
                                     predicate="intersects")
    hits = pd.DataFrame({"point": which, "unit": units.unit_id.to_numpy()[unit], "order": unit}).sort_values("order")
    point_of = pd.Series(distinct.index, index=pd.MultiIndex.from_frame(distinct))
    event_point = pd.Series(point_of.reindex(pd.MultiIndex.from_frame(coords)).to_numpy(), index=coords.index)
    out[ok] = event_point.map(hits.drop_duplicates("point").set_index("point").unit)
    several = hits[hits.point.duplicated(keep=False)]
    if prefer is not None and len(several):
        options = several.groupby("point").unit.agg(set)
        choice = event_point.map(options)
        wanted = prefer.reindex(event_point.index)
        better = [isinstance(c, set) and w in c for c, w in zip(choice, wanted)]
        out[event_point.index[better]] = wanted[better]
    return out


def name_units(admin2: pd.Series, admin1: pd.Series, gazetteer: Gazetteer) -> pd.DataFrame:
    """For each (admin2, admin1): ``outcome`` (found / ambiguous / unknown / empty), ``unit_id`` and, when not
    found, ``detail`` (the candidates or suggestions). Each distinct pair is resolved once."""
    pairs = pd.DataFrame({"admin2": admin2, "admin1": admin1})
    answers = {}
    for name, province in pairs.drop_duplicates().itertuples(index=False):
        if not name:
            answers[(name, province)] = ("empty", None, "")
            continue
        found = gazetteer.resolve(name, province or None)
        if found.outcome == "found":
            answers[(name, province)] = ("found", found.unit_id, "")
        elif found.outcome == "ambiguous":
            answers[(name, province)] = ("ambiguous", None, "could be " + "; ".join(
                place_label(c) for c in found.candidates))
        else:
            close = ", ".join(place_label(s) for s in found.suggestions[:3])
            answers[(name, province)] = ("unknown", None, f"did you mean {close}?" if close else "no close name")
    keys = list(zip(pairs.admin2, pairs.admin1))
    return pd.DataFrame([answers[k] for k in keys], columns=["outcome", "unit_id", "detail"], index=pairs.index)


def place(events: pd.DataFrame, by_point: pd.Series, units: gpd.GeoDataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """``unit_id``, ``placed`` (point / name / None), ``name_unit`` (admin2's unit), name ``outcome`` and
    ``detail`` for each event. ``by_point`` says which events may use their coordinates."""
    names = name_units(events.admin2, events.admin1, gazetteer)
    point = point_units(events.lat.where(by_point), events.lon.where(by_point), units, names.unit_id)
    unit = point.where(point.notna(), names.unit_id)
    placed = pd.Series(np.where(point.notna(), "point", np.where(names.unit_id.notna(), "name", None)),
                       index=events.index, dtype=object)
    return pd.DataFrame({"unit_id": unit, "placed": placed, "name_unit": names.unit_id, "outcome": names.outcome,
                         "detail": names.detail, "outside": by_point & events.lat.notna() & point.isna()})
