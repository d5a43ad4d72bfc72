"""Dates in news text: header dates ("october 2, 2019", " date 2021-08-13 ") and the times sentences give.

A time expression is resolved against its section's date: "On Sept. 11", "on Monday" / "said Monday" (the
latest Monday on or before), "two days later" (after the date just mentioned), "yesterday", "over the
weekend", "last month" and "in July" (month precision, ``YYYY-MM``). Vague spans ("over the past two months",
"since the spring", "in recent weeks") and earlier years ("in 2015", "last year") are background: they give
no date of a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

from .lexicon import Lexicon, with_country

MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?")  # "20 martyrs" is no date
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
COUNT = r"(one|two|three|four|five|six|seven|a|an|\d+)"  # "two days later", "a day after": day_count() reads it
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1, "an": 1}
ORDINAL = r"(?:st|nd|rd|th)?"

HEADER_DATE = re.compile(rf"(?i)\b{MONTH}\s+(\d{{1,2}}){ORDINAL},?\s+(\d{{4}})\b|\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b|"
                         rf"\b(\d{{1,2}}){ORDINAL}\s+{MONTH},?\s+(\d{{4}})\b")
DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b[ \t]*")

# Time expressions in sentences, most specific first; each (kind, pattern).
SOURCES = [  # (kind, pattern) over lower-case text
    ("since_day", r"\bsince (?:last )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
                  r"\bsince (?:yesterday|last night)\b"),  # fighting since then: that day; a fall since then: no day
    ("none", r"\b(?:on )?the same day\b|\bthat day\b"),  # no time of its own: another in the sentence is
    ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    ("month_year", rf"\b(?:in|during|since|by|until|of|early|mid|late|mid-)\s+(?:early |mid[- ]|late )?{MONTH}\s+(\d{{4}})\b"),
    ("day_month", rf"\b(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+(?:the\s+)?)?{MONTH},?\s+(\d{{1,2}}){ORDINAL}\b(?!\s*(?:%|percent|people|{{insurgents}}|fighters|districts))"
                  rf"(?:,?\s+(\d{{4}}))?|\b(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+(?:the\s+)?)?"
                  rf"(\d{{1,2}}){ORDINAL}\s+(?:of\s+)?{MONTH}(?:,?\s+(\d{{4}}))?"),
    ("year_back", r"\b(?:in|since|during|by|of|until|from|early|late|spring|summer|autumn|fall|winter)\s+(?:of\s+)?((?:19|20)\d\d)\b|"
                  r"\blast year\b|\b(?:a|one|two|three|four|five|several|many|\d+) years? ago\b|"
                  r"\b(?:earlier this|last) (?:year|spring|summer|autumn|fall|winter)\b|\bprevious year\b|\bthe year before\b|\bin the past\b(?!\s+(?:\d+|few|several|two|three|day|week))|"
                  r"\bpreviously\b(?! (?:safe|peaceful|quiet|calm|secure|stable)\b)|\b(?:in )?(?:the same|that) (?:month|year)\b|"
                  r"\bfor (?:years|decades|months)\b|\bfor (?:about |nearly |almost |more than |over )?(?:two|three|four|five|six|"
                  r"seven|eight|nine|ten|several|many|a few|\d+) (?:years|decades)\b|"
                  r"\b(?:a|one|two|three|four|five|several|many|few|\d+) years? back\b|\bfew years ago\b|"
                  r"\b(?:about |nearly |some )?(?:a|one|two|three|four|five|six|several|few|\d+) months? ago\b|"
                  r"\b(?:several|many|multiple|numerous|two|three|four) times\b|\brepeatedly\b|"
                  r"\b(?:\w+|a few|several) (?:months|years) (?:after|before)\b|"  # "nine months after they had overrun it"
                  r"\bonce (?=(?:briefly )?(?:seized|captured|overran|overrun|held|controlled|took|fell|ran)\b)|\bhistorically\b|\bin recent years\b|\bback in the (?:days?|\d{4}s)\b"),
    ("recent", r"\b(?:over|in|during|for|within) the (?:past|last|previous) (?:several |few |two |three |four |\d+ )?"
               r"(?:days|weeks?)\b|\bin recent (?:days|weeks)\b"),
    ("today", r"\b(?:earlier )?this week\b|\btoday\b|\bthis morning\b|\bthis afternoon\b|\btonight\b|\bthis evening\b|"
              r"\b(?:in|over|within) (?:the )?(?:recent|past few|last few) hours\b|\bhours ago\b"),
    ("vague", r"\b(?:over|in|during|for|within) the (?:past|last|previous|coming|next) (?:several |few |two |three |four |\d+ )?"
              r"(?:months?|years?)\b|\bover past\b|\bsince (?:the )?(?:spring|summer|autumn|fall|winter|start|beginning)\b|"
              rf"\bsince (?:early |mid[- ]|late )?{MONTH}\b|\bin recent months\b|\brecently\b|"
              r"\brecent(?= (?:fall|capture|seizure|takeover|gains?|advances?|offensives?|attacks?|assaults?|"
              r"fighting|clashes|battles?|loss|losses|weeks|days|months|years|past|history|times)\b)|"
              r"\bthis year\b|\bso far\b|\bsince (?:then|\d{4})\b|"
              r"\b(?:a )?few days (?:ago|earlier|back)\b|\ba couple of weeks ago\b|"
              r"\b(?:(?:a|one|two|three|four|\d+) or (?:two|three|four|five|\d+) (?:days?|weeks?)|a (?:day|week) or two) "
              r"(?:ago|earlier)\b|"
              r"\b(?:were|was|had been|have been|has been) \w+ed earlier\b(?! (?:in|on|this|that|today|last|yesterday)\b)"),
    ("told_before", r"\A\W*earlier,(?=[^.;:]*\bhad (?:\w+ )?\w+(?:ed|en|ook|ell)\b)"),  # "Earlier, they had taken X"
    ("month", rf"\b(?:in|during|by|early|mid|late|mid-|since|(?:beginning|start|end|middle) of)\s+"
              rf"(?:early |mid[- ]|late )?{MONTH}(?!\s*\d)\b|"
              r"\blast month\b|\b(?:earlier|early|later) (?:this|in the) month\b|\bthis month\b|"
              rf"\blast {MONTH}(?!\s*\d)\b"),
    ("following", r"\b(?:in|over|during) the (?:following|next|coming|subsequent) (?:days|weeks)\b"),
    ("later", rf"\b{COUNT}\s+days?\s+later\b|\bthe (?:next|following) (?:day|morning|night)\b|"
          r"\ba day after\b(?= (?:that|this)\b)|\b(?:within|a few|several) hours\b|\bhours later\b|"
          r"\b(?:later|earlier) (?:that|the same|in the) day\b"),
    ("earlier", rf"\b{COUNT}\s+(days?)\s+(?:ago|earlier|back)\b|"
                r"\b(a|one)\s+(week)\s+(?:ago|earlier|back)\b|"
            r"\bthe (?:previous|preceding) (?:day|night)\b|\bthe day before\b"),
    ("year", r"(?<![\d,.$-])\b((?:19|20)\d\d)\b(?![\d,.%-]|\s*(?:people|fighters|troops|soldiers))"),
    ("weekday", r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b"),
    ("weekend", r"\b(?:over|during|at|on) the weekend\b|\blast weekend\b|\bthis weekend\b"),
    ("last_week", r"\blast week\b"),
    ("yesterday", r"\byesterday\b|\blast night\b|\blate last night\b"),
]
ANY_CASE = [(kind, "(?i)" + source) for kind, source in SOURCES]  # where lowering changes a length (else the
# lowered text, much faster); the patterns take the country's words (with_country())


@dataclass(frozen=True, slots=True)
class Time:
    """A time expression at [start, end) of a text: its date (ISO or YYYY-MM), or background (no date)."""

    start: int
    end: int
    value: str | None
    day: Date | None  # the day, for "two days later" next
    background: bool = False  # an earlier year or a vague span: no date of a change
    recent: bool = False  # "over the past few days": an ongoing state at the section's date, no date of a change
    since: bool = False  # "since 2015", "since May": a state that lasts to the section's date
    phrase: str = ""  # its words, as the text has them ("on Friday")


def month_number(word: str) -> int:
    """1-12 for a month name or abbreviation ("Sept." -> 9)."""
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTHS[word[:3]]


def header_date(line: str) -> Date | None:
    """The date of a short header line ("october 2, 2019", " date 2021-08-13 ", "Sept. 9, 2019"), else None.

    >>> header_date("September 29, 2019 (sunday)")
    datetime.date(2019, 9, 29)
    """
    stripped = line.strip()
    m = DATE_PREFIX.match(line)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if len(stripped) > 90 or stripped.endswith(".") or not stripped:
        return None
    m = HEADER_DATE.search(stripped)
    if not m:
        return None
    if m.group(1):
        return _safe_date(int(m.group(3)), month_number(m.group(1)), int(m.group(2)))
    if m.group(4):
        return _safe_date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    return _safe_date(int(m.group(9)), month_number(m.group(8)), int(m.group(7)))


def _safe_date(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _long_ago(section: Date, year: int, month: int, months: int = 6) -> bool:
    """Background: an earlier year, unless within the last ``months`` months (or a later month)."""
    back = (section.year - year) * 12 + section.month - month
    return back < 0 or year < section.year and back > months


def day_count(word: str) -> int:
    """1 for "a" or "one", 3 for "3"."""
    return NUMBERS.get(word.lower()) or int(word)


def resolve(kind: str, m: re.Match, section: Date, previous: Date | None) -> tuple[str | None, Date | None, bool] | None:
    """(value, day, background) of one match, or None when it is no time here."""
    if kind == "iso":
        day = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (day.isoformat(), day, False) if day else None
    if kind == "month_year":
        year, month = int(m.group(2)), month_number(m.group(1))
        return _month(year, month), None, _long_ago(section, year, month, 2)
    if kind == "day_month":
        word, day_text, year_text = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        if word is None:
            return None
        year = int(year_text) if year_text else section.year
        day = _safe_date(year, month_number(word), int(day_text))
        if not year_text and day is not None and day > section + timedelta(days=1):
            day = _safe_date(year - 1, day.month, day.day)  # Feb. 29 of a leap year: none the year before
        if day is None:
            return None
        return day.isoformat(), day, (day - section).days > 1 or _long_ago(section, day.year, day.month,
                                                                             2 if year_text else 6)
    if kind in ("year_back", "year"):
        year = m.group(1)
        if year and int(year) >= section.year or kind == "year" and not year:
            return None
        return None, None, True
    if kind in ("vague", "told_before"):
        return None, previous, True
    if kind == "recent":
        return section.isoformat(), previous, False
    if kind == "month":
        text = m.group().lower()
        if "last month" in text:
            first = section.replace(day=1) - timedelta(days=1)
            return _month(first.year, first.month), None, False
        if "this month" in text or "in the month" in text:
            return _month(section.year, section.month), None, False
        month = month_number(m.group(1) or m.group(2))
        year = section.year - (month > section.month or m.group(2) is not None and month == section.month)
        return _month(year, month), None, _long_ago(section, year, month)
    if kind == "following":
        base = previous or section
        return _month(base.year, base.month), None, False
    if kind == "later":
        if not previous:
            return None
        n = day_count(m.group(1)) if m.group(1) else 0 if re.search(r"hours|day", m.group()) else 1
        day = previous + timedelta(days=n)
        return day.isoformat(), day, False
    if kind == "earlier":
        count, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        n = day_count(count) * (7 if unit == "week" else 1) if count else 1
        day = (previous if previous and not re.search(r"ago|back", m.group().lower()) else section) - timedelta(days=n)
        return day.isoformat(), day, False
    if kind == "since_day" and not m.group(1):
        day = section - timedelta(days=1)
        return day.isoformat(), day, False
    if kind in ("weekday", "since_day"):
        back = (section.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
        day = section - timedelta(days=back)
        return day.isoformat(), day, False
    if kind == "weekend":
        day = section - timedelta(days=(section.weekday() - 5) % 7)  # the Saturday
        return day.isoformat(), day, False
    if kind == "last_week":
        week = section - timedelta(days=section.weekday() + 7)  # Monday of last week
        end = week + timedelta(days=6)
        return (_month(week.year, week.month) if week.month == end.month else None), None, False
    if kind == "yesterday":
        day = section - timedelta(days=1)
        return day.isoformat(), day, False
    if kind == "today":
        return section.isoformat(), section, False
    return None


RELATIVE = {"later", "earlier", "following"}  # kinds counted from the day told before them

# A cheap first look: each kind of time expression runs only when a word it needs is in the text.
WORD = re.compile(r"[a-z]+|\d{4}")
MONTH_WORDS = set(MONTHS)
DAY_WORDS = set(WEEKDAYS) | {d + "s" for d in WEEKDAYS}
YEARS = {str(y) for y in range(1990, 2040)}
NEEDS = {
    "none": {"day"}, "since_day": {"since"},
    "iso": YEARS, "month_year": MONTH_WORDS, "day_month": MONTH_WORDS,
    "year_back": YEARS | {"year", "years", "ago", "past", "previously", "previous", "back", "historically", "decades",
                          "months", "month", "earlier", "once", "times", "repeatedly", "spring", "summer", "autumn", "fall", "winter"},  # "that year", "the year before": "year"
    "recent": {"past", "last", "previous", "recent", "week"},
    "vague": {"past", "last", "previous", "coming", "next", "since", "recent", "recently", "year", "far", "then", "earlier", "couple",
              "few", "ago"},
    "told_before": {"earlier"}, "month": MONTH_WORDS | {"month"}, "following": {"following", "next", "coming", "subsequent"},
    "later": {"later", "next", "following", "after", "hours", "earlier"}, "earlier": {"ago", "earlier", "back", "previous", "preceding", "before"},
    "year": YEARS, "weekday": DAY_WORDS, "weekend": {"weekend"}, "last_week": {"week"},
    "yesterday": {"yesterday", "night"}, "today": {"today", "morning", "afternoon", "tonight", "evening", "hours", "week"},
}
KINDS = {word: {kind for kind, words in NEEDS.items() if word in words} for word in set().union(*NEEDS.values())}


def times(text: str, section: Date, lexicon: Lexicon, previous: Date | None = None,
          look_first: bool = True) -> list[Time]:
    """Every time expression of a text, in order (overlaps: the most specific kind wins). ``look_first``: run
    each kind only when a word it needs is in the text (NEEDS; a test checks it finds the same)."""
    lowered = text.lower()
    kinds = set().union(*(KINDS[w] for w in KINDS.keys() & WORD.findall(lowered))) if look_first else NEEDS.keys()
    if not kinds:  # many sentences name no time
        return []
    found: list[Time] = []
    taken: list[tuple[int, int]] = []
    relative: list[tuple[str, re.Match]] = []  # "earlier in the day": from the day told before it, once all are known
    same = len(lowered) == len(text)  # offsets must stay those of the text
    for kind, source in SOURCES if same else ANY_CASE:
        if kind not in kinds:
            continue
        for m in with_country(source, lexicon).finditer(lowered if same else text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            if kind in RELATIVE:
                relative.append((kind, m))
            elif kind != "none":
                _add(found, kind, m, section, previous, text)
    for kind, m in relative:  # "said Saturday that they seized it earlier in the day": that Saturday
        told = [t.day for t in sorted(found, key=lambda t: t.start) if t.day and t.end <= m.start()]
        _add(found, kind, m, section, told[-1] if told else previous, text)
    found.sort(key=lambda t: t.start)
    for k, t in enumerate(found[:-1]):  # "in September last year": the month of a past year
        after = found[k + 1]
        if t.value and len(t.value) == 7 and after.background and after.start - t.end <= 4 \
                and lowered[after.start:after.end] != "this year":
            found[k] = Time(t.start, t.end, None, None, True, phrase=t.phrase)
    return [t for k, t in enumerate(found) if not (  # "in May this year" is this May: one time
        k and lowered[t.start:t.end] == "this year" and found[k - 1].value and t.start - found[k - 1].end <= 4)]


def _add(found: list[Time], kind: str, m: re.Match, section: Date, previous: Date | None, text: str) -> None:
    got = resolve(kind, m, section, previous)
    if got is not None:
        value, day, background = got
        found.append(Time(m.start(), m.end(), value, day, background, kind == "recent",
                          m.group().lower().startswith("since")
                          or kind in ("iso", "day_month", "weekday") and m.string.endswith("since ", 0, m.start()),
                          text[m.start():m.end()]))


def sentence_date(sentence: str, section: Date, lexicon: Lexicon,
                  previous: Date | None) -> tuple[str | None, Date | None]:
    """The date a sentence gives (ISO, or YYYY-MM), and the day to use for "two days later" next.

    No time expression: the section's date. Only background ("since the spring"): None.

    >>> from tracker.extract import load_lexicon
    >>> sentence_date("On Sept. 11, officials said.", Date(2019, 10, 2), load_lexicon(), None)[0]
    '2019-09-11'
    """
    found = times(sentence, section, lexicon, previous)
    dated = [t for t in found if not t.background]
    if dated:
        return dated[0].value, dated[0].day or previous
    if found:
        return None, previous
    return section.isoformat(), previous
