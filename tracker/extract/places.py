"""Places named in a sentence, each with its role: a district a report can be about, or a province as context.

Capitalised (or upper-case) names are looked up in the gazetteer, longest first. A province's name is the
province ("Kunduz province", "the northern province of Baghlan", "in Kunduz", "Kunduz's governor") unless the
text calls it a city or capital ("Kunduz city", "the city of Ghazni", "Farah, the provincial capital"). The
province of a district comes from the text around it ("X in P", "P's X district", a list "A, B and C districts
in P"), then from the sentence and the story; a name unique in the country needs none and wins over a wrong
province in the text. Outlets, people ("governor Farah Khan"), names used as adjectives ("Kabul government")
and places someone fled to are not districts of a report. "The provincial capital of Takhar" is its capital.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..gazetteer import Gazetteer
from .lexicon import Lexicon, outlets_in, with_country

NAME = re.compile(r"[A-Z][\w'’]*(?:-(?:[a-zA-Z]{1,2}-\s?)?[A-Za-z][\w'’]*)*"
                  r"(?:\s(?:[a-z]{1,2}-|-[a-z]{1,2}-\s|(?:e|i|wa|va|o|al|ul)\s)?[A-Z][\w'’]*(?:-(?:[a-zA-Z]{1,2}-\s?)?[A-Za-z][\w'’]*)*){0,3}")
POSSESSIVE = re.compile(r"['’]s?$")  # "Takhar's", "Kabul’"
EVENT_NOUN_AFTER = re.compile(r"\s+(?:fall|capture|collapse|seizure|takeover|loss|recapture|liberation)\b")
JOINED = re.compile(r"(?<=[a-z]{3})-(?=[A-Z][a-z]{2})")  # "Wardoj-Yamgan": two names, not "Dasht-e-Archi"
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
CITY_AFTER = re.compile(r"\s*(?:city|town)\b|,\s+(?:the|its|a|another)\s+(?:\w+\s+){0,2}(?:provincial\s+)?capital\b|"
                        r",\s+(?:the\s+)?capital\s+of\b|\s+provincial capital\b(?!,?\s+[A-Z])", re.IGNORECASE)
# ("Balkh provincial capital Mazar-i-Sharif": Balkh is the province, the capital is named after)
CITY_BEFORE = re.compile(r"(?i)(?:\b(?:city|town|capital)(?: city)? of|\bcent(?:re|er) of|provincial capital,?|\bcapital,?|"
                         r"\bcity,?)\s+(?:the )?$")
DISTRICT_AFTER = r"(?i)\s*(?:district|districts|city|town|district cent(?:re|er)|{district_words})\b"  # with_country()
DISTRICT_WORD = re.compile(r"(?i)\bdistricts?\b")
NAMED_AS_DISTRICT = re.compile(r"(?:[\s,]+(?:and\s+)?[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)*)*\s+(?i:district|districts|city|town)\b|"
                               r"\s+in\s+(?:the\s+)?(?:[a-z]+ern\s+)?[A-Z][a-z]")  # "Worsaj in Takhar"
CAPITALS_GLUE = re.compile(r"(?:\s+in\s+the\s+(?:far\s+)?(?:north|south|east|west|centre|center)(?:-?(?:east|west))?)?"
                           r"[\s,]*(?:and\s+|&\s+)?")
OF_NAMED = re.compile(r"\s+(?:in|of)\s+(?:the\s+)?")
NAME_LEADS = frozenset("in the at on of for from to by as after before with near meanwhile also but when while since "
                       "last this that both all and".split())  # words a sentence starts with, not a name's first
VILLAGE_AFTER = re.compile(r"(?:(?:,\s*|\s+and\s+)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*\s+(?:villages?|valleys?|areas?|bazaar)\b")
DISTRICT_BEFORE = re.compile(r"(?i)\b(?:district|districts|district cent(?:re|er)|city|town) of\s+(?:the )?$")
IN_PROVINCE = (r"(?:\s+(?:district|districts|city|town|districts? cent(?:re|er)s?))?\s*(?:,\s*)?(?:in|of)\s+"
               r"(?:the\s+)?(?:(?i:{names})['’]s\s+)?(?:(?:\w+ern|restive|neighbou?ring|volatile|remote|"
               r"strategic|key|central)\s+)*(?:province of\s+)?")  # between "X" and "P" in "X district in P"
LIST_GLUE = re.compile(r"(?:\s+(?:district|districts|city))?\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)")
HINT_BEFORE = re.compile(r"([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)['’]s?\s+(?:\w+\s+){0,2}$|"
                         r"\bin ([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)(?: province)?,\s+(?:\w+\s+){0,3}$")
PROVINCE_DISTRICTS = re.compile(r"\s*districts\b")
PROVINCE_ONLY_BEFORE = re.compile(r"\b(?:a|an|another|second|third|fourth|fifth|one|two|three|four|several|many|other|"
                                  r"all|in|of|across|throughout|from|within)\s+$")
NOT_A_PLACE_AFTER = re.compile(r"(?i)\s*(?:district\s+|city\s+|provincial\s+)?(?:government|administration|officials?|"
                               r"authorities|regime|forces|airport|residents?|police|governor|council|chief|commander|"
                               r"highway|road|university|hospital|prison|jail|elders?|security|mayor|river|valley|dam|"
                               r"corps|brigade|conference|process|talks|agreement|accord|spokes(?:man|woman|person)|"
                               r"native|office|operations|journalist|reporter|mp|lawmaker|representative|senator|"
                               r"provinces?|area|areas|region|village|villages|residents?|people|families|refugees|"
                               r"air ?base|air ?field|base|airport|barracks|garrison|corps)\b|"
                               r"\s*[-–—]\s*[A-Z][\w'’-]+\s+(?i:highway|road)\b|"  # "the Pul-e-Khumri – Kunduz highway"
                               r"\s+(?:said|says|told|added)\b")  # "..., Khogyani said": a person
NOT_AN_OBJECT_BEFORE = re.compile(r"(?i)\b(?:fled|fleeing|flee|flees|visited|visiting|visit to|trip to|travel(?:l)?ed to|"
                                  r"flew to|arrived in|returned to|moved to|relocated to|evacuated to|headed to|"
                                  r"heading to|refugees? in|based in|born in|hails from|native of|from neighbou?ring|"
                                  r"took refuge in|sought refuge in|sheltering in|shelter in|transferred to|taken to|"
                                  r"brought to|sent to|(?:left|leaving|retreated|retreating|withdrew|withdrawn|pulled back|"
                                  r"moved|headed)(?:\s+[\w’'-]+){0,4}?\s+(?:for|to|towards?))"
                                  r"\s+(?:(?:to|into)\s+)?(?:the\s+)?(?:(?:city|(?:provincial\s+)?capital|district)\s+of\s+)?[“\"‘']?$")  # "left the district for Qalat"
PERSON_BEFORE = (r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Gov|Sen|Rep)\.?|\b(?:{titles}|Engineer|General|Colonel|"
                 r"Major|Commander|Governor|President|Minister|Spokesman|Spokesperson|Senator|Marshal|"
                 r"named|[a-z]+man|spokesperson|governor|chief|"
                 r"commander|head|leader|member|official|resident|deputy|minister|mp|lawmaker))\s+$")  # with_country()
PERSON_AFTER = re.compile(r",\s+(?:a|an|the)\s+(?:\w+\s+){0,3}(?:spokes(?:man|woman|person)|official|governor|"
                          r"commander|chief|member|resident|head|lawmaker|deputy|minister|villager|elder|soldier)\b"
                          r"(?!\s+(?:said|says|told|added|confirmed|stated))")  # "... and Nawzad, a spokesman said"
CAPITAL_OF = (r"\b(?:provincial )?capital(?: city)? of (?:the )?(?:(?i:{names})['’]s )?(?:(?:\w+ern|central|restive|neighbou?ring|strategic|"
              r"key|volatile|remote|mountainous)\s+)*"
              r"(?:province of )?([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)|"
              r"\b(?!(?:The|A|An|Its|Their|This|That|Provincial|(?i:{adjectives}|{names}))\b)([A-Z][\w'’-]*)(?:['’]s?)? "
              r"(?:provincial )?capital\b")
CAPITALS_OF = re.compile(r"\b(?:provincial )?(?:capitals|capital cities|cent(?:re|er)s) of (?:the )?(?:provinces of )?")
ANAPHORA = re.compile(r"\b[Tt]he (?:(?:[\w'’-]+ ){0,2}?(?i:district|city|town)(?i: (?:cent(?:re|er)|headquarters|"
                     r"administrative cent(?:re|er)|compound|seat))?|(?i:provincial )?(?i:capital)(?i: city)?|"
                     r"(?i:(?:provincial |district )?governor['’]?s? (?:office|compound|headquarters|house)|"
                     r"(?:district |provincial )?police headquarters|district administration))\b"
                     r"(?!\s+(?:of\s+(?:the\s+)?[A-Z]|(?i:cent(?:re|er)s?|headquarters|governor|chief|police|"
                     r"council|officials?|residents?|administrator|capitals?|districts|level|authorities|elders|"
                     r"hospital|prison|spokes(?:man|woman|person))\b))")
IT = re.compile(r"(?<=\s)it\b")
ANAPHORA_WORDS = ("district", "city", "town", "capital", "governor", "headquarters", "administration")


@dataclass(slots=True)
class Mention:
    """A district (or an anaphor: "the district") named in a sentence, at [start, end)."""

    start: int
    end: int
    text: str
    unit: dict | None = None  # unit_id, district, province, method
    anaphor: str = ""  # "district" | "city" | "it": resolved by the caller
    ambiguous: tuple = ()
    province_cue: bool = False  # a province's name read as its city ("Kunduz city")
    is_province: bool = False  # the province itself: context, never a report ...
    city: dict | None = None  # ... unless an event names it alone ("captured Kunduz"): its capital of that name
    far: bool = False  # an anaphor resolved outside its paragraph's past (forward, or the paragraph before)
    named: dict | None = None  # the district a name stands for where it is no report's ("the Yamgan district office")


class Places:
    """Finds districts and provinces in sentences through a gazetteer (answers cached: stories repeat names)."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, capitals: dict[str, str] | None = None):
        self.gazetteer, self.lexicon = gazetteer, lexicon
        self.capitals = lexicon.capitals if capitals is None else capitals
        self._resolved: dict = {}
        self._provinces: dict = {}
        self._known: dict = {}
        self._names: dict = {}
        self._in_name: dict = {}
        self._variants: dict = {}

    def province(self, name: str) -> str | None:
        """The province a name is (any spelling), or None."""
        if name not in self._provinces:
            clean = POSSESSIVE.sub("", name.strip())
            self._provinces[name] = self.gazetteer.resolve_province(clean) if len(clean) > 2 else None
        return self._provinces[name]

    def resolve(self, name: str, province: str | None = None, fuzzy: bool = True):
        key = (name, province, fuzzy)
        if key not in self._resolved:
            self._resolved[key] = self.gazetteer.resolve(name, province, fuzzy)
        return self._resolved[key]

    def _vowel_variant(self, name: str) -> bool:
        """Whether a place's name differs from ``name`` only in its vowels."""
        if name not in self._variants:
            self._variants[name] = bool(self.gazetteer.vowel_variant(name))
        return self._variants[name]

    def provinces_in(self, text: str, names: list[re.Match] | None = None) -> list[str]:
        """Provinces named in a text, in order of mention (each once); ``names``: its NAME matches, if known."""
        found: list[str] = []
        for m in NAME.finditer(text) if names is None else names:
            for p in self._named(m.group()):
                if p not in found:
                    found.append(p)
        return found

    def _named(self, name: str) -> list[str]:
        """The provinces a capitalised name is, or its words are."""
        if name not in self._in_name:
            self._in_name[name] = [p for p in map(self.province, dict.fromkeys((name, *name.split()))) if p]
        return self._in_name[name]

    def unit(self, name: str, hints: list[str], cue: bool, local=list) -> tuple[dict | None, tuple]:
        """(unit, ambiguous candidates) for a name: unique alone (exact or alias, unless the text puts the name
        in another province: ``local()``, looked at only when needed), else in the first province of ``local()``
        (the text's own province decides), else of ``hints``, that has it; fuzzy only with a district word
        beside it (``cue``) and never against the name alone."""
        alone = self.resolve(name, fuzzy=cue or self._vowel_variant(name))
        here = local() if alone.outcome == "found" and alone.method == "alias" else None
        if here and here[0] != alone.province:
            return None, ()  # "Murghab district, in Ghor": not Badghis's Bala Murghab that the short name stands for
        if alone.outcome == "found" and alone.method != "fuzzy":
            return _record(alone), ()
        if alone.outcome == "found" and (alone.score or 0) >= 90:
            return _record(alone), ()
        for province in dict.fromkeys((local() if here is None else here) or hints):
            found = self.resolve(name, province, fuzzy=cue)
            if found.outcome != "found":
                continue
            if found.method == "fuzzy" and not (cue and (found.score or 0) >= 85):
                continue
            if found.method == "fuzzy" and alone.outcome == "found" and alone.unit_id != found.unit_id:
                continue  # the name alone points elsewhere: no guess
            return _record(found), ()
        return None, (alone.candidates if alone.outcome == "ambiguous" else ())

    def find(self, sentence: str, context: list[str], topic: int = 0) -> tuple[list[Mention], list[str]]:
        """The district mentions of a sentence (incl. anaphors), and the provinces it names as context.

        A name in the first ``topic`` characters heads a list item ("Aug. 8 - KUNDUZ. ..."): a city.
        """
        lowered = sentence.lower()
        names = list(NAME.finditer(sentence))
        sentence_provinces = self.provinces_in(sentence, names)
        hints_all = sentence_provinces + [p for p in context if p not in sentence_provinces]
        out: list[Mention] = []
        blocked = None  # the outlets named ("AFP", "Dawn"): looked for once a name is a place
        for m in names:
            found = self._mentions(sentence, m, hints_all, m.start() < topic)
            if found and blocked is None:
                blocked = outlets_in(lowered, self.lexicon)
            if found and not any(a < m.end() and m.start() < b for a, b in blocked):
                out += found
        for m in with_country(CAPITAL_OF, self.lexicon).finditer(sentence) if "capital" in lowered else ():
            province = self.province(m.group(1) or m.group(2))
            capital = self.capitals.get(province or "")
            if capital and not any(x.start <= m.start() < x.end and x.unit for x in out):
                hit = self.resolve(capital, province)
                if hit.outcome == "found":
                    out = [x for x in out if not (x.start < m.end() and m.start() < x.end)]
                    out.append(Mention(m.start(), m.end(), m.group(), {**_record(hit), "method": "capital"}))
        out.sort(key=lambda x: x.start)
        for m in CAPITALS_OF.finditer(sentence) if out and "s of " in sentence else ():  # "the capitals of Jowzjan and Takhar"
            cut = m.end()
            for k, x in enumerate(out):
                if x.start < cut:
                    continue
                if not CAPITALS_GLUE.fullmatch(sentence, cut, x.start):  # "Badakhshan in the north, Farah in the west and"
                    break
                capital = self.capitals.get(self.province(x.text) or "") if x.is_province else None
                hit = self.resolve(capital, self.province(x.text), fuzzy=False) if capital else None
                if hit is not None and hit.outcome == "found":
                    out[k] = Mention(x.start, x.end, f"capital of {x.text}", {**_record(hit), "method": "capital"})
                cut = x.end
        anaphora = [*ANAPHORA.finditer(sentence)] if any(w in lowered for w in ANAPHORA_WORDS) else []
        for m in anaphora + [*IT.finditer(sentence)] if " it" in sentence else anaphora:
            if any(x.start < m.end() and m.start() < x.end for x in out):
                continue
            of = OF_NAMED.match(sentence, m.end())
            if of and any(x.start == of.end() and (x.unit or x.ambiguous) for x in out):
                continue  # "the district headquarters in Bilchirgh": the named district, not an earlier one
            word = m.group().lower()
            kind = "it" if word == "it" else "city" if re.search(r"city|capital", word) else "district"  # "the town"
            out.append(Mention(m.start(), m.end(), m.group(), anaphor=kind))
        out.sort(key=lambda x: x.start)
        return out, sentence_provinces

    def known(self, name: str) -> bool:
        """Whether a name is a province or a district (exactly, by an alias, or with other vowels): a cheap look."""
        if name not in self._known:
            self._known[name] = bool(self.province(name)) or self.resolve(name, fuzzy=False).outcome != "unknown" \
                or len(name) >= 5 and self._vowel_variant(name)
        return self._known[name]

    def _mentions(self, sentence: str, m: re.Match, hints_all: list[str], topic: bool = False) -> list[Mention]:
        """Districts inside one capitalised name span, longest names first."""
        runs = self._runs(m.group())
        if " " not in m.group() and not (runs and runs[0][4] or NAMED_AS_DISTRICT.match(sentence, m.end())):
            return []  # most names are one word that is no place: "The", "Taliban", "Afghan"
        head = m.group().rsplit(None, 1)[0]
        if head != m.group() and VILLAGE_AFTER.match(sentence, m.end()) and not self.known(m.group()):
            runs = self._runs(head)  # "Surkh Dara villages": a village's name, whatever its last word names
        out: list[Mention] = []
        taken: set[int] = set()
        tokens = [m.group()[a:b] for a, b in _words(m.group())]
        for words, start, end, name, known in runs:
            if not taken.isdisjoint(words):
                continue
            lead = tokens[words.start - 1].lower() if words.start else ""
            if lead.isalpha() and words.stop == len(tokens) and len(name) <= 5 and lead not in NAME_LEADS \
                    and not self.known(lead) and not any(p.fullmatch(lead) for p in self.lexicon.actors.values()):
                continue  # "Momand Dara": an unknown name ending in a short district's name is not that district
            start, end = start + m.start(), end + m.start()
            if not (known or NAMED_AS_DISTRICT.match(sentence, end)
                    or DISTRICT_BEFORE.search(sentence[max(0, start - 25):start])):
                continue  # neither a known name nor one the text calls a district (a misspelt one)
            mention = self._mention(sentence, start, end, name, hints_all, topic)
            if mention is not None:
                taken.update(words)
                if mention.unit or mention.ambiguous or mention.is_province or mention.named:
                    out.append(mention)
        return out

    def _runs(self, raw: str) -> list[tuple[range, int, int, str, bool]]:
        """(words, start, end, name, known) of each run of words of a capitalised name that may be a place (at
        least 3 letters, not a number), longest runs first; ``name`` without "'s" and split where CamelCase."""
        if raw not in self._names:
            words = _words(raw)
            runs = []
            for size in range(len(words), 0, -1):
                for i in range(len(words) - size + 1):
                    start, end = words[i][0], words[i + size - 1][1]
                    name = CAMEL.sub(" ", POSSESSIVE.sub("", raw[start:end]))
                    if len(name) >= 3 and not name.isdigit():
                        runs.append((range(i, i + size), start, end, name, self.known(name)))
            self._names[raw] = runs
        return self._names[raw]

    def _mention(self, sentence: str, start: int, end: int, name: str, hints_all: list[str],
                 topic: bool = False) -> Mention | None:
        """A Mention for a name at [start, end), or None when it is no place at all (keep looking inside).

        A Mention without unit or candidates means: a place, but not a district of a report (a province,
        an adjective, a person): its words are not searched further.
        """
        before, after = sentence[max(0, start - 60):start], sentence[end:end + 60]
        province = self.province(name)
        if with_country(PERSON_BEFORE, self.lexicon).search(before) or PERSON_AFTER.match(after):
            if not province and self.resolve(name, fuzzy=False).outcome == "unknown":
                return None
            return Mention(start, end, name)  # a person's name, or a place used in one: no report
        city_cue = topic or bool(CITY_AFTER.match(after) or CITY_BEFORE.search(before))
        possessive = sentence[end - 1] in "'’s" and bool(POSSESSIVE.search(sentence, start, end))
        aside = bool(NOT_A_PLACE_AFTER.match(after) or NOT_AN_OBJECT_BEFORE.search(before)) \
            or possessive and not city_cue and not EVENT_NOUN_AFTER.match(after)  # "Khanabad's fall" is Khanabad's
        if province and not city_cue:  # "Bamiyan districts", "a second Kunduz district", "in Herat": the province's
            aside = aside or bool(PROVINCE_DISTRICTS.match(after) or PROVINCE_ONLY_BEFORE.search(before))
            return Mention(start, end, name, is_province=True, city=None if aside else self._city(name, province))
        if aside:  # "Kabul government", "fled Kunduz", "Takhar's": a place, but no report's
            resolved = self.resolve(name, province, fuzzy=False)
            named = _record(resolved) if resolved.outcome == "found" and resolved.method == "exact" else None
            return Mention(start, end, name, named=named) if resolved.outcome != "unknown" or province else None
        if province:  # "Kunduz city": the capital district of that name, in that province
            hit = self.resolve(name, province, fuzzy=False)
            return Mention(start, end, name, _record(hit) if hit.outcome == "found" else None, province_cue=True)
        cue = city_cue or bool(with_country(DISTRICT_AFTER, self.lexicon).match(after) or DISTRICT_BEFORE.search(before)
                               or DISTRICT_WORD.search(sentence))
        unit, candidates = self.unit(name, hints_all, cue, lambda: self._hints(sentence, start, end))
        if unit is None and not candidates:
            return None
        return Mention(start, end, name, unit, ambiguous=candidates)

    def _city(self, name: str, province: str) -> dict | None:
        """The province's capital district when it bears the province's name (Kunduz), else None."""
        hit = self.resolve(name, province, fuzzy=False)
        capital = self.capitals.get(province)
        if hit.outcome != "found" or not capital:
            return None
        own = self.resolve(capital, province, fuzzy=False)
        return _record(hit) if own.outcome == "found" and own.unit_id == hit.unit_id else None

    def _hints(self, sentence: str, start: int, end: int) -> list[str]:
        """Provinces the text gives this name: after it ("X in P", "A, B and C districts in P"), before it ("P's X")."""
        found = []
        pos = end
        for m in NAME.finditer(sentence, end, min(len(sentence), end + 160)):
            gap = sentence[pos:m.start()]
            province = self.province(m.group())
            if province and with_country(IN_PROVINCE, self.lexicon).fullmatch(gap):
                found.append(province)
                break
            if not LIST_GLUE.fullmatch(gap):
                break
            pos = m.end()
        m = HINT_BEFORE.search(sentence, max(0, start - 40), start)
        province = self.province(m.group(1) or m.group(2)) if m else None
        return found + ([province] if province else [])


@lru_cache(maxsize=4096)  # names recur
def _words(name: str) -> tuple[tuple[int, int], ...]:
    """The spans of a capitalised name's words; two names joined by a hyphen are two ("Wardoj-Yamgan")."""
    out = []
    for w in re.finditer(r"\S+", name):
        start = w.start()
        for h in JOINED.finditer(name, w.start(), w.end()):
            out.append((start, h.start()))
            start = h.end()
        out.append((start, w.end()))
    return tuple(out)


def _record(hit) -> dict:
    return {"unit_id": hit.unit_id, "district": hit.district, "province": hit.province, "method": hit.method,
            "part": hit.part or ""}
