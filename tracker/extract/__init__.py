"""News text -> candidate reports: dated, sourced control claims, each with its supporting sentence.

Rules, not a model. A file is split into dated sections (a header block - title, byline, outlet, date -
starts one; a compilation of articles gives several), the sections into sentences. A sentence yields
reports when it names districts (resolved through the gazetteer, with the provinces the text and the
dateline mention as context) and says what happened to them (a status phrase that is not negated, hedged
or only intended). Its date is the date the sentence gives ("On Sept. 11", "two days later", "on Monday",
"last month"), else the section's date.

>>> from tracker.context import open_context                                      # doctest: +SKIP
>>> ctx = open_context(download=False)                                             # doctest: +SKIP
>>> found, problems = extract_files(["a.txt"], ctx.gazetteer, ctx.scheme)          # doctest: +SKIP
"""

from __future__ import annotations

import re
from datetime import date as Date
from pathlib import Path

from ..errors import InputError, Problem
from ..gazetteer import Gazetteer
from ..scheme import Scheme
from .articles import Section, read_text, sections, sentences
from .claims import CLAIM, CONFIRMED, Places, status_of, statuses_by_place
from .dates import header_date, sentence_date

__all__ = [
    "COLUMNS",
    "extract_file",
    "extract_files",
    "extract_text",
    "header_date",
    "read_text",
    "sections",
    "sentence_date",
    "status_of",
]

COLUMNS = ["date", "district", "province", "status", "source", "url", "notes", "unit_id", "claimed_by",
           "confidence", "quote", "start", "end"]
ANAPHORA = re.compile(r"(?i)\bthe district(?: cent(?:re|er))?\b(?!\s+(?:of|cent(?:re|er)|governor|chief|police)\b)")


def _source(name: str, section: Section) -> str:
    parts = [p for p in (section.outlet, section.title) if p]
    return f"{Path(name).name}: {', '.join(parts)}" if parts else Path(name).name


def extract_text(text: str, name: str, gazetteer: Gazetteer, published: Date | None = None,
                 capitals: dict[str, str] | None = None, warnings: list[Problem] | None = None,
                 places: Places | None = None) -> list[dict]:
    """Candidate reports from one article's text; ``name`` is the file name used in ``source``.

    ``capitals`` (province -> capital district) reads "the provincial capital of Jawzjan"; mentions left
    ambiguous are added to ``warnings``. Raises InputError when the text has no date and none is given.
    """
    places = places or Places(gazetteer, capitals)
    out: list[dict] = []
    for section in sections(text, published):
        if section.date is None:
            if extract_text(text, name, gazetteer, Date.today(), capitals, None, places):
                raise InputError([Problem(name, None, "no date found in the article",
                                          hint="give its publication date with --published YYYY-MM-DD")])
            raise InputError([Problem(name, None, "no date found in the article, and no report in it",
                                      severity="warning")])
        previous, context, before = None, [], None
        for offset, sentence, dateline in sentences(text, section.start, section.end):
            if dateline:
                province = places.province(dateline.title())
                if not province:
                    hit = places.resolve(dateline.title())
                    province = hit.province if hit.outcome == "found" else None
                context = ([province] if province else []) + context
            named = places.provinces_in(sentence)
            context = named + [p for p in context if p not in named]
            when, previous = sentence_date(sentence, section.date, previous)
            earlier, before = before, (sentence, list(context))
            if not when or not status_of(sentence):
                continue
            found, ambiguous = places.find(sentence, context)
            if earlier and ANAPHORA.search(sentence):  # "the district": the last one the sentence before named
                antecedent = places.find(earlier[0], earlier[1])[0][-1:]
                pos = ANAPHORA.search(sentence).start()
                found += [(u, f"the district ({n})", pos) for u, n, _ in antecedent
                          if u["unit_id"] not in {f[0]["unit_id"] for f in found}]
            if warnings is not None and ambiguous and not found:
                line = text.count("\n", 0, offset) + 1
                warnings.extend(Problem(name, line, "ambiguous place: no report made", value=a,
                                        hint="add the report by hand with its province", severity="warning")
                                for a in dict.fromkeys(ambiguous))
            statuses = statuses_by_place(sentence, [p for _, _, p in found])
            claim = bool(CLAIM.search(sentence)) and not CONFIRMED.search(sentence)
            lead = len(sentence) - len(sentence.lstrip())
            for (place, mention, pos), status in zip(found, statuses):
                if not status:
                    continue
                notes = [f"from {mention!r}"]
                confidence = 0.5 if claim else 0.7
                if section.inherited:
                    notes.append("no date of its own: the previous article's")
                    confidence -= 0.2
                if place.get("method") == "fuzzy" or mention.startswith("the district"):
                    confidence -= 0.1
                out.append({
                    "date": when, "district": place["district"], "province": place["province"],
                    "unit_id": place["unit_id"], "status": "unconfirmed" if claim else status,
                    "quote": sentence.strip(), "start": offset + lead, "end": offset + len(sentence.rstrip()),
                    "source": _source(name, section), "url": "",
                    "notes": "; ".join(notes) + "; check before use",
                    "confidence": round(confidence, 2), "claimed_by": "Taliban" if claim else "",
                })
    return out


def extract_file(path: str | Path, gazetteer: Gazetteer, scheme: Scheme | None = None, published: Date | None = None,
                 capitals: dict[str, str] | None = None, warnings: list[Problem] | None = None) -> list[dict]:
    """Candidate reports from one article file (InputError if it cannot be read or has no date)."""
    found = extract_text(read_text(path), str(path), gazetteer, published, capitals, warnings)
    return [c for c in found if scheme is None or c["status"] in scheme.codes]


def extract_files(paths, gazetteer: Gazetteer, scheme: Scheme | None = None, published: Date | None = None,
                  capitals: dict[str, str] | None = None) -> tuple[list[dict], list[Problem]]:
    """(candidates, problems) from every file: a file that fails is a problem, the others still count.

    Problems with ``severity == "error"`` are files that gave nothing (binary, empty, not UTF-8, no date);
    warnings are undated files without reports and ambiguous mentions.
    """
    found: list[dict] = []
    problems: list[Problem] = []
    places = Places(gazetteer, capitals)
    for path in map(Path, paths):
        warnings: list[Problem] = []
        try:
            found += [c for c in extract_text(read_text(path), str(path), gazetteer, published, capitals, warnings,
                                              places) if scheme is None or c["status"] in scheme.codes]
        except InputError as exc:
            problems += exc.problems
        problems += warnings
    return found, problems
