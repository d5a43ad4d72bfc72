"""What a sentence says happened, and to which places: statuses from phrases, places through the gazetteer.

The status comes from phrases, strongest first: government (repelled, recaptured, retook, cleared X),
controlled (seized, captured, overran, fell to, took X, now controls), contested (attack on, fighting,
clashes, besieged, under attack). A phrase after a negation ("not", "yet to") or an intention ("tried to",
"operation to") counts for nothing. A sentence whose clauses say different things ("Baharak was under
attack, adding that forces had withdrawn from Shighnan") gives each clause's places that clause's status.
"""

from __future__ import annotations

import itertools
import re

from ..gazetteer import Gazetteer

STATUS_PHRASES = [  # (status, pattern on the lower-cased sentence); at one place the first status listed wins
    ("government", (r"\b(repelled|repulsed|pushed back|beaten back|fought off|were defeated|was defeated|recaptured|"
                   r"retook|retaken|retaking|regained|recovered control|recovered the|cleared (?:of|the)|"
                   r"drove (?:the taliban|them|the insurgents|the militants) out|liberated|"
                   r"back under (?:the )?government control|back in government hands)\b")),
    ("controlled", (r"\b(seized|captured|overran|overrun|fell to|fallen to|fell\b(?!\s+(?:apart|short|back|silent|ill|"
                   r"into|off|asleep|victim|by|from|in\b|to (?:the government|afghan)))|has fallen|have fallen|"
                   r"taken over|took over|took control|taken control|"
                   r"taliban[- ]controlled|under taliban control|controlled by the taliban|in the hands of the taliban|"
                   r"in taliban hands|(?:now|still|currently|already|effectively) (?:control|controls|controlled|"
                   r"hold|holds|held)|remains? in (?:taliban |their |its )?control|"
                   r"surrendered to the (?:taliban|insurgents|militants)|"
                   r"(?:forces|troops|soldiers|army|police|officials|government) (?:had |have |has )?"
                   r"(?:withdrawn|withdrew|retreated|pulled out) from)\b")),
    ("contested", (r"\b(launched an attack on|(?:an|new|fresh|major|renewed|coordinated|massive) (?:attack|assault|offensive) on|"
                  r"attacks on|attacked|assaulted|assault on|stormed|fighting|clashes|clashed|battling|"
                  r"battle for|besieged|encircled|surrounded|under attack|under siege|siege of|"
                  r"advancing on|advanced on|closing in on|pushed into|entered|on the outskirts of|"
                  r"operations? (?:against the taliban )?(?:are|is|was|were) underway|in an operation in)\b")),
]
STATUS_RE = [(status, re.compile(pattern)) for status, pattern in STATUS_PHRASES]
RANK = {status: k for k, (status, _) in enumerate(STATUS_PHRASES)}
CASED = [  # need the place's capital letter: "took Kunduz", "cleared Arghandab"
    ("controlled", re.compile(r"\b(?:took|taken|take|takes|taking)\s+(?:over\s+)?(?:control\s+of\s+)?(?:the\s+)?"
                              r"(?:(?:district|city|town|provincial capital|capital)(?:\s+cent(?:re|er))?\s+(?:of\s+)?)?"
                              r"(?=[A-Z][a-z])(?!The\b|Afghan)")),
    ("government", re.compile(r"\bcleared\s+(?:the\s+)?(?:(?:district|city|town)\s+of\s+)?(?=[A-Z][a-z])(?!The\b)")),
]
NEGATION = re.compile(r"(?i)\b(not|no|never|yet to|n't|failed to|denied|nor|unable to|without)\b")
INTENT = re.compile(r"(?i)\b(intend(?:ed|s)?|plan(?:s|ned)?|aim(?:s|ed)?|tr(?:y|ied|ying)|attempt(?:s|ed|ing)?|"
                    r"threaten(?:s|ed)?|would|could|might|may|will|until we|in order|sought|seeking|seek|vow(?:s|ed)?|"
                    r"operation to|offensive to|counteroffensive to|want(?:s|ed)?|hope(?:s|d)?|bid to|"
                    r"on (?:its|their|the) way to|ready to|prepar(?:e|es|ed|ing) to|expected to|likely to)\s+(?:to\s+)?"
                    r"(?:\w+\s+){0,2}$")
CLAIM = re.compile(r"(?i)\btaliban\b[^.]{0,40}\bclaim(?:s|ed)?\b|\bclaimed by the taliban\b|"
                   r"\btaliban (?:\w+ ){0,2}(?:said|says)\b|\baccording to the taliban\b|"
                   r"\btaliban spokes(?:man|person)\b|\bzabihullah mujahid\b|\bqari yousuf ahmadi\b|"
                   r"\b(?:insurgents|militants|the group) claimed\b")
CONFIRMED = re.compile(r"(?i)\b(?:confirmed|verified)\b")
PLACE = re.compile(r"[A-Z][\w'’]*(?:-(?:[a-zA-Z]{1,2}-\s?)?[A-Z]?[\w'’]+)*(?:\s(?:[a-z]{1,2}-)?[A-Z][\w'’]*"
                   r"(?:-(?:[a-zA-Z]{1,2}-\s?)?[A-Z]?[\w'’]+)*){0,3}")
NOT_A_PLACE_AFTER = re.compile(r"(?i)(province|government|administration|officials|authorities|regime|forces|airport|"
                               r"residents|police|governor|council|chief|commander|highway|road|university|hospital|"
                               r"prison|jail|elders|security|mayor|river|valley|dam|bazaar|corps|brigade|"
                               r"conference|process|talks|agreement|accord)\b")
NOT_AN_OBJECT_BEFORE = re.compile(r"(?i)\b(fled|fleeing|flee|flees|visited|visiting|visit to|trip to|travel(?:l)?ed to|"
                                  r"flew to|arrived in|returned to|moved to|relocated to|evacuated to|headed to|"
                                  r"heading to|refugees? in|based in|born in)\s+(?:the\s+)?(?:city\s+of\s+)?$")
PROVINCE_OF = re.compile(r"[A-Z][\w'’-]*\s+(?:district|districts|city)\s+(?:of|in)\s+$")
CAPITAL_OF = re.compile(r"\b(?:provincial )?capital of (?:the )?([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)|"
                        r"\b([A-Z][\w'’-]*)['’]s (?:provincial )?capital\b")
STRONG_CUT = re.compile(r";|,\s+(?:but|while|whereas|although|though|even as)\b|\s+(?:but|whereas)\s+")
WEAK_CUT = re.compile(r";|,\s+(?:but|while|whereas|although|though|even as|adding(?: that)?|and|as|after|before|"
                      r"when|then)\b|\s+(?:but|whereas)\s+")


ANY_STATUS = re.compile("|".join(f"(?:{p})" for _, p in STATUS_PHRASES))
ANY_CASED = re.compile(r"\b(?:took|taken|take|takes|taking|cleared)\s")


def _matches(sentence: str) -> list[tuple[int, str]]:
    """(position, status) of every status phrase that is not negated or only intended."""
    lowered, out = sentence.lower(), []
    if not ANY_STATUS.search(lowered) and not ANY_CASED.search(sentence):
        return out
    found = [(m.start(), status) for status, pattern in STATUS_RE for m in pattern.finditer(lowered)]
    found += [(m.start(), status) for status, pattern in CASED for m in pattern.finditer(sentence)]
    for start, status in sorted(found):
        before = lowered[max(0, start - 40):start]
        if NEGATION.search(re.split(r"[,;]", before)[-1]) or INTENT.search(lowered[max(0, start - 60):start]):
            continue
        out.append((start, status))
    return out


def status_of(sentence: str) -> str | None:
    """The strongest status a sentence reports, skipping negated, hedged and intended phrases.

    >>> status_of("The district fell to the Taliban."), status_of("The Taliban did not capture the town.")
    ('controlled', None)
    """
    found = _matches(sentence)
    return min((s for _, s in found), key=RANK.get) if found else None


def _spans(sentence: str, cut: re.Pattern) -> list[tuple[int, int]]:
    edges = [0] + [m.start() for m in cut.finditer(sentence)] + [len(sentence)]
    return [(a, b) for a, b in itertools.pairwise(edges) if b > a]


def statuses_by_place(sentence: str, positions: list[int]) -> list[str | None]:
    """The status for each place position: its clause's strongest phrase, else the sentence's.

    Clauses without a place join the clause before them ("attacked Farah City ..., but they were defeated").
    """
    found = _matches(sentence)
    if not found:
        return [None] * len(positions)
    overall = min((s for _, s in found), key=RANK.get)
    clauses = _spans(sentence, WEAK_CUT)
    merged: list[list[int]] = []
    for a, b in clauses:
        if merged and not any(a <= p < b for p in positions):
            merged[-1][1] = b
        elif merged and not any(merged[-1][0] <= p < merged[-1][1] for p in positions):
            merged[-1][1] = b  # the clause before had no place: join it
        else:
            merged.append([a, b])
    out = []
    for p in positions:
        a, b = next(((a, b) for a, b in merged if a <= p < b), (0, len(sentence)))
        own = [s for q, s in found if a <= q < b]
        out.append(min(own, key=RANK.get) if own else overall)
    return out


def negated_spans(sentence: str) -> list[tuple[int, int]]:
    """What negations cover: from the negation to the end of its clause ("has not commented on Taluqan, but")."""
    out = []
    for a, b in _spans(sentence, STRONG_CUT):
        m = NEGATION.search(sentence, a, b)
        if m:
            out.append((m.start(), b))
    return out


class Places:
    """Place mentions resolved through a gazetteer, with a cache (articles repeat names)."""

    def __init__(self, gazetteer: Gazetteer, capitals: dict[str, str] | None = None):
        self.gazetteer, self.capitals = gazetteer, capitals or {}
        self._resolved: dict = {}
        self._provinces: dict = {}
        self._mentions: dict = {}

    def province(self, name: str) -> str | None:
        if name not in self._provinces:
            self._provinces[name] = self.gazetteer.resolve_province(name)
        return self._provinces[name]

    def resolve(self, name: str, province: str | None = None):
        key = (name, province)
        if key not in self._resolved:
            self._resolved[key] = self.gazetteer.resolve(name, province)
        return self._resolved[key]

    def provinces_in(self, text: str) -> list[str]:
        """Provinces named in a text ("in Takhar province", "Takhar's", "Helmand"), in order of mention."""
        found = []
        for m in PLACE.finditer(text):
            for province in self._mention_provinces(m.group()):
                if province not in found:
                    found.append(province)
        return found

    def _mention_provinces(self, mention: str) -> list[str]:
        if mention not in self._mentions:
            parts = mention.split()
            names = dict.fromkeys(re.sub(r"['’]s$", "", w) for w in (mention, parts[0], parts[-1]))
            self._mentions[mention] = [p for p in map(self.province, names) if p]
        return self._mentions[mention]

    def in_context(self, name: str, hints: list[str]) -> tuple[dict | None, tuple]:
        """(unit, ambiguous candidates): unique on its own (not fuzzy), or unique in the first hinted province."""
        alone = self.resolve(name)
        if alone.outcome == "found" and alone.method != "fuzzy":
            return {"unit_id": alone.unit_id, "district": alone.district, "province": alone.province,
                    "method": alone.method}, ()
        if alone.outcome == "unknown" and len(name) < 5:
            return None, ()
        for province in hints:
            found = self.resolve(name, province)
            if found.outcome == "found" and (found.method != "fuzzy" or (found.score or 0) >= 85):
                return {"unit_id": found.unit_id, "district": found.district, "province": found.province,
                        "method": found.method}, ()
        return None, (alone.candidates if alone.outcome == "ambiguous" else ())

    def find(self, sentence: str, hints: list[str], skip: int = 0) -> tuple[list[tuple[dict, str, int]], list[str]]:
        """Districts named in a sentence: [(unit, mention, position)], and the mentions left ambiguous.

        A name in a negated clause, after "fled"/"visited", or used as an adjective ("Kabul government",
        "Farah province") is no place of a report; "the provincial capital of Jawzjan" is its capital district.
        """
        hints = self.provinces_in(sentence[skip:]) + [h for h in hints if h]
        negated = negated_spans(sentence)
        out, ambiguous = [], []
        for m in PLACE.finditer(sentence, skip):
            if any(a <= m.start() < b for a, b in negated):
                continue
            before = sentence[max(0, m.start() - 40):m.start()]
            if NOT_AN_OBJECT_BEFORE.search(before):
                continue
            if PROVINCE_OF.search(before) and self.province(m.group().split()[0]):
                continue  # "Arghandab district of Kandahar": the province
            words = m.group().split()
            for size in range(len(words), 0, -1):  # longest names first
                hit = False
                for i in range(len(words) - size + 1):
                    name = re.sub(r"['’]s$", "", " ".join(words[i:i + size]))
                    after = sentence[m.start() + len(" ".join(words[:i + size])):].lstrip()
                    if NOT_A_PLACE_AFTER.match(after):
                        continue
                    unit, candidates = self.in_context(name, hints)
                    if unit:
                        out.append((unit, name, m.start() + len(" ".join(words[:i])) + (1 if i else 0)))
                        hit = True
                    elif candidates and size == 1:
                        ambiguous.append(f"{name} ({', '.join(c['province'] for c in candidates)})")
                if hit:
                    break
        for m in CAPITAL_OF.finditer(sentence, skip):
            province = self.province(m.group(1) or m.group(2))
            if province and province in self.capitals:
                hit = self.resolve(self.capitals[province], province)
                if hit.outcome == "found":
                    out.append(({"unit_id": hit.unit_id, "district": hit.district, "province": hit.province,
                                 "method": "capital"}, m.group(), m.start()))
        unique: dict[str, tuple[dict, str, int]] = {}
        for unit, name, pos in out:
            unique.setdefault(unit["unit_id"], (unit, name, pos))
        return sorted(unique.values(), key=lambda u: u[2]), ambiguous
