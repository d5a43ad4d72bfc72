"""Gazetteer: resolve a place name (plus an optional province) to one unit of a boundary file, or say why not.

A name is compared through keys. The *plain* key drops case, accents, punctuation, connector words
(izafe "-i-"/"-e-", "wa", "al-") and generic words ("City", "District", "Centre"); the *folded* keys also
fold romanisation variants of Persian, Pashto and Arabic names (o/u, e/i/y, q/k, kh/k, Khawaja/Khwaja, doubled
letters, a final "h" after a vowel, "chahar"/"char", "aw"/"au"/"o" diphthongs, an izafe glued to its word as in
"Puli Khumri") and ignore word order and word breaks. Levels, first hit wins:

1. ``exact``: a key of the file's name, or of either part of a name with parentheses ("Reg(Khanshin)").
   The curated alias table is consulted at the same time: a name that is one unit's own name and
   another unit's alias is ambiguous.
2. ``alias``: the curated alias table (names no rule reaches: "Firozkoh" is Chaghcharan), and ``part_of``:
   the curated table of districts newer than the boundary file, each found as the file's district it was cut
   from, flagged with its own name (``Resolution.part``: "Takhta Pul" is part of Spin Boldak in a 2014 file).
   A name that is one unit's alias and another's part (Ghor's Murghab, Badghis's Bala Murghab) is ambiguous.
3. ``fuzzy``: the same consonants with other vowels (Worsaj / Warsaj; within a given province also Muqar / Muqur),
   or, within a given province, two neighbouring letters swapped (Nirjab / Nijrab), else rapidfuzz over the folded
   keys (of the hinted province only, when one is given), above a conservative score and clear of the runner-up;
   two units close together make the answer ambiguous.

A level that hits several units is *ambiguous* (two Baharaks); nothing is ever guessed.

A province hint that is not recognised is not silently dropped: the name is resolved without it, and the
answer stands only if it is unique and exact (or an alias), and the hint does not look like a different
province. Otherwise the answer is ambiguous (the candidates) or unknown (with suggestions).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

DISTRICT_WORDS = frozenset({"city", "district", "districts", "center", "centre", "town", "wuleswali", "woleswali",
                            "uluswali", "provincial", "capital", "the", "of"})  # "Herat province" is no district
PROVINCE_WORDS = frozenset({"province", "wilayat", "velayat", "the", "of"})
CONNECTORS = frozenset({"i", "e", "y", "ye", "yi", "ee", "wa", "va", "o", "and", "al", "el", "ul", "us", "ud", "ur"})
APOSTROPHES = re.compile("['`\u2018\u2019\u02bb\u02bc\u02be\u02bf]")
FUZZY_MIN = 87           # a fuzzy score below this is no match (one letter changed in 8 scores 87.5)
FUZZY_MIN_SHORT = 92     # ... for names of at most SHORT letters
SHORT = 6
FUZZY_MARGIN = 8         # another unit this close to the best makes the answer ambiguous
SUGGEST_MIN = 50         # suggestions ("did you mean") score at least this
PROVINCE_SUGGEST_MIN = 60
SKELETON_MIN = 4        # consonants a name needs for "only the vowels differ" to be fuzzy (3 in a given province)
SKELETON_SCORE = 90.0
TRANSPOSED_MIN = 5      # letters a name needs for two swapped letters to count as a fuzzy match (in a province)
HINT_LOOKS_LIKE = 75     # an unrecognised province hint this close to a province is taken as that province


@lru_cache(maxsize=8192)
def words(text: str, generic: frozenset[str] = DISTRICT_WORDS) -> tuple[str, ...]:
    """Lower-case ASCII words without punctuation, connectors or ``generic`` words (kept if nothing else is).

    >>> words("Qala-I- Naw district")
    ('qala', 'naw')
    """
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    found = re.findall(r"[a-z0-9]+", APOSTROPHES.sub("", text))
    kept = tuple(w for w in found if w not in generic and w not in CONNECTORS)
    return kept or tuple(found)


def plain(text: str, generic: frozenset[str] = DISTRICT_WORDS) -> str:
    """The plain key: ``"Qala-I- Naw"`` and ``"qala-i-naw"`` -> ``"qala naw"``."""
    return " ".join(words(text, generic))


def fold(word: str, izafe: bool = False) -> str:
    """One word with its romanisation variants folded: ``"Taloqan"``, ``"Taluqan"``, ``"Talokan"`` -> ``"talukan"``.

    With ``izafe``, a final i/e/y of a word of four letters or more is taken for a glued izafe and dropped
    (``"Puli"``, ``"Qalay"`` -> ``"pul"``, ``"kala"``).
    """
    w = re.sub(r"^kh(?:awa|a)j", "khwaj", word)  # Khawaja, Khaja: Khwaja
    w = w.replace("tsch", "ch").replace("dsch", "j").replace("sch", "sh") if "sch" in w else w  # German: Alischang
    w = w.replace("chahar", "char").replace("khwa", "khu").replace("khw", "kh").replace("q", "k").replace("kh", "k")
    w = w.replace("ph", "f").replace("dh", "d").replace("v", "w").replace("o", "u").replace("e", "i").replace("y", "i")
    w = re.sub(r"(?<=[au])w(?![aiu])", "u", w)   # Dawlat, Dowlat -> Daulat; Nawa keeps its w
    w = re.sub(r"(.)\1+", r"\1", w)               # Sarraj -> Saraj, Qarqeen -> Qarqin
    if izafe and len(w) > 3 and w.endswith("i"):
        w = w[:-1]
    w = w.replace("au", "u").replace("ai", "i")   # Daulat -> Dulat, Maidan/Maydan/Meydan -> Midan
    return re.sub(r"(?<=[aiu])h$", "", w)         # Qalah -> Qala, Obeh -> Obe


@lru_cache(maxsize=8192)
def folded_keys(text: str, generic: frozenset[str] = DISTRICT_WORDS) -> frozenset[str]:
    """Loose keys: folded words joined (so word breaks do not matter), in order and sorted, with and
    without the izafe glued to non-final words.

    >>> bool(folded_keys("Pul-e Khumri") & folded_keys("Puli Khumri"))
    True
    """
    found = words(text, generic)
    if not found:
        return frozenset()
    folded = [fold(w) for w in found]
    unglued = [fold(w, izafe=True) for w in found[:-1]] + folded[-1:]
    return frozenset({"".join(folded), "".join(sorted(folded)), "".join(unglued), "".join(sorted(unglued))})


def keys(text: str, generic: frozenset[str] = DISTRICT_WORDS) -> frozenset[str]:
    """Every key of a name: plain and folded; empty for a name with no Latin letters or digits."""
    key = plain(text, generic)
    return folded_keys(text, generic) | {key} if key else frozenset()


def name_parts(name: str) -> list[str]:
    """A name and the parts around its parentheses: ``"Reg(Khanshin)"`` -> Reg(Khanshin), Reg, Khanshin."""
    inside = re.findall(r"\(([^)]*)\)", name)
    outside = re.sub(r"\([^)]*\)", " ", name)
    return [p for p in dict.fromkeys([name, outside, *inside]) if p.strip()]


def place_label(place: dict, extra: str = "") -> str:
    """``"Baharak (Takhar)"``, or for a newer district ``"Murghab (Ghor, part of Chaghcharan)"``.

    >>> place_label({"district": "Chaghcharan", "province": "Ghor", "part": "Murghab"}, "100")
    'Murghab (Ghor, part of Chaghcharan, 100)'
    """
    more = "".join(f", {x}" for x in (f"part of {place['district']}" if place.get("part") else "", extra) if x)
    return f"{place.get('part') or place['district']} ({place['province']}{more})"


@dataclass(frozen=True)
class Resolution:
    """The answer for one mention: found (one unit), ambiguous (candidates) or unknown (suggestions)."""

    query: str
    province_hint: str | None
    outcome: str  # "found" | "ambiguous" | "unknown"
    unit_id: str | None = None
    district: str | None = None
    province: str | None = None
    score: float | None = None
    method: str | None = None  # "exact" | "alias" | "part_of" | "fuzzy"
    candidates: tuple[dict, ...] = ()
    suggestions: tuple[dict, ...] = ()
    note: str | None = None  # e.g. a province hint that was not recognised
    part: str | None = None  # the newer district the name is, when the unit is the file's district it lies in

    @property
    def exit_code(self) -> int:
        """0 found, 3 ambiguous, 4 unknown (the CLI's exit codes)."""
        return {"found": 0, "ambiguous": 3, "unknown": 4}[self.outcome]

    def to_json(self) -> dict:
        """The ``tracker resolve --json`` object (DESIGN.md)."""
        if self.outcome == "found":
            found = {"query": self.query, "province_hint": self.province_hint, "unit_id": self.unit_id,
                     "district": self.district, "province": self.province, "score": self.score, "method": self.method}
            return found | ({"part": self.part, "note": self.note} if self.part else {})
        if self.outcome == "ambiguous":
            return {"query": self.query, "error": "ambiguous", "candidates": [dict(c) for c in self.candidates]}
        return {"query": self.query, "error": "unknown", "suggestions": [dict(s) for s in self.suggestions]}

    def describe(self) -> str:
        """One line for people.

        >>> Resolution("Baharak", None, "ambiguous", candidates=({"unit_id": "1", "district": "Baharak",
        ...     "province": "Badakhshan"}, {"unit_id": "2", "district": "Baharak", "province": "Takhar"})).describe()
        'Baharak is ambiguous: Baharak (Badakhshan), Baharak (Takhar); give --province'
        """
        note = f"; {self.note}" if self.note else ""
        if self.outcome == "found":
            return (f"{self.query} -> {self.district} ({self.province}) "
                    f"[{self.method}, score {self.score:g}, id {self.unit_id}]{note}")
        if self.outcome == "ambiguous":
            options = ", ".join(place_label(c) for c in self.candidates)
            return f"{self.query} is ambiguous: {options}; give --province{note}"
        where = f" in {self.province_hint}" if self.province_hint else ""
        close = ", ".join(place_label(s, f"{s['score']:g}") for s in self.suggestions)
        return f"{self.query}: no such district{where}{note}" + (f"; did you mean {close}?" if close else "")


class Gazetteer:
    """The unit names of one boundary file, indexed for resolution (build with :meth:`from_units`).

    >>> units = {"unit_id": ["a", "b"], "district": ["Springfield", "Springfield"], "province": ["North", "South"]}
    >>> gaz = Gazetteer.from_units(units)
    >>> gaz.resolve("springfield").outcome, gaz.resolve("Springfeld", "South").unit_id
    ('ambiguous', 'b')
    """

    def __init__(self, record: dict[str, dict], names: dict[str, set[str]], aliases: dict[str, set[tuple[str, str]]],
                 province_keys: dict[str, str], parts: dict[str, set[str]] | None = None,
                 part_records: dict[str, dict] | None = None):
        self.record = record                # unit id -> {"unit_id", "district", "province"}
        self.names = names                  # key -> unit ids
        self.aliases = aliases              # key -> (unit id, province the alias is used in)
        self.parts = parts or {}            # key -> part ids (a newer district inside one unit)
        self.province_keys = province_keys  # key -> canonical province
        self.provinces = sorted({r["province"] for r in record.values()} - {""})
        self.targets = self.record | (part_records or {})  # what a name can stand for: units and parts of units
        self.choices = fuzzy_choices(names, aliases, self.parts, self.targets)
        self.skeletons = {scope: skeleton_index(keys) for scope, keys in self.choices.items()}
        self.province_choices = {k: {p} for k, p in province_keys.items() if " " not in k}
        self._cache: dict[tuple[str, str | None], Resolution] = {}

    @classmethod
    def from_units(cls, units, district_aliases=None, province_aliases=None, district_parts=None) -> Gazetteer:
        """Index units (columns unit_id, district, province; others ignored) with the curated tables.

        Each table is a data frame or a mapping of column -> values. ``district_aliases`` has columns
        alias, province, district (the file's own name; province may be empty when the name is unique; a
        province other than the unit's is where the alias is used, e.g. a district reported under the
        province it moved to). ``province_aliases`` has alias, province. ``district_parts`` has name,
        province, part_of: a district the file does not have and the file's district it lies in. Rows naming
        no unit or province of ``units`` are skipped (the tables may serve other files).
        """
        rows = list(zip(*(texts(units[c]) for c in ("unit_id", "district", "province"))))
        record = {u: {"unit_id": u, "district": d, "province": p} for u, d, p in rows}
        names: dict[str, set[str]] = {}
        for uid, district, _ in rows:
            for part in name_parts(district):
                for key in keys(part):
                    names.setdefault(key, set()).add(uid)
        province_keys = index_provinces([p for _, _, p in rows], province_aliases)
        aliases = index_aliases(rows, district_aliases, province_keys)
        parts, part_records = index_parts(rows, district_parts, province_keys)
        return cls(record, names, aliases, province_keys, parts, part_records)

    def resolve_province(self, name: str | None) -> str | None:
        """The canonical province for any common spelling (``"Helmand province"``, ``"Nimroz"``), or None."""
        return find_province(self.province_keys, name) if name else None

    def suggest_provinces(self, name: str, limit: int = 3) -> list[str]:
        """The provinces closest in spelling to ``name``, best first."""
        best = self._province_scores(name, PROVINCE_SUGGEST_MIN)
        return sorted(best, key=lambda p: (-best[p], p))[:limit]

    def _province_scores(self, name: str, cutoff: float) -> dict[str, float]:
        return best_scores(folded_keys(name, PROVINCE_WORDS), self.province_choices, cutoff)

    def resolve(self, name: str, province: str | None = None, fuzzy: bool = True) -> Resolution:
        """Resolve a name, with the province when known; cached per (name, province).

        ``fuzzy=False`` stops after the exact and alias levels (cheap: for scanning text).
        """
        key = (name, province, fuzzy)
        if key not in self._cache:
            self._cache[key] = self._resolve(name, province, fuzzy)
        return self._cache[key]

    def suggest(self, name: str, province: str | None = None, limit: int = 5) -> list[dict]:
        """The closest places ({"unit_id", "district", "province", "score"}, and "part" for a newer district
        inside a unit), best first: for "did you mean"."""
        canon = self.resolve_province(province)
        return [{**self.targets[t], "score": s} for t, s in self._scored(name, canon)[:limit]]

    def _resolve(self, name: str, province: str | None = None, fuzzy: bool = True) -> Resolution:
        name = str(name)
        hint = province.strip() if province and str(province).strip() else None
        name, hint = split_province(name, hint, self.resolve_province)
        canon = self.resolve_province(hint)
        if hint and canon is None:
            return self._unrecognised_hint(name, hint)
        query = keys(name)
        exact = self._ids(query, canon)
        curated = self._alias_ids(query, canon) | self._part_ids(query, canon)
        if exact:
            return self._answer(name, hint, exact | curated, 100.0, "exact")
        if curated:
            return self._answer(name, hint, curated, 100.0, "alias")
        return self._fuzzy(name, hint, canon) if fuzzy else Resolution(name, hint, "unknown")

    def _ids(self, query: frozenset[str], province: str | None) -> set[str]:
        ids = set().union(*(self.names.get(k, ()) for k in query))
        return {u for u in ids if province is None or self.record[u]["province"] == province}

    def _alias_ids(self, query: frozenset[str], province: str | None) -> set[str]:
        hits = set().union(*(self.aliases.get(k, ()) for k in query))
        return {u for u, used_in in hits if province is None or province in (used_in, self.record[u]["province"])}

    def _part_ids(self, query: frozenset[str], province: str | None) -> set[str]:
        ids = set().union(*(self.parts.get(k, ()) for k in query))
        return {t for t in ids if province is None or self.targets[t]["province"] == province}

    def _answer(self, name: str, hint: str | None, ids: set[str], score: float, method: str,
                note: str | None = None) -> Resolution:
        """One place found, or the candidates. A part found by name (not fuzzily) is method ``part_of``."""
        if len(ids) > 1:
            cands = sorted((self.targets[t] for t in ids), key=lambda r: (r["province"], r["district"],
                                                                          r.get("part", "")))
            return Resolution(name, hint, "ambiguous", candidates=tuple(cands), note=note)
        rec = self.targets[next(iter(ids))]
        part = rec.get("part")
        if part:
            method = method if method == "fuzzy" else "part_of"
            note = "; ".join(filter(None, [f"{part} is newer than the boundary file: part of {rec['district']} "
                                           "in this boundary file", note]))
        return Resolution(name, hint, "found", rec["unit_id"], rec["district"], rec["province"], round(score, 1),
                          method, note=note, part=part)

    def _scored(self, name: str, province: str | None) -> list[tuple[str, float]]:
        """(place id, best fuzzy score) for the places (of the province, if given) close to the name, best first."""
        best = best_scores(folded_keys(name), self.choices.get(province, {}), SUGGEST_MIN)
        return sorted(best.items(), key=lambda kv: (-kv[1], self.targets[kv[0]]["district"], kv[0]))

    def vowel_variant(self, name: str, province: str | None = None) -> set[str]:
        """Places whose name differs from ``name`` only in its vowels (Worsaj / Warsaj): cheap, for scanning text."""
        canon = self.resolve_province(province) if province else None
        least = SKELETON_MIN - (canon is not None)  # within one province a shorter name is still telling (Muqar)
        return {u for k in folded_keys(name) if len(re.sub(r"[aiu]", "", k.replace("gh", "k"))) >= least  # h counts
                for key, ids in self.skeletons.get(canon, {}).get(skeleton(k), ()) if same_ends(k, key) for u in ids}

    def transposed(self, name: str, province: str | None) -> set[str]:
        """Places of a province whose name is ``name`` with two neighbouring letters swapped (Nirjab / Nijrab)."""
        return {u for k in folded_keys(name) if len(k) >= TRANSPOSED_MIN
                for key, ids in self.choices.get(province, {}).items() if province and swapped(k, key) for u in ids}

    def _fuzzy(self, name: str, hint: str | None, province: str | None) -> Resolution:
        if self.resolve_province(name):  # "Laghman" is the province, not a misspelt Paghman
            return self._unknown(name, hint, province, f"{name} is a province")
        same = self.vowel_variant(name, province)
        scored = self._scored(name, province)
        if len(same) == 1:  # only the vowels differ (Worsaj / Warsaj), and no other place as close
            from rapidfuzz import fuzz

            mine = max(fuzz.ratio(k, key) for k in folded_keys(name)
                       for key, ids in self.skeletons.get(province, {}).get(skeleton(k), ()) if same & ids)
            rivals = {u for u, score in scored if score >= max(mine, FUZZY_MIN) - FUZZY_MARGIN}
            return self._answer(name, hint, same | rivals, SKELETON_SCORE, "fuzzy")
        turned = self.transposed(name, province)
        if len(turned) == 1:
            return self._answer(name, hint, turned, SKELETON_SCORE, "fuzzy")
        short = min((len(k) for k in folded_keys(name)), default=0) <= SHORT
        if scored and scored[0][1] >= (FUZZY_MIN_SHORT if short else FUZZY_MIN):
            top = scored[0][1]
            return self._answer(name, hint, {u for u, s in scored if s >= top - FUZZY_MARGIN}, top, "fuzzy")
        return self._unknown(name, hint, province)

    def _unknown(self, name: str, hint: str | None, province: str | None, note: str | None = None) -> Resolution:
        """Unknown, with the closest places as suggestions (and, for a hinted province, exact names elsewhere)."""
        query = keys(name)
        elsewhere = (self._ids(query, None) | self._alias_ids(query, None) | self._part_ids(query, None)) \
            if province else set()
        near = [{**self.targets[t], "score": 100.0} for t in sorted(elsewhere)]
        near += [s for s in self.suggest(name, province) if part_id(s) not in elsewhere]
        return Resolution(name, hint, "unknown", suggestions=tuple(near[:5]), note=note)

    def _unrecognised_hint(self, name: str, hint: str) -> Resolution:
        """Resolve without a province that is not recognised; keep only an unambiguous exact answer."""
        note = f"province {hint!r} not recognised"
        alone = self.resolve(name)
        looks_like = self._province_scores(hint, HINT_LOOKS_LIKE)
        if alone.outcome == "found" and alone.method != "fuzzy" and (not looks_like or alone.province in looks_like):
            return Resolution(name, hint, "found", alone.unit_id, alone.district, alone.province, alone.score,
                              alone.method, note="; ".join(filter(None, [alone.note, f"{note}, ignored"])),
                              part=alone.part)
        if alone.outcome == "ambiguous":
            return Resolution(name, hint, "ambiguous", candidates=alone.candidates, note=note)
        return self._unknown(name, hint, None, note)


def best_scores(queries: frozenset[str], choices: dict[str, set[str]], cutoff: float) -> dict[str, float]:
    """The best rapidfuzz ratio of any query key against each target's keys (``choices``: key -> targets)."""
    from rapidfuzz import fuzz, process  # only fuzzy matching needs it

    best: dict[str, float] = {}
    for query in queries:
        for key, score, _ in process.extract(query, list(choices), scorer=fuzz.ratio, limit=None, score_cutoff=cutoff):
            for target in choices[key]:
                best[target] = max(best.get(target, 0.0), round(score, 1))
    return best


def split_province(name: str, hint: str | None, resolve_province) -> tuple[str, str | None]:
    """``"Fayzabad (Jawzjan)"`` -> ("Fayzabad", "Jawzjan") when the part in parentheses is a province."""
    m = re.fullmatch(r"\s*(.*?)\s*\(([^()]*)\)\s*", name)
    inner = resolve_province(m.group(2)) if m and m.group(1) else None
    if inner and (hint is None or resolve_province(hint) == inner):
        return m.group(1), hint or m.group(2)
    return name, hint


def find_province(index: dict[str, str], name: str) -> str | None:
    """The province a name's plain key (else one of its folded keys) points to in ``index``."""
    plain_key = plain(name, PROVINCE_WORDS)
    found = [index[k] for k in (plain_key, *sorted(folded_keys(name, PROVINCE_WORDS))) if k in index]
    return found[0] if found else None


def texts(values) -> list[str]:
    """Cells as strings; missing ones (None, NaN, pandas' NA) empty."""
    def text(value) -> str:
        if isinstance(value, str):
            return value
        try:
            return "" if value is None or value != value else str(value)
        except TypeError:  # pandas.NA has no truth value
            return ""
    return [text(v) for v in values]


def index_provinces(provinces: list[str], aliases) -> dict[str, str]:
    """key -> canonical province, from the units' own names and then the alias table (alias, province)."""
    known = set(provinces) - {""}
    pairs = [(p, p) for p in sorted(known)]
    if aliases is not None:
        pairs += [(a, p) for a, p in zip(texts(aliases["alias"]), texts(aliases["province"])) if p in known]
    index: dict[str, str] = {}
    for alias, province in pairs:
        for key in keys(alias, PROVINCE_WORDS):
            index.setdefault(key, province)
    return index


def index_aliases(units: list[tuple[str, str, str]], aliases,
                  province_keys: dict[str, str]) -> dict[str, set[tuple[str, str]]]:
    """key -> {(unit id, province the alias is used in)} from the alias table (alias, province, district)
    for the units (unit id, district, province)."""
    index: dict[str, set[tuple[str, str]]] = {}
    if aliases is None:
        return index
    by_name: dict[str, list[tuple[str, str]]] = {}
    for uid, district, province in units:
        by_name.setdefault(district, []).append((uid, province))
    for alias, province, district in zip(*(texts(aliases[c]) for c in ("alias", "province", "district"))):
        used_in = find_province(province_keys, province) or "" if province else ""
        named = by_name.get(district, [])
        here = [(u, p) for u, p in named if p == used_in] or (named if len(named) == 1 or not used_in else [])
        for uid, own in here:
            for key in keys(alias):
                index.setdefault(key, set()).add((uid, used_in or own))
    return index


def part_id(place: dict) -> str:
    """The id of a newer district inside a unit (``"<unit id>#<name>"``), or the unit's id for a unit."""
    return f"{place['unit_id']}#{place['part']}" if place.get("part") else place["unit_id"]


def index_parts(units: list[tuple[str, str, str]], parts,
                province_keys: dict[str, str]) -> tuple[dict[str, set[str]], dict[str, dict]]:
    """key -> part ids, and part id -> record (the unit's, plus ``part``), from the table of newer districts
    (name, province, part_of) for the units (unit id, district, province)."""
    index: dict[str, set[str]] = {}
    records: dict[str, dict] = {}
    if parts is None:
        return index, records
    by_place = {(d, p): u for u, d, p in units}
    for name, province, part_of in zip(*(texts(parts[c]) for c in ("name", "province", "part_of"))):
        canon = find_province(province_keys, province) if province else None
        uid = by_place.get((part_of, canon))
        if uid is None:
            continue
        record = {"unit_id": uid, "district": part_of, "province": canon, "part": name}
        records[part_id(record)] = record
        for key in keys(name):
            index.setdefault(key, set()).add(part_id(record))
    return index, records


def skeleton(key: str) -> str:
    """A folded key without its vowels, gh as k: ``"wursaj"`` and ``"warsaj"`` -> ``"wrsj"``; Khwaja Ghar and
    Khwaja Khar (kh is already k) alike; an h after a vowel counts as a vowel (Dihrawud / Deh Rawood, Muhmand /
    Momand, Maydan Shahr / Maidan Shar)."""
    return re.sub(r"(?<=[aiu])h|[aiu]", "", key.replace("gh", "k"))


def swapped(a: str, b: str) -> bool:
    """Whether two keys differ only by two neighbouring letters swapped ("nirjab", "nijrab")."""
    diff = [k for k in range(len(a)) if len(a) == len(b) and a[k] != b[k]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def same_ends(a: str, b: str) -> bool:
    """Same first letter, and both ending in a vowel or both not (Kushka is not Kushk)."""
    return a[:1] == b[:1] and (a[-1:] in "aiu") == (b[-1:] in "aiu")


def skeleton_index(choices: dict[str, set[str]]) -> dict[str, list[tuple[str, set[str]]]]:
    """skeleton -> [(key, unit ids)], for the keys of one fuzzy scope."""
    index: dict[str, list[tuple[str, set[str]]]] = {}
    for key, ids in choices.items():
        index.setdefault(skeleton(key), []).append((key, ids))
    return index


def fuzzy_choices(names: dict[str, set[str]], aliases: dict[str, set[tuple[str, str]]], parts: dict[str, set[str]],
                  targets: dict[str, dict]) -> dict[str | None, dict[str, set[str]]]:
    """Folded keys -> place ids for fuzzy matching: over all places (None) and per province."""
    out: dict[str | None, dict[str, set[str]]] = {None: {}}
    entries = [(k, u, targets[u]["province"]) for k, ids in names.items() for u in ids]
    entries += [(k, u, p) for k, hits in aliases.items() for u, p in hits]
    entries += [(k, t, targets[t]["province"]) for k, ids in parts.items() for t in ids]
    for key, uid, province in entries:
        if " " in key:
            continue  # plain keys with spaces: their folded forms are there
        for scope in (None, province):
            out.setdefault(scope, {}).setdefault(key, set()).add(uid)
    return out
