"""Extraction scored against an analyst's annotations: precision and recall, overall and per source style.

An annotation file is a CSV ``file,style,date,district,province,status`` (tests/corpus/README.md): one row per
fact, and one row with only ``file`` and ``style`` for an article with nothing to take. Districts are
compared as units (any spelling the gazetteer resolves), so a proposal is right when its file, unit, status
and date all match a fact; ``loose`` scores ignore the date.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from ..errors import InputError, Problem
from ..gazetteer import Gazetteer

COLUMNS = ("file", "style", "date", "district", "province", "status")


def load_annotations(path: str | Path, gazetteer: Gazetteer) -> tuple[dict[str, str], set[tuple]]:
    """({file: style}, {(file, unit_id, status, date)}); an InputError lists every bad row."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise InputError([Problem(str(path), None, f"cannot read the annotations ({exc.strerror})")]) from None
    missing = [c for c in COLUMNS if rows and c not in rows[0]]
    if not rows or missing:
        raise InputError([Problem(str(path), 1, f"no annotations, or columns missing: {', '.join(missing) or 'all'}",
                                  hint="the header is " + ",".join(COLUMNS))])
    files: dict[str, str] = {}
    facts: set[tuple] = set()
    problems = []
    for line, row in enumerate(rows, start=2):
        name = (row["file"] or "").strip()
        files.setdefault(name, (row["style"] or "").strip() or "other")
        if not (row["district"] or "").strip():
            continue
        hit = gazetteer.resolve(row["district"].strip(), (row["province"] or "").strip() or None)
        if hit.outcome != "found":
            problems.append(Problem(str(path), line, hit.describe(), value=row["district"], column="district",
                                    hint="spell it as `tracker resolve` accepts, with its province"))
            continue
        facts.add((name, hit.unit_id, row["status"].strip(), row["date"].strip()))
    if problems:
        raise InputError(problems)
    return files, facts


def proposals(found: list[dict]) -> set[tuple]:
    """(file, unit_id, status, date) of each proposal (``source`` starts with the file's path)."""
    return {(Path(c["source"].split(":")[0]).name, c["unit_id"], c["status"], c["date"]) for c in found}


def _ratio(right: int, total: int) -> float | None:
    return round(right / total, 3) if total else None


def score(got: set[tuple], want: set[tuple], files: dict[str, str]) -> dict:
    """Precision and recall overall and per style, strict (with the date) and loose (without), and the errors."""
    got = {g for g in got if g[0] in files}
    groups: dict[str, dict] = defaultdict(lambda: {"files": 0, "proposed": 0, "facts": 0, "right": 0,
                                                    "right_loose": 0, "proposed_loose": 0, "facts_loose": 0})
    for name, style in files.items():
        for key in (style, "all"):
            g = groups[key]
            mine, theirs = {x for x in got if x[0] == name}, {x for x in want if x[0] == name}
            loose_mine, loose_theirs = {x[:3] for x in mine}, {x[:3] for x in theirs}
            g["files"] += 1
            g["proposed"] += len(mine)
            g["facts"] += len(theirs)
            g["right"] += len(mine & theirs)
            g["proposed_loose"] += len(loose_mine)
            g["facts_loose"] += len(loose_theirs)
            g["right_loose"] += len(loose_mine & loose_theirs)
    table = {}
    for key, g in sorted(groups.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        table[key] = {**g, "precision": _ratio(g["right"], g["proposed"]), "recall": _ratio(g["right"], g["facts"]),
                      "precision_loose": _ratio(g["right_loose"], g["proposed_loose"]),
                      "recall_loose": _ratio(g["right_loose"], g["facts_loose"])}
    return {"by_style": table, "wrong": sorted(got - want), "missed": sorted(want - got)}
