"""Benchmark: gazetteer build and resolution speed on messy names (cached and uncached).

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/resolve_bench.py
"""

import random

from common import Figure, print_table, seconds
from tracker import geodata
from tracker.context import open_context
from tracker.gazetteer import Gazetteer


def mangle(name: str, rng: random.Random) -> str:
    """A news-like variant: case, hyphens, a vowel swap, a suffix."""
    swaps = [("u", "o"), ("i", "e"), ("a", "aa"), (" ", "-"), ("y", "i")]
    a, b = rng.choice(swaps)
    return (name.replace(a, b, 1) + rng.choice(["", " district", " City"])).lower()


def figures() -> list[Figure]:
    ctx = open_context(download=False)
    units = ctx.units
    tables = [geodata.curated_columns("AFG", key) for key in ("district_aliases", "province_aliases", "district_parts")]
    build, gaz = seconds(lambda: Gazetteer.from_units(ctx.names, *tables), 3)
    out = [Figure("build the gazetteer", f"{build * 1000:.0f} ms", f"{len(units)} units")]
    rng = random.Random(1)
    sample = units.sample(2000, replace=True, random_state=1)
    for hint in (True, False):
        names = [(mangle(r.district, rng), r.province if hint else None) for r in sample.itertuples()]
        took, answers = seconds(lambda: [gaz._resolve(n, p) for n, p in names])
        outcomes = [a.outcome for a in answers]
        right = sum(a.unit_id == u for a, u in zip(answers, sample.unit_id))
        wrong = sum(a.outcome == "found" and a.unit_id != u for a, u in zip(answers, sample.unit_id))
        out.append(Figure(f"resolve 2,000 mangled names {'with' if hint else 'without'} province",
                          f"{took / len(names) * 1e6:.0f} us each",
                          f"right {right}, WRONG {wrong}, ambiguous {outcomes.count('ambiguous')}, "
                          f"unknown {outcomes.count('unknown')}"))
    took, _ = seconds(lambda: [gaz.resolve(n, p) for _ in range(50) for n, p in names])
    out.append(Figure("resolve 100,000 names with the cache", f"{took:.3f} s"))
    return out


def main():
    print_table(figures())


if __name__ == "__main__":
    main()
