"""Article files -> text, dated sections and sentences (with their offsets in the file).

The layout of a plain-text article: a header (title, "by" byline, outlet, date lines), then paragraphs.
A file may gather several articles ("compilations"): each header block (a date line or a byline) starts a
section whose date applies to its sentences; a section without a date of its own takes the previous one's
(flagged in ``Section.inherited``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from ..errors import InputError, Problem
from .dates import DATE_PREFIX, MONTH, Time, header_date, times
from .lexicon import Lexicon, with_country

META = re.compile(r"(?i)^\s*[•*·-]?\s*(?:time|category|no|id|code|publish(?:ed)?|updated|source|author|tags?|views?|"
                  r"comments?|section|read)\s*:")  # page furniture: "• time: 10:22 am", "• No: 437"
DIGIT = re.compile(r"\d")
WRAP_END = re.compile(r"[.!?:”\"’)]\s*$")  # a line that ends a sentence (or a heading's colon)
BYLINE = re.compile(r"(?i)^\s*by\s+[A-Za-z]")
DATELINE = (  # with_country()
    rf"^\s*(?P<place>[A-Z][A-Za-z'’.]*(?:(?:[ -]|-[a-z]{{1,2}}-)[A-Z][A-Za-z'’.]*){{0,3}})"  # KABUL / Kandahar City
    r"(?:\s*(?:,\s*|\[)(?i:{names}|{neighbours})\]?)?"                      # , Afghanistan / [Afghanistan]
    rf"(?:,?\s*(?P<date>(?i:{MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?))?,?"   # , July 27
    r"\s*(?P<credit>\((?:[^()]|\([^()]*\)){1,80}\))?"                      # (AP) / (dpa/GNA)
    r"(?:\s*(?:—|–|--)\s*|\s+-\s+|\s*:\s*|(?P<bare>(?<=\))(?:\s+|_)(?=\w)))")  # "Kabul (BNA) The": see dateline()
CREDIT_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
LIST_DATE = re.compile(rf"^\s*(?:[-•*–]\s*)?(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
                       rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+{MONTH})(?:,?\s+\d{{4}})?\s*"
                       rf"(?:[-–—:.]+|$|(?=[A-Z][\w'’-]*(?:\s[A-Za-z][\w'’-]*){{0,3}}:))\s*",  # "June 1 Herat province: ..."
                       re.IGNORECASE)
PLACE_DATE = re.compile(rf"^\s*(?:[-•*–]\s*)?(?P<place>[A-Z][\w'’-]*(?:[ -][A-Za-z][\w'’-]*){{0,3}}),?\s*\(?"
                        rf"(?P<date>(?i:{MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)\)?\s*[-–—:.]+\s+")
LIST_NAMES = re.compile(r"((?:[A-Z][A-Z'’-]+(?:[ -][A-Z][A-Z'’-]+)*(?:,\s*|\s+and\s+)?)+(?:,\s*[A-Z][a-z][\w'’ -]{1,25})?)\.\s")
TOPIC = re.compile(r"([A-Z][A-Za-z'’-]*(?:\s[A-Za-z][A-Za-z'’-]*){0,3}?)(?:\s*:|\.|\s+[-–—]+)\s+(?=[A-Z“\"])")
SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"‘'(])|(?<=[a-z]{2}\.)(?=[A-Z][a-z])")  # "the area.Spokesman"
ABBREVIATIONS = re.compile(rf"(?i)(?:\b{MONTH}|\b(?:gen|col|lt|maj|capt|sgt|mr|mrs|ms|dr|st|no|u\.s|u\.n|vs|sen|rep|gov|"
                           r"mt|ft|jr|sr|inc|co|corp|approx|prov|dist|ret|brig|cpl|pvt|adm|gens|govt)\.|\b[A-Z]\.)$")


@dataclass(frozen=True)
class Section:
    """Part of a file under one header (a file may gather several dated articles)."""

    start: int  # where its text (after the header) starts
    end: int
    date: Date | None  # None: no date in the file and none given
    title: str
    outlet: str
    inherited: bool = False  # the date is the previous section's (this one gives none)


def read_text(path: str | Path) -> str:
    """The file's text; a per-file InputError for unreadable, binary, non-UTF-8 or empty files."""
    path = Path(path)
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


def _is_heading(line: str) -> bool:
    """A title or sub-heading: short without final punctuation, or in Title Case ("Taliban Capture Second District")."""
    s = line.strip()
    if not s or s.endswith((".", "!", "”", '"', "…", ":")):
        return False
    return len(s) <= 100 or TITLE_CASE(s)


def TITLE_CASE(line: str) -> bool:  # noqa: N802 - reads as the test it is
    """Whether most long words of a line are capitalised ("Taliban Capture Second Afghan District")."""
    long_words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    return len(long_words) >= 4 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def sections(text: str, published: Date | None, lexicon: Lexicon) -> list[Section]:
    """Sections of a file: each header block (date line or byline, with the title above it) starts one."""
    lines = text.splitlines(keepends=True)
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    anchors = [i for i, line in enumerate(lines)
               if header_date(line) or (BYLINE.match(line) and _is_heading(line) and len(line.strip()) < 70)]
    blocks: list[list[int]] = []
    for i in anchors:  # anchors a few lines apart belong to one header block
        if blocks and i - blocks[-1][-1] <= 6:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    heads = []
    for block in blocks:
        first, last = block[0], block[-1]
        top, blank, j = first, 0, first - 1
        while j >= 0 and first - j <= 8:  # the title: up to the last gap of 3+ blank lines
            if lines[j].strip():
                if blank >= 3 or not _is_heading(lines[j]):
                    break
                top, blank = j, 0
            else:
                blank += 1
            j -= 1
        k = last + 1
        while k < len(lines) and k - last <= 4 and (not lines[k].strip() or _is_heading(lines[k])):
            if lines[k].strip() and len(lines[k].strip()) <= 60:
                last = k  # the outlet under a byline ("by Omar" / "Salaam Times")
            elif lines[k].strip():
                break
            k += 1
        head = [k for k in range(top, last + 1) if lines[k].strip()]
        when = next((header_date(lines[k]) for k in block if header_date(lines[k])), None)
        titled = [k for k in block if _dated_title(lines[k])]  # "Latest Updates on Afghanistan 10 September 2018; ..."
        if titled and when and 0 < (when - header_date(lines[titled[0]])).days <= 7:
            when = header_date(lines[titled[0]])  # the day the page reports on, published the day after
        plain = list(dict.fromkeys(lines[k].strip() for k in head if (k in titled or not header_date(lines[k]))
                                   and not BYLINE.match(lines[k]) and not META.match(lines[k])))
        title = plain[0] if plain else ""
        body = offsets[last + 1] if last + 1 < len(lines) else len(text)
        prefix = DATE_PREFIX.match(lines[last])
        rest = lines[last][prefix.end():].strip() if prefix else ""
        if rest:  # " date 2021-05-12 KABUL (AP) - ...": the rest of the line is the title or the story
            body = offsets[last] + prefix.end()
            title = title or (rest if _is_heading(rest) else "")
        if not title:  # the date comes first: the title is the first heading below it, before any text
            below = itertools.takewhile(lambda l: not l.strip() or _is_heading(l), lines[last + 1:last + 8])
            title = next((l.strip() for l in below if l.strip()), "")
        outlet = plain[-1] if len(plain) > 1 else ""
        heads.append((offsets[top], body, when, title[:120], outlet[:60], bool(rest)))
    if not heads:
        first = next((l.strip() for l in lines if _is_heading(l)), "")
        return [Section(0, len(text), published, first[:120], "")]
    found: list[Section] = []
    for k, (top, body, when, title, outlet, inline) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(text)
        inherited = False
        if when is None:
            when, inherited = (found[-1].date, True) if found and found[-1].date else (published, False)
        start = 0 if k == 0 and not inline else body
        found.append(Section(start, end, _dateline_day(text, body, end, when, lexicon) or when, title, outlet, inherited))
    return found


def _dateline_day(text: str, start: int, end: int, published: Date | None, lexicon: Lexicon) -> Date | None:
    """The day a story's dateline gives ("KABUL, Aug. 13 (Xinhua) --") when it is up to three days before the
    page's date: the day "today" and "on Friday" count from."""
    m = next((_dateline_match(p, lexicon) for p in text[start:min(end, start + 1500)].split("\n") if p.strip()), None)
    if not m or not m.group("date") or published is None:
        return None
    day = next((t.day for t in times(m.group("date"), published, lexicon) if t.day), None)
    return day if day and 0 < (published - day).days <= 3 else None


def _dated_title(line: str) -> bool:
    """A title that carries the day it reports on ("Latest Updates on Afghanistan 10 September 2018; ...")."""
    words = [w for w in re.findall(r"[A-Za-z]{4,}", line) if not re.fullmatch(MONTH + r"|\w+day", w, re.I)]
    return not DATE_PREFIX.match(line) and bool(header_date(line)) and len(words) >= 3


def dateline(paragraph: str, lexicon: Lexicon) -> tuple[int, str]:
    """Length and place of a paragraph's dateline ("KABUL, Afghanistan (AP) — ", "Kabul [Afghanistan], July 27
    (ANI): ", "Kandahar: "), else (0, "")."""
    m = _dateline_match(paragraph, lexicon)
    return (m.end(), m.group("place")) if m else (0, "")


def _dateline_match(paragraph: str, lexicon: Lexicon) -> re.Match | None:
    """A paragraph's dateline, if it starts with one that a sentence follows."""
    m = with_country(DATELINE, lexicon).match(paragraph)
    if not m or not any(c.islower() for c in paragraph[m.end():m.end() + 40]) or m.group("bare") and not (
            CREDIT_YEAR.search(m.group("credit")) or any(lexicon.outlets.fullmatch(part.strip().lower())
                                                         for part in re.split(r"[/,]", m.group("credit")[1:-1]))):
        return None  # a bare space after a credit only when it is an outlet's or dated, not "Army (ANA) Soldiers"
    return m


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence at ``offset`` in the file; ``dateline`` is the place of its paragraph's dateline (first
    sentence only) and ``lead`` the date a list item or sub-heading gives the sentences under it."""

    offset: int
    text: str
    dateline: str = ""
    lead: Time | None = None
    paragraph: int = 0
    topic: int = 0  # a list item's leading place ("ZARANJ.", "Kunduz:"): its length
    heading: str = ""  # the heading a list item sits under ("Provincial capitals captured by the Taliban")
    is_heading: bool = False  # a dated sub-heading's places ("Sunday 8 August - Kunduz, Sar-e Pul and Taloqan")
    is_title: bool = False  # the article's title: what it tells counts only where the story itself says nothing
    title_case: bool = False  # a title in Title Case: every word looks like a name


def sentences(text: str, start: int, end: int, lexicon: Lexicon, section: Date | None = None, title: str = ""):
    """The Sentences of the paragraphs between ``start`` and ``end``.

    Headings (short lines without final punctuation) are skipped, but a heading that is a date ("Friday,
    August 6") dates the paragraphs under it, as a list item's leading date ("- Aug. 9 - AYBAK. ...") dates
    its own. The dateline place is given with the paragraph's first sentence only, which starts after it.
    """
    heading_date: Time | None = None
    heading, told = "", False
    for number, (chunk, base) in enumerate(_paragraphs(text, start, end)):
        lead, last, topic = _list_head(chunk, section, lexicon)
        if lead and not told and not _is_heading(chunk) and dateline(chunk, lexicon)[0]:
            lead, last, topic = None, 0, 0  # "Kabul, June 5 : ..." opening the story: a dateline
        if _is_heading(chunk) and not SENTENCE_END.search(chunk):
            if header_date(chunk):
                continue  # the article's own date line, not a sub-heading
            if title and chunk.strip() == title:
                yield Sentence(base, chunk, paragraph=number, is_title=True, title_case=TITLE_CASE(chunk))
                title = ""
                continue
            heading_date = lead or heading_date
            heading = heading if lead else chunk.strip()
            if lead and chunk[last:].strip():
                yield Sentence(base + last, chunk[last:], "", lead, number, len(chunk) - last, "", True)
            continue
        place = ""
        if not lead:
            last, place = dateline(chunk, lexicon)
            if place and number > 2 and not place.isupper() and chunk[:last].rstrip().endswith(":"):
                last, place, topic = 0, "", len(place)  # "Lashkar Gah: ..." in a list, not a dateline
        under = heading if lead or topic else ""
        if chunk.rstrip().endswith(":") and not lead:
            heading = chunk.strip()  # "The districts that fell from July 3 to July 5:" heads the list below
        lead = lead or heading_date
        first, told = True, True
        for cut in SENTENCE_END.finditer(chunk, last):
            if ABBREVIATIONS.search(chunk[max(last, chunk.rfind(" ", last, cut.start())):cut.start()]):  # its last word
                continue
            yield Sentence(base + last, chunk[last:cut.start()], place if first else "", lead, number,
                           topic if first else 0, under)
            last, first = cut.end(), False
        if chunk[last:].strip():
            yield Sentence(base + last, chunk[last:], place if first else "", lead, number, topic if first else 0,
                           under)


def _paragraphs(text: str, start: int, end: int):
    """(text, offset) of each paragraph: each line, or in hard-wrapped copy (most lines cut mid-sentence at
    about the same width) the lines up to one that ends a sentence."""
    lines = [(m.group(), m.start()) for m in re.finditer(r"[^\n]+", text[start:end])]
    cut = [line for line, _ in lines if 30 <= len(line.rstrip()) <= 90 and not WRAP_END.search(line)]
    if len(lines) < 6 or len(cut) < 0.5 * len(lines):
        yield from ((line, start + at) for line, at in lines)
        return
    first = None
    for k, (line, at) in enumerate(lines):
        first = at if first is None else first
        follows = k + 1 < len(lines) and lines[k + 1][1] == at + len(line) + 1  # the next line, no blank between
        if not (follows and 30 <= len(line.rstrip()) <= 90 and not WRAP_END.search(line)):
            yield text[start + first:start + at + len(line)].replace("\n", " "), start + first  # same offsets
            first = None


def _list_head(paragraph: str, section: Date | None, lexicon: Lexicon) -> tuple[Time | None, int, int]:
    """(date, where the text starts, length of the leading place) of a list item: "- Aug. 9 - AYBAK. ...",
    "Friday, August 6: ...", "Zaranj, August 6: ..."; (None, 0, 0) for other paragraphs."""
    if not DIGIT.search(paragraph):  # a day of the month: there is none
        return None, 0, 0
    m = LIST_DATE.match(paragraph)
    if m:
        lead = _leading_date(m.group(), section, lexicon)
        head = TOPIC.match(paragraph, m.end()) or LIST_NAMES.match(paragraph, m.end())
        return (lead, m.end(), head.end(1) - m.end() if head else 0) if lead else (None, 0, 0)
    m = PLACE_DATE.match(paragraph)
    if m:
        lead = _leading_date(m.group("date"), section, lexicon)
        return (lead, m.start("place"), len(m.group("place"))) if lead else (None, 0, 0)
    return None, 0, 0


def _leading_date(head: str, section: Date | None, lexicon: Lexicon) -> Time | None:
    """The date a list item's head gives, resolved against the section's date, else None."""
    if section is None:
        return None
    found = [t for t in times(head, section, lexicon) if t.value and not t.background]
    return found[0] if found else None
