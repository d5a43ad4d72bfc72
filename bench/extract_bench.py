"""Benchmark: extraction speed in MB of article text per second of CPU time, on one core.

Two shapes of input, both made of the development corpus (tests/corpus/articles, news-like text dense with
district events, which is the slow case): one 5 MB file of articles one after another, and 1,000 small files.
Then real articles as published, page furniture and all (../shared/articles, when present), read ten times.
Loading the boundaries and the gazetteer is timed apart (once per command). The small files are read once
more in two processes (`tracker extract --jobs 2`), timed by the wall clock.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/extract_bench.py
"""

import itertools
import tempfile
import time
from pathlib import Path

from tracker.context import open_context
from tracker.extract import extract_files, load_lexicon

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "articles"
REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "articles"


def rate(label: str, paths: list[Path], gazetteer, jobs: int = 1) -> float:
    """MB per second of CPU time (one core's work, whatever else runs on the machine); wall time beside it.
    With ``jobs`` > 1, MB per second of wall time (the work is in other processes)."""
    size = sum(p.stat().st_size for p in paths)
    start, cpu = time.perf_counter(), time.process_time()
    found, _ = extract_files(paths, gazetteer, jobs=jobs)
    took, wall = time.process_time() - cpu, time.perf_counter() - start
    if jobs > 1:
        print(f"{label:>22}: {size / 1e6:5.2f} MB in {wall:6.2f} s wall -> {size / 1e6 / wall:5.2f} MB/s "
              f"({jobs} processes, {len(found)} proposals)")
        return size / 1e6 / wall
    print(f"{label:>22}: {size / 1e6:5.2f} MB in {took:6.2f} s CPU -> {size / 1e6 / took:5.2f} MB/s "
          f"({wall:.2f} s wall, {len(found)} proposals)")
    return size / 1e6 / took


def main():
    start = time.perf_counter()
    gazetteer = open_context(download=False).gazetteer
    load_lexicon()
    print(f"{'boundaries + gazetteer':>22}: {time.perf_counter() - start:.2f} s (once per command)")
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "five-mb.txt"
        with big.open("w", encoding="utf-8") as fh:
            written = 0
            for text in itertools.cycle(texts):
                fh.write(text + "\n\n\n")
                written += len(text.encode()) + 3
                if written >= 5e6:
                    break
        small = []
        for i, text in zip(range(1000), itertools.cycle(texts)):
            small.append(Path(tmp) / f"a{i:04d}.txt")
            small[-1].write_text(text, encoding="utf-8")
        rate("one 5 MB file", [big], gazetteer)
        rate("1,000 small files", small, gazetteer)
        rate("the same, --jobs 2", small, gazetteer, jobs=2)
        real = sorted(REAL.glob("*.txt")) * 10
        if real:
            rate("real articles x10", real, gazetteer)


if __name__ == "__main__":
    main()
