"""Benchmark: gazetteer build and resolution speed on messy names (cached and uncached).

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/resolve_bench.py
"""

import random
import time

from tracker.context import open_context


def mangle(name: str, rng: random.Random) -> str:
    """A news-like variant: case, hyphens, a vowel swap, a suffix."""
    swaps = [("u", "o"), ("i", "e"), ("a", "aa"), (" ", "-"), ("y", "i")]
    a, b = rng.choice(swaps)
    return (name.replace(a, b, 1) + rng.choice(["", " district", " City"])).lower()


def main():
    ctx = open_context(download=False)
    units = ctx.units
    t = time.perf_counter()
    from tracker.gazetteer import Gazetteer
    from tracker import geodata
    gaz = Gazetteer.from_units(units, geodata.curated_table("AFG", "district_aliases"),
                               geodata.curated_table("AFG", "province_aliases"))
    print(f"build gazetteer: {(time.perf_counter() - t) * 1000:.1f} ms for {len(units)} units")
    rng = random.Random(1)
    sample = units.sample(2000, replace=True, random_state=1)
    for hint in (True, False):
        names = [(mangle(r.district, rng), r.province if hint else None) for r in sample.itertuples()]
        t = time.perf_counter()
        answers = [gaz._resolve(n, p) for n, p in names]
        dt = time.perf_counter() - t
        outcomes = [a.outcome for a in answers]
        right = sum(a.unit_id == u for a, u in zip(answers, sample.unit_id))
        wrong = sum(a.outcome == "found" and a.unit_id != u for a, u in zip(answers, sample.unit_id))
        print(f"resolve 2,000 mangled names {'with' if hint else 'without'} province (no cache): {dt:.3f} s "
              f"({dt / len(names) * 1e6:.0f} us each); right {right}, WRONG {wrong}, "
              f"ambiguous {outcomes.count('ambiguous')}, unknown {outcomes.count('unknown')}")
    t = time.perf_counter()
    for _ in range(50):
        for n, p in names:
            gaz.resolve(n, p)
    dt = time.perf_counter() - t
    print(f"resolve 100,000 names with the cache: {dt:.3f} s")


if __name__ == "__main__":
    main()
