"""How often proposals are right, by confidence and by what supports them (calibrating `confidence`).

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/extract_calibration.py [ANNOTATIONS.csv ...]
(default: the development corpus, tests/corpus/annotations.csv; its articles are in `articles/` beside it).
"""

import sys
from collections import defaultdict
from pathlib import Path

from tracker.context import open_context
from tracker.extract import extract_files
from tracker.extract.score import load_annotations

ROOT = Path(__file__).resolve().parent.parent
BUCKETS = [(0.8, 1.01), (0.6, 0.8), (0.4, 0.6), (0.0, 0.4)]


def main(paths):
    ctx = open_context(download=False)
    rows = []
    for path in map(Path, paths):
        files, facts = load_annotations(path, ctx.gazetteer)
        found, _ = extract_files([path.parent / "articles" / name for name in files], ctx.gazetteer)
        for c in found:
            key = (Path(c["source"].split(":")[0]).name, c["unit_id"], c["status"], c["date"])
            rows.append((c, key in facts))
    print(f"{len(rows)} proposals from {', '.join(map(str, paths))}")
    print(f"{'confidence':>12} {'proposals':>9} {'right':>6} {'precision':>9}")
    for low, high in BUCKETS:
        group = [ok for c, ok in rows if low <= c["confidence"] < high]
        if group:
            print(f"{low:>5.1f}-{min(high, 1):<6.1f} {len(group):>9} {sum(group):>6} {sum(group) / len(group):>9.2f}")
    by = defaultdict(list)
    for c, ok in rows:
        for note in c["notes"].split("; "):
            by[note.split(" (")[-1].rstrip(")") if note.startswith("from ") else note].append(ok)
        by[f"status {c['status']}"].append(ok)
    print(f"\n{'feature':>40} {'proposals':>9} {'precision':>9}")
    for feature, oks in sorted(by.items(), key=lambda kv: -len(kv[1])):
        print(f"{feature[:40]:>40} {len(oks):>9} {sum(oks) / len(oks):>9.2f}")


if __name__ == "__main__":
    main(sys.argv[1:] or [ROOT / "tests" / "corpus" / "annotations.csv"])
