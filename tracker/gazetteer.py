"""Gazetteer: resolve a district mention (plus an optional province) to one unit, or say why not.

Levels, first hit wins: the file's name or either part of a name with parentheses ("Reg(Khanshin)",
"Bahrami Shahid (Jaghatu)") after normalisation (case, accents, punctuation, suffixes such as "City");
the same after folding transliteration variants (izafe -i-/-e-, Qala/Qalah/Kala, o/u, e/i, q/k, doubled
letters, word order); the curated alias table; fuzzy matching. A level that hits several units is
*ambiguous* (two Jaghatus, two Baharaks); nothing is ever guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

SUFFIXES = {"city", "district", "districts", "center", "centre", "town", "wuleswali", "woleswali",
            "province", "provincial", "capital", "the", "of", "area", "wilayat", "valley"}
IZAFE = {"i", "e", "y", "ye", "yi", "ae"}
FUZZY_MIN = 84      # a fuzzy hit below this is no hit
FUZZY_MARGIN = 4    # a runner-up this close to the best makes it ambiguous


def tokens(text: str) -> list[str]:
    """Lower-case ASCII words without punctuation, suffix words or izafe connectors."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['`\u2019\u02bc]", "", text)
    words = re.findall(r"[a-z0-9]+", text)
    kept = [w for w in words if w not in SUFFIXES and w not in IZAFE]
    return kept or words


def plain(text: str) -> str:
    """Normalised form: ``"Qala-I- Naw"`` -> ``"qala naw"``."""
    return " ".join(tokens(text))


def fold_word(word: str, last: bool) -> str:
    """Fold spelling variants of one word; a non-final word loses an attached izafe (Puli -> Pul)."""
    w = word.replace("q", "k").replace("ou", "u").replace("o", "u").replace("e", "i").replace("y", "i")
    w = w.replace("v", "w").replace("dh", "d").replace("ph", "f")
    w = re.sub(r"(.)\1+", r"\1", w)
    w = re.sub(r"(?<=[aiu])h$", "", w)            # Qalah -> Qala
    if not last and len(w) > 3 and w.endswith("i"):
        w = w[:-1]                                  # Puli Khumri -> Pul Khumri
    return w


def folded_keys(text: str) -> set[str]:
    """Keys for loose matching: folded words joined in order, and sorted (word order free)."""
    words = tokens(text)
    folded = [fold_word(w, i == len(words) - 1) for i, w in enumerate(words)]
    alt = [fold_word(w, True) for w in words]       # the same words, none treated as izafe-bearing
    return {"".join(folded), "".join(sorted(folded)), "".join(alt), "".join(sorted(alt))}


def name_parts(name: str) -> list[str]:
    """A file name and the parts around its parentheses: "Reg(Khanshin)" -> Reg, Khanshin."""
    inside = re.findall(r"\(([^)]*)\)", name)
    outside = re.sub(r"\([^)]*\)", " ", name)
    return [p for p in [outside, *inside] if p.strip()]


@dataclass(frozen=True)
class Resolution:
    """The answer for one mention: found (one unit), ambiguous (candidates) or unknown (suggestions)."""

    query: str
    province_hint: str | None
    outcome: str
    unit_id: str | None = None
    district: str | None = None
    province: str | None = None
    score: float | None = None
    method: str | None = None
    candidates: tuple[dict, ...] = ()
    suggestions: tuple[dict, ...] = ()

    @property
    def exit_code(self) -> int:
        return {"found": 0, "ambiguous": 3, "unknown": 4}[self.outcome]

    def to_json(self) -> dict:
        """The ``tracker resolve --json`` object (DESIGN.md)."""
        if self.outcome == "found":
            return {"query": self.query, "province_hint": self.province_hint, "unit_id": self.unit_id,
                    "district": self.district, "province": self.province, "score": self.score, "method": self.method}
        key = "candidates" if self.outcome == "ambiguous" else "suggestions"
        return {"query": self.query, "error": self.outcome, key: list(getattr(self, key))}

    def describe(self) -> str:
        """One line for people."""
        if self.outcome == "found":
            return f"{self.query} -> {self.district} ({self.province}) [{self.method}, score {self.score:g}, id {self.unit_id}]"
        if self.outcome == "ambiguous":
            options = ", ".join(f"{c['district']} ({c['province']})" for c in self.candidates)
            return f"{self.query} is ambiguous: {options}; give --province"
        where = f" in {self.province_hint}" if self.province_hint else ""
        close = ", ".join(f"{s['district']} ({s['province']})" for s in self.suggestions)
        return f"{self.query}: no such district{where}" + (f"; did you mean {close}?" if close else "")


class Gazetteer:
    """District names of one boundary file, indexed for resolution."""

    def __init__(self, units: pd.DataFrame, index: list[dict[str, set[str]]], province_keys: dict[str, str]):
        self.units = units
        self.levels = index
        self.province_keys = province_keys
        self.provinces = sorted(set(units.province))
        self.record = {r.unit_id: {"unit_id": r.unit_id, "district": r.district, "province": r.province}
                       for r in units.itertuples()}
        self.fuzzy_keys: dict[str, set[str]] = defaultdict(set)
        for key, ids in index[1].items():
            self.fuzzy_keys[key] |= ids
        self.resolve = lru_cache(maxsize=65536)(self._resolve)
        self.resolve_province = lru_cache(maxsize=4096)(self._resolve_province)

    @classmethod
    def from_units(cls, units: pd.DataFrame, district_aliases: pd.DataFrame | None = None,
                   province_aliases: pd.DataFrame | None = None) -> Gazetteer:
        """Index units (unit_id, district, province) with the curated alias tables."""
        units = pd.DataFrame({c: units[c].astype(str).to_numpy() for c in ("unit_id", "district", "province")})
        exact, folded, alias = {}, {}, {}

        def add(level: dict, key: str, uid: str):
            level.setdefault(key, set()).add(uid)

        for r in units.itertuples():
            for piece in {r.district, *name_parts(r.district)}:
                add(exact, plain(piece), r.unit_id)
                for key in folded_keys(piece):
                    add(folded, key, r.unit_id)
        province_keys = {}
        for name in units.province.unique():
            province_keys[plain(name)] = name
            for key in folded_keys(name):
                province_keys.setdefault(key, name)
        if province_aliases is not None:
            for a in province_aliases.itertuples():
                if a.province in set(units.province):
                    province_keys.setdefault(plain(a.alias), a.province)
                    for key in folded_keys(a.alias):
                        province_keys.setdefault(key, a.province)
        if district_aliases is not None:
            by_name = units.groupby(["district"]).unit_id.apply(set).to_dict()
            where = dict(zip(units.unit_id, units.province))
            for a in district_aliases.itertuples():
                prov = province_keys.get(plain(a.province)) if a.province else None
                for uid in by_name.get(a.district, ()):
                    if prov is None or where[uid] == prov:
                        for key in {plain(a.alias), *folded_keys(a.alias)}:
                            add(alias, key, uid)
        return cls(units, [exact, folded, alias], province_keys)

    def _resolve_province(self, name: str | None) -> str | None:
        """The canonical province for any common spelling, or None."""
        if not name or not name.strip():
            return None
        return self.province_keys.get(plain(name)) or next(
            (self.province_keys[k] for k in folded_keys(name) if k in self.province_keys), None)

    def suggest_provinces(self, name: str, limit: int = 3) -> list[str]:
        hits = process.extract(plain(name), {p: plain(p) for p in self.provinces}, scorer=fuzz.ratio, limit=limit,
                               score_cutoff=50)
        return [key for _, _, key in hits]

    def _in(self, ids: set[str], province: str | None) -> set[str]:
        return {u for u in ids if province is None or self.record[u]["province"] == province}

    def _resolve(self, name: str, province: str | None = None) -> Resolution:
        hint = province.strip() if province and province.strip() else None
        canon = self.resolve_province(hint)
        if hint and canon is None:
            return Resolution(name, hint, "unknown", suggestions=tuple(self.suggest(name)))
        keys_plain, keys_folded = {plain(name)}, folded_keys(name)
        for level, keys, method in zip(self.levels, (keys_plain, keys_folded, keys_plain | keys_folded),
                                       ("exact", "exact", "alias")):
            ids = set().union(*(self._in(level.get(k, set()), canon) for k in keys))
            if ids:
                return self._answer(name, hint, ids, 100.0, method)
        return self._fuzzy(name, hint, canon)

    def _answer(self, name, hint, ids: set[str], score: float, method: str) -> Resolution:
        if len(ids) > 1:
            cands = sorted((self.record[u] for u in ids), key=lambda r: (r["province"], r["district"]))
            return Resolution(name, hint, "ambiguous", candidates=tuple(cands))
        rec = self.record[next(iter(ids))]
        return Resolution(name, hint, "found", rec["unit_id"], rec["district"], rec["province"], round(score, 1), method)

    def _scored(self, name: str, province: str | None) -> list[tuple[str, float]]:
        """(unit_id, best score) for units whose folded keys are close to the name's, best first."""
        best: dict[str, float] = {}
        for query in folded_keys(name):
            for key, score, _ in process.extract(query, list(self.fuzzy_keys), scorer=fuzz.ratio, limit=12,
                                                 score_cutoff=50):
                for uid in self._in(self.fuzzy_keys[key], province):
                    best[uid] = max(best.get(uid, 0), score)
        return sorted(best.items(), key=lambda kv: -kv[1])

    def _fuzzy(self, name, hint, province) -> Resolution:
        scored = self._scored(name, province)
        shortest = min(len(k) for k in folded_keys(name))
        need = FUZZY_MIN + (6 if shortest <= 5 else 0)
        if scored and scored[0][1] >= need:
            top = scored[0][1]
            close = {uid for uid, s in scored if s >= top - FUZZY_MARGIN}
            return self._answer(name, hint, close, top, "fuzzy")
        return Resolution(name, hint, "unknown", suggestions=tuple(self.suggest(name, hint)))

    def suggest(self, name: str, province: str | None = None, limit: int = 5) -> list[dict]:
        """The closest districts, with scores: for "did you mean"."""
        scored = self._scored(name, self.resolve_province(province))
        return [{**self.record[uid], "score": round(score, 1)} for uid, score in scored[:limit]]
