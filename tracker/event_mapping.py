"""Event mappings: which column holds what, whose side each actor is on, and which events give which status.

A mapping is a TOML file (see ``tracker/mappings/acled.toml``, the default, for every key). A user's file
builds on the default and the country's additions (``events`` in the manifest): its actor and event rules are
read first, its other tables replace the default's keys; ``extends = "none"`` starts from nothing.

>>> m = load_mapping(None, statuses=["controlled", "contested", "government", "unconfirmed"], country="AFG")
>>> m.dataset, m.rules[0].status
('ACLED', 'contested')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date as Date
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from . import geodata
from .errors import InputError

NONE = "none"  # a rule's status that makes no report
GAINERS = ("state", "non-state", "actor1", "actor2")
TIME_VALUES = ("day", "month", "skip")
PLACE_VALUES = ("point", "name")
FIELDS = ("id", "version", "date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor1",
          "type1", "actor2", "assoc_actor2", "type2", "country", "admin1", "admin2", "location", "latitude",
          "longitude", "geo_precision", "source", "notes")


@dataclass(frozen=True)
class ActorRule:
    """An actor is on ``side`` when every condition given holds."""

    side: str
    name: re.Pattern | None = None
    type: int | None = None
    country: str | None = None
    start: Date | None = None
    end: Date | None = None


@dataclass(frozen=True)
class Rule:
    """Events of these kinds, gained by an actor on one of ``gainer``'s sides (any, if None) and fought
    ``between`` those sides (any, if None), give ``status`` (None: no report)."""

    name: str
    events: frozenset[str]
    status: str | None
    gainer: frozenset[str] | None = None
    between: frozenset[str] | None = None
    source: re.Pattern | None = None
    claimed_by: str = ""


@dataclass(frozen=True)
class Mapping:
    """A mapping read from its TOML files (``origin`` names them, for messages)."""

    origin: str
    dataset: str
    columns: dict[str, tuple[str, ...]]
    date_formats: tuple[str, ...]
    time: dict[str, str]
    place: dict[str, str]
    actor_types: dict[str, int]
    event_aliases: dict[str, str]
    gainers: dict[str, str]
    actors: tuple[ActorRule, ...]
    rules: tuple[Rule, ...]

    def kind(self, event_type: pd.Series, sub_event_type: pd.Series) -> pd.Series:
        """The event kind each rule is matched against: the sub-event type, else the event type, lower case,
        older names read as today's (``"Battle-No change of territory"`` -> ``"armed clash"``)."""
        kind = sub_event_type.str.strip().where(sub_event_type.str.strip() != "", event_type.str.strip()).str.lower()
        return kind.replace(self.event_aliases)

    def type_codes(self, values: pd.Series) -> pd.Series:
        """Actor type codes (0 when not known) from numbers ("2") or labels ("Rebel group")."""
        codes = {v: self.actor_types.get(v.strip().lower(), 0) for v in values.unique()}
        return values.map(codes).astype(int)

    def sides(self, names: pd.Series, codes: pd.Series, country: pd.Series, dates: pd.Series) -> pd.Series:
        """Each actor's side by the first actor rule that matches ("" when none does); ``codes`` are the
        actors' type codes (:meth:`type_codes`), ``country`` the events' country in lower case."""
        side = pd.Series("", index=names.index, dtype=object)
        unique_names = names.unique()
        for rule in self.actors:
            todo = side == ""
            if rule.name is not None:
                hits = {n for n in unique_names if rule.name.search(n)}
                todo &= names.isin(hits)
            if rule.type is not None:
                todo &= codes == rule.type
            if rule.country is not None:
                todo &= country == rule.country
            if rule.start is not None:
                todo &= dates >= pd.Timestamp(rule.start)
            if rule.end is not None:
                todo &= dates <= pd.Timestamp(rule.end)
            side[todo] = rule.side
        return side

    def gainer_is_actor2(self, kind: pd.Series, code1: pd.Series, code2: pd.Series, actor2: pd.Series) -> pd.Series:
        """True where the actor who gains the territory is actor 2 (see ``[gainer]`` in the default mapping)."""
        how = kind.map(self.gainers)
        state1, state2 = code1 == 1, code2 == 1
        return (((how == "state") & state2 & ~state1) | ((how == "non-state") & state1 & ~state2 & (actor2 != ""))
                | (how == "actor2"))

    def match(self, kind: pd.Series, gainer: pd.Series, side1: pd.Series, side2: pd.Series,
              source: pd.Series) -> pd.Series:
        """The index of the first rule each event matches, -1 for none (``gainer``: the gaining actor's side)."""
        found = pd.Series(-1, index=kind.index, dtype=np.int64)
        for i, rule in enumerate(self.rules):
            todo = (found < 0) & kind.isin(rule.events)
            if rule.gainer is not None:
                todo &= gainer.isin(rule.gainer)
            if rule.between is not None:
                todo &= side1.isin(rule.between) & (side2.isin(rule.between) | (side2 == ""))
            if rule.source is not None:
                todo &= source.map(lambda text: bool(rule.source.search(text)))
            found[todo] = i
        return found


def bundled(name: str) -> dict:
    return tomllib.loads((resources.files("tracker.mappings") / f"{name}.toml").read_text(encoding="utf-8"))


def read_toml(path: str | Path) -> dict:
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the mapping ({exc.strerror}); check the path") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: not a valid TOML file ({exc}); see tracker/mappings/acled.toml") from None


def merge(first: dict, then: dict) -> dict:
    """``first`` read before ``then``: its actor and event rules go first, its tables' keys win."""
    out = dict(then)
    for key, value in first.items():
        if key in ("actor", "rule"):
            out[key] = [*value, *then.get(key, [])]
        elif isinstance(value, dict) and isinstance(then.get(key), dict):
            out[key] = merge(value, then[key])
        else:
            out[key] = value
    return out


def load_mapping(path: str | Path | None, statuses: list[str], country: str | None = None) -> Mapping:
    """The mapping in ``path`` (a TOML file, or a bundled name such as ``ucdp-ged``; None: the default), on
    top of the default and the country's additions unless it says ``extends = "none"``."""
    layers, names = [], []
    if path is not None:
        named = resources.files("tracker.mappings") / f"{path}.toml"
        bundled_name = Path(str(path)).suffix == "" and not Path(str(path)).exists() and named.is_file()
        layers.append(bundled(str(path)) if bundled_name else read_toml(path))
        names.append(f"tracker/mappings/{path}.toml" if bundled_name else str(path))
    if not layers or layers[0].get("extends", "default") != "none":
        extra = geodata.country_config(country).get("events")
        if extra:
            layers.append(tomllib.loads((resources.files("tracker.curated") / extra).read_text(encoding="utf-8")))
            names.append(f"geodata/{extra}")
        layers.append(bundled("acled"))
        names.append("tracker/mappings/acled.toml")
    data = layers[-1]
    for layer in reversed(layers[:-1]):
        data = merge(layer, data)
    return parse(data, " + ".join(names), statuses)


def parse(data: dict, origin: str, statuses: list[str]) -> Mapping:
    """Check a merged mapping and build it; every mistake is an error naming the key and a fix."""
    def fail(where: str, message: str):
        raise InputError(f"{origin}: [{where}] {message} (see tracker/mappings/acled.toml for every key)")

    columns = {}
    for field, value in data.get("columns", {}).items():
        if field not in FIELDS:
            fail(f"columns.{field}", f"unknown field; fields are: {', '.join(FIELDS)}")
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            fail(f"columns.{field}", "give a column name or a list of names")
        columns[field] = tuple(n.strip().lower() for n in names)
    if "date" not in columns or "event_type" not in columns:
        fail("columns", "name at least the date and event_type columns")
    precision = data.get("precision", {})
    time = {str(k): v for k, v in precision.get("time", {}).items()}
    place = {str(k): v for k, v in precision.get("place", {}).items()}
    for table, values, allowed in (("precision.time", time, TIME_VALUES), ("precision.place", place, PLACE_VALUES)):
        for key, value in values.items():
            if value not in allowed:
                fail(f"{table}.{key}", f"{value!r} is not one of {', '.join(allowed)}")
    actor_types = {}
    for code, labels in data.get("actor_types", {}).items():
        if not str(code).isdigit():
            fail(f"actor_types.{code}", "keys are type codes (numbers)")
        actor_types[str(code)] = int(code)
        actor_types.update({label.strip().lower(): int(code) for label in labels})
    aliases = {k.strip().lower(): v.strip().lower() for k, v in data.get("event_aliases", {}).items()}
    gainers = {}
    for kind, how in data.get("gainer", {}).items():
        if how not in GAINERS:
            fail(f"gainer.{kind}", f"{how!r} is not one of {', '.join(GAINERS)}")
        gainers[kind.strip().lower()] = how
    actors = tuple(actor_rule(i, entry, fail) for i, entry in enumerate(data.get("actor", []), 1))
    rules = tuple(event_rule(i, entry, fail, statuses) for i, entry in enumerate(data.get("rule", []), 1))
    formats = tuple(data.get("dates", {}).get("formats", ["%Y-%m-%d"]))
    return Mapping(origin, str(data.get("dataset", "events")), columns, formats, time, place, actor_types, aliases,
                   gainers, actors, rules)


def pattern(value, where: str, fail) -> re.Pattern | None:
    if value is None:
        return None
    try:
        return re.compile(value, re.IGNORECASE)
    except (re.error, TypeError) as exc:
        fail(where, f"{value!r} is not a regular expression ({exc})")


def actor_rule(i: int, entry: dict, fail) -> ActorRule:
    where = f"actor {i}"
    unknown = set(entry) - {"name", "type", "country", "from", "until", "side"}
    if unknown:
        fail(where, f"unknown key(s) {', '.join(sorted(unknown))}; keys: name, type, country, from, until, side")
    if not isinstance(entry.get("side"), str) or not entry["side"]:
        fail(where, "every actor rule needs a side")
    if not {"name", "type", "country"} & set(entry):
        fail(where, "give a name pattern, a type or a country")
    dates = []
    for key in ("from", "until"):
        value = entry.get(key)
        try:
            dates.append(None if value is None else value if isinstance(value, Date) else Date.fromisoformat(value))
        except (TypeError, ValueError):
            fail(f"{where}.{key}", f"{value!r} is not a date; write YYYY-MM-DD")
    kind = entry.get("type")
    if kind is not None and not isinstance(kind, int):
        fail(f"{where}.type", "give the type code as a number (1 state forces, 2 rebel groups, ...)")
    country = entry.get("country")
    return ActorRule(entry["side"], pattern(entry.get("name"), f"{where}.name", fail), kind,
                     country.strip().lower() if country else None, *dates)


def event_rule(i: int, entry: dict, fail, statuses: list[str]) -> Rule:
    where = f"rule {i}" + (f" ({entry['name']})" if "name" in entry else "")
    unknown = set(entry) - {"name", "events", "gainer", "between", "source", "status", "claimed_by"}
    if unknown:
        fail(where, f"unknown key(s) {', '.join(sorted(unknown))}; keys: name, events, gainer, between, source, "
                    "status, claimed_by")
    events = entry.get("events")
    if not isinstance(events, list) or not events:
        fail(f"{where}.events", "list the event (or sub-event) types the rule is for")
    status = entry.get("status")
    if status != NONE and status not in statuses:
        fail(f"{where}.status", f"{status!r} is not a status of the scheme; use one of: "
                                f"{', '.join(statuses)}, or {NONE!r} for no report (for another scheme, write a whole "
                                "mapping with extends = \"none\")")
    sides = {}
    for key in ("gainer", "between"):
        value = entry.get(key)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            fail(f"{where}.{key}", "give a list of sides, e.g. [\"insurgent\"]")
        sides[key] = frozenset(value) if value is not None else None
    return Rule(entry.get("name", f"rule {i}"), frozenset(e.strip().lower() for e in events),
                None if status == NONE else status, sides["gainer"], sides["between"],
                pattern(entry.get("source"), f"{where}.source", fail), entry.get("claimed_by", ""))
