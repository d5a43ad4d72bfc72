"""Benchmark: what each extraction pattern costs, and which of its alternatives cost far more than their share.

Every pattern of the lexicon (events, actors, speakers, outlets, modality, reporting verbs) and of the time
expressions is run over every sentence of the development corpus (tests/corpus/articles); then again without each
alternative of its outermost alternation, one at a time. An alternative whose removal saves much of the pattern's
time (one that begins with an anchor or a look-behind, or backtracks) is the place to look.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/pattern_costs.py [--top N]
"""

import argparse
import re
import time
from pathlib import Path

from tracker.extract import load_lexicon
from tracker.extract.articles import sections, sentences
from tracker.extract.dates import SOURCES
from tracker.extract.lexicon import alternatives, with_country

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "articles"


def corpus_sentences(lexicon) -> list[str]:
    """The lower-case sentences of the development corpus."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for section in sections(text, None, lexicon):
            if section.date:
                out += [s.text.lower() for s in sentences(text, section.start, section.end, lexicon, section.date,
                                                          section.title)]
    return out


def outermost(source: str) -> tuple[str, list[str], str]:
    """(before, alternatives, after): the pattern's own alternation, else that of its first group."""
    top = alternatives(source)
    opening = source.find("(?:")
    if len(top) > 1 or opening < 0:
        return "", top, ""
    depth, k = 0, opening
    while k < len(source):
        if source[k] == "\\":
            k += 2
            continue
        depth += {"(": 1, ")": -1}.get(source[k], 0)
        if depth == 0:
            break
        k += 1
    return source[:opening + 3], alternatives(source[opening + 3:k]), source[k:]


def cost(pattern: re.Pattern, texts: list[str], rounds: int = 3) -> float:
    """Seconds to find every match in every text (best of ``rounds``)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            for _ in pattern.finditer(text):
                pass
        best = min(best, time.perf_counter() - start)
    return best


def report(name: str, pattern: re.Pattern, texts: list[str], top: int) -> None:
    whole = cost(pattern, texts)
    before, parts, after = outermost(pattern.pattern)
    print(f"{name:28} {whole * 1000:6.1f} ms  {len(parts)} alternatives")
    savings = []
    for k, part in enumerate(parts if len(parts) > 1 else ()):
        try:
            without = re.compile(before + "|".join(parts[:k] + parts[k + 1:]) + after, pattern.flags)
        except re.error:
            continue
        savings.append((whole - cost(without, texts), part))
    for saved, part in sorted(savings, reverse=True)[:top]:
        print(f"{'':28} {saved * 1000:6.2f} ms  {part[:100]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=2, help="costliest alternatives shown per pattern")
    top = parser.parse_args().top
    lexicon = load_lexicon()
    texts = corpus_sentences(lexicon)
    print(f"{len(texts)} sentences, {sum(map(len, texts)) / 1e6:.2f} MB; time to scan them all, whole sentences")
    patterns = [(f"time {kind}", with_country(source, lexicon)) for kind, source in SOURCES]
    patterns += [(f"event {k} {event.kind}", event.pattern) for k, event in enumerate(lexicon.events)]
    patterns += [(f"actor {side}", p) for side, p in lexicon.actors.items()]
    patterns += [(f"speaker {side}", p) for side, p in lexicon.speakers.items()]
    patterns += [(name, getattr(lexicon, name)) for name in ("outlets", "clause", "negation", "intent", "factive",
                                                             "say", "deny", "confirm", "voice", "any_event")]
    for name, pattern in patterns:
        report(name, pattern, texts, top)


if __name__ == "__main__":
    main()
