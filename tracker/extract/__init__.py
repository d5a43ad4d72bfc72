"""News text -> candidate reports: dated, sourced control claims, each with its supporting sentence.

Rules (see README, "From news articles to reports"); only the confidence is a fitted model (confidence.py). A file
is split into dated sections (a header block - title, byline, outlet, date - starts one; a compilation gives
several), the sections into sentences (datelines and credits set apart, list items and sub-headings dated). Every
sentence's places are found first (districts, provinces as context, "the district" resolved to the district meant,
back or forward); sentences with an event phrase then give event frames (frames.py): who did what to which
district, when, and who says so. Last, the story is read as a whole: a claim the story confirms (or answers with an
outcome it tells itself) gives way to the confirmed report, a claim officials deny stays `unconfirmed` (or
`contested` when the story tells of fighting there), an outcome supersedes the fighting of the same day, the same
outcome dated a day or two apart counts from its first day, and a report without a date of its own gives way to the
same report with one.

>>> from tracker.context import open_context                                      # doctest: +SKIP
>>> ctx = open_context(download=False)                                             # doctest: +SKIP
>>> found, problems = extract_files(["a.txt"], ctx.gazetteer, ctx.scheme)          # doctest: +SKIP
"""

from __future__ import annotations

import functools
import re
from datetime import date as Date
from datetime import timedelta
from pathlib import Path

from ..errors import InputError, Problem
from ..gazetteer import Gazetteer
from ..scheme import Scheme
from .articles import Section, Sentence, read_text, sections, sentences
from .confidence import Article, confidence, features
from .dates import COUNT, Time, day_count, header_date, sentence_date, times
from .frames import DECISIVE, LIST_INTRO, OUTSIDE, STATUS, Frame, Story, attributions, denials, frames, heading_event
from .lexicon import Lexicon, cued, load_lexicon, stems_in, with_country
from .places import CITY_AFTER, DISTRICT_AFTER, Mention, Places, _record

__all__ = [
    "COLUMNS",
    "extract_each",
    "extract_file",
    "extract_files",
    "extract_text",
    "header_date",
    "load_lexicon",
    "read_text",
    "sections",
    "sentence_date",
]

COLUMNS = ["date", "district", "province", "status", "source", "url", "notes", "unit_id", "claimed_by",
           "confidence", "quote", "start", "end"]
TRUCE = re.compile(r"\b(?:ceasefire|cease-fire|truce)\b")
QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
FIGHTING = re.compile(r"(?i)\b(?:fighting|clashes|battl\w+|resist\w*|still (?:holding|fighting)|under (?:attack|siege))\b")
OUTCOMES = ("controlled", "government")
BUT_FIGHTING = re.compile(r"\bbut\b[^;]{0,60}?\b(?:fighting|clashes|battles?)\b[^;]{0,40}?"
                          r"\b(?:still|continu\w*|ongoing|going on|under ?way|rag\w+)\b")
HELD_IN_PART = re.compile(r"\bneither side\b|\bonly (?:the )?(?:district )?cent(?:er|re)s?\b[^.;]{0,40}?"
                          r"\b(?:government|security forces|army)\b")  # "only the centres are held by the government"
HELD_EXCEPT = re.compile(r"\bexcept(?: for)? (?:the )?(?:district |police |army )?"
                         r"(?:cent(?:er|re)|headquarters|compound|buildings?|command|base)")  # "except the police building"
VAGUE_AFTER = re.compile(r"(?i)\b(?:just|only|a few|several|some|few)\s+(?:days|weeks|hours)\s+after\b")
EARLIER_CLAUSE = re.compile(r"(?i)\b(?:after|since)\s+(?:it|the district|the city|the town)\s+(?:had\s+)?(?:been\s+)?(?:briefly\s+)?$")
DAYS_AFTER = re.compile(rf"(?i)\b{COUNT} (day|week)s? after\b(?! (?:that|this)\b)")
DAYS_OF = re.compile(rf"(?i)[^.;]{{0,30}}?\bafter {COUNT} days? of "
                     r"(?:fighting|clashes|battles?|siege|resistance|heavy)")
PERFECT = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+|already\s+|now\s+|also\s+)?$")
SEPARATE = re.compile(r"(?i)\bin (?:a|another) separate (?:announcement|statement|tweet|post|message|briefing)\b|"
                      r"^\W*elsewhere\b")  # another place's story: not the day the paragraph before told
INTRO_THEN = re.compile(r"[^,;]{0,60},\s*(?:\w+\s+){0,2}")  # "in the district, [then] X ...": the X the intro means
LEAD_REACH = 3  # sentences after a lead that may still tell the day of its event
BACK = 3  # sentences an anaphor ("the district") looks back for its district; else it looks forward
AHEAD = 2


@functools.lru_cache(maxsize=1)  # the facts of one section
def _source(name: str, section: Section) -> str:
    parts = [p for p in (section.outlet, section.title) if p]
    return f"{Path(name).name}: {', '.join(parts)}" if parts else Path(name).name


def extract_text(text: str, name: str, gazetteer: Gazetteer, published: Date | None = None,
                 capitals: dict[str, str] | None = None, warnings: list[Problem] | None = None,
                 places: Places | None = None, lexicon: Lexicon | None = None) -> list[dict]:
    """Candidate reports from one article's text; ``name`` is the file name used in ``source``.

    ``capitals`` (province -> capital district) reads "the provincial capital of Jawzjan"; mentions left
    ambiguous are added to ``warnings``. Raises InputError when the text has no date and none is given.
    """
    lexicon = lexicon or (places.lexicon if places else load_lexicon())
    places = places or Places(gazetteer, lexicon, capitals)
    facts: list[dict] = []
    for section in sections(text, published, lexicon):
        if section.date is None:
            if extract_text(text, name, gazetteer, Date.today(), capitals, None, places, lexicon):
                raise InputError([Problem(name, None, "no date found in the article",
                                          hint="give its publication date with --published YYYY-MM-DD")])
            raise InputError([Problem(name, None, "no date found in the article, and no report in it",
                                      severity="warning")])
        facts += section_reports(text, name, section, places, lexicon, warnings)
    unique: dict[tuple, dict] = {}  # a page that repeats its story (an excerpt, then the article) tells it once
    for f in facts:
        unique.setdefault((f["date"], f["unit_id"], f["status"], f["quote"]), f)
    return [_public(f, lexicon.confidence) for f in unique.values()]


def section_reports(text: str, name: str, section: Section, places: Places, lexicon: Lexicon,
                    warnings: list[Problem] | None) -> list[dict]:
    """The reports of one dated section (one article), each with the features of its confidence."""
    parsed = _places(list(sentences(text, section.start, section.end, lexicon, section.date, section.title)), places)
    _resolve_anaphors(parsed, places)
    story, previous, facts, denied, told, unplaced = Story(), None, [], {}, [], {}
    just_denied: set[str] = set()  # the districts the sentence before denied the fall of
    unquoted = QUOTED.sub(" ", text[section.start:section.end]).lower()  # a reporter quoting a statement is no statement
    story.voice = "insurgent" if cued(unquoted, lexicon.voice_cues) and len(
        {m.group() for m in lexicon.voice.finditer(unquoted)}) >= 2 else ""
    story.truce = ("truce" in unquoted or "cease" in unquoted) and bool(TRUCE.search(unquoted))  # the first: cheap
    carry, paragraph = None, -1  # the last date a paragraph gave: the date of its sentences that give none
    told_day = None  # the day of the last outcome the story dated: the day of later outcomes it leaves undated
    days: dict[str, Time] = {}  # the days the story told of: if only one, the day of its undated outcomes, not claims
    reported: list[tuple[int, dict]] = []  # facts dated by the day someone spoke: the next sentences may date the event
    undated: list[tuple[int, dict]] = []  # a lead's facts with no day: the next sentences may retell them dated
    first = next((k for k, (s, _) in enumerate(parsed) if not s.is_title and not s.is_heading), 0)  # the lead
    capitals = set(places.capitals.values())
    for k, (s, mentions) in enumerate(parsed):
        if s.paragraph != paragraph:
            told_day = carry
            carry, paragraph = None, s.paragraph
        found = times(s.text, section.date, lexicon, previous)
        dated = [t for t in found if t.day]
        previous = dated[-1].day if dated else previous
        if s.is_heading or s.topic and s.topic >= len(s.text.rstrip(" .:")):  # "KUF AB, ARGO and YAWAN, Badakhshan."
            story.event, story.places = None, [m for m in mentions if m.unit]  # what the text below is about
            continue
        lowered = s.text.lower()
        if not (stems_in(lowered, lexicon) or any(m.unit for m in mentions) or lexicon.deny.search(lowered)):
            story.event, story.places = None, []
            carry = next((t for t in reversed(found) if t.value and not (t.background or t.recent or t.since)), carry)
            continue
        _salient(mentions, story, capitals)
        said = attributions(lowered, lexicon, story)
        answered: set[str] = set()  # the claims of the sentence before that this one rejects ("rejected the claim")
        if denials(lowered, said):  # the districts it names, else those the sentence before told of
            named = {m.unit["unit_id"] for m in mentions if m.unit}
            answered = set() if named else {f["unit_id"] for f in told if f["claim"]}
            fighting = bool(FIGHTING.search(s.text))
            denied.update({u: denied.get(u, False) or fighting for u in named or {f["unit_id"] for f in told}})
        elif just_denied and FIGHTING.search(s.text):  # "... denied the fall of X. Fighting goes on there."
            denied.update(dict.fromkeys(just_denied, True))
        sentence_frames = frames(s.text, mentions, lexicon, found, story, said, headline=s.is_title)
        _contested_in_sentence(sentence_frames, lowered, denied)
        reported = _redated(reported, k, found, said, lowered, lexicon, sentence_frames)
        if warnings is not None and not sentence_frames:
            _ambiguous(text, name, s, mentions, warnings)
        just_denied = answered | {f.mention.unit["unit_id"] for f in sentence_frames if f.speaker == "denied"}
        new = [fact for fact in (_fact(f, s, section, name, lexicon, carry, told_day or (
            None if f.claim or len(days) != 1 else next(iter(days.values())))) for f in sentence_frames) if fact]
        for fact in new:  # the file's own text (a hard-wrapped paragraph was read with spaces for its line breaks)
            fact["quote"] = text[fact["start"]:fact["end"]]
        if new and s.heading and s.topic:
            new = _asserted(new, s.heading, lexicon)
        facts += new
        spoke = [f for f in new if not f["claim"] and len(f["date"]) == 10 and (
            f["time"] and f["time"].day and _spoken(f["time"], said)
            or not f["explicit"] and k - first <= 1 and f["kind"] in DECISIVE - {"hold"})]  # an undated lead's outcome
        reported = [(k, f) for f in spoke] or reported
        undated = _shifted(undated, k, new)
        if any(not f["explicit"] and len(f["date"]) == 10 for f in new):
            undated = [(k, f) for f in new]
        days.update((f["date"], f["time"]) for f in new if f["time"] and not f["time"].since and len(f["date"]) == 10)
        told = new or told
        unplaced.setdefault(s.paragraph, []).extend((t, s) for t in story.unplaced)
        carry = next((t for t in reversed(found) if t.value and not (t.background or t.recent or t.since)), carry)
    facts += _under_headings(parsed, facts, lexicon, section, name, unplaced)
    found = reconcile(facts, denied)
    article = Article(found, section.start, section.end)
    return [{**f, "features": features(f, article)} for f in found]


def _contested_in_sentence(found: list[Frame], lowered: str, denied: dict[str, bool]) -> None:
    """A claim its own sentence answers with fighting ("claimed X, but officials said fighting goes on") is denied
    with fighting there; a fall its sentence goes on to contest ("but the police chief said clashes were ongoing",
    "only the centres are held by the government", "except the police headquarters") is contested."""
    claimed = {f.mention.unit["unit_id"] for f in found if f.claim}
    if claimed and BUT_FIGHTING.search(lowered):
        denied.update(dict.fromkeys(claimed, True))
    for f in found:
        if f.status == "controlled" and not f.claim and (BUT_FIGHTING.search(lowered, f.trigger.end)
                                                         or HELD_IN_PART.search(lowered, f.trigger.end)
                                                         or HELD_EXCEPT.search(lowered)):
            f.status = "contested"


def _redated(reported: list[tuple[int, dict]], k: int, found: list[Time], said: list, lowered: str,
             lexicon: Lexicon, told: list[Frame]) -> list[tuple[int, dict]]:
    """Wire copy's lead gives the day officials spoke ("repelled an attack on X, officials said Tuesday"), a
    sentence after it the event's ("the attack began on Monday night"): that day, for the lead's facts, unless
    the sentence tells of another place or outcome. Returns the facts still waiting for a day: none once the story has
    retold their event."""
    reported = [(i, f) for i, f in reported if k - i <= LEAD_REACH]
    if not reported or not lexicon.any_event.search(lowered):
        return reported
    waiting = {(f["unit_id"], f["status"]) for _, f in reported}
    if any(f.mention.unit["unit_id"] not in {u for u, _ in waiting}
           or f.status != "contested" and (f.mention.unit["unit_id"], f.status) not in waiting for f in told):
        return []  # another place or outcome: the lead's day stands (the fighting before it may follow)
    own = [t for t in found if t.day and not t.background and not t.recent and not _spoken(t, said)]
    named = {f.mention.unit["unit_id"] for f in told}
    for t in sorted(own, key=lambda t: t.value, reverse=True):  # the latest day told that fits
        fits = [f for _, f in reported if 0 < _days(t.value, f["date"]) <= 2 and (not named or f["unit_id"] in named)
                and not (t.since and f["status"] != "contested")]  # "fought since Monday": no day of the fall
        for f in fits:
            f["date"], f["time"] = t.value, t
        if fits:
            return []
    return [] if any((f.mention.unit["unit_id"], f.status) in waiting for f in told) else reported


def _shifted(undated: list[tuple[int, dict]], k: int, new: list[dict]) -> list[tuple[int, dict]]:
    """A lead without a day ("retook X, a day after it fell") retold with one ("recaptured X late on June 26"):
    the lead's facts move by as many days (the fall to June 25). Returns the facts still waiting."""
    undated = [(i, f) for i, f in undated if k - i <= LEAD_REACH]
    for g in new:
        lead = [f for _, f in undated
                if (f["unit_id"], f["status"]) == (g["unit_id"], g["status"]) and not f["explicit"]]
        if g["explicit"] and len(g["date"]) == 10 and lead and -7 <= _days(lead[0]["date"], g["date"]) < 0:
            shift = _days(lead[0]["date"], g["date"])
            for _, f in undated:
                if len(f["date"]) == 10:
                    f["date"] = (Date.fromisoformat(f["date"]) + timedelta(days=shift)).isoformat()
            return []
    return undated


def _days(earlier: str, later: str) -> int:
    """Days from one ISO day to another."""
    return (Date.fromisoformat(later) - Date.fromisoformat(earlier)).days


def _spoken(t: Time, said: list) -> bool:
    """Whether a time dates a reporting verb ("said Tuesday", "told AFP on Sunday")."""
    return any(0 <= t.start - e <= 25 for _, e, _, _ in said)


def _asserted(facts: list[dict], heading: str, lexicon: Lexicon) -> list[dict]:
    """A list item's facts, its claims marked as asserted by its heading ("Provincial capitals captured by the
    Taliban"): confirmed, unless the story answers them (reconcile)."""
    event = heading_event(heading, lexicon)
    if event is None or STATUS[(event.kind, event.side)] != "controlled":
        return facts
    return [{**f, "asserted": True} if f["claim"] else f for f in facts]


def _under_headings(parsed: list[tuple[Sentence, list[Mention]]], facts: list[dict], lexicon: Lexicon,
                    section: Section, name: str, unplaced: dict[int, list]) -> list[dict]:
    """Dated list items whose places no event reached ("Aug. 12 - Herat: the third-largest city.", "June 21 -
    DASHT-E-ARCHI. A second Kunduz district falls."): the item's own event that names no place, else the event
    the heading over the list tells of them all ("Provincial capitals captured by the Taliban")."""
    told = {(f["paragraph"], f["unit_id"]) for f in facts}
    out = []
    for s, mentions in parsed:
        if not s.topic or not s.lead:
            continue
        heads = [m for m in mentions if m.unit and m.start < s.topic and (s.paragraph, m.unit["unit_id"]) not in told]
        own = [t for t, _ in unplaced.get(s.paragraph, []) if (t.kind, t.side) in STATUS]
        event = own[0] if own else heading_event(s.heading, lexicon) if s.heading else None
        if not heads or event is None:
            continue
        event.time = s.lead if not own else event.time
        out += [f for f in (_fact(Frame(m, event, STATUS[(event.kind, event.side)], time=s.lead), s, section, name, lexicon)
                            for m in heads) if f]
    return out


def _places(items: list[Sentence], places: Places) -> list[tuple[Sentence, list[Mention]]]:
    """Each sentence with its place mentions; the provinces named so far are the context of the next."""
    context: list[str] = []
    out = []
    for s in items:
        if s.dateline:
            province = places.province(s.dateline.title())
            if not province:
                hit = places.resolve(s.dateline.title())
                province = hit.province if hit.outcome == "found" else None
            context = ([province] if province else []) + [p for p in context if p != province]
        mentions, named = places.find(s.text, context, s.topic)
        if not s.title_case:
            context = named[::-1] + [p for p in context if p not in named]  # the last named first
        out.append((s, mentions))
    body = {m.unit["unit_id"] for s, mentions in out if not s.is_title for m in mentions if m.unit}
    named = with_country(DISTRICT_AFTER, places.lexicon)  # "X District"
    return [(s, [m for m in mentions if m.unit and (m.unit["unit_id"] in body or named.match(s.text, m.end))]
             if s.title_case else mentions) for s, mentions in out]  # Title Case: only names the story confirms


def _is_city(m: Mention, places: Places) -> bool:
    """A provincial capital: named as a city, as the capital of its province, or by a province's name."""
    unit = m.unit or {}
    return m.province_cue or m.anaphor == "province" or unit.get("method") == "capital" \
        or unit.get("district") in places.capitals.values()


def _resolve_anaphors(parsed: list[tuple[Sentence, list[Mention]]], places: Places) -> None:
    """Resolve "the district"/"the city" first, then "it" (which may point at one of them)."""
    _resolve(parsed, places, it=False)
    _resolve(parsed, places, it=True)


def _resolve(parsed: list[tuple[Sentence, list[Mention]]], places: Places, it: bool) -> None:
    """Give "the district", "the city" and "it" the district meant (a city for "the city"): the last one named
    before it in its paragraph, else the last one in the paragraph before, else the next one named in its
    paragraph ("it": only in this or the sentence before)."""
    named = [(i, s.paragraph, m if m.unit else Mention(m.start, m.end, m.text, m.city, anaphor="province") if m.city
              else Mention(m.start, m.end, m.text, m.named, anaphor="named"))  # "the Yamgan district office"
             for i, (s, mentions) in enumerate(parsed) for m in mentions if m.unit or m.city or m.named]
    as_city = {id(x) for j, _, x in named if _is_city(x, places) or CITY_AFTER.match(parsed[j][0].text, x.end)}
    for i, (s, mentions) in enumerate(parsed):
        for m in mentions:
            if not m.anaphor or m.unit or (m.anaphor == "it") != it:
                continue
            near = [(j, p, x) for j, p, x in named if abs(i - j) <= BACK
                    and (x.anaphor != "named" or m.anaphor == "district")  # "the X district office": "the district" only
                    and (_is_city(x, places) if m.anaphor == "city" else x.anaphor != "province"
                         and not ("district" in m.text.lower() and id(x) in as_city))]  # "X district near Y city"
            back = [x for j, p, x in near if p == s.paragraph and (j < i or j == i and x.start < m.start)][-1:]
            if m.anaphor == "it":  # not a place the text only locates by ("near the capital of X")
                options = [x for j, p, x in near if i - 1 <= j <= i and (j < i or x.start < m.start)
                           and not OUTSIDE.search(parsed[j][0].text[max(0, x.start - 30):x.start].lower())][-1:]
            else:
                ahead = [x for j, p, x in near if (p == s.paragraph or m.text.lower() == "the district")
                         and (j > i and j - i <= AHEAD or j == i and x.start > m.start)]
                # "After the fall of its base in the district, X collapsed": the X named after the intro's comma
                cataphor = [x for x in ahead[:1] if x in mentions and INTRO_THEN.fullmatch(s.text, m.end, x.start)]
                options = (back or cataphor or [x for j, p, x in near if p == s.paragraph - 1 and j < i][-1:]
                           or _capital_of_context(m, s, places, s.text[:m.start])  # "P officials gave up the capital"
                           or ahead[:1] or _capital_of_context(m, s, places, s.text[:m.end + 80]))
            if options:
                m.unit = {**options[0].unit, "method": "anaphor"}
                m.text = f"{m.text} ({options[0].text})"
                later = options[0] in mentions and options[0].start > m.end
                m.far = not back and m.anaphor != "it" and (
                    not any(x is options[0] for j, _, x in near if j == i)  # "The district fell just days after Y
                    or later and m.start <= 4 and bool(places.lexicon.any_event.search(s.text.lower(), m.end,
                                                                                       options[0].start)))  # fell"


def _capital_of_context(m: Mention, s: Sentence, places: Places, text: str) -> list[Mention]:
    """"The provincial capital" with no city named near: the capital of the province ``text`` (the sentence, or
    its part before the anaphor) names."""
    if m.anaphor != "city" or "capital" not in m.text.lower() or s.text[:m.start].rstrip().endswith(","):
        return []
    for province in places.provinces_in(text):
        hit = places.resolve(places.capitals.get(province, ""), province, fuzzy=False)
        if hit.outcome == "found":
            return [Mention(m.start, m.end, f"capital of {province}", {**_record(hit), "method": "capital"})]
    return []


def _salient(mentions: list[Mention], story: Story, capitals: set[str]) -> None:
    """"The district" with no district named before it in its paragraph or after it in its sentence: the story's
    last event's district, when the story has told of one (else the next district named, as resolved before);
    "the city" likewise when that district is a provincial capital."""
    for m in mentions:
        if m.far and story.target and (m.anaphor != "city" or story.target.get("method") in ("capital", "city")
                                       or story.target["district"] in capitals):
            m.unit = {**story.target, "method": "anaphor"}
            m.text = f"{m.text.split(' (')[0]} ({story.target['district']})"  # the notes name the district taken


def _ambiguous(text: str, name: str, s: Sentence, mentions: list[Mention], warnings: list[Problem]) -> None:
    if not any(m.ambiguous and not m.unit for m in mentions):
        return
    line = text.count("\n", 0, s.offset) + 1
    for m in mentions:
        if m.ambiguous and not m.unit:
            where = ", ".join(c["province"] for c in m.ambiguous)
            warnings.append(Problem(name, line, "ambiguous place: no report made", value=f"{m.text} ({where})",
                                    hint="add the report by hand with its province", severity="warning"))


def _fact(f: Frame, s: Sentence, section: Section, name: str, lexicon: Lexicon, carry: Time | None = None,
          told_day: Time | None = None) -> dict | None:
    """A report (with the features reconcile() and the confidence need) from a frame, or None (background)."""
    if f.claim and f.status != "controlled":
        return None  # the insurgents' word on fighting or losses is no report
    t = f.time or f.trigger.time
    if t is not None and t.background and not (f.trigger.kind == "hold" and t.since and t.start > f.trigger.end):
        return None  # background, except a hold that lasts: "has held it since 2015"
    if t is not None and t.since and len(t.value or "") == 10 and f.trigger.kind in DECISIVE - {"hold"}:
        t = None  # "have fallen since Thursday": on some day since then; "fighting since Thursday": that day
    if t is not None and t.recent and f.trigger.kind in DECISIVE - {"hold"} \
            and not (f.partial and f.trigger.kind == "capture"):
        return None  # "seized in recent days": no day; "seized 70 villages this week": fighting there now
    explicit = t is not None and t.value is not None and not t.recent and not (s.lead and len(t.value) < 10)
    if t is None and SEPARATE.search(s.text):
        carry = told_day = None  # "in a separate statement, the ministry said it had retaken X": the statement's day
    lowered = s.text.lower()
    told = told_day if t is None and f.trigger.kind in DECISIVE and not LIST_INTRO.search(lowered) \
        and not PERFECT.search(lowered, 0, f.trigger.start) else None  # "have already seized": a summary
    given = t if explicit else carry if t is None and carry else s.lead or told
    when = given.value if given else section.date.isoformat()
    explicit = given is not None
    clause = EARLIER_CLAUSE.search(s.text, 0, f.trigger.start)
    after = DAYS_AFTER.search(s.text, 0, f.trigger.start)
    if clause and not after and (t is None or t.end <= clause.start()):
        return None  # "retook X on Aug. 11 after it fell to the Taliban": the fall came before, undated
    vague = VAGUE_AFTER.search(s.text, 0, f.trigger.start)
    if vague and vague.end() <= f.mention.start and (t is None or t.end <= vague.start()):
        return None  # "the district fell just days after Y was overrun": Y's fall came before, undated
    if after and len(when) == 10 and (t is None or t.end <= after.start()):  # "fell a day after they overran X"
        days = day_count(after.group(1)) * (7 if after.group(2).lower() == "week" else 1)
        when = (Date.fromisoformat(when) - timedelta(days=days)).isoformat()
    lasted = DAYS_OF.match(s.text, f.trigger.end)  # "fell on July 25, but forces retook it after two days of fighting"
    if lasted and len(when) == 10 and t is not None and t.end <= f.trigger.start \
            and re.search(r"\b(?:but|and|then|before)\b", s.text[t.end:f.trigger.start]):
        when = (Date.fromisoformat(when) + timedelta(days=day_count(lasted.group(1)))).isoformat()
    lead = len(s.text) - len(s.text.lstrip())
    unit = f.mention.unit
    return {
        "date": when, "district": unit.get("part") or unit["district"], "province": unit["province"],
        "unit_id": unit["unit_id"], "part_of": unit["district"] if unit.get("part") else "",
        "status": "unconfirmed" if f.claim else f.status, "quote": s.text.strip(),
        "start": s.offset + lead, "end": s.offset + len(s.text.rstrip()), "source": _source(name, section),
        "url": "", "claimed_by": lexicon.claimant if f.claim and f.speaker != "denied" else "", "mention": f.mention.text,
        "kind": f.trigger.kind, "explicit": explicit, "time": given, "dated_here": given is t, "claim": f.claim,
        "speaker": f.speaker, "method": unit.get("method", ""), "partial": f.partial, "inherited": section.inherited,
        "paragraph": s.paragraph, "pos": s.offset + f.mention.start, "title": s.is_title,
    }


def reconcile(facts: list[dict], denied: dict[str, bool]) -> list[dict]:
    """The story read as a whole (see the module's docstring); one report per district, status and date.

    ``denied``: the districts an official denial names, and whether it tells of fighting there: then what was
    said to have fallen is `contested`.
    """
    by_unit: dict[str, list[dict]] = {}
    for f in facts:
        if denied.get(f["unit_id"]) and f["status"] in ("controlled", "unconfirmed"):
            f = {**f, "status": "contested", "claim": False, "claimed_by": "", "denied": True}
        by_unit.setdefault(f["unit_id"], []).append(f)
    out = []
    for unit, group in by_unit.items():
        body = [f for f in group if not f["title"]]  # the title counts where the story says nothing, or only claims,
        if any(not f["claim"] for f in body):  # or only fighting where it tells the outcome ("Attack On X Repelled")
            told = any(f["status"] in OUTCOMES and not f["claim"] for f in body)
            group = body + [f for f in group if f["title"] and not told and f["status"] in OUTCOMES and not f["claim"]]
        confirmed = {(f["date"], f["status"]) for f in group if not f["claim"]}
        claims = [f for f in group if f["claim"] or f.get("denied")]
        outcome = any(not f["claim"] and f["status"] in OUTCOMES  # "it remains in government hands" answers claims
                      and not (f["kind"] == "hold" and f["status"] == "government") for f in group)
        kept = []
        for f in group:
            fighting = (f["date"], "contested") in confirmed
            answered = unit in denied or any(g["status"] == "contested" and g["date"] == f["date"] and g["pos"] > f["pos"]
                                             for g in group)
            decided = (f["date"], "controlled") in confirmed or (f["date"], "government") in confirmed \
                or f["claim"] and not f["explicit"] and any(  # an undated claim the outcome told days before answers
                    _within(g["date"], f["date"], 2) for g in group
                    if not g["claim"] and g["status"] in OUTCOMES)
            if f["claim"] and (decided or answered and fighting or outcome):
                continue  # the story tells the outcome of that day, answers the claim with fighting there, or tells
                # an outcome there in its own words (on another day): the confirmed status only
            if claims and not f["claim"] and f["kind"] == "hold" and f["status"] == "government":
                continue  # "it remains in government hands" answers the claim: no report of its own
            if f["claim"] and f.get("asserted"):
                f = {**f, "status": "controlled", "claim": False, "claimed_by": ""}
            kept.append(f)
        days = {(f["status"], f["date"][:7]) for f in kept if len(f["date"]) == 10}
        kept = [f for f in kept if len(f["date"]) == 10 or (f["status"], f["date"]) not in days]  # the day beats its month
        kept = [f for f in kept if not _told_days_before(f, kept)]
        outcomes = {f["date"] for f in kept if f["status"] in OUTCOMES}
        told_outcome = {f["start"]: f["date"] for f in kept if f["status"] in OUTCOMES}
        kept = [f for f in kept if f["status"] != "contested" or not (  # "attacked X on Friday until they took it Monday"
            _decided_soon(f["date"], outcomes) or told_outcome.get(f["start"], "") > f["date"])]
        explicit = {(f["status"]) for f in kept if f["explicit"]}
        decided = any(f["explicit"] and f["status"] in OUTCOMES for f in kept)
        seen = set()
        for f in sorted(kept, key=lambda f: (not f["explicit"], f["start"])):
            if f["status"] == "contested" and f["date"] in outcomes:
                continue  # an outcome that day supersedes the fighting
            if not f["explicit"] and (f["status"] in explicit or f["status"] == "contested" and decided):
                continue  # the same report with a date of its own is told elsewhere
            key = (f["date"], f["status"])
            if key not in seen:
                seen.add(key)
                out.append(f)
    return sorted(out, key=lambda f: f["start"])


def _told_days_before(f: dict, kept: list[dict]) -> bool:
    """Whether the same outcome is told for the place a day or two before, and nothing else between: one change
    of control dated twice ("fell on Monday", "officials confirmed the fall on Tuesday"); its first day counts."""
    if f["status"] not in OUTCOMES:
        return False
    return any(g["status"] == f["status"] and g["date"] != f["date"] and _within(g["date"], f["date"], 2)
               and not any(h["status"] != f["status"] and g["date"] <= h["date"] <= f["date"] for h in kept)
               for g in kept)


def _decided_soon(day: str, outcomes: set[str]) -> bool:
    """Whether the story tells an outcome for the place within two days after the fighting of ``day``."""
    return any(_within(day, o, 2) and o != day for o in outcomes)


def _within(earlier: str, later: str, days: int) -> bool:
    """Whether two ISO days are in order and at most ``days`` apart."""
    return len(earlier) == len(later) == 10 and 0 <= _days(earlier, later) <= days


def _public(f: dict, weights: dict[str, float]) -> dict:
    notes = [f"from {f['mention']!r} ({f['kind']})"]
    if f["inherited"]:
        notes.append("no date of its own: the previous article's")
    if not f["explicit"]:
        notes.append("dated by the article")
    elif f["time"] is not None and f["time"].phrase:
        words = " ".join(f["time"].phrase.split())
        notes.append(f"dated by {words!r}" + ("" if f["dated_here"] else " (in another sentence)"))
    if f["part_of"]:
        notes.append(f"{f['district']} is part of {f['part_of']} in this boundary file")
    return {**{k: f[k] for k in ("date", "district", "province", "unit_id", "status", "quote", "start", "end",
                                 "source", "url", "claimed_by")},
            "confidence": confidence(f["features"], weights), "notes": "; ".join(notes) + "; check before use"}


def extract_file(path: str | Path, gazetteer: Gazetteer, scheme: Scheme | None = None, published: Date | None = None,
                 capitals: dict[str, str] | None = None, warnings: list[Problem] | None = None) -> list[dict]:
    """Candidate reports from one article file (InputError if it cannot be read or has no date)."""
    return _in_scheme(extract_text(read_text(path), str(path), gazetteer, published, capitals, warnings), scheme)


def extract_files(paths, gazetteer: Gazetteer, scheme: Scheme | None = None, published: Date | None = None,
                  capitals: dict[str, str] | None = None, lexicon: Lexicon | None = None,
                  jobs: int = 1) -> tuple[list[dict], list[Problem]]:
    """(candidates, problems) from every file: a file that fails is a problem, the others still count.

    Problems with ``severity == "error"`` are files that gave nothing (binary, empty, not UTF-8, no date);
    warnings are undated files without reports and ambiguous mentions. ``jobs`` > 1: see extract_each.
    """
    each = extract_each(paths, gazetteer, scheme, published, capitals, lexicon, jobs)
    return [c for found, _ in each for c in found], [p for _, problems in each for p in problems]


def extract_each(paths, gazetteer: Gazetteer, scheme: Scheme | None = None, published: Date | None = None,
                 capitals: dict[str, str] | None = None, lexicon: Lexicon | None = None,
                 jobs: int = 1) -> list[tuple[list[dict], list[Problem]]]:
    """(candidates, problems) of each file, in their order; ``jobs`` > 1 reads them in as many processes (the
    same answers, in less time on a machine with the cores)."""
    paths = [Path(p) for p in paths]
    setting = (gazetteer, scheme, published, capitals, lexicon or load_lexicon())
    if jobs <= 1 or len(paths) < 2:
        return _each(paths, setting)
    from concurrent.futures import ProcessPoolExecutor
    from itertools import repeat

    size = -(-len(paths) // (jobs * 4))  # a few parts per process: a slow part does not hold up the rest
    parts = [paths[k:k + size] for k in range(0, len(paths), size)]
    with ProcessPoolExecutor(min(jobs, len(parts))) as pool:
        return [result for part in pool.map(_each, parts, repeat(setting)) for result in part]


def _each(paths: list[Path], setting: tuple) -> list[tuple[list[dict], list[Problem]]]:
    """extract_each in this process."""
    gazetteer, scheme, published, capitals, lexicon = setting
    places = Places(gazetteer, lexicon, capitals)
    out = []
    for path in paths:
        warnings: list[Problem] = []
        try:
            found = extract_text(read_text(path), str(path), gazetteer, published, capitals, warnings, places)
            out.append((_in_scheme(found, scheme), warnings))
        except InputError as exc:
            out.append(([], exc.problems + warnings))
    return out


def _in_scheme(found: list[dict], scheme: Scheme | None) -> list[dict]:
    """The candidates whose status the scheme has (all without one)."""
    return [c for c in found if scheme is None or c["status"] in scheme.codes]
