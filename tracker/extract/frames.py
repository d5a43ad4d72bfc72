"""Who did what to which district, and who says so: event frames in one sentence.

Each event phrase of the lexicon (capture, withdraw, recapture, repel, clear, hold, attack, fight) gets:

- its actor's side: the phrase's own agent ("fell to the Taliban", "was retaken by Afghan forces",
  "Taliban-held"), else the nearest actor before it in its clause ("the Taliban regained control of ..."), else
  "they"/"we" from the story, else the kind's default (a district that "fell" fell to the insurgents);
- whether it is void: negated ("did not fall") or only wanted, feared or attempted ("tried to capture");
- its places: districts after it (its objects, a whole list) or before it (the subject of "fell", "was
  overrun"); a village, checkpoint or part of a district makes a capture `contested`; "near X" is no place;
- its time: the nearest time expression in its clause, else the list item's, else the section's date.

A place takes the most decisive event that reaches it (an outcome over an attack). The status follows
from kind and side (STATUS). Who says so: a reporting verb's speaker ("a Taliban spokesman said", "officials
said", "according to ...") makes the event a claim when the speaker is the insurgents' and nobody in the
sentence confirms it; an official denial marks the districts it names as denied.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .dates import Time
from .lexicon import Lexicon, cued, outlets_in, stems_in, with_country
from .places import Mention

STATUS = {
    ("capture", "insurgent"): "controlled", ("capture", "government"): "government",
    ("recapture", "insurgent"): "controlled", ("recapture", "government"): "government",
    ("withdraw", "government"): "controlled", ("withdraw", "insurgent"): "government",
    ("repel", "government"): "government", ("repel", "insurgent"): "controlled",
    ("clear", "government"): "government", ("clear", "insurgent"): "controlled",
    ("hold", "insurgent"): "controlled", ("hold", "government"): "government",
}
DEFAULT_SIDE = {"capture": "insurgent", "withdraw": "government", "recapture": "government", "repel": "government",
                "clear": "government", "hold": None}
DECISIVE = frozenset(DEFAULT_SIDE)

STEM_REACH = 120  # the most characters an event phrase starts before its first stem (40 in the corpus)
WEAK_SPEAKER = r"(?:the )?(?:{insurgents}|police|army)"  # a speaker only beside the verb (with_country())
PRONOUN = re.compile(r"(?<![\w-])(?:they|we|our (?:forces|fighters|mujahideen|mujahidin|men|troops)|"
                     r"(?:its|their) (?:own )?(?:forces|fighters|troops|men|militants))(?![\w-])")
AGENT_BY = re.compile(r"^\s*(?:\w+\s+){0,3}?by\s+(?:the\s+)?")
BY_THEN_IN = re.compile(r"\s+(?:by\s+([\w\s'’-]{1,40}?)\s+)?in\s+(?:the\s+)?")
PARTICIPLE_WORD = re.compile(r"^[\w-]+(?:ed|en|un)\b")  # "cleared", "retaken", "overrun"
HEADLINE_PASSIVE = re.compile(r"\s*(?:$|[,;:.]|(?:by|of|from|to|after|in|on|as)\b)")
COMMA_THEN = re.compile(r",\s*$")
SPEAKER_NEXT = re.compile(r"\s+(?:(?:the|a|an)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+\s*(?:[,.]|$)|"
                          r"(?!(?:on|in|at|late|early|this|last)\b)[\w'’-]+\s+[\w'’-]+,)")  # "said the
# spokesman.", "said Ghulam Rabbani, the police chief": the speaker after the verb ends the sentence
AGENT_TO = re.compile(r"^\s*(?:back\s+)?(?:in)?to\s+(?:the\s+)?")
INSIDE_GOVERNMENT = r"\b(?:government|state|{adjectives}|{capital}|official|army|security)\b"
PARTIAL = re.compile(r"\b(?:villages?|valleys?|half|checkpoints?|check ?posts?|posts?|outposts?|bases?|areas?|parts?|"
                     r"positions?|hills?|heights|belt|outskirts|suburbs?|neighbou?rhoods?|bazaars?|markets?|highways?|roads?|bridges?|"
                     r"dams?|airports?|crossings?|prisons?|jails?|police stations?|much of|most of|"
                     r"\d+\s?(?:percent|per cent|%) of|swathes?|(?<!government )buildings?|"
                     r"(?:some|several|a few|two|three|four|\d+) government buildings|"
                     r"portions?|sections?|regions?|stretch(?:es)?|(?:recruitment|training|military|army|intelligence|health|"
                     r"detention|command) (?:cent(?:re|er)s?|offices?|compounds?))\b")
ASIDE = re.compile(r"\s*\([^()@]*\)")  # "(a terrorist group banned in Russia)", "(ANDSF)"
PART_AFTER = re.compile(r"(?i)\s+(?:district\s+)?(?:bazaar|market)\b|['’]s?\s+(?:(?:main|open|central|local|key|two|three|"
                        r"several|some|many|outlying|remote)\s+)?(?:bazaars?|markets?|villages?|check ?posts?|checkpoints?|"
                        r"outposts?|outskirts|suburbs?|areas?|parts?)\b")  # "X district bazaar", "the district's market"
OUTSIDE = re.compile(r"\b(?:near|nearby|outside|close to|on the road to|toward|towards|en route to|road to|way to|"
                     r"headed for|bound for|along|entrances? to|gates? (?:of|to)|approach(?:es)? to|"
                     r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)? of|around(?!\s+\d)|"
                     r"away from)\b|(?:\b|(?<=\d))(?:kilometers|kilometres|km|miles) (?:from|of)\b")
VIOLENCE_ONLY = re.compile(r"\b(?:ceasefire|cease-fire|truce|celebrat\w*|trapped|hostages?|building|suicide|bomb(?:s|ing|ings|er|ers)?|blasts?|explosions?|air ?strikes?|strikes?|air raids?|drone|"
                           r"shelling|bombard\w*|"
                           r"rockets?|mortars?|ieds?|landmines?|mines?|ambush(?:ed|es)?|raids?|hideouts?|assassinat\w*|"
                           r"kidnap\w*|gunmen|convoy|motorcycle|sticky)\b")
GAP_BLOCK = re.compile(r"\b(?:said|says|say|told|claimed|claims|according|added|after|before|while|when|which|who|whom|"
                       r"will|would|could|might|allows?|allowing|threat\w*|"
                       r"whose|where|because|since|although|though|but|from|by|than|if|until|unless|whether|that|"
                       r"except|excluding|apart|besides|save|instead|beyond|"
                       r"killed|wounded|injured|arrested|fled|with)\b")
SUBJECT_GAP = re.compile(r"^(?:\s|,|@|-|—|–|[“”\"]|\b(?:and|or|district|districts|city|town|cent(?:re|er)s?|headquarters|"
                         r"administrative|also|reportedly|finally|eventually|completely|fully|entirely|already|now|"
                         r"still|has|have|had|is|are|was|were|been|remains?|remained|the|of|a|an|itself|too|briefly|"
                         r"effectively|quickly|soon|largely|practically|virtually|almost|in|province|provinces|"
                         r"became|become|becomes|becoming|all|both|each|either)\b)*$")
LIST_GAP = re.compile(r"(?:\s+(?:districts?|district cent(?:re|er)s?))?(?:\s+(?:in|of)\s+(?:the\s+)?@(?:\s+provinces?)?)?"
                      r"\s*(?:[,;]\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?(?:cent(?:re|er)s? of\s+)?"
                      r"(?:[\w'’@-]+(?:\s+[\w'’@-]+){0,3}\s+(?:areas?|villages?|checkpoints?|posts?|outposts?|parts?|"
                      r"bazaar|market)\s+(?:in|of)\s+(?:the\s+)?)?")  # "..., and Shor area in X district"
REPELLED_ATTACK = re.compile(r"\b(?:an?|the|several|multiple|two|three|repeated|\w+ed)?\s*(?:\w+\s+)?(?:attacks?|assaults?|"
                             r"offensives?)(?:\s+by\s+(?:the\s+)?\w+)?\s+(?=(?:on|in|against)\b)")
REPELLED_FROM = re.compile(r"^\s*(?:them|(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)\s+(?:out\s+)?(?:of|from)\s+")  # "expelled IS from"
LIGHT_WORDS = frozenset("the a an of and its their his her district districts centre center centres centers city town "
                        "headquarters capital provincial main key strategic entire whole full control".split())
THINGS = re.compile(r"\b(?:weapons|arms|ammunition|vehicles|humvees|tanks|equipment|supplies|prisoners|hostages|"
                    r"soldiers|people|civilians|bodies|money|documents|goods|trucks)\b")  # what is seized in a place
APPOSITIVE = re.compile(r",\s[^,;]{1,80}?,\s|\s(?:--|—|–)\s[^;]{1,80}?\s(?:--|—|–)\s")
PLURAL_BEFORE = re.compile(r"\b(?:they|these|those|both|all|each|the \w+ districts|\w+ districts|districts|cities|capitals)\b"
                           r"(?:,[\w\s]{1,40},)?(?:\s+(?:all|both|have|had|also|each|were|are))*\s*$")
ONE_BEFORE = re.compile(r"\b(?:a|another|one)\s+(?:[\w-]+\s+){0,2}(?:district|district cent(?:re|er)|city|town)"
                        r"(?:\s+(?:in|of)\s+[\w\s@'’-]{0,40}?province)?(?:\s+(?:also|has|had|was|have|then))*\s*$")
ONE_AFTER = re.compile(r"^\s*(?:a|another|one)\s+(?:[\w-]+\s+){0,3}(?:district|district cent(?:re|er)|city|town)\b")
PLURAL_AFTER = re.compile(r"^\s*(?:them|these|those|both|all|(?:the\s+)?(?:[\w-]+\s+){0,4}(?:districts|cities|capitals|district cent(?:re|er)s))\b")
IN_PART = re.compile(r"\b(?:in part|partly|partially)\b")
SINCE_CLAUSE = re.compile(r"\b(?:since|when|after|before|as)\s+(?:the\s+)?(?:they|it|we|he|she|\w+s)\s+\w+(?:ed|ing)?\b|"
                          r"\b(?:since|after|before)\s+\w+ing\b")  # "..., before taking Khanishin last week"
QUOTE_START = re.compile(r"\s*[“\"]")
PEACE = re.compile(r"\b(?:ceasefire|cease-fire|truce|celebrat\w*|welcom\w*|eid|"
                   r"(?:stoppage|halt|pause|cessation) (?:in|of) (?:hostilities|fighting))\b")
MODIFIER_AFTER = re.compile(r"\s+(?:hq|headquarters?|stations?|chiefs?|posts?|checkpoints?|buildings?|compounds?|"
                            r"corps|commanders?|spokes(?:man|woman|person)|officials?|bases?|barracks|personnel|units?)\b")
AGAINST = re.compile(r"\b(?:against|targeting)\s+(?:the\s+)?$")
PASSIVE_REPEL = re.compile(r"(?:(?:was|were|been) (?:\w+ )?)?"  # "Taliban driven out of X"
                           r"(?:driven|pushed|forced|beaten|flushed|expelled|repelled|repulsed|evicted)\b")
REPORTED = r"(?:\s+(?:the|any|media|social|news|{insurgents}|reports?|claims?|rumou?rs?|that|of|about|on))+\b"
PLAIN_NEGATION = re.compile(r"\b(?:not|no|never|n't|nor|neither|without)\b")
ATTACKS_TO = re.compile(r"\b(?:attack(?:s|ed|ing)?|assault(?:s|ed)?|offensives?|push(?:ed)?)\b[^.;]{0,60}\bto\s+$")
FAILED_BEFORE = re.compile(r"\b(?:failed|unsuccessful|foiled|thwarted|abortive) "
                           r"(?:attempt|bid|effort|push|offensive)s? to\s+$")
HURT = re.compile(r"\b(?:killed|wounded|injured)\b")
FAILED_AFTER = re.compile(r"[^.;]{0,160}?\bbut\b[^.;]{0,80}?\b(?:failed|repuls\w*|repell\w*|pushed back|beaten back|"
                          r"defeated|foiled|thwarted|(?:were|was) (?:forced|driven) back|had to retreat)\b|"
                          r"[^.;,]{0,60}?\b(?:has|have|had) been (?:foiled|thwarted|repulsed|repelled|defeated)\b|"
                          r"[^.;,]{0,60}?\b(?:was|were) (?:foiled|thwarted)\b")  # "the bid to overrun X has been foiled"
RETRACTED = re.compile(r"\b(?:an earlier|a previous|the original|an initial) (?:version|report|story)\b|"
                       r"\b(?:incorrectly|wrongly|erroneously|mistakenly)\b|^\s*correction\b")
RETRACTED_CUES = ("earlier ", "previous ", "original ", "initial ", "correct", "wrongly", "erroneously", "mistakenly")
LIST_COLON = re.compile(r"(?i)\b(?:districts|capitals|cities|centres|centers|towns|following|follows|namely|include[sd]?|"
                        r"including)\s*:")
DESTINATION = re.compile(r"(?:^|\s)(?:(?:back|out|away|safely|further)\s+)?(?:to|into|toward|towards|"
                         r"(?:and\s+)?(?:reached|reaching|moved to|went to|headed to|relocated to))\b")
CITY_PART = re.compile(r"\b(?:police|provincial|governor['’]?s?|intelligence|army)\s+(?:headquarters|compound|building|office)")
FOR_CONTROL = re.compile(r"\b(?:for|over)\s+(?:the\s+)?$")
FEARED_AFTER = re.compile(r"[^,;.]{0,40}?\b(?:is|are|was|were|seems|seemed)\s+(?:now\s+|widely\s+)?(?:feared|expected|"
                          r"possible|likely|imminent|looming|planned|anticipated|predicted)\b")
FALL_OF_TO = re.compile(r"[^,;.]{0,40}?\bto\s+(?:the\s+)?")
PARTICIPLE = re.compile(r"\b(?:before|after|while|since)\s+$")
OBJECT_VERB = re.compile(r"\s+(?:\w+ly\s+)?\w+(?:ed|ought|ove|eat|ook)(?:\s+(?:back|out|off))?\s+(?:the\s+)?"
                         r"(?:(?:dozens|scores|hundreds|several|many|\d+)\s+(?:of\s+)?)?")
OBJECT_OF = re.compile(r"\b(?:fighting|fought|fight|battling|against|forcing|forced)\s+(?:the\s+)?$")
FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}(?:of\s+)?$")  # "fighters from the strongholds of"
LISTED = re.compile(r"[\s@,]*(?:(?:and|or|the|of|in|districts?|provinces?|city|cities|as well as)\b[\s@,]*)*")
IN_RELATIVE = re.compile(r",\s*(?:which|who|where)\b[^,;]*$")
HAD = re.compile(r"\bhad\b")
CIVILIAN = r"\b(?:families|residents|civilians|villagers|people|locals|households|inhabitants)\b"
CIVILIANS = re.compile(CIVILIAN + rf"(?![^,;]*{CIVILIAN})")  # the last of them before a verb
PLUPERFECT = re.compile(r"\bhad\s+(?:been\s+)?(?:\w+ly\s+|already\s+|also\s+)?$")
THIS_WEEK = re.compile(r"(?:earlier )?this week|today")
AND_VERB = re.compile(r",?\s+and\s+(?:then\s+)?\w+ed\b")
CITY_OF = re.compile(r"(?:the\s+)?(?:\w+ern\s+)?(?:city|town)\s+of\s+$")  # "a town near the northern city of X"
WORD_NEXT = re.compile(r"\s+[a-z]")
FALL_NOUN = re.compile(r"(?:the )?(?:fall|collapse|loss) of")
THEN_AND = re.compile(r"\band\s+(?:then\s+|later\s+|also\s+|\w+ly\s+)?$")
HABITUAL = re.compile(r"\b(?:sporadic|occasional|frequent|regular|routine|(?:string|series|spate) of)\s+(?:\w+\s+)?$")
NAMED_IN = re.compile(r"\b(?!The\b)[A-Z][\w'’-]+\s+(?:in|of)\s+(?:the\s+)?$")  # a place the gazetteer does not know
NAMED_PART = re.compile(r"\b(?!The\b|This\b|That\b|Its\b)[A-Z][\w'’-]+\s+(?:town|village|area|valley)\s+of\s+(?:the\s+)?$")
NEW_CLAUSE = re.compile(r",[^,]*\b(?:have|has|had|are|is|was|were|will|would)\b")  # "..., the Taliban have tightened"
CLAIMS_OF = re.compile(r"\bclaims? (?:of|to have)\s+$")
MODAL = re.compile(r"\b(?:can|could|would|will|might|(?<!in )(?<!early )(?<!late )(?<!since )may(?! \d))\b")  # no month
NOUN_TRIGGER = re.compile(r"(?:(?:the|a|an|its|their) )?"  # "a fall of X could be prevented"
                          r"(?:fall|collapse|capture|seizure|takeover|loss|recapture|surrender)\b")
MODAL_AFTER = re.compile(r"[^,;.]{0,50}?" + MODAL.pattern)
FINITE = re.compile(r"(?:was|were|has|had|is)\b")
RELATIVE = re.compile(r"\s*,\s*(?:which|that)\s+(?:(?:had|has|have|was|were|is|been|briefly|also|only|just|the|\w+s?)\s+){0,3}$")
BARE_RELATIVE = re.compile(r"\s+(?:district\s+)?(?:that|which)\s+(?:(?:had|has|have|was|were|is|been)\s+){0,2}$")
# "X district that was occupied ... was retaken", "X district which had fallen ... was recaptured"
APPOSITION = re.compile(r"\s*,\s*(?:the|a|an|its|one of the)\s+[^,;]{0,60}")
LIST_DASH = re.compile(r"(?i)\b(?:districts|capitals|cities|centres|centers|towns)\b[^.;:—–]{0,60}?\s[—–]\s")
PRONOUN_SPEAKER = re.compile(r"\b(?:he|she|they|the spokes(?:man|woman|person))\s+(?:\w+\s+)?$")
AFTER_QUOTE = re.compile(r"[,”\"']\s*$")
QUOTE_MARK = re.compile(r"[”\"]")
OUR = re.compile(r"\bour\b")
THEIR = re.compile(r"\b(?:their|its)\b")
FELL_TO = re.compile(r"fell|fallen|falls?\b|surrendered|came under|come under|handed")
SCOPE_END = re.compile(r"\b(?:and|but|said|says|saying|adding|added)\b|[,;]")  # a negation's scope ends there
NOT_ONLY = re.compile(r"\bnot only\b")
TO_END = re.compile(r"\bto\s+$")
CONDITION = re.compile(r"\b(?:if|unless|whether)\b")
CONDITION_CUES = ("if", "unless", "whether")
FIGHT_BLOCK = re.compile(r"\b(?:said|says|told|claimed|after|before|which|who|where)\b")
GAP_WORD = re.compile(r"[\w'-]+")
SUBJECT_IN = re.compile(r"^\s*(?:districts?\s+|city\s+)?(?:of|in)\s+(?:the\s+)?[\w@'’ -]{0,60}"
                        r"(?:province,\s+[a-z]+(?:\s+(?:has|have|had|was|were|is|are|been|\w+ly))*\s*)?$")  # ", Afghanistan"
SUBJECT_WHEN = re.compile(r"\b(?:on|late|early) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
                          r"\b(?:overnight|yesterday|today|last night)\b")
LIST_INTRO = re.compile(r"\b(?:include[ds]?|including|namely|among them|among which|as follows)\b|"
                        r"\b(?:they|these|those|the (?:\w+ )?(?:districts|cities|capitals))\s+(?:are|were)\b")


@dataclass(slots=True)
class Trigger:
    """One event phrase at [start, end) of a sentence."""

    kind: str
    takes: str
    agent: str
    start: int
    end: int
    text: str
    side: str | None = None
    void: bool = False
    time: Time | None = None
    tail: str = ""  # the words after it (its object)
    denied: bool = False  # what a denial is about: "rejected reports that X fell"


@dataclass(slots=True)
class Frame:
    """A district in an event: its status, the event's time and who says so."""

    mention: Mention
    trigger: Trigger
    status: str
    claim: bool = False
    speaker: str = ""  # "insurgent" | "official" | "" (the reporter)
    partial: bool = False
    notes: list[str] = field(default_factory=list)
    time: Time | None = None  # the event's time for this place (else the event's own)


@dataclass(slots=True)
class Story:
    """What carries over between the sentences of a story: the last actor and speaker, and a list of
    districts or an event about "the districts" waiting for the other half ("Nine districts fell. They
    are A, B and C.")."""

    actor: str | None = None
    speaker: str | None = None
    event: tuple | None = None  # (trigger, claim, speaker side, partial, one district) of an event about districts it does not name
    places: list[Mention] = field(default_factory=list)  # a list of districts no event reached
    attacked: list[Frame] = field(default_factory=list)  # the attacks of the last sentence: "the attack was repelled"
    target: dict | None = None  # the district of the last event told: what "the district" means further on
    voice: str = ""  # "insurgent": the story is the insurgents' own statement (its reports are claims)
    unplaced: list = field(default_factory=list)  # the last sentence's outcomes that reached no place
    truce: bool = False  # the story tells of a ceasefire: fighters entering a city are no attack


def to_end(text: str) -> bool:
    """Whether a text ends with the word "to" ("tried to "): TO_END looked for where it can only start."""
    return bool(TO_END.search(text, max(0, len(text.rstrip()) - 2)))


def spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def clause_edges(sentence: str, lexicon: Lexicon) -> list[int]:
    """Start positions of the sentence's clauses (0 first). A list after a colon ("seized three capitals:
    A; B; and C") stays in its clause, semicolons included."""
    listing = (LIST_COLON.search(sentence) if ":" in sentence else None) \
        or (LIST_DASH.search(sentence) if "—" in sentence or "–" in sentence else None)
    return [0] + [m.start() for m in lexicon.clause.finditer(sentence)
                  if not (listing and m.start() >= listing.start() and m.group().strip() in ":;—–")]


def clause_of(edges: list[int], pos: int) -> int:
    return bisect_right(edges, pos) - 1  # the edges are in order, 0 first


def triggers(sentence: str, lowered: str, lexicon: Lexicon) -> list[Trigger]:
    """The event phrases of a sentence, overlaps resolved (the earliest, then the longest, wins)."""
    first: dict[int, int] = {}  # each event whose stems the sentence has: where the first of them is
    for stem, at in stems_in(lowered, lexicon).items():
        for k in lexicon.stem_events[stem]:
            first[k] = min(at, first.get(k, at))
    found = []
    for k in sorted(first):
        event = lexicon.events[k]  # a phrase holds one of its stems: it starts at most STEM_REACH before the first
        for m in event.pattern.finditer(sentence if event.cased else lowered, max(0, first[k] - STEM_REACH)):
            found.append(Trigger(event.kind, event.takes, event.agent, m.start(), m.end(), lowered[m.start():m.end()],
                                 tail=lowered[m.end():m.end() + 40]))
    return earliest_longest(found, lambda t: (t.start, t.end))


def earliest_longest(found: list, span) -> list:
    """The items of ``found`` whose spans (``span(item)`` -> (start, end)) do not overlap: earliest, then longest."""
    kept: list = []
    end = -1
    for item in sorted(found, key=lambda x: (span(x)[0], -span(x)[1])):
        start, stop = span(item)
        if start >= end:
            kept.append(item)
            end = stop
    return kept


def actors(lowered: str, lexicon: Lexicon, voice: str = "") -> list[tuple[int, int, str]]:
    """(start, end, side) of the actors named in a text; overlaps: earliest, then longest. In the insurgents'
    own voice, "the enemy" is the government's side."""
    found = [(m.start(), m.end(), side) for side, pattern in lexicon.actors.items() for m in pattern.finditer(lowered)
             if not MODIFIER_AFTER.match(lowered, m.end())  # "police HQ", "army base": no actor
             and not AGAINST.search(lowered, max(0, m.start() - 20), m.start())]  # "a crackdown against the Taliban"
    if voice == "insurgent":
        found = [(a, b, "government" if lowered[a:b].endswith("enemy") else side) for a, b, side in found]
    found += [(m.start(), m.end(), "pronoun") for m in PRONOUN.finditer(lowered)]
    merged: list[tuple[int, int, str]] = []
    for a, b, side in earliest_longest(found, lambda a: a[:2]):  # "Daesh terrorists": one actor
        if merged and merged[-1][2] == side != "pronoun" and not lowered[merged[-1][1]:a].strip():
            a = merged.pop()[0]
        merged.append((a, b, side))
    return merged


def speaker_sides(lowered: str, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, side) of the speakers named in a text ("a Taliban spokesman", "officials"; outlets: "media")."""
    found = [(m.start(), m.end(), side) for side, pattern in lexicon.speakers.items() for m in pattern.finditer(lowered)]
    found += [(a, b, "media") for a, b in outlets_in(lowered, lexicon)]
    return earliest_longest(found, lambda a: a[:2])


def attributions(lowered: str, lexicon: Lexicon, story: Story) -> list[tuple[int, int, str, str]]:
    """(start, end, speaker side, verb kind: say|deny|confirm) for each reporting verb of a sentence."""
    out = []
    first = lexicon.reporting.search(lowered)  # none of the verbs is found before the first of them all
    if not first:
        return out
    at = first.start()
    verbs = [(m, "deny") for m in lexicon.deny.finditer(lowered, at)] + [(m, "confirm") for m in lexicon.confirm.finditer(lowered, at)]
    verbs += [(m, "say") for m in lexicon.say.finditer(lowered, at) if not any(v.start() <= m.start() < v.end() for v, _ in verbs)]
    if not verbs:
        return out
    speakers, weak = speaker_sides(lowered, lexicon), with_country(WEAK_SPEAKER, lexicon)
    for m, verb in sorted(verbs, key=lambda v: v[0].start()):
        before = [s for s in speakers if s[1] <= m.start() and m.start() - s[1] <= 30
                  and (m.start() - s[1] <= 16 or not weak.fullmatch(lowered[s[0]:s[1]]))]
        after = [s for s in speakers if s[0] >= m.end() and s[0] - m.end() <= 25]
        pronoun = PRONOUN_SPEAKER.search(lowered, 0, m.start())
        inverted = m.group().startswith("according") or AFTER_QUOTE.search(lowered, 0, m.start())
        wide = [s for s in speakers if s[1] <= m.start() and m.start() - s[1] <= 90
                and not weak.fullmatch(lowered[s[0]:s[1]])]
        if m.group().startswith("according"):
            side = after[0][2] if after and after[0][0] - m.end() <= 5 else ""
        elif pronoun:
            side = story.speaker or ""
        elif after and inverted and after[0][0] - m.end() <= 3 and re.match(  # '"...," said a Taliban spokesman.'
                r"\s*(?:[,.;:”\"]|$|in a |on |late |early |who |according|told|(?:\w+\s+){0,4}[,.])", lowered[after[0][1]:]):
            side = after[0][2]
        elif COMMA_THEN.search(lowered, max(0, m.start() - 4), m.start()) and SPEAKER_NEXT.match(lowered, m.end()):
            side = after[0][2] if after and after[0][0] - m.end() <= 5 else ""  # "... of Taliban, said the governor"
        elif before and not QUOTE_MARK.search(lowered, before[-1][1], m.start()):
            joint = [before[-1]] + [b for b in before[-2:-1] if lowered[b[1]:before[-1][0]] == " and "]
            side = next((b[2] for b in joint if b[2] != "insurgent"), before[-1][2])  # "officials and Taliban sources"
        else:
            side = wide[-1][2] if wide else ""
        out.append((m.start(), m.end(), side, verb))
    return out


def side_of(trigger: Trigger, lowered: str, found: list[tuple[int, int, str]], clause_start: int,
            story: Story, speaker: str, lexicon: Lexicon) -> str | None:
    """The side of the event's actor (see the module's docstring)."""
    after = lowered[trigger.end:trigger.end + 60]
    if trigger.agent == "inside" or trigger.kind == "hold" and trigger.takes == "both":
        inner = [side for side, pattern in lexicon.actors.items() if pattern.search(trigger.text.replace("-", " "))]
        if inner:
            return inner[0]
        if with_country(INSIDE_GOVERNMENT, lexicon).search(trigger.text):
            return "government"
        if OUR.search(trigger.text) and speaker in ("official", "insurgent"):
            return "government" if speaker == "official" else "insurgent"
        if THEIR.search(trigger.text):
            return story.actor
    agent = AGENT_BY.match(after) if trigger.takes == "subject" else None
    agent = agent or ((AGENT_TO.match(after) or trigger.kind == "capture" and trigger.takes == "object"
                       and FALL_OF_TO.match(after))
                      if FELL_TO.search(trigger.text) else None)  # "fell to the Taliban", "the fall of X to the Taliban"
    if agent:
        near = [a for a in found if a[0] == trigger.end + agent.end()]
        if near and near[0][2] != "pronoun":
            return near[0][2]
    if trigger.takes == "subject" and trigger.kind != "hold" or FALL_NOUN.match(trigger.text) \
            or trigger.kind == "repel" and PASSIVE_REPEL.match(trigger.text):  # "the fall of X": no agent before it
        return DEFAULT_SIDE.get(trigger.kind)  # a passive without its "by": the one before is its patient
    before = [a for a in found if clause_start <= a[0] and a[1] <= trigger.start]
    if not before:
        before = [a for a in found if a[1] <= trigger.start]
    if len(before) > 1 and OBJECT_OF.search(lowered, max(0, before[-1][0] - 16), before[-1][0]):
        before = before[:-1]  # "militants fighting the government to regain power overran X": the government is fought
    if trigger.text.startswith("fle") and not before:
        return None  # people flee: only the forces' flight is a withdrawal
    if before and PARTICIPLE.search(lowered, 0, trigger.start) and before[0][2] != "pronoun":
        return before[0][2]  # "fought forces for two days before capturing X": the subject's act
    if len(before) >= 2 and before[-2][2] not in (before[-1][2], "pronoun") \
            and OBJECT_VERB.fullmatch(lowered, before[-2][1], before[-1][0]) \
            and trigger.start - before[-1][1] <= 80 and THEN_AND.search(lowered, before[-1][1], trigger.start):
        return before[-2][2]  # "forces suppressed Taliban militants ... and cleared X": the first actor did both
    if before:
        side = before[-1][2]
        if side == "pronoun":
            word = lowered[before[-1][0]:before[-1][1]]
            if not word.startswith(("they", "its", "their")):  # "we", "our forces": the speaker's side
                return speaker or story.speaker
            earlier = [a for a in found if a[1] <= before[-1][0] and a[2] != "pronoun"]
            return earlier[-1][2] if earlier else story.actor or (speaker if word.startswith(("its", "their")) else None)
        return side
    return DEFAULT_SIDE.get(trigger.kind)


def is_void(trigger: Trigger, lowered: str, clause_start: int, lexicon: Lexicon) -> bool:
    """Negated, wanted, feared or attempted: "did not fall", "tried to capture", "could fall"."""
    before = lowered[clause_start:trigger.start]
    scope = SCOPE_END.split(before)[-1]
    near = " ".join(scope.split()[-6:])
    if lexicon.negation.search(near) and not NOT_ONLY.search(near):
        return True
    if (lexicon.intent.search(before) or to_end(before)) and not lexicon.factive.search(before):
        return True  # "tried to capture", "sent to retake it"
    if cued(before, CONDITION_CUES):
        unparenthesised = APPOSITIVE.sub(" ", before)
        if CONDITION.search(unparenthesised, max(unparenthesised.rfind(","), unparenthesised.rfind(";")) + 1):
            return True  # "if the Taliban manage to keep X and gain control of Y", "if X, the capital, falls"
    if trigger.kind == "hold" and FOR_CONTROL.search(lowered, max(0, trigger.start - 12), trigger.start):
        return True  # "fighting for the control of X": what is fought for, not held
    if FEARED_AFTER.match(lowered, trigger.end) or trigger.takes != "subject" and NOUN_TRIGGER.match(trigger.text) \
            and MODAL_AFTER.match(lowered, trigger.end):
        return True  # "a Taliban recapture of the city is feared"
    if re.search(r"\bby\s+$", before) and MODAL.search(lowered, trigger.end):
        return True  # "by seizing the city, the Taliban can proclaim ..."
    if before.endswith("from ") and trigger.text.split()[0].endswith("ing"):
        return True  # "banned trucks from entering the capital", "prevented them from capturing X"
    return False


def failed(trigger: Trigger, lowered: str, clause_start: int, lexicon: Lexicon, people: list) -> bool:
    """An attempt that failed: "tried to overrun X, but failed", "in a failed bid to take X": its target held."""
    before = lowered[clause_start:trigger.start]
    if FAILED_BEFORE.search(before):  # whose bid: an actor's, not "soldiers were killed in a failed bid"
        return any(clause_start <= a and b <= trigger.start and not HURT.search(lowered, b, trigger.start)
                   for a, b, side in people if side != "pronoun")
    return bool((lexicon.intent.search(before) or to_end(before))
                and not lexicon.negation.search(" ".join(before.split()[-6:])) and FAILED_AFTER.match(lowered, trigger.end))


def masked(sentence: str, mentions: list[Mention], a: int, b: int) -> str:
    """sentence[a:b] with the places (districts and provinces) in it replaced by "@", and asides in parentheses
    that name none left out ("the Taliban (a terrorist group, outlawed in Russia) on X")."""
    text, cut = "", a
    for m in mentions:
        if a <= m.start and m.end <= b:
            text += sentence[cut:m.start] + "@"
            cut = m.end
    text = (text + sentence[cut:b]).lower()
    return ASIDE.sub("", text) if "(" in text else text


def object_reach(trigger: Trigger, gap: str) -> tuple[bool, bool]:
    """(reaches, partial): whether a place after a trigger is its object, and only a part of the place."""
    if trigger.kind == "fight":
        return len(gap.split()) <= 14 and not FIGHT_BLOCK.search(gap) and not OUTSIDE.search(gap), True
    if trigger.kind == "withdraw" and DESTINATION.search(gap):
        return False, False  # "retreated to X", "pulled back and reached X": where they went
    if trigger.kind == "repel":  # "repelled multiple attacks by the Taliban in X", "repelled them from X"
        gap = REPELLED_FROM.sub(" ", REPELLED_ATTACK.sub(" ", gap))
    if GAP_BLOCK.search(gap) or OUTSIDE.search(gap) or THINGS.search(gap) or NEW_CLAUSE.search(gap):
        return False, False
    if "@" in gap and NOUN_TRIGGER.match(trigger.text) and not LISTED.fullmatch(gap):
        return False, False  # "the loss of X leaves Y exposed": the noun's object is X (and what is listed with it)
    words = [w for w in GAP_WORD.findall(gap) if w != "@" and w not in LIGHT_WORDS]
    if len(words) > 6:
        return False, False
    return True, bool(PARTIAL.search(gap))


def subject_reach(gap: str) -> bool:
    """Whether a place before a trigger is its subject ("X fell", "X, the capital of Y, was overrun")."""
    gap = APPOSITIVE.sub(" ", gap, count=1)
    gap = SUBJECT_IN.sub(" ", gap)  # "X district in Y province was"
    gap = SUBJECT_WHEN.sub(" ", gap)
    return bool(SUBJECT_GAP.match(gap)) and len(gap.split()) <= 8


def frames(sentence: str, mentions: list[Mention], lexicon: Lexicon, times: list[Time], story: Story,
           said: list | None = None, headline: bool = False) -> list[Frame]:
    """The district frames of one sentence (mentions with units or resolved anaphors only); a ``headline``'s
    participle after a place is a passive ("X District Cleared Of Taliban", "X retaken by forces")."""
    lowered = sentence.lower()
    found = triggers(sentence, lowered, lexicon)
    for t in found if headline else ():
        if t.takes == "object" and PARTICIPLE_WORD.search(t.text) and HEADLINE_PASSIVE.match(lowered, t.end) and any(
                m.unit and 0 <= t.start - m.end <= 20 and subject_reach(lowered[m.end:t.start]) for m in mentions):
            t.takes = "subject"
    found = [] if found and cued(lowered, RETRACTED_CUES) and RETRACTED.search(lowered) else found
    edges = clause_edges(sentence, lexicon) if found else [0]  # only events look at clauses
    people = actors(lowered, lexicon, story.voice)
    said = attributions(lowered, lexicon, story) if said is None else said
    speaker = next((side for _, _, side, verb in said if side), "")
    denying = any(verb == "deny" for *_, verb in said)  # its denial verbs (they end in a letter, events start after one)
    for t in found:
        start = edges[clause_of(edges, t.start)]
        t.side = side_of(t, lowered, people, start, story, speaker, lexicon)
        t.void = is_void(t, lowered, start, lexicon)
        if t.void and t.kind in ("capture", "attack", "recapture") and failed(t, lowered, start, lexicon, people):
            t.kind, t.side, t.void = "repel", "government" if t.kind != "recapture" else "insurgent", False
        elif t.void and t.kind == "capture" and ATTACKS_TO.search(lowered, start, t.start):
            t.kind, t.void = "attack", False  # "launched attacks since October 11 to seize X": X is attacked
        if denying and any(with_country(REPORTED, lexicon).match(lowered, m.end())
                           for m in lexicon.deny.finditer(lowered, start, t.start)) \
                and not PLAIN_NEGATION.search(lowered, start, t.start):  # "rejected reports that X fell"
            t.void, t.denied = False, True  # someone said so: a claim the official denies (reconcile)
        t.time = nearest_time(t.start, t.end, times, edges, said, lowered, found)
        if t.kind in DECISIVE - {"hold"} and not (t.time and t.time.value) \
                and PLUPERFECT.search(lowered, max(0, t.start - 24), t.start) and not any(e <= t.start for _, e, *_ in said):
            t.void = True  # "the Taliban had overrun the district" told by the reporter with no day: the story before
        if t.takes == "subject" and t.kind in ("capture", "recapture"):  # "1,000 prisoners who fled were recaptured"
            thing = [x.end() for x in THINGS.finditer(lowered, max(start, t.start - 60), t.start)]
            t.void = t.void or bool(thing) and not any(thing[-1] <= x.start < t.start for x in mentions)
        if t.kind == "withdraw" and (c := CIVILIANS.search(lowered, max(start, t.start - 90), t.start)) and not any(
                c.start() - 25 <= a < t.start for a, _, side in people if side != "pronoun"):
            t.void = True  # "600 families had to leave home and abandon the district": no side withdrew
        if t.kind == "attack" and HABITUAL.search(lowered, max(start, t.start - 25), t.start):
            t.void = True  # "the Taliban launch sporadic attacks against X": no event
        if t.kind == "attack" and t.side == "government" and any(
                side == "insurgent" and 0 <= a - t.end <= 12 for a, _, side in people):
            t.void = True  # "army attacks on Taliban in X killed 16": an operation against them, no fight for X told
        if t.kind in ("attack", "fight") and (not t.text.startswith("storm")  # storming is a ground assault
                                              and VIOLENCE_ONLY.search(lowered[max(start, t.start - 40):t.end + 40])
                                              or PEACE.search(lowered) or story.truce and t.text.startswith("ent")):
            t.void = True  # bombings, raids and strikes, or a truce: no fight for the place
    out: list[Frame] = []
    reached: set[int] = set()
    last = None  # (end, trigger, partial) of the last place an event reached: a list goes on from it
    aside = (0, 0)  # the last relative clause or appositive: "the last city" in it is the place before it
    for m in (m for m in mentions if m.unit or m.city):
        if m.anaphor and aside[0] <= m.start < aside[1]:
            continue
        told, inner = relative(m, found, mentions, sentence)
        aside = inner if inner[1] else aside
        for t in told:  # "X, which fell on Thursday, was retaken on Saturday": two events, each with its own time
            t.time = nearest_time(t.start, t.end, [x for x in times if (inner[0] <= x.start < inner[1]) == (
                t.start < inner[1])], edges, said, lowered, found)
            out.append(Frame(m, t, STATUS[(t.kind, t.side)], *claimed(t, said, edges, story.voice), time=t.time))
            reached.update(id(t) for t in told)
        best = reach(m, found, mentions, sentence, edges, people)
        if len(told) == 1 and best and before_it(told[0], best[0], out[-1].status, lowered, inner[0]):
            out.pop()  # "forces retook X, which had fallen to the Taliban": the fall before it, no day of its own
        if told and (best is None or best[0] in told or inner[0] <= best[0].start < inner[1]):
            continue
        if best is None and last and m.unit and continues(sentence, mentions, found, last, m):
            best = last[1:]
        if best is None:
            continue
        last = (m.end, *best)
        if not m.unit:  # a province's name, the event's own object or subject: its city ("captured Kunduz")
            m = Mention(m.start, m.end, m.text, {**m.city, "method": "city"})
        t, partial = best
        if t.void:
            continue
        status = STATUS.get((t.kind, t.side or ""))
        if partial and t.kind == "hold" and status != "controlled":
            continue  # "an outpost in X held by the army" tells nothing of X; villages held by insurgents: contested
        if t.kind in ("attack", "fight") or partial and status:
            status = "contested"  # parts of a district (villages, posts) taken or retaken: fighting, not control
        if status is None:
            continue
        claim, who = (True, "denied") if t.denied else claimed(t, said, edges, story.voice,
                                                              story.speaker if QUOTE_START.match(sentence) else "")
        if not claim and t.side == "insurgent" and CLAIMS_OF.search(lowered, 0, t.start):
            claim, who = True, "insurgent"  # "the Taliban made claims of capturing X"
        span = (min(t.start, m.start), max(t.end, m.end))
        own = [x for x in times if not inner[0] <= x.start < inner[1]]  # not the relative clause's time
        if t.time and t.time not in own:
            t.time = nearest_time(t.start, t.end, own, edges, said, lowered, found)
        out.append(Frame(m, t, status, claim, who, partial, time=nearest_time(*span, own, edges, said, lowered, found)))
        reached.add(id(t))
    out += subject_lists(mentions, out, sentence)
    out = [chained(f, found, reached, edges) for f in out]
    out += repelled(found, reached, out, story)
    if out:  # an attack's outcome may come a sentence or two later
        story.attacked = [f for f in out if f.trigger.kind == "attack"]
    if out:
        story.target = out[-1].mention.unit
    story.unplaced = [t for t in found if id(t) not in reached and not t.void and t.kind in DECISIVE]
    out += carried(sentence, lowered, mentions, found, reached, out, said, edges, story)
    acting = [t.side for t in found if not t.void and t.side and t.kind in DECISIVE | {"attack"}]
    active = [a for a in people if a[2] != "pronoun"]
    if acting or active:
        story.actor = acting[0] if acting else active[0][2]
    if speaker:
        story.speaker = speaker
    return out


def repelled(found: list[Trigger], reached: set[int], out: list[Frame], story: Story) -> list[Frame]:
    """The outcome of the attack the sentence before told of, in a sentence that names no place: "Troops beat
    back the attack early Monday", "they were forced to retreat", "the forces pulled out"."""
    if out or not story.attacked:
        return []
    for t in found:
        if id(t) in reached or t.void or t.kind not in ("repel", "withdraw", "recapture", "clear"):
            continue
        if t.kind == "repel" and not re.match(r"\s*(?:the|this|that|their|an?|them)\b", t.tail) and t.takes != "subject":
            continue
        if PARTIAL.search(t.tail[:30]):
            continue  # "retook the post", "were pushed back in X village": a part, not the place
        status = STATUS.get((t.kind, t.side or ""))
        if status:
            return [Frame(f.mention, t, status, False, f.speaker, f.partial, f.notes, t.time or f.time)
                    for f in story.attacked]
    return []


def chained(f: Frame, found: list[Trigger], reached: set[int], edges: list[int]) -> Frame:
    """An attack followed by its outcome in the same clause ("stormed X overnight and by morning had full
    control"): the outcome, when its event names no place of its own and has the attacker's side."""
    if f.trigger.kind != "attack":
        return f
    k = clause_of(edges, f.trigger.start)
    for t in found:  # "repulsed a coordinated enemy attack on X"
        if t.kind == "repel" and not t.void and t.end <= f.trigger.start and clause_of(edges, t.start) == k \
                and len(t.tail[:f.trigger.start - t.end].split()) <= 4:
            return Frame(f.mention, t, "government", f.claim, f.speaker, f.partial, f.notes, f.time)
    for t in found:
        if t.start <= f.trigger.end or id(t) in reached or t.void or t.kind not in DECISIVE:
            continue
        if t.kind == "repel":  # "..., but they were defeated": in any clause after
            return Frame(f.mention, t, "government", f.claim, f.speaker, f.partial, f.notes, t.time or f.time)
        city = f.mention.anaphor == "city" or (f.mention.unit or {}).get("method") in ("capital", "city")
        same = clause_of(edges, t.start) == k and not PARTIAL.search(t.tail) \
            and not (city and CITY_PART.search(t.tail)) and not THINGS.search(t.tail[:40])  # "and seized weapons"
        if same and (t.kind != "hold" or t.side in (f.trigger.side, None)):  # "and took control", "forces pulled out"
            status = STATUS.get((t.kind, t.side or f.trigger.side or ""))
            if status:
                return Frame(f.mention, t, status, f.claim, f.speaker, f.partial, f.notes, f.time)
    return f


def heading_event(heading: str, lexicon: Lexicon) -> Trigger | None:
    """The decisive event a list's heading tells of ("Provincial capitals captured by the Taliban"), if any."""
    lowered = heading.lower()
    people = actors(lowered, lexicon)
    for t in triggers(heading, lowered, lexicon):
        if t.kind in DECISIVE and not is_void(t, lowered, 0, lexicon):
            t.side = side_of(t, lowered, people, 0, Story(), "", lexicon)
            if (t.kind, t.side) in STATUS:
                return t
    return None


def carried(sentence: str, lowered: str, mentions: list[Mention], found: list[Trigger], reached: set[int],
            out: list[Frame], said, edges: list[int], story: Story) -> list[Frame]:
    """Frames across two sentences: a list of districts and an event about "the districts" (either first)."""
    loose = [m for m in mentions if m.unit and not any(f.mention.start == m.start for f in out)]
    orphans = [t for t in found if id(t) not in reached and not t.void and t.kind in DECISIVE and (
        t.takes != "object" and (PLURAL_BEFORE.search(lowered[edges[clause_of(edges, t.start)]:t.start])
                                 or ONE_BEFORE.search(lowered[edges[clause_of(edges, t.start)]:t.start]))
        or t.takes != "subject" and (PLURAL_AFTER.match(lowered[t.end:]) or ONE_AFTER.match(lowered[t.end:])))]
    carried_frames = []
    them = loose if orphans and re.match(r"\s*(?:them|both)\b", lowered[orphans[0].end:]) and all(
        m.end <= orphans[0].start for m in loose) else []  # "... in A and B districts and regained control of them"
    units = {m.unit["unit_id"]: m for m in mentions if m.unit}
    if story.event and story.event[4] and len(units) == 1 and not any(f.trigger.kind in DECISIVE for f in out):
        loose, out = list(units.values()), []  # "Another district also fell on Sunday." and the next names it
    if loose and (LIST_INTRO.search(lowered) or story.event and story.event[4]) and not out and story.event:
        t, claim, who, partial, _ = story.event
        status = "contested" if partial else STATUS.get((t.kind, t.side or ""))
        carried_frames = [Frame(m, t, status, claim, who, partial) for m in loose] if status else []
        loose = []
    elif orphans and not out and (story.places and not loose or them):
        t = orphans[0]
        status = STATUS.get((t.kind, t.side or ""))
        claim, who = claimed(t, said, edges, story.voice)
        carried_frames = [Frame(m, t, status, claim, who) for m in them or story.places] if status else []
        orphans, loose = [], [m for m in loose if m not in them]
    story.event = None
    if orphans:
        claim, who = claimed(orphans[0], said, edges, story.voice)
        t = orphans[0]
        one = bool(ONE_AFTER.match(lowered[t.end:]) or ONE_BEFORE.search(lowered[edges[clause_of(edges, t.start)]:t.start]))
        story.event = (t, claim, who, bool(IN_PART.search(lowered)), one)  # "fell, in part or in whole"
    story.places = loose if loose and not found and LIST_INTRO.search(lowered) else []
    return carried_frames


def _list_head(m: Mention, places: list[Mention], sentence: str) -> Mention:
    """The first place of the list or appositive a place ends ("villages of A and B districts", "X, the capital
    of P,"): what stands before it stands before them all."""
    while True:
        before = [x for x in places if x.unit and x.end <= m.start and not (  # "in the district, X collapsed": no list
            m.unit and x.anaphor and x.unit["unit_id"] == m.unit["unit_id"])]
        if not before or not re.fullmatch(r"(?:\s+districts?)?(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?",
                                          sentence[before[-1].end:m.start]):
            return m
        m = before[-1]


def subject_lists(mentions: list[Mention], out: list[Frame], sentence: str) -> list[Frame]:
    """"A, B and C districts in P and D district in Q fell": the places listed before a subject that an event
    reached share its event."""
    extra: list[Frame] = []
    placed = {f.mention.start: f for f in out if f.trigger.start > f.mention.start}  # subjects of their event
    units = [m for m in mentions if m.unit]
    for m, nxt in reversed(list(zip(units, units[1:]))):
        f = placed.get(nxt.start)
        if f is None or m.start in placed or any(g.mention.start == m.start for g in out):
            continue
        gap = masked(sentence, mentions, m.end, nxt.start)
        if LIST_GAP.fullmatch(gap):
            placed[m.start] = Frame(m, f.trigger, f.status, f.claim, f.speaker, f.partial, f.notes, f.time)
            extra.append(placed[m.start])
    return extra


def continues(sentence: str, mentions: list[Mention], found: list[Trigger], last: tuple, m: Mention) -> bool:
    """Whether a place goes on the list of the place before it ("A in P1; B, the capital of P2; and C")."""
    if any(last[0] <= t.start < m.start for t in found):
        return False
    raw = masked(sentence, mentions, last[0], m.start)
    gap = APPOSITIVE.sub(", ", raw)
    return len(gap) <= 90 and bool(re.search(r"(?:[,;]\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+)$", gap)) \
        and not GAP_BLOCK.search(gap) and not OUTSIDE.search(raw)


def reach(m: Mention, found: list[Trigger], places: list[Mention], sentence: str, edges: list[int], people: list):
    """The event that reaches a place (its object or subject), the most decisive first; (trigger, partial).
    ``people``: the actors' spans ("attacks by the Taliban in X": no place inside X)."""
    k = clause_of(edges, m.start)
    tight = m.anaphor == "it" or not m.unit  # "retook it", "captured Kunduz": nothing between
    candidates = []
    before = [t for t in found if t.end <= m.start and clause_of(edges, t.start) == k and not t.void]
    if len(before) > 1 and before[-2].kind == "repel" and before[-1].kind == "attack" \
            and REPELLED_ATTACK.match(sentence[before[-2].end:m.start].lower().lstrip()):
        before.pop()  # "repelled multiple attacks by the Taliban in X": the attack is what was repelled
    if before:
        t = before[-1]
        by = BY_THEN_IN.fullmatch(sentence, t.end, m.start) if t.takes == "subject" and t.kind in ("attack", "repel") \
            else None  # "police were attacked by the Taliban in X", "the Taliban were pushed back in X"
        if by and (any(by.start(1) <= a and b <= by.end(1) and side == "insurgent" for a, b, side in people)
                   if by.group(1) else t.kind == "repel"):
            candidates.append((t, False, m.start - t.end))
        if t.takes in ("object", "both"):
            ok, partial = object_reach(t, masked(sentence, places, t.end, m.start))
            inside = NAMED_IN.search(sentence, t.end, m.start)  # "seized Mirzawalang in X district"
            partial = partial or bool(PART_AFTER.match(sentence, m.end)) or bool(  # "X district bazaar"
                inside and not any(a <= inside.start() < b for a, b, _ in people))
            if tight and re.sub(r"\bthe\b", "", sentence[t.end:m.start]).strip():
                ok = False
            if ok:
                candidates.append((t, partial, m.start - t.end))
    after = [t for t in found if t.start >= m.end and clause_of(edges, t.start) == k and not t.void]
    if after:
        t = after[0]
        gap = masked(sentence, places, m.end, t.start)
        first = _list_head(m, places, sentence)
        head = sentence[max(0, first.start - 30):first.start].lower()
        if t.kind == "repel":  # "an attack on X district which was repulsed": the outcome is X's either way
            gap = re.sub(r"\s(?:which|that)\s+$", " ", gap)
        if t.takes in ("subject", "both") and not (tight and len(gap.split()) > 2) and subject_reach(gap) \
                and not OUTSIDE.search(CITY_OF.sub("", head)[-12:]) and not FROM_BEFORE.search(head) \
                and not IN_RELATIVE.search(sentence, max(0, first.start - 60), first.start):  # "X, which borders Y,"
            part = PARTIAL.search(head) and re.search(r"\b(?:of|in|around|across)\s+(?:the\s+)?$", head) \
                or NAMED_PART.search(sentence, max(0, first.start - 40), first.start)  # "Gojwa town of X district"
            candidates.append((t, bool(part), t.start - m.end))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0].kind not in DECISIVE, c[2]))
    return candidates[0][0], candidates[0][1]


def before_it(told: Trigger, main: Trigger, status: str, lowered: str, start: int) -> bool:
    """Whether a pluperfect relative clause tells the opposite of its sentence's outcome with no day of its own
    ("forces retook X, which had fallen to the Taliban [earlier this week]"): the story before, no report."""
    own_day = told.time and told.time.value and not THIS_WEEK.match(lowered, told.time.start)
    return main is not told and STATUS.get((main.kind, main.side)) not in (None, status) \
        and bool(HAD.search(lowered, start, told.start)) and not own_day


def relative(m: Mention, found: list[Trigger], places: list[Mention], sentence: str) -> tuple[list[Trigger], tuple]:
    """The decisive events of a relative clause after a place ("X, which fell to the Taliban on Thursday,
    ...", "X, which the Taliban seized in May, ...", "X that was occupied last week") and of the verb its
    sentence goes on with ("..., was retaken on Saturday"); after an appositive ("X, the last city under
    government control, surrendered"), that verb's only. And the span of the clause or appositive."""
    after = [t for t in found if t.start >= m.end and not t.void and t.kind in DECISIVE and (t.kind, t.side) in STATUS]
    if not m.unit or not after:
        return [], (0, 0)
    t = after[0]
    gap = masked(sentence, places, m.end, t.start)
    rel = RELATIVE.search(gap) or APPOSITION.fullmatch(sentence.lower(), m.end, t.start) or BARE_RELATIVE.fullmatch(gap)
    if not rel or not subject_reach(sentence[m.end:rel.start()] if rel.re is APPOSITION else gap[:rel.start()]) \
            or t.takes == "object" and "@" in gap[rel.start():]:
        return [], (0, 0)
    close = sentence.find(",", t.end)
    if rel.re is BARE_RELATIVE:  # no commas: only "X that fell ... was retaken" tells where the clause ends
        main = next((u for u in after[1:] if "," not in sentence[t.end:u.start] and FINITE.match(u.text)), None)
        return ([t, main], (m.end, main.start)) if main and t.kind != "hold" else ([], (0, 0))
    main = next((u for u in after[1:] if u.start > close and subject_reach(masked(sentence, places, close + 1, u.start))),
                None)
    told = [t] if rel.re is RELATIVE or re.search(r"\b(?:that|which)\s", sentence[m.end:t.start]) else []
    return told + [main] if main else told, (m.end, close if close > 0 else len(sentence))


def nearest_time(start: int, end: int, times: list[Time], edges: list[int], said, lowered: str,
                 events: list[Trigger] = ()) -> Time | None:
    """The time expression nearest an event's span [start, end) in its clause, else the sentence's nearest one.
    A time that dates the reporting ("said Friday", "told AFP on Sunday") counts only when there is no other;
    one in a clause of its own ("since they stepped up attacks in early May") never."""
    times = [x for x in times if x.start < end or not (SINCE_CLAUSE.search(lowered, end, x.start)  # "nine months
                                                        or lowered.endswith(("after", "before"), x.start, x.end)
                                                        and WORD_NEXT.match(lowered, x.end))]  # after ..."
    told = [x for x in times if not any(0 <= x.start - e <= 25 and not any(e <= t.start < x.start for t in events)
                                        for _, e, _, _ in said)]  # "said Friday"; not "said the attacks began Monday"
    pool = told or times
    k = clause_of(edges, start)
    pool = [x for x in pool if clause_of(edges, x.start) == k] or pool
    if not pool:
        return None
    after = [x for x in pool if start <= x.start <= end + 60  # "was overrun on June 21": adverbials follow their verb
             and not AND_VERB.search(lowered, end, x.start)]  # "..., and followed it up a day later by taking Y"
    return min(after or pool, key=lambda x: abs(x.start - end) if x.start >= end else 0 if x.start >= start
               else start - x.end)


def claimed(t: Trigger, said: list[tuple[int, int, str, str]], edges: list[int], voice: str = "",
            quoted: str = "") -> tuple[bool, str]:
    """(claim, speaker side) of an event: the reporting verb before it in its clause, else after it, else before;
    in a story in the insurgents' own voice, theirs unless an official speaks."""
    k = clause_of(edges, t.start)
    before_same = [s for s in said if s[1] <= t.start and clause_of(edges, s[0]) == k]
    after = [s for s in said if s[0] >= t.end]
    before = [s for s in said if s[1] <= t.start]
    pick = before_same[-1] if before_same else after[0] if after else before[-1] if before else None
    if pick is None and quoted:
        pick = (0, 0, quoted, "say")  # a quoted sentence without its own "he said": the last speaker's
    if voice == "insurgent" and (pick is None or pick[2] != "official"):
        return True, "insurgent"
    if pick is None:
        return False, ""
    confirmed = any(verb == "confirm" and side == "official" for _, _, side, verb in said)
    return pick[2] == "insurgent" and pick[3] != "deny" and not confirmed, pick[2] if pick[2] != "media" else ""


def denials(lowered: str, said: list[tuple[int, int, str, str]]) -> bool:
    """Whether an official in the sentence denies something."""
    return any(verb == "deny" and side != "insurgent" for _, _, side, verb in said)
