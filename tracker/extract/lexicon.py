"""The extraction rules as data: ``lexicon.toml`` merged with a country's own names (manifest key ``extraction``)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .. import geodata

SIDES = ("insurgent", "government")
LETTERS = re.compile(r"[a-z]+")
NOTHING = "(?!x)x"  # the pattern of an empty list: it matches nothing
FILL = re.compile(r"\{([a-z_]+)\}")  # "{adjectives}" in a pattern: the country's words (with_country())
PROBES = ("{}", "{} x", "was {}", "were {} by", "is {}", "has {}", "the {} of", "{} control of", "under {} control",
          "{}-held", "{} districts are", "first x to {}")  # contexts in which a stem's word may start an event phrase


@dataclass(frozen=True)
class Event:
    """One family of event phrases: what happened, where its place is, how its actor is found."""

    kind: str
    takes: str  # "object" | "subject" | "both"
    agent: str  # "" | "inside"
    pattern: re.Pattern
    cased: bool
    stems: frozenset[str]  # the filter's stems its phrases can contain: it runs only when one is in the text


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Compiled patterns: actors and speakers by side, outlets, events, modality and reporting verbs (one of
    them is equal only to itself: it keys the caches of what a sentence holds)."""

    actors: dict[str, re.Pattern]
    speakers: dict[str, re.Pattern]
    outlets: re.Pattern
    outlet_words: frozenset[str]  # a cheap first look for outlets: any of their words in the text
    events: tuple[Event, ...]
    any_event: re.Pattern  # a cheap first look: a word stem every event phrase has (lower-case text)
    prefixes: dict[str, tuple[str, ...]]  # each stem: the stems it starts with, itself included
    stem_events: dict[str, tuple[int, ...]]  # each stem: the events (their index) whose phrases may hold it
    clause: re.Pattern
    negation: re.Pattern
    intent: re.Pattern
    factive: re.Pattern
    say: re.Pattern
    deny: re.Pattern
    confirm: re.Pattern
    reporting: re.Pattern  # a cheap first look: any of say, deny and confirm
    voice: re.Pattern  # words of a statement in the insurgents' own voice
    voice_cues: tuple[str, ...] | None  # a cheap first look: one of them is in each of its matches (cues())
    confidence: dict[str, float]  # the weights of confidence() (logistic)
    capitals: dict[str, str]  # province -> its capital district (the country's curated table), for "the capital of X"
    country: dict[str, str]  # names, adjectives, capital, neighbours, insurgents (its actors): each one group
    claimant: str  # the insurgents' name their claims go under ("Taliban")


@lru_cache(maxsize=1)  # the first look and the events look at the same sentence
def stems_in(lowered: str, lexicon: "Lexicon") -> dict[str, int]:
    """The filter's stems that start a word of the text (each word's every stem, "retaken": "retak", "re-t"),
    each with the position of its first word (not to be changed: it is shared)."""
    found: dict[str, int] = {}
    for m in lexicon.any_event.finditer(lowered):  # the longest stem there: the others are its prefixes
        for stem in lexicon.prefixes[m.group()]:
            found.setdefault(stem, m.start())
    return found


@lru_cache(maxsize=256)  # the places of a story's sentences are found first, their speakers then
def outlets_in(lowered: str, lexicon: "Lexicon") -> tuple[tuple[int, int], ...]:
    """The spans of the outlets a text names (lower-case text)."""
    if lexicon.outlet_words.isdisjoint(LETTERS.findall(lowered)):
        return ()
    return tuple(m.span() for m in lexicon.outlets.finditer(lowered))


@lru_cache(maxsize=128)  # a few dozen templates (dates.SOURCES twice) per country
def with_country(template: str, lexicon: "Lexicon") -> re.Pattern:
    """A pattern whose ``{names}``, ``{adjectives}``, ``{capital}``, ``{neighbours}`` and ``{insurgents}`` are
    the lexicon's (each a group: "under {adjectives} control")."""
    return re.compile(FILL.sub(lambda m: lexicon.country[m.group(1)], template))


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern ("a|b(?:c|d)" -> ["a", "b(?:c|d)"])."""
    out, depth, start, k = [], 0, 0, 0
    while k < len(pattern):
        c = pattern[k]
        if c == "\\":
            k += 1
        elif c == "[":
            k = pattern.index("]", k + 2 if pattern.startswith("[^", k) else k + 1)  # "[]]": "]" first is literal
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            out.append(pattern[start:k])
            start = k + 1
        k += 1
    return out + [pattern[start:]]


def cue(alternative: str) -> str:
    """The longest literal string every match of a pattern without top-level alternatives holds ("" if none):
    a run of plain characters outside groups and classes, its last one dropped when it is optional."""
    runs, run, depth, k = [], "", 0, 0
    while k < len(alternative):
        c = alternative[k]
        if depth == 0 and (c.isalnum() or c in " ,;:'’/-_&@%\"<>=!~`"):
            run += c
        else:
            if c in "?*+{" and depth == 0:
                run = run[:-1]  # the character before is optional
            runs.append(run)
            run = ""
            if c == "\\":
                k += 1
            elif c == "{":
                k = alternative.index("}", k)
            elif c == "[":
                k = alternative.index("]", k + 2 if alternative.startswith("[^", k) else k + 1)
            elif c in "()":
                depth += 1 if c == "(" else -1
        k += 1
    return max(runs + [run], key=len).lower()  # the texts looked at are lower-case


def cues(patterns: list[str]) -> tuple[str, ...] | None:
    """Literal strings one of which every match of any of the patterns holds, or None when an alternative has
    none: texts without any of them need not be searched."""
    found = [cue(a) for p in patterns for a in alternatives(p)]
    return None if not all(found) else tuple(dict.fromkeys(found))


def cued(text: str, cues: tuple[str, ...] | None) -> bool:
    """Whether a text holds any of a pattern's cues, the strings one of which each of its matches holds (None:
    it has none), so that the pattern is worth looking for: a cheap first look."""
    return cues is None or any(cue in text for cue in cues)


def words(patterns: list[str]) -> re.Pattern:
    """One pattern for alternatives matched as whole words, longest alternatives tried first."""
    ordered = sorted(dict.fromkeys(patterns), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(ordered) + r")(?![\w-])")


def trie(literals: list[str]) -> str:
    """One pattern for literal strings that matches the longest of them that fits (the stems share prefixes: a
    pattern with each first letter once is tried much faster than a plain alternation)."""
    out = []
    for first in dict.fromkeys(w[0] for w in literals):
        rest = [w[1:] for w in literals if w[0] == first]
        longer = [r for r in rest if r]
        body = trie(longer) if longer else ""
        out.append(re.escape(first) + (f"(?:{body})?" if "" in rest and longer else f"(?:{body})" if body else ""))
    return "|".join(out)


def merge(base: dict, extra: dict) -> dict:
    """Lists of ``extra`` appended to those of ``base``, tables merged, anything else replaced."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + value
        else:
            out[key] = value
    return out


@lru_cache(maxsize=8)
def load_lexicon(country: str | None = None) -> Lexicon:
    """The generic rules merged with the country's (the manifest's default country when None)."""
    data = tomllib.loads((resources.files("tracker.extract") / "lexicon.toml").read_text(encoding="utf-8"))
    extra = geodata.country_config(country).get("extraction")
    if extra:
        data = merge(data, tomllib.loads((resources.files("tracker.curated") / extra).read_text(encoding="utf-8")))
    stems = sorted(data["filter"]["stems"], key=len, reverse=True)
    named = {**data["country"], "insurgents": data["actors"]["insurgent"]}
    its = {key: "(?:" + ("|".join(named[key]) or NOTHING) + ")"  # the country's words, each one group
           for key in ("names", "adjectives", "capital", "neighbours", "insurgents", "titles", "district_words")}
    events = []
    for e in data["events"]:
        source = FILL.sub(lambda m: its[m.group(1)], e["pattern"])  # "back in {insurgents} hands"
        pattern = re.compile(r"(?<![\w-])(?:" + source + r")(?![\w])")
        own = frozenset(st for st in stems if st in source.lower() or any(  # probes the stem's word makes match
            pattern.search(probe.format(st + end)) and not pattern.search(probe.format("x" * len(st + end)))
            for end in ("", "ed", "e", "s", "ing", "en", "n", "d") for probe in PROBES))
        events.append(Event(e["kind"], e["takes"], e.get("agent", ""), pattern, bool(e.get("cased")), own))
    modality, reporting = data["modality"], data["reporting"]
    return Lexicon(
        actors={side: words(data["actors"][side]) for side in SIDES},
        speakers={side: words(data["speakers"][side]) for side in ("insurgent", "official")},
        outlets=words(data["outlets"]["names"]),
        outlet_words=frozenset(re.findall(r"[a-z]+", " ".join(data["outlets"]["names"]).lower())),
        events=tuple(events),
        any_event=re.compile(r"(?<![a-z])(?:" + trie(stems) + ")"),
        prefixes={stem: tuple(st for st in stems if len(st) >= 2 and stem.startswith(st)) for stem in stems},
        stem_events={stem: tuple(k for k, e in enumerate(events) if stem in e.stems) for stem in stems},
        clause=re.compile("|".join(data["clauses"]["strong"])),
        negation=re.compile(modality["negation"]),
        intent=re.compile(modality["intent"]),
        factive=re.compile(modality["factive"]),
        say=words([reporting["say"]]),
        deny=words([reporting["deny"]]),
        confirm=words([reporting["confirm"]]),
        reporting=words([reporting["say"], reporting["deny"], reporting["confirm"]]),
        voice=words(data["voice"]["insurgent"] or [NOTHING]),
        voice_cues=cues(data["voice"]["insurgent"]),
        confidence=dict(data["confidence"]),
        capitals=capitals_of(country),
        country=its,
        claimant=named["claimant"],
    )


def capitals_of(country: str | None) -> dict[str, str]:
    """The country's province -> capital district table (manifest key ``provincial_capitals``), or {}."""
    table = geodata.curated_table(country, "provincial_capitals")
    return dict(zip(table.province, table.district)) if table is not None else {}
