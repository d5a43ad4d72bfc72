"""Statistics of a dated state: units and area per status, overall and per province."""

from __future__ import annotations

import pandas as pd

from .scheme import Scheme


def summary(state: pd.DataFrame, units: pd.DataFrame, scheme: Scheme, date: str) -> dict:
    """The ``tracker stats --format json`` object (see DESIGN.md): every status and no data as keys."""
    keys = [s.key for s in scheme.all_statuses]
    area = state.unit_id.map(units.set_index("unit_id").area_km2)
    total_units, total_area = len(state), float(area.sum())
    counts = state.status.value_counts().reindex(keys, fill_value=0)
    areas = area.groupby(state.status).sum().reindex(keys, fill_value=0.0)
    by_status = {
        key: {
            "units": int(counts[key]),
            "share": round(counts[key] / total_units, 4) if total_units else 0.0,
            "area_km2": round(float(areas[key]), 1),
            "area_share": round(float(areas[key]) / total_area, 4) if total_area else 0.0,
        }
        for key in keys
    }
    table = pd.crosstab(state.province, state.status).reindex(columns=keys, fill_value=0)
    by_province = {prov: {k: int(v) for k, v in row.items()} for prov, row in table.iterrows()}
    return {"date": str(date), "units_total": total_units, "area_km2_total": round(total_area, 1),
            "by_status": by_status, "by_province": by_province}


def status_rows(result: dict, scheme: Scheme) -> pd.DataFrame:
    """The per-status figures as a flat table (CSV output and the terminal table)."""
    labels = {s.key: s.label for s in scheme.all_statuses}
    return pd.DataFrame([{"date": result["date"], "status": key, "label": labels[key], **figures}
                         for key, figures in result["by_status"].items()])


def province_rows(result: dict, scheme: Scheme) -> pd.DataFrame:
    """Units per status for each province, one row a province, with a total column."""
    keys = [s.key for s in scheme.all_statuses]
    table = pd.DataFrame.from_dict(result["by_province"], orient="index").reindex(columns=keys, fill_value=0)
    table.index.name = "province"
    table["total"] = table.sum(axis=1)
    return table.reset_index()
