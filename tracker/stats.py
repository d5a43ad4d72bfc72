"""Statistics of a dated state: units and area per status, overall and per province."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .scheme import Scheme


def summary(state: pd.DataFrame, units: pd.DataFrame, scheme: Scheme, date: str) -> dict:
    """The ``tracker stats --format json`` object (see DESIGN.md): every status and no data as keys.

    Stale districts (``state.stale``) are counted apart, under ``"stale"``, not in their status.
    ``approximate`` (per status) counts the districts whose status rests on a report dated only to the
    month, within that month (``state.approximate``): they are in the status's units too.
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
    return result


def status_rows(result: dict, scheme: Scheme) -> pd.DataFrame:
    """The per-status figures as a flat table (CSV output and the terminal table)."""
    labels = {s.key: s.label for s in scheme.all_statuses}
    rows = [{"date": result["date"], "status": key, "label": labels[key], **figures}
            for key, figures in result["by_status"].items()]
    if "stale" in result:
        stale = result["stale"]
        rows.append({"date": result["date"], "status": "stale", "label": "Stale (counted apart)", "units": stale["units"],
                     "share": round(stale["units"] / result["units_total"], 4), "area_km2": stale["area_km2"],
                     "area_share": round(stale["area_km2"] / result["area_km2_total"], 4), "approximate": 0})
    return pd.DataFrame(rows)


def province_rows(result: dict, scheme: Scheme) -> pd.DataFrame:
    """Units per status for each province, one row a province, with a total column."""
    keys = [s.key for s in scheme.all_statuses] + ["stale"] * ("stale" in result)
    table = pd.DataFrame.from_dict(result["by_province"], orient="index").reindex(columns=keys, fill_value=0)
    table.index.name = "province"
    table["total"] = table.sum(axis=1)
    return table.reset_index()
