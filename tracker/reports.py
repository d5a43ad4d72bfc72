"""Reports: read a CSV of dated, sourced reports, check every row, resolve names to units.

A file with any error is never half-used: :func:`load_reports` raises :class:`InputError` with
every problem, each naming file:line, the value and a hint.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem
from .gazetteer import Gazetteer
from .scheme import Scheme

REQUIRED = ("date", "district", "province", "status", "source", "url", "notes")
OPTIONAL = ("unit_id", "claimed_by", "confidence", "quote", "event_id", "event_version")
CONFIDENCE_WORDS = {"low": 0.25, "medium": 0.5, "high": 0.9}
DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Checked:
    """The outcome of checking a reports file: the usable rows and every problem found."""

    reports: pd.DataFrame
    problems: list[Problem]
    rows: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def read_text(path, file: str | None = None) -> str:
    """A UTF-8 text file (a BOM is dropped); unreadable or not UTF-8 -> :class:`InputError` naming ``file``."""
    file = file or str(path)
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError([Problem(file, None, f"cannot read the file ({exc.strerror})",
                                  hint="check the path")]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(file, None, f"not UTF-8 text (byte {exc.start})",
                                  hint="save the file as CSV UTF-8")]) from None


def read_rows(path: str | Path) -> pd.DataFrame:
    """The raw rows of a reports CSV as strings, with ``line`` (the row's line number in the file)."""
    path = Path(path)
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise InputError([Problem(str(path), 1, "the file is empty; it needs a header row",
                                  hint="first line: " + ",".join(REQUIRED))])
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError([Problem(str(path), 1, f"missing column(s): {', '.join(missing)}",
                                  value=",".join(header), hint="the header must be " + ",".join(REQUIRED))])
    records = []
    line = reader.line_num
    for row in reader:
        if any(cell.strip() for cell in row):
            records.append((line + 1, max(len(row) - len(header), 0), (row + [""] * len(header))[: len(header)]))
        line = reader.line_num
    frame = pd.DataFrame([r[2] for r in records], columns=header, dtype=object)
    frame = frame.reindex(columns=[*REQUIRED, *OPTIONAL], fill_value="")
    frame = frame.apply(lambda col: col.str.strip())
    frame.insert(0, "line", [r[0] for r in records])
    frame["extra_cells"] = [r[1] for r in records]
    return frame


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Dates, precision (``day``/``month``) and a bad-value mask for ``YYYY-MM-DD`` / ``YYYY-MM``."""
    parts = values.str.extract(DATE_RE)
    month_only = parts[0].notna() & parts[2].isna()
    text = values.where(~month_only, values + "-01")
    dates = pd.to_datetime(text.where(parts[0].notna()), format="%Y-%m-%d", errors="coerce")
    return dates, month_only.map({True: "month", False: "day"}), dates.isna()


def did_you_mean(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.5)
    return f"did you mean {close[0]!r}? " if close else ""


def check_rows(rows: pd.DataFrame, gazetteer: Gazetteer, scheme: Scheme, *, file: str,
               today: Date | None = None) -> Checked:
    """Check and resolve every row; return the resolved reports and all problems."""
    problems: list[Problem] = []

    def flag(mask: pd.Series, column: str, message: str, hint, severity="error"):
        for _, row in rows[mask].iterrows():
            problems.append(Problem(file, int(row.line), message, value=row[column], column=column,
                                    hint=hint(row) if callable(hint) else hint, severity=severity))

    flag(rows.extra_cells > 0, "notes", "more cells than columns",
         "quote a value that holds a comma: \"like, this\"")
    dates, precision, bad_date = parse_dates(rows.date)
    flag(bad_date, "date", "not a date", "write YYYY-MM-DD, or YYYY-MM when only the month is known")
    today = today or Date.today()
    flag(~bad_date & (dates > pd.Timestamp(today)), "date", f"date is after today ({today})",
         "check the year", severity="warning")

    statuses = rows.status.str.lower()
    bad_status = ~statuses.isin(scheme.keys)
    flag(bad_status, "status", f"not a status of the {scheme.name!r} scheme",
         lambda r: did_you_mean(r.status, scheme.keys) + "use one of: " + ", ".join(scheme.keys))
    flag(rows.source == "", "source", "no source", "every report needs its source (outlet, title)")
    bad_url = (rows.url != "") & ~rows.url.str.match(r"(?i)^https?://\S+$")
    flag(bad_url, "url", "not a web link", "give an http:// or https:// address, or leave it empty")
    confidence = rows.confidence.str.lower().map(lambda v: CONFIDENCE_WORDS.get(v, v))
    confidence = pd.to_numeric(confidence.replace("", None), errors="coerce")
    bad_conf = (rows.confidence != "") & ~confidence.between(0, 1)
    flag(bad_conf, "confidence", "not a confidence", "a number from 0 to 1, or low / medium / high")

    resolved = resolve_units(rows, gazetteer, file, problems)
    reports = pd.DataFrame({
        "line": rows.line, "date": dates, "precision": precision,
        "unit_id": resolved.unit_id, "district": resolved.district, "province": resolved.province,
        "status": statuses, "source": rows.source, "url": rows.url, "notes": rows.notes,
        "claimed_by": rows.claimed_by, "confidence": confidence, "quote": rows.quote, "mention": rows.district,
        "event_id": rows.event_id, "event_version": rows.event_version,
    })
    bad = bad_date | bad_status | resolved.unit_id.isna()
    problems += contradictions(reports[~bad], scheme, file)
    problems.sort(key=lambda p: (p.line or 0, p.severity))
    return Checked(reports[~bad].reset_index(drop=True), problems, len(rows))


def resolve_units(rows: pd.DataFrame, gazetteer: Gazetteer, file: str, problems: list[Problem]) -> pd.DataFrame:
    """unit_id, district, province for every row (None where it cannot be placed), once per distinct name."""
    known = gazetteer.units.set_index("unit_id")
    out = pd.DataFrame(index=rows.index, columns=["unit_id", "district", "province"], dtype=object)
    for (name, province, unit_id), group in rows.groupby(["district", "province", "unit_id"], sort=False):
        line = int(group.line.iloc[0])
        more = f" (and {len(group) - 1} more row(s): {', '.join(map(str, group.line.iloc[1:4]))}{'...' if len(group) > 4 else ''})" if len(group) > 1 else ""
        if unit_id:
            if unit_id not in known.index:
                problems.append(Problem(file, line, "unknown unit_id" + more, value=unit_id, column="unit_id",
                                        hint="use the boundary file's id (e.g. geoBoundaries shapeID) or leave it empty"))
                continue
            out.loc[group.index] = [unit_id, known.district[unit_id], known.province[unit_id]]
            continue
        if not name:
            problems.append(Problem(file, line, "no district" + more, column="district",
                                    hint="name the district (or give unit_id)"))
            continue
        if province and gazetteer.resolve_province(province) is None:
            close = gazetteer.suggest_provinces(province)
            problems.append(Problem(file, line, "unknown province" + more, value=province, column="province",
                                    hint=(f"did you mean {' or '.join(map(repr, close))}? " if close else "")
                                    + "or leave it empty"))
            continue
        found = gazetteer.resolve(name, province or None)
        if found.outcome == "found":
            out.loc[group.index] = [found.unit_id, found.district, found.province]
        elif found.outcome == "ambiguous":
            options = "; ".join(f"{c['district']} ({c['province']})" for c in found.candidates)
            problems.append(Problem(file, line, "ambiguous district" + more, value=name, column="district",
                                    hint=f"could be {options}: fill in the province"))
        else:
            close = ", ".join(f"{s['district']} ({s['province']})" for s in found.suggestions[:3])
            problems.append(Problem(file, line, "unknown district" + more, value=name, column="district",
                                    hint=(f"did you mean {close}? " if close else "")
                                    + "check the spelling, add the province, or add an alias"))
    return out


def contradictions(reports: pd.DataFrame, scheme: Scheme, file: str) -> list[Problem]:
    """Warnings for one unit with two different confirmed statuses on the same day."""
    confirmed = reports[reports.status != scheme.unconfirmed]
    kinds = confirmed.groupby(["unit_id", "date"]).status.transform("nunique")
    clash = confirmed[kinds > 1]
    problems = []
    for (_, day), same in clash.groupby(["unit_id", "date"], sort=False):
        lines = ", ".join(map(str, same.line))
        problems.append(Problem(file, int(same.line.iloc[0]), f"same-day contradiction (lines {lines}): "
                                + " vs ".join(sorted(set(same.status))), value=same.district.iloc[0],
                                column="status", severity="warning",
                                hint=f"counted as {scheme.contested!r} on {day.date()}; check the sources"))
    return problems


def check_file(path: str | Path, gazetteer: Gazetteer, scheme: Scheme, today: Date | None = None) -> Checked:
    """Read and check a reports file (problems in reading itself raise :class:`InputError`)."""
    return check_rows(read_rows(path), gazetteer, scheme, file=str(path), today=today)


def load_reports(path: str | Path, gazetteer: Gazetteer, scheme: Scheme) -> pd.DataFrame:
    """The resolved reports of a file, or :class:`InputError` listing every error in it."""
    checked = check_file(path, gazetteer, scheme)
    if checked.errors:
        raise InputError(checked.errors)
    return checked.reports
