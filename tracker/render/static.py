"""Static choropleth for print (PNG, SVG, PDF): legend with counts, date, province outlines, attribution."""

from __future__ import annotations

import math
import re

import geopandas as gpd
from matplotlib.patches import Patch

from ..scheme import Scheme
from .people import people_caption, people_short, status_people
from .trend import plt, save_figure


def plain_text(html: str) -> str:
    """Attribution HTML as print text: tags dropped."""
    return re.sub(r"<[^>]+>", "", html)


def static_map(frame: gpd.GeoDataFrame, scheme: Scheme, date: str, path, *, title: str,
               provinces: gpd.GeoDataFrame | None = None, attribution: str = "", people: dict | None = None) -> None:
    """Draw ``frame`` (status per district) north-up at 1600 px wide or more and save it to ``path``.

    Districts marked ``approximate`` (status dated only to the month, within it) are hatched. With a
    ``population`` column (``people`` names its source), the legend gives people per status too.
    """
    colours = {s.key: s.colour for s in scheme.all_statuses}
    counts = frame.status.value_counts()
    fig, ax = plt.subplots(figsize=(10, 8), dpi=180, layout="constrained")
    frame.plot(ax=ax, color=frame.status.map(colours).to_list(), edgecolor="white", linewidth=0.25)
    rough = frame[frame.approximate.astype(bool)] if "approximate" in frame else frame.iloc[:0]
    if len(rough):
        rough.plot(ax=ax, facecolor="none", edgecolor="white", hatch="////", linewidth=0)
    if provinces is not None:
        provinces.boundary.plot(ax=ax, color="#333333", linewidth=0.6)
    ax.set_axis_off()
    ax.set_aspect(1 / math.cos(math.radians(frame.total_bounds[[1, 3]].mean())))  # north up, true shape
    crowd, unknown = status_people(frame) if "population" in frame else (None, 0)
    total = float(crowd.sum()) if crowd is not None else 0.0
    handles = [Patch(facecolor=s.colour, edgecolor="#999999", label=f"{s.label}  {int(counts.get(s.key, 0))}"
                     + (f"  ·  {people_short(float(crowd.get(s.key, 0.0)), total)} people" if crowd is not None else ""))
               for s in scheme.all_statuses]
    if unknown:
        handles.append(Patch(facecolor="none", edgecolor="none", label=f"Population unknown: {unknown} districts"))
    if len(rough):
        handles.append(Patch(facecolor="#999999", edgecolor="white", hatch="////",
                             label=f"Hatched: month known, day not  {len(rough)}"))
    ax.legend(handles=handles, loc="lower right", title=f"Districts on {date}", frameon=True, fontsize=9)
    ax.set_title(title, loc="left", fontsize=15, fontweight="bold")
    fig.text(0.01, 0.01, plain_text(attribution) + (f"\nPeople: {people_caption(people)}" if crowd is not None else ""),
             fontsize=7, color="#555555", ha="left")
    save_figure(fig, path)
