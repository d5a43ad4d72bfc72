"""Calibrating `confidence`: a logistic fit of its weights, and how often each confidence band is right.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/extract_calibration.py [FOLDER ...]

The fit is made on bench/fresh-proposals.csv: the features (tracker.extract.features()) of every proposal the
extractor made on fifteen sets of real news at first sight - each set scored once, with the code of its day,
before anyone tuned a rule on it - and whether an analyst's annotation agreed (file, district, status, date).
Text tuned on is easier than news never seen (the corpus is right 0.88, fresh news 0.58), so a fit on it promises
too much. Each FOLDER (annotations.csv and articles/, tests/corpus/README.md) adds the proposals the current
code makes on it. Prints: each band on every set held out in turn (fitted on the others), the bands of the
current weights (tracker/extract/lexicon.toml, [confidence]) on the table and on the development corpus, and
the weights of a fit on all rows (copy them into the lexicon to recalibrate).
"""

import csv
import sys
from pathlib import Path

import numpy as np

import tracker.extract as extract
from tracker.context import open_context
from tracker.extract.score import load_annotations

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "bench" / "fresh-proposals.csv"
BANDS = [0.9, 0.8, 0.7, 0.6, 0.0]
PENALTY = 0.01  # L2


def labelled(folder: Path, gazetteer) -> list[tuple[dict, bool]]:
    """(features, right?) for every proposal the current code makes on an annotated folder."""
    rows = []
    files, facts = load_annotations(folder / "annotations.csv", gazetteer)
    public = extract._public
    for name in files:
        seen = []
        extract._public = lambda f, w: (seen.append(f), public(f, w))[1]
        try:
            extract.extract_text((folder / "articles" / name).read_text(encoding="utf-8"), name, gazetteer)
        finally:
            extract._public = public
        rows += [(f["features"], (name, f["unit_id"], f["status"], f["date"]) in facts) for f in seen]
    return rows


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights and bias of a logistic regression (gradient descent, a little L2; other columns standardised)."""
    binary = np.isin(x, (0, 1)).all(0)  # 0/1 columns stay as they are: a rare one earns no large weight
    mu, sd = np.where(binary, 0, x.mean(0)), np.where(binary, 1, x.std(0) + 1e-9)
    z, w, b = (x - mu) / sd, np.zeros(x.shape[1]), 0.0
    for _ in range(4000):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= z.T @ (p - y) / len(y) + PENALTY * w
        b -= (p - y).mean()
    return w / sd, b - (w * mu / sd).sum()


def predict(x: np.ndarray, weights: tuple[np.ndarray, float]) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ weights[0] + weights[1])))


def ranked(scores: np.ndarray, right: np.ndarray) -> float:
    """How often a right proposal scores above a wrong one (ties count half): 0.5 is chance, 1 a perfect order."""
    hit, miss = scores[right == 1], scores[right == 0]
    return float(((hit[:, None] > miss).sum() + 0.5 * (hit[:, None] == miss).sum()) / max(hit.size * miss.size, 1))


def bands(label: str, scores: np.ndarray, right: np.ndarray) -> None:
    print(f"{label}: {len(right)} proposals, right {right.mean():.2f}; a right one above a wrong one "
          f"{ranked(scores, right):.2f}")
    for low in BANDS:
        chosen = scores >= low
        share = f"{right[chosen].mean():.2f}" if chosen.any() else "-"
        print(f"  confidence >= {low:.1f}: {chosen.sum():4d} proposals, right {share}")


def main(folders: list[Path]) -> None:
    with TABLE.open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    names = [c for c in table[0] if c not in ("set", "file", "right")]
    groups = [r["set"] for r in table]
    x = np.array([[float(r[n]) for n in names] for r in table])
    y = np.array([r["right"] == "1" for r in table], float)
    gazetteer = open_context(download=False).gazetteer
    for folder in folders:
        rows = labelled(folder, gazetteer)
        groups += [folder.name] * len(rows)
        x = np.vstack([x, [[float(v[n]) for n in names] for v, _ in rows]])
        y = np.concatenate([y, [ok for _, ok in rows]])
    held = np.zeros(len(y))
    for group in dict.fromkeys(groups):
        out = np.array([g == group for g in groups])
        held[out] = predict(x[out], fit(x[~out], y[~out]))
    bands("each set held out in turn, fitted on the others", held, y)
    current = extract.load_lexicon().confidence
    bands("current weights, the same proposals", np.array([extract.confidence(dict(zip(names, row)), current)
                                                            for row in x]), y)
    corpus = labelled(ROOT / "tests" / "corpus", gazetteer)
    bands("current weights, development corpus", np.array([extract.confidence(v, current) for v, _ in corpus]),
          np.array([ok for _, ok in corpus], float))
    w, b = fit(x, y)
    print("[confidence] fitted on all rows:")
    print(f"bias = {b:.3f}")
    for n, v in zip(names, w):
        print(f"{n} = {v:.3f}")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]])
