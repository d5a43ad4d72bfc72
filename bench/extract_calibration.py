"""Calibrating `confidence`: how often proposals are right, by confidence band, and a refit of its weights.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/extract_calibration.py [FOLDER ...]
Each FOLDER holds annotations.csv and articles/ (tests/corpus/README.md); default: the development corpus.
Prints the bands of the current weights (tracker/extract/lexicon.toml, [confidence]) and the weights a
logistic fit on these folders gives (copy them into the lexicon to recalibrate).
"""

import sys
from pathlib import Path

import numpy as np

import tracker.extract as extract
from tracker.context import open_context
from tracker.extract.score import load_annotations

ROOT = Path(__file__).resolve().parent.parent
BANDS = [0.9, 0.8, 0.7, 0.6, 0.0]


def labelled(folders: list[Path], gazetteer) -> list[tuple[dict, bool]]:
    """(internal proposal, right?) for every proposal on the annotated folders."""
    rows = []
    public = extract._public
    for folder in folders:
        files, facts = load_annotations(folder / "annotations.csv", gazetteer)
        for name in files:
            seen = []
            extract._public = lambda f, w: (seen.append(f), public(f, w))[1]
            try:
                extract.extract_text((folder / "articles" / name).read_text(encoding="utf-8"), name, gazetteer)
            finally:
                extract._public = public
            rows += [(f, (name, f["unit_id"], "unconfirmed" if f["claim"] else f["status"], f["date"]) in facts)
                     for f in seen]
    return rows


def bands(scores: np.ndarray, right: np.ndarray) -> None:
    for low in BANDS:
        chosen = scores >= low
        share = f"{right[chosen].mean():.2f}" if chosen.any() else "-"
        print(f"  confidence >= {low:.1f}: {chosen.sum():4d} proposals, right {share}")


def main(folders: list[Path]) -> None:
    gazetteer = open_context(download=False).gazetteer
    rows = labelled(folders, gazetteer)
    weights = extract.load_lexicon().confidence
    names = list(extract.features(rows[0][0]))
    x = np.array([[extract.features(f)[n] for n in names] for f, _ in rows], float)
    y = np.array([ok for _, ok in rows], float)
    print(f"{len(rows)} proposals, {y.mean():.2f} right, from {', '.join(map(str, folders))}")
    print("current weights:")
    bands(np.array([extract.confidence(f, weights) for f, _ in rows]), y)
    w, b = np.zeros(len(names)), 0.0
    for _ in range(20000):  # logistic regression, a little L2
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= 0.5 * (x.T @ (p - y) / len(y) + 0.02 * w)
        b -= 0.5 * (p - y).mean()
    print("refitted weights:")
    bands(1 / (1 + np.exp(-(x @ w + b))), y)
    print(f"bias = {b:.2f}")
    for n, v in zip(names, w):
        print(f"{n} = {v:.2f}")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or [ROOT / "tests" / "corpus"])
