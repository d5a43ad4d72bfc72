"""News text -> candidate reports: dated, sourced control claims, each with its supporting sentence.

Rules, not a model. A file is split into dated sections (a header line holding a date starts one), the
sections into sentences. A sentence yields reports when it names districts (resolved through the
gazetteer, with the provinces the text mentions as context) and says what happened to them (a status
phrase that is not negated, hedged or only intended). Its date is the date the sentence gives
("On Sept. 11", "two days later", "on Monday", "last month"), else the section's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from pathlib import Path

from .errors import InputError, Problem
from .gazetteer import Gazetteer
from .scheme import Scheme

MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}

HEADER_DATE = re.compile(rf"(?i)\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b|\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b")
DAY_MONTH = re.compile(rf"(?i)\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
MONTH_YEAR = re.compile(rf"(?i)\bin\s+{MONTH}\s+(\d{{4}})\b")
MONTH_ONLY = re.compile(rf"(?i)\b(?:in|during|by)\s+(?:early|mid|late)?[- ]?{MONTH}(?!\s*\d)\b")
WEEKDAY = re.compile(r"(?i)\b(?:on|last)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
LATER = re.compile(r"(?i)\b(one|two|three|four|five|six|seven|a|\d+)\s+days?\s+later\b|\bthe (next|following) day\b")
VAGUE = re.compile(r"(?i)\b(over|in|during) the (past|last) (several|few|two|three|\d+) (months|years)\b|"
                   r"\bover past\b|\bsince (the )?(spring|summer|autumn|fall|winter|\d{4})\b|\bin \d{4}\b|"
                   rf"\bsince (?:early |mid[- ]|late )?{MONTH}")
CLAUSE = re.compile(r",\s+(?:but|while|whereas|although)\b|;")

STATUS_PHRASES = [  # (status, pattern): the first status found, in this order, wins
    ("government", r"\b(repelled|repulsed|pushed back|beaten back|were defeated|was defeated|recaptured|retook|"
                   r"retaken|regained|recovered control|cleared (?:of|the)|drove (?:the taliban|them) out)\b"),
    ("controlled", r"\b(seized|captured|overran|overrun|fell to|fallen to|taken over|took control|taken control|"
                   r"taliban[- ]controlled|under taliban control|controlled by the taliban|in the hands of the taliban)\b"),
    ("contested", r"\b(launched an attack on|(?:an|new|fresh|major|renewed) attack on|attacks on|attacked|assaulted|assault on|fighting|clashes|battling|besieged|"
                  r"surrounded|under attack|under siege|operations? (?:against the taliban )?(?:are|is|was|were) underway|"
                  r"in an operation in)\b"),
]
NEGATION = re.compile(r"(?i)\b(not|no|never|yet to|n't|failed to|denied|nor)\b")
INTENT = re.compile(r"(?i)\b(intend(?:ed|s)?|plan(?:s|ned)?|aim(?:s|ed)?|tr(?:y|ied|ying)|attempt(?:s|ed|ing)?|"
                    r"threaten(?:s|ed)?|would|could|might|may|will|until we|in order|sought|seeking|"
                    r"operation to|want(?:s|ed)?)\s+(?:to\s+)?(?:\w+\s+){0,2}$")
CLAIM = re.compile(r"(?i)\btaliban\b[^.]{0,40}\bclaim(?:s|ed)?\b|\bclaimed by the taliban\b|\btaliban (?:\w+ ){0,2}(?:said|says)\b|"
                   r"\btaliban spokes(?:man|person)\b|\bzabihullah mujahid\b|\bqari yousuf ahmadi\b")
PLACE = re.compile(r"[A-Z][\w'’]*(?:-(?:[a-zA-Z]{1,2}-\s?)?[A-Z]?[\w'’]+)*(?:\s(?:[a-z]{1,2}-)?[A-Z][\w'’]*"
                   r"(?:-(?:[a-zA-Z]{1,2}-\s?)?[A-Z]?[\w'’]+)*){0,3}")
ADJECTIVE = re.compile(r"(government|administration|officials|authorities|regime|forces|airport|residents|police)\b")
CAPITAL_OF = re.compile(r"\b(?:provincial )?capital of (?:the )?([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)|"
                        r"\b([A-Z][\w'’-]*)['’]s (?:provincial )?capital\b")
ANAPHORA = re.compile(r"(?i)\bthe district\b(?! of)")
SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
ABBREVIATIONS = re.compile(rf"(?i)(?:\b{MONTH}|\b(?:gen|col|lt|maj|capt|sgt|mr|mrs|ms|dr|st|no|u\.s|u\.n|vs|sen|rep|gov)\.|\b[A-Z]\.)$")


@dataclass(frozen=True)
class Section:
    """Part of a file under one header date (a file may gather several dated articles)."""

    start: int
    end: int
    date: Date | None  # None: no date in the file and none given
    title: str
    outlet: str


def read_text(path: Path) -> str:
    """The file's text, or a per-file InputError for binary, non-UTF-8 or empty files."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(str(path), None, f"cannot read the file ({exc.strerror})")]) from None
    if b"\x00" in data[:4096]:
        raise InputError([Problem(str(path), None, "a binary file, not an article", hint="give plain-text articles")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(str(path), None, f"not UTF-8 text (byte {exc.start})",
                                  hint="save the article as UTF-8")]) from None
    if not text.strip():
        raise InputError([Problem(str(path), None, "the file is empty")])
    return text


def header_date(line: str) -> Date | None:
    """The date of a short header line ("october 2, 2019", " date 2021-08-13 ", "Sept. 9, 2019")."""
    if len(line.strip()) > 90 or line.strip().endswith("."):
        return None
    m = HEADER_DATE.search(line)
    if not m:
        return None
    try:
        if m.group(1):
            return Date(int(m.group(3)), month_number(m.group(1)), int(m.group(2)))
        return Date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except (ValueError, KeyError):
        return None


def month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTHS[word[:3]]


def sections(text: str, published: Date | None, name: str) -> list[Section]:
    """Dated sections: each header date line starts one; its title is the first line above it."""
    lines, offset, found = text.splitlines(keepends=True), 0, []
    starts = []
    for i, line in enumerate(lines):
        when = header_date(line)
        if when:
            above = [l.strip() for l in lines[max(0, i - 8):i] if l.strip() and not header_date(l)]
            title = above[0] if above else line.strip()
            outlet = above[-1] if len(above) > 1 else ""
            starts.append((offset, when, title[:120], outlet[:60]))
        offset += len(line)
    if not starts:
        first = next((l.strip() for l in lines if l.strip()), "")[:120]
        return [Section(0, len(text), published, first, "")]
    for k, (start, when, title, outlet) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        found.append(Section(0 if k == 0 else start, end, when, title, outlet))
    return found


def sentences(text: str, start: int, end: int):
    """(offset, sentence) pairs of the paragraphs between ``start`` and ``end``."""
    for para in re.finditer(r"[^\n]+", text[start:end]):
        chunk, base, last = para.group(), start + para.start(), 0
        for cut in SENTENCE_END.finditer(chunk):
            if ABBREVIATIONS.search(chunk[last:cut.start()]):
                continue
            yield base + last, chunk[last:cut.start()]
            last = cut.end()
        if chunk[last:].strip():
            yield base + last, chunk[last:]


def sentence_date(sentence: str, section: Date, previous: Date | None) -> tuple[str | None, Date | None]:
    """The date a sentence gives (ISO, or YYYY-MM), and the day to use for "two days later" next."""
    m = MONTH_YEAR.search(sentence)
    if m:
        return f"{int(m.group(2)):04d}-{month_number(m.group(1)):02d}", None
    m = DAY_MONTH.search(sentence)
    if m:
        year = int(m.group(3)) if m.group(3) else section.year
        try:
            day = Date(year, month_number(m.group(1)), int(m.group(2)))
        except ValueError:
            return None, previous
        if not m.group(3) and day > section + timedelta(days=1):
            day = day.replace(year=year - 1)
        return day.isoformat(), day
    if VAGUE.search(sentence):
        return None, previous
    m = MONTH_ONLY.search(sentence)
    if m:
        month = month_number(m.group(1))
        year = section.year - (month > section.month)
        return f"{year:04d}-{month:02d}", None
    m = LATER.search(sentence)
    if m and previous:
        n = 1 if m.group(2) else NUMBERS.get(m.group(1).lower()) or int(m.group(1))
        day = previous + timedelta(days=n)
        return day.isoformat(), day
    m = WEEKDAY.search(sentence)
    if m:
        back = (section.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
        day = section - timedelta(days=back)
        return day.isoformat(), day
    if re.search(r"(?i)\blast month\b", sentence):
        first = section.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}", None
    if re.search(r"(?i)\byesterday\b", sentence):
        day = section - timedelta(days=1)
        return day.isoformat(), day
    return section.isoformat(), previous


def status_of(sentence: str) -> str | None:
    """The status a sentence reports, skipping negated, hedged and intended phrases."""
    lowered = sentence.lower()
    for status, pattern in STATUS_PHRASES:
        for m in re.finditer(pattern, lowered):
            before = lowered[max(0, m.start() - 40):m.start()]
            if NEGATION.search(before.split(",")[-1]) or INTENT.search(lowered[max(0, m.start() - 60):m.start()]):
                continue
            return status
    return None


def provinces_in(text: str, gazetteer: Gazetteer) -> list[str]:
    """Provinces named in a text ("in Takhar province", "Takhar's", "Helmand"), in order of mention."""
    found = []
    for m in PLACE.finditer(text):
        for word in (m.group(), m.group().split()[0], m.group().split()[-1]):
            province = gazetteer.resolve_province(re.sub(r"['’]s$", "", word))
            if province and province not in found:
                found.append(province)
    return found


def places(sentence: str, gazetteer: Gazetteer, context: list[str],
           capitals: dict[str, str] | None = None) -> list[tuple[dict, str]]:
    """Districts named in a sentence, resolved with the provinces in context; never a guess.

    A district named only in a negated clause ("has not commented on Taluqan, but ...") is left out;
    "the provincial capital of Jawzjan" is the capital district when ``capitals`` (province -> district) is given.
    """
    hints = provinces_in(sentence, gazetteer) + context
    out = []
    negated = [(c.start(), c.end()) for c in re.finditer(r"[^,;]+(?:,(?!\s+(?:but|while|whereas|although)\b)[^,;]*)*",
                                                          sentence) if NEGATION.search(c.group())]
    for m in PLACE.finditer(sentence):
        if any(a <= m.start() < b for a, b in negated):
            continue
        words = m.group().split()
        for size in range(len(words), 0, -1):  # longest names first
            hit = None
            for i in range(len(words) - size + 1):
                name = re.sub(r"['’]s$", "", " ".join(words[i:i + size]))
                after = sentence[m.start() + len(" ".join(words[:i + size])):].lstrip().lower()
                if after.startswith("province") or ADJECTIVE.match(after):
                    continue  # "Farah province" is the province, "Kabul government" no place; "Farah City" is
                hit = resolve_in_context(name, gazetteer, hints)
                if hit:
                    out.append((hit, name))
            if hit:
                break
    for m in CAPITAL_OF.finditer(sentence):
        province = gazetteer.resolve_province(m.group(1) or m.group(2))
        if province and capitals and province in capitals:
            hit = gazetteer.resolve(capitals[province], province)
            if hit.outcome == "found":
                out.append(({"unit_id": hit.unit_id, "district": hit.district, "province": hit.province}, m.group()))
    unique = {h["unit_id"]: (h, n) for h, n in out}
    return list(unique.values())


def resolve_in_context(name: str, gazetteer: Gazetteer, hints: list[str]) -> dict | None:
    """A unit for ``name``: unique on its own (not fuzzy), or unique in the first hinted province."""
    alone = gazetteer.resolve(name)
    if alone.outcome == "found" and alone.method != "fuzzy":
        return {"unit_id": alone.unit_id, "district": alone.district, "province": alone.province}
    if alone.outcome == "unknown" and len(name) < 5:
        return None
    for province in hints:
        found = gazetteer.resolve(name, province)
        if found.outcome == "found" and (found.method != "fuzzy" or found.score >= 85):
            return {"unit_id": found.unit_id, "district": found.district, "province": found.province}
    return None


def extract_text(text: str, name: str, gazetteer: Gazetteer, published: Date | None = None,
                 capitals: dict[str, str] | None = None) -> list[dict]:
    """Candidate reports from one article's text ("the district" means the last district named before)."""
    out = []
    for section in sections(text, published, name):
        if section.date is None:
            if extract_text(text, name, gazetteer, Date.today(), capitals):
                raise InputError([Problem(name, None, "no date found in the article",
                                          hint="give its publication date with --published YYYY-MM-DD")])
            raise InputError([Problem(name, None, "no date found in the article, and no report in it",
                                      severity="warning")])
        previous, context, before = None, [], None
        for offset, sentence in sentences(text, section.start, section.end):
            named = provinces_in(sentence, gazetteer)
            context = named + [p for p in context if p not in named]
            when, previous = sentence_date(sentence, section.date, previous)
            status, earlier, before = status_of(sentence), before, (sentence, context)
            if not status or not when:
                continue
            found = places(sentence, gazetteer, context, capitals)
            if earlier and ANAPHORA.search(sentence):  # "the district": the last one the sentence before named
                antecedent = places(earlier[0], gazetteer, earlier[1], capitals)[-1:]
                found = [a for a in antecedent if a[0]["unit_id"] not in {f[0]["unit_id"] for f in found}] + found
            claim = CLAIM.search(sentence) and not re.search(r"(?i)\bconfirmed\b", sentence)
            for place, mention in found:
                lead = len(sentence) - len(sentence.lstrip())
                out.append({
                    "date": when, "district": place["district"], "province": place["province"],
                    "unit_id": place["unit_id"], "status": "unconfirmed" if claim else status,
                    "quote": sentence.strip(), "start": offset + lead, "end": offset + len(sentence.rstrip()),
                    "source": f"{Path(name).name}: {section.outlet + ', ' if section.outlet else ''}{section.title}",
                    "url": "", "notes": f"extracted from {mention!r}; check before use",
                    "confidence": 0.5 if claim else 0.7, "claimed_by": "Taliban" if claim else "",
                })
    return out


def extract_files(paths: list[str | Path], gazetteer: Gazetteer, scheme: Scheme, published: Date | None = None,
                  capitals: dict[str, str] | None = None) -> tuple[list[dict], list[Problem]]:
    """Candidates from every file; a file that cannot be read is a problem, the others still count."""
    found, problems = [], []
    for path in map(Path, paths):
        try:
            found += extract_text(read_text(path), str(path), gazetteer, published, capitals)
        except InputError as exc:
            problems += exc.problems  # a warning (undated file without reports) or this file's error
    return [c for c in found if c["status"] in scheme.codes], problems
