"""Dates in news text: header dates ("october 2, 2019", " date 2021-08-13 ") and the dates sentences give.

A sentence's date is resolved against its section's date: "On Sept. 11", "on Monday" (the latest Monday on or
before), "two days later" (after the date just mentioned), "over the weekend", "last month" and "in July"
(month precision, ``YYYY-MM``). Vague spans ("over the past two months", "since the spring") give no date.
"""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import timedelta

MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}

HEADER_DATE = re.compile(rf"(?i)\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b|\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b|"
                         rf"\b(\d{{1,2}})\s+{MONTH}\s+(\d{{4}})\b")
DAY_MONTH = re.compile(rf"(?i)\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|people|taliban|fighters))"
                       rf"(?:,?\s+(\d{{4}}))?")
MONTH_YEAR = re.compile(rf"(?i)\bin\s+{MONTH}\s+(\d{{4}})\b")
MONTH_ONLY = re.compile(rf"(?i)\b(?:in|during|by)\s+(?:early|mid|late)?[- ]?{MONTH}(?!\s*\d)\b")
WEEKDAY = re.compile(r"(?i)\b(?:on|last|this)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
LATER = re.compile(r"(?i)\b(one|two|three|four|five|six|seven|a|\d+)\s+days?\s+later\b|\bthe (next|following) day\b")
EARLIER = re.compile(r"(?i)\b(one|two|three|four|five|six|seven|a|\d+)\s+days?\s+(?:ago|earlier)\b")
WEEKEND = re.compile(r"(?i)\b(?:over|during|at|on) the weekend\b|\blast weekend\b")
VAGUE = re.compile(r"(?i)\b(over|in|during) the (past|last) (several|few|two|three|four|\d+) (months|years)\b|"
                   r"\bover past\b|\bsince (the )?(spring|summer|autumn|fall|winter|\d{4})\b|\bin \d{4}\b|"
                   rf"\bsince (?:early |mid[- ]|late )?{MONTH}|\bin recent (?:months|years)\b")
LAST_MONTH = re.compile(r"(?i)\blast month\b")
LAST_WEEK = re.compile(r"(?i)\blast week\b")
YESTERDAY = re.compile(r"(?i)\byesterday\b|\blast night\b")


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
    if len(stripped) > 90 or stripped.endswith(".") or not stripped:
        return None
    m = HEADER_DATE.search(stripped)
    if not m:
        return None
    try:
        if m.group(1):
            return Date(int(m.group(3)), month_number(m.group(1)), int(m.group(2)))
        if m.group(4):
            return Date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
        return Date(int(m.group(9)), month_number(m.group(8)), int(m.group(7)))
    except (ValueError, KeyError):
        return None


CUE = re.compile(rf"(?i)\b(?:{MONTH[1:-4]}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|later|earlier|ago|"
                 r"weekend|last|yesterday|since|over|recent|next|following|in \d{4})")


def explicit_date(text: str, section: Date, previous: Date | None) -> tuple[str | None, Date | None, bool]:
    """(date, day for the next "two days later", found): the date a piece of text states, if any.

    ``found`` is False when the text names no time at all (the caller then uses the section's date);
    a vague span gives ``(None, previous, True)``: no date of change.
    """
    if not CUE.search(text):  # most sentences name no time: one search instead of a dozen
        return None, previous, False
    m = MONTH_YEAR.search(text)
    if m:
        return f"{int(m.group(2)):04d}-{month_number(m.group(1)):02d}", None, True
    m = DAY_MONTH.search(text)
    if m:
        year = int(m.group(3)) if m.group(3) else section.year
        try:
            day = Date(year, month_number(m.group(1)), int(m.group(2)))
        except (ValueError, KeyError):
            return None, previous, True
        if not m.group(3) and day > section + timedelta(days=1):
            day = day.replace(year=year - 1)
        return day.isoformat(), day, True
    if VAGUE.search(text):
        return None, previous, True
    m = MONTH_ONLY.search(text)
    if m:
        month = month_number(m.group(1))
        year = section.year - (month > section.month)
        return f"{year:04d}-{month:02d}", None, True
    m = LATER.search(text)
    if m and previous:
        n = 1 if m.group(2) else NUMBERS.get(m.group(1).lower()) or int(m.group(1))
        day = previous + timedelta(days=n)
        return day.isoformat(), day, True
    m = EARLIER.search(text)
    if m:
        day = section - timedelta(days=NUMBERS.get(m.group(1).lower()) or int(m.group(1)))
        return day.isoformat(), day, True
    m = WEEKDAY.search(text)
    if m:
        back = (section.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
        day = section - timedelta(days=back)
        return day.isoformat(), day, True
    if WEEKEND.search(text):
        day = section - timedelta(days=(section.weekday() - 5) % 7)  # the Saturday
        return day.isoformat(), day, True
    if LAST_MONTH.search(text):
        first = section.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}", None, True
    if LAST_WEEK.search(text):
        week = section - timedelta(days=section.weekday() + 7)  # Monday of last week
        end = week + timedelta(days=6)
        return (f"{week.year:04d}-{week.month:02d}" if week.month == end.month else None), None, True
    if YESTERDAY.search(text):
        day = section - timedelta(days=1)
        return day.isoformat(), day, True
    return None, previous, False


def sentence_date(sentence: str, section: Date, previous: Date | None) -> tuple[str | None, Date | None]:
    """The date a sentence gives (ISO, or YYYY-MM), and the day to use for "two days later" next.

    No time expression: the section's date. A vague one ("since the spring"): None.

    >>> sentence_date("On Sept. 11, officials said.", Date(2019, 10, 2), None)[0]
    '2019-09-11'
    """
    when, previous, found = explicit_date(sentence, section, previous)
    return (when, previous) if found else (section.isoformat(), previous)
