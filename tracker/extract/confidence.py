"""How likely a proposal is right: a logistic model over what supports it and over its article.

The weights live in lexicon.toml ([confidence]); bench/extract_calibration.py fits them on the proposals the
extractor made at first sight on fresh real news (bench/fresh-proposals.csv) and prints how often each band is
right on sets the fit did not see.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass

KINDS = ("attack", "fight", "hold", "clear", "repel", "withdraw", "recapture")  # each against a capture's
PLACE_METHODS = ("anaphor", "city", "fuzzy", "alias", "capital", "part_of")  # each against an exact name's


@dataclass(frozen=True)
class Article:
    """The reports an article gives (the context of each of them) and where its text is."""

    facts: list[dict]
    start: int
    end: int

    @functools.cached_property
    def quotes(self) -> Counter:
        return Counter(f["start"] for f in self.facts)


def features(f: dict, article: Article) -> dict[str, float]:
    """What supports a proposal (or weakens it): the inputs of its confidence. Besides the proposal's own
    (kind, how its place was found, its date, a claim), its article's: how many reports it gives and for how
    many districts, how many its sentence gives (a list), and how far into the article it is."""
    return {
        "claim": f["claim"], "undated": not f["explicit"], "month": len(f["date"]) == 7, "inherited": f["inherited"],
        "partial": f["partial"], "title": f["title"], "official": f["speaker"] == "official",
        **{f"kind_{k}": f["kind"] == k for k in KINDS},
        **{f"place_{m}": f["method"] == m for m in PLACE_METHODS},
        "contested": f["status"] == "contested", "government": f["status"] == "government",
        "reports": math.log(len(article.facts)), "districts": math.log(len({g["unit_id"] for g in article.facts})),
        "in_sentence": math.log(article.quotes[f["start"]]),
        "position": min(max((f["pos"] - article.start) / max(article.end - article.start, 1), 0), 1),
    }


def confidence(values: dict[str, float], weights: dict[str, float]) -> float:
    """How likely a proposal is right, from its features and the model's weights (0 to 1, two decimals)."""
    z = weights.get("bias", 0.0) + sum(weights.get(name, 0.0) * float(v) for name, v in values.items())
    return round(1 / (1 + math.exp(-z)), 2)
