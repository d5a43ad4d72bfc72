"""Statistics of a dated state: units, area and people per status, overall and per province."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .scheme import Scheme


def summary(state: pd.DataFrame, units: pd.DataFrame, scheme: Scheme, date: str,
            population: np.ndarray | None = None, source: dict | None = None) -> dict:
    """The ``tracker stats --format json`` object (see DESIGN.md): every status and no data as keys.

    Stale districts (``state.stale``) are counted apart, under ``"stale"``, not in their status.
    ``approximate`` (per status) counts the districts whose status rests on a report dated only to the
    month, within that month (``state.approximate``): they are in the status's units too.
    With ``population`` (people per row of ``state``, NaN where unknown; ``source`` describes it), see
    :func:`people`.
    """
    keys = [s.key for s in scheme.all_statuses]
    stale = state.stale.to_numpy(bool) if "stale" in state else np.zeros(len(state), bool)
    area = state.unit_id.map(units.set_index("unit_id").area_km2)
    total_units, total_area = len(state), float(area.sum())
    fresh = state.status.where(~stale, "stale")
    counts = fresh.value_counts().reindex(keys, fill_value=0)
    areas = area.groupby(fresh).sum().reindex(keys, fill_value=0.0)
    approximate = state.approximate.to_numpy(bool) if "approximate" in state else np.zeros(len(state), bool)
    rough = fresh[approximate].value_counts().reindex(keys, fill_value=0)
    by_status = {
        key: {
            "units": int(counts[key]),
            "share": round(counts[key] / total_units, 4) if total_units else 0.0,
            "area_km2": round(float(areas[key]), 1),
            "area_share": round(float(areas[key]) / total_area, 4) if total_area else 0.0,
            "approximate": int(rough[key]),
        }
        for key in keys
    }
    table = pd.crosstab(state.province, fresh).reindex(columns=keys + ["stale"] * bool(stale.any()), fill_value=0)
    by_province = {prov: {k: int(v) for k, v in row.items()} for prov, row in table.iterrows()}
    result = {"date": str(date), "units_total": total_units, "area_km2_total": round(total_area, 1),
              "by_status": by_status, "by_province": by_province}
    if stale.any():
        result["stale"] = {"units": int(stale.sum()), "area_km2": round(float(area[stale].sum()), 1),
                           "by_status": {k: int(v) for k, v in state.status[stale].value_counts().items()}}
    if population is not None:
        people(result, state, fresh, np.asarray(population, float), keys, source)
    return result


def people(result: dict, state: pd.DataFrame, fresh: pd.Series, population: np.ndarray, keys: list[str],
           source: dict | None) -> None:
    """Add the population figures to a stats object: ``population_total`` (people in districts whose population
    is known), per status ``population``, ``population_share`` (of that total) and ``population_unknown``
    (districts whose population is unknown: counted apart, never as zero), ``population_unknown`` (how many
    districts, which), ``population_by_province`` and ``population_source``.
    """
    known = pd.Series(~np.isnan(population), index=state.index)
    count = pd.Series(np.where(known, population, 0.0), index=state.index)
    total = float(count.sum())
    per_status = count.groupby(fresh).sum()
    unknown = fresh[~known].value_counts()

    def share(part: float, whole: float) -> float:
        return round(part / whole, 4) if whole else 0.0

    result["population_total"] = round(total)
    for key in keys:
        result["by_status"][key].update(population=round(float(per_status.get(key, 0.0))),
                                        population_share=share(float(per_status.get(key, 0.0)), total),
                                        population_unknown=int(unknown.get(key, 0)))
    if "stale" in result:
        result["stale"].update(population=round(float(per_status.get("stale", 0.0))),
                               population_share=share(float(per_status.get("stale", 0.0)), total),
                               population_unknown=int(unknown.get("stale", 0)))
    missing = state[~known.to_numpy()]
    result["population_unknown"] = {"units": int((~known).sum()), "districts": [
        {"unit_id": u, "district": d, "province": p} for u, d, p in zip(missing.unit_id, missing.district, missing.province)]}
    by_province = {}
    for province, rows in count.groupby(state.province.to_numpy()):
        whole, statuses = float(rows.sum()), rows.groupby(fresh[rows.index]).sum()
        by_province[province] = {
            "population": round(whole), "population_unknown": int((~known[rows.index]).sum()),
            **{key: {"population": round(float(statuses.get(key, 0.0))),
                     "population_share": share(float(statuses.get(key, 0.0)), whole)}
               for key in keys + ["stale"] * ("stale" in result)}}
    result["population_by_province"] = by_province
    result["population_source"] = source or {}


def status_rows(result: dict, scheme: Scheme) -> pd.DataFrame:
    """The per-status figures as a flat table (CSV output and the terminal table)."""
    labels = {s.key: s.label for s in scheme.all_statuses}
    rows = [{"date": result["date"], "status": key, "label": labels[key], **figures}
            for key, figures in result["by_status"].items()]
    if "stale" in result:
        stale = result["stale"]
        rows.append({"date": result["date"], "status": "stale", "label": "Stale (counted apart)", "units": stale["units"],
                     "share": round(stale["units"] / result["units_total"], 4), "area_km2": stale["area_km2"],
                     "area_share": round(stale["area_km2"] / result["area_km2_total"], 4), "approximate": 0,
                     **{k: v for k, v in stale.items() if k.startswith("population")}})
    return pd.DataFrame(rows)


def province_rows(result: dict, scheme: Scheme) -> pd.DataFrame:
    """Units per status for each province, one row a province, with a total column."""
    keys = [s.key for s in scheme.all_statuses] + ["stale"] * ("stale" in result)
    table = pd.DataFrame.from_dict(result["by_province"], orient="index").reindex(columns=keys, fill_value=0)
    table.index.name = "province"
    table["total"] = table.sum(axis=1)
    if "population_by_province" in result:
        people = result["population_by_province"]
        table["population"] = [people[p]["population"] for p in table.index]
        table["population_unknown"] = [people[p]["population_unknown"] for p in table.index]
        for key in keys:
            table[f"{key}_population_share"] = [people[p][key]["population_share"] for p in table.index]
    return table.reset_index()
