"""Audit: what weakens a set of reports, row by row (advice for the analyst, not errors).

Kinds of finding, in the order they are looked for:

- ``missing-url``: no link to the source;
- ``home-page-url``: a link to an outlet's home page (no path beyond ``/``, or only a language folder such as
  ``/en/``), which cannot show what the row says;
- ``duplicate-url``: one link cited under different source titles (one of them is wrong);
- ``duplicate-report``: the same district, date, status and source given twice;
- ``approximate-date``: a date known only to the month;
- ``inferred``: notes saying the status was inferred or assumed, not reported;
- ``unnamed-district``: a quote (with the source title) that does not name the district the row is for;
- ``after-publication``: a report dated after the publication date its source gives (``YYYY-MM-DD`` in the
  source text), which no article can report.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pandas as pd

from .gazetteer import fold, folded_keys, words

LANGUAGE_FOLDER = re.compile(r"^/?([a-z]{2}([_-][a-z]{2})?|english)/?$", re.I)
INFERRED = re.compile(r"\b(inferred|inference|assumed|presumed|presumably)\b", re.I)
ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
KINDS = ("missing-url", "home-page-url", "duplicate-url", "duplicate-report", "approximate-date", "inferred",
         "unnamed-district", "after-publication")


def is_home_page(url: str) -> bool:
    """A link with no path beyond ``/`` (or only a language folder), no query: an outlet's front page.

    >>> is_home_page("https://tolonews.com/"), is_home_page("https://x.org/en_GB/"), is_home_page("https://x.org/a/1")
    (True, True, False)
    """
    parts = urlparse(url)
    path = parts.path.strip()
    return not parts.query and (path in ("", "/") or bool(LANGUAGE_FOLDER.match(path)))


def names_place(text: str, *names: str) -> bool:
    """Whether ``text`` names any of ``names`` in any common spelling (folded words, in sequence or joined).

    >>> names_place("Taliban overran Pul-e-Khumri on Tuesday", "Puli Khumri")
    True
    """
    folded = [fold(w) for w in words(text, frozenset())]
    grams = {"".join(folded[i:i + n]) for n in (1, 2, 3) for i in range(len(folded) - n + 1)}
    return any(key in grams for name in names if name for key in folded_keys(name))


def publication_day(source: str) -> pd.Timestamp | None:
    """The publication date a source text gives (``Outlet, 2021-07-05: Title``), if any."""
    found = ISO_DAY.search(source or "")
    return pd.to_datetime(found.group(1), errors="coerce") if found else None


def audit(reports: pd.DataFrame) -> pd.DataFrame:
    """Findings for resolved reports (``line`` and optionally ``file``): columns line, kind, detail (and file)."""
    found: list[dict] = []

    def add(row, kind: str, detail: str):
        found.append({"line": int(row.line), "kind": kind, "detail": detail,
                      **({"file": row.file} if "file" in reports else {})})

    first_title: dict[str, tuple[str, int]] = {}
    seen: dict[tuple, int] = {}
    for row in reports.itertuples(index=False):
        url, source = (row.url or "").strip(), (row.source or "").strip()
        if not url:
            add(row, "missing-url", f"no link for {source!r}")
        elif is_home_page(url):
            add(row, "home-page-url", f"{url} is a home page; link the article itself")
        if url:
            title, line = first_title.setdefault(url, (source, int(row.line)))
            if title != source:
                add(row, "duplicate-url", f"{url} is also cited as {title!r} (line {line})")
        key = (row.unit_id, row.date, row.status, source)
        if key in seen:
            add(row, "duplicate-report", f"same district, date, status and source as line {seen[key]}")
        seen.setdefault(key, int(row.line))
        if getattr(row, "precision", "day") == "month":
            add(row, "approximate-date", f"{row.district}: dated {row.date:%B %Y}, day unknown")
        if INFERRED.search(row.notes or ""):
            add(row, "inferred", f"{row.district}: {row.notes}")
        quote = getattr(row, "quote", "") or ""
        if quote and not names_place(f"{quote} {source}", getattr(row, "mention", ""), row.district):
            add(row, "unnamed-district", f"neither the quote nor the title names {row.district}")
        published = publication_day(source)
        if published is not None and row.date > published:
            add(row, "after-publication", f"dated {row.date:%Y-%m-%d}, after the source's {published:%Y-%m-%d}")
    columns = ["line", "kind", "detail"] + ["file"] * ("file" in reports)
    frame = pd.DataFrame(found, columns=columns)
    order = frame.kind.map({k: i for i, k in enumerate(KINDS)})
    by = ["file", "line", "order"] if "file" in frame else ["line", "order"]
    return frame.assign(order=order).sort_values(by, kind="stable").drop(columns="order").reset_index(drop=True)


def summary(findings: pd.DataFrame) -> dict[str, int]:
    """Findings per kind, in the order of :data:`KINDS`, kinds with none left out."""
    counts = findings.kind.value_counts()
    return {k: int(counts[k]) for k in KINDS if k in counts}
