"""Benchmark: extraction speed in MB of article text per second on one core.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/extract_bench.py
"""

import time
from pathlib import Path

from tracker.context import open_context
from tracker.extract import extract_text

ARTICLES = Path(__file__).resolve().parent.parent.parent / "shared" / "articles"


def main():
    ctx = open_context(download=False)
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    dated = [t for t in texts if "2019" in t[:400] or "date" in t[:40]]
    corpus = dated * max(1, int(2e6 // sum(map(len, dated))))
    size = sum(len(t.encode()) for t in corpus)
    extract_text(dated[0], "warm-up.txt", ctx.gazetteer)
    t = time.perf_counter()
    found = sum(len(extract_text(text, f"a{i}.txt", ctx.gazetteer)) for i, text in enumerate(corpus))
    took = time.perf_counter() - t
    print(f"{size / 1e6:.1f} MB in {len(corpus)} articles: {took:.2f} s -> {size / 1e6 / took:.2f} MB/s "
          f"({found} candidates)")


if __name__ == "__main__":
    main()
