"""Trend chart: districts (or area share) per status over time, as a stacked area chart."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from ..scheme import Scheme  # noqa: E402


def trend_figure(series: pd.DataFrame, scheme: Scheme, *, title: str, ylabel: str, source: str):
    """A stacked area chart of ``series`` (rows dates, columns status keys), scheme colours, legend."""
    statuses = [s for s in scheme.all_statuses if s.key in series.columns]
    fig, ax = plt.subplots(figsize=(10, 5.6), dpi=160, layout="constrained")
    ax.stackplot(series.index, *(series[s.key].to_numpy() for s in statuses),
                 labels=[s.label for s in statuses], colors=[s.colour for s in statuses], linewidth=0)
    ax.set_xlim(series.index.min(), series.index.max())
    ax.set_ylim(0, float(series.sum(axis=1).max() or 1))
    ax.set_title(title, loc="left", fontsize=14, fontweight="bold")
    ax.set_ylabel(ylabel)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, reverse=True)
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.01, 0.005, source, fontsize=7.5, color="#555555", ha="left", va="bottom")
    extra = 0.025 * source.count("\n")  # room below the axes for each further line of the source
    fig.get_layout_engine().set(rect=(0, extra, 1, 1 - extra))
    return fig


def save_figure(fig, path) -> None:
    """Save and close (format from the suffix: png, svg, pdf)."""
    fig.savefig(path, format=str(path).rsplit(".", 1)[-1].lower())
    plt.close(fig)
