"""Reports: read a CSV of dated, sourced reports, check every row, resolve names to units.

A file with any error is never half-used: :func:`load_reports` raises :class:`InputError` with
every problem, each naming file:line, the value and a hint.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .gazetteer import Gazetteer, place_label
from .scheme import Scheme

REQUIRED = ("date", "district", "province", "status", "source", "url", "notes")
OPTIONAL = ("unit_id", "claimed_by", "confidence", "quote", "event_id", "event_version")
CONFIDENCE_WORDS = {"low": 0.25, "medium": 0.5, "high": 0.9}


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
    """The rows of a reports CSV as stripped strings, with ``line`` (the row's first line in the file) and
    ``extra_cells`` (cells beyond the header); rows without any text are left out."""
    path = Path(path)
    text = read_text(path)
    header = next(csv.reader(io.StringIO(text, newline="")), None)
    if not header or not any(h.strip() for h in header):
        raise InputError([Problem(str(path), 1, "the file is empty; it needs a header row",
                                  hint="first line: " + ",".join(REQUIRED))])
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError([Problem(str(path), 1, f"missing column(s): {', '.join(missing)}",
                                  value=",".join(header), hint="the header must be " + ",".join(REQUIRED))])
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        raise InputError([Problem(str(path), 1, f"column(s) named twice: {', '.join(twice)}", value=",".join(header),
                                  hint="keep one column of each name")])
    frame = one_row_per_line(text.encode(), len(header))  # UTF-8 without the BOM
    if frame is None:
        frame = any_shape_rows(text, len(header))
    cells = frame.columns[:len(header)]
    frame[cells] = frame[cells].apply(lambda col: col.str.strip())
    has_text = (frame[cells] != "").any(axis=1) | (frame.extra_cells > 0)
    if not has_text.all():
        frame = frame[has_text]
    position = {name: i for i, name in enumerate(header)}
    blank = pd.array([""] * len(frame), dtype=str)  # one empty column for every optional one the file lacks
    return pd.DataFrame({"line": frame.line.array,
                         **{c: frame[str(position[c])].array if c in position else blank for c in (*REQUIRED, *OPTIONAL)},
                         "extra_cells": frame.extra_cells.array})


def one_row_per_line(data: bytes, width: int) -> pd.DataFrame | None:
    """Cells (columns 0..width-1), line and extra_cells in one pass of pyarrow's reader, when every row is one
    line of exactly ``width`` cells, and lines end in LF or CRLF (the usual sheet); else None."""
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    if data.count(b"\r") != data.count(b"\r\n"):
        return None  # lines ending in CR alone
    irregular = []
    names = [str(i) for i in range(width)]
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(data), read_options=arrow_csv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=arrow_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=lambda row: irregular.append(row) or "skip"),
            convert_options=arrow_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())))
    except (pa.ArrowInvalid, ValueError):
        return None
    lines = nonempty_lines(data)
    if irregular or len(lines) != table.num_rows + 1:
        return None  # a row of another width, a value over several lines, a blank-looking line
    frame = table.to_pandas()
    frame["line"], frame["extra_cells"] = lines[1:], 0
    return frame


def nonempty_lines(data: bytes) -> np.ndarray:
    """The numbers (from 1) of the lines of LF or CRLF text that hold something.

    >>> nonempty_lines(b"a\\r\\n\\r\\nb\\n").tolist()
    [1, 3]
    """
    text = np.frombuffer(data, np.uint8)
    ends = np.flatnonzero(text == ord("\n"))
    starts, stops = np.r_[0, ends + 1], np.r_[ends, len(text)]
    length = stops - starts
    length[length > 0] -= text[stops[length > 0] - 1] == ord("\r")
    return np.flatnonzero(length > 0) + 1


def any_shape_rows(text: str, width: int) -> pd.DataFrame:
    """Cells (columns 0..width-1), line and extra_cells of every row with text, of any shape: short rows are
    padded, long rows counted, values may hold line breaks (Python's csv reader, row by row)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    records, line = [], reader.line_num
    for row in reader:
        if any(cell.strip() for cell in row):
            records.append((*(row + [""] * width)[:width], line + 1, max(len(row) - width, 0)))
        line = reader.line_num
    frame = pd.DataFrame(records, columns=[*map(str, range(width)), "line", "extra_cells"])
    return frame.astype({str(i): str for i in range(width)})


def per_value(values: pd.Series, check) -> pd.Series:
    """``check`` (a function of a Series, returning one of the same length) run once per distinct value and
    spread back to every row: a sheet repeats its dates, statuses, sources and links."""
    codes, uniques = pd.factorize(values)
    return pd.Series(check(pd.Series(uniques, dtype=values.dtype)).to_numpy()[codes], index=values.index)


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Dates, precision (``day``/``month``) and a bad-value mask for ``YYYY-MM-DD`` / ``YYYY-MM``."""
    def parse(text: pd.Series) -> pd.Series:
        month_only = text.str.fullmatch(r"\d{4}-\d{2}")
        text = text.where(~month_only, text + "-01").where(text.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?"))
        return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")

    dates = per_value(values, parse)
    month_only = values.str.len() == 7  # a good date of seven characters is YYYY-MM
    return dates, month_only.map({True: "month", False: "day"}), dates.isna()


def did_you_mean(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.5)
    return f"did you mean {close[0]!r}? " if close else ""


def check_rows(rows: pd.DataFrame, gazetteer: Gazetteer, scheme: Scheme, *, file: str,
               today: Date | None = None) -> Checked:
    """Check and resolve every row; return the resolved reports and all problems.

    Each check runs over whole columns; names are resolved once per distinct (district, province, unit_id).
    """
    problems: list[Problem] = []

    def flag(mask: pd.Series, column: str, message: str, hint, severity="error"):
        """A problem for each row in ``mask``; a callable ``hint`` is asked once per distinct value."""
        hints = {}
        for line, value in zip(rows.line[mask], rows[column][mask]):
            if value not in hints:
                hints[value] = hint(value) if callable(hint) else hint
            problems.append(Problem(file, int(line), message, value=value, column=column, hint=hints[value],
                                    severity=severity))

    flag(rows.extra_cells > 0, "notes", "more cells than columns",
         "quote a value that holds a comma: \"like, this\"")
    dates, precision, bad_date = parse_dates(rows.date)
    flag(bad_date, "date", "not a date", "write YYYY-MM-DD, or YYYY-MM when only the month is known")
    today = today or Date.today()
    flag(~bad_date & (dates > pd.Timestamp(today)), "date", f"date is after today ({today})",
         "check the year", severity="warning")

    statuses = per_value(rows.status, lambda v: v.str.lower())
    bad_status = ~statuses.isin(scheme.keys)
    flag(bad_status, "status", f"not a status of the {scheme.name!r} scheme",
         lambda status: did_you_mean(status, scheme.keys) + "use one of: " + ", ".join(scheme.keys))
    flag(rows.source == "", "source", "no source", "every report needs its source (outlet, title)")
    bad_url = per_value(rows.url, lambda v: (v != "") & ~v.str.match(r"(?i)^https?://\S+$"))
    flag(bad_url, "url", "not a web link", "give an http:// or https:// address, or leave it empty")
    confidence = per_value(rows.confidence, lambda v: v.str.lower().map(CONFIDENCE_WORDS).astype(float)
                           .fillna(pd.to_numeric(v.where(v != ""), errors="coerce")))
    bad_conf = (rows.confidence != "") & ~confidence.between(0, 1)
    flag(bad_conf, "confidence", "not a confidence", "a number from 0 to 1, or low / medium / high")

    resolved = resolve_units(rows, gazetteer, file, problems)
    reports = pd.DataFrame({
        "line": rows.line, "date": dates, "precision": precision,
        "unit_id": resolved.unit_id, "district": resolved.district, "province": resolved.province,
        "part": resolved.part,
        "status": statuses, "source": rows.source, "url": rows.url, "notes": rows.notes,
        "claimed_by": rows.claimed_by, "confidence": confidence, "quote": rows.quote, "mention": rows.district,
        "event_id": rows.event_id, "event_version": rows.event_version,
    })
    bad = bad_date | bad_status | resolved.unit_id.isna()
    problems += contradictions(reports[~bad], scheme, file)
    problems.sort(key=lambda p: (p.line or 0, p.severity))
    return Checked(reports[~bad].reset_index(drop=True), problems, len(rows))


def resolve_units(rows: pd.DataFrame, gazetteer: Gazetteer, file: str, problems: list[Problem]) -> pd.DataFrame:
    """unit_id, district, province for every row (None where it cannot be placed), once per distinct
    (district, province, unit_id); a problem names the first line and counts the others. ``part``: the newer
    district a row names when its unit is the boundary file's district it lies in ("" for none)."""
    names = ["district", "province", "unit_id"]
    codes = rows.groupby(names, sort=False).ngroup().to_numpy()  # numbered in order of first use, like drop_duplicates
    places, failed = [], []
    for k, key in enumerate(rows[names].drop_duplicates().itertuples(index=False)):
        place, problem = place_row(*key, gazetteer)
        places.append(place or (None, None, None, None))
        if problem:
            failed.append((k, problem))
    if failed:
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(places) + 1))
        lines = rows.line.to_numpy()[order]
        for k, problem in failed:
            at = lines[bounds[k]:bounds[k + 1]]
            more = f" (and {len(at) - 1} more row(s): {', '.join(map(str, at[1:4]))}{'...' if len(at) > 4 else ''})" if len(at) > 1 else ""
            message, value, column, hint = problem
            problems.append(Problem(file, int(at[0]), message + more, value=value, column=column, hint=hint))
    return pd.DataFrame(np.array(places, dtype=object).reshape(-1, 4)[codes], index=rows.index,
                        columns=["unit_id", "district", "province", "part"])


def place_row(name: str, province: str, unit_id: str, gazetteer: Gazetteer) -> tuple[tuple | None, tuple | None]:
    """(unit_id, district, province, part) for one row's names, or None and (message, value, column, hint)."""
    if unit_id:
        if unit_id not in gazetteer.record:
            return None, ("unknown unit_id", unit_id, "unit_id",
                          "use the boundary file's id (e.g. geoBoundaries shapeID) or leave it empty")
        known = gazetteer.record[unit_id]
        found = gazetteer.resolve(name, province or None) if name and name != known["district"] else None
        part = found.part or "" if found is not None and found.unit_id == unit_id else ""  # "Murghab" in Chaghcharan
        return (unit_id, known["district"], known["province"], part), None
    if not name:
        return None, ("no district", "", "district", "name the district (or give unit_id)")
    if province and gazetteer.resolve_province(province) is None:
        close = gazetteer.suggest_provinces(province)
        return None, ("unknown province", province, "province",
                      (f"did you mean {' or '.join(map(repr, close))}? " if close else "") + "or leave it empty")
    found = gazetteer.resolve(name, province or None)
    if found.outcome == "found":
        return (found.unit_id, found.district, found.province, found.part or ""), None
    if found.outcome == "ambiguous":
        options = "; ".join(place_label(c) for c in found.candidates)
        return None, ("ambiguous district", name, "district", f"could be {options}: fill in the province")
    close = ", ".join(place_label(s) for s in found.suggestions[:3])
    return None, ("unknown district", name, "district",
                  (f"did you mean {close}? " if close else "") + "check the spelling, add the province, or add an alias")


def with_parts(reports: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """Reports (e.g. from a ledger, which keeps each row's ``mention``) with ``part``: the newer district a
    mention names inside the report's unit, read again in the report's province ("" for none)."""
    def part(mention: str, province: str, unit_id: str) -> str:
        found = gazetteer.resolve(mention, province or None, fuzzy=False) if mention else None
        return found.part or "" if found and found.unit_id == unit_id else ""
    keys = list(zip(reports.get("mention", reports.district), reports.province, reports.unit_id))
    known = {k: part(*k) for k in dict.fromkeys(keys)}
    return reports.assign(part=[known[k] for k in keys])


def contradictions(reports: pd.DataFrame, scheme: Scheme, file: str) -> list[Problem]:
    """Warnings for one unit with two different confirmed statuses on the same day."""
    columns = ["unit_id", "date", "line", "status", "district"]
    confirmed = reports.loc[reports.status != scheme.unconfirmed, columns]
    kinds = confirmed.groupby(["unit_id", "date"]).status.transform("nunique")
    clash = confirmed[kinds > 1].sort_values(["unit_id", "date", "line"])
    unit, day = clash.unit_id.to_numpy(), clash.date.to_numpy()
    starts = np.flatnonzero(np.r_[True, (unit[1:] != unit[:-1]) | (day[1:] != day[:-1])]).tolist() if len(clash) else []
    line, status, district = clash.line.tolist(), clash.status.tolist(), clash.district.tolist()
    days = np.datetime_as_string(day, unit="D").tolist()
    return [Problem(file, line[a], f"same-day contradiction (lines {', '.join(map(str, line[a:b]))}): "
                    + " vs ".join(sorted(set(status[a:b]))), value=district[a], column="status", severity="warning",
                    hint=f"counted as {scheme.contested!r} on {days[a]}; check the sources")
            for a, b in zip(starts, [*starts[1:], len(clash)])]


def check_file(path: str | Path, gazetteer: Gazetteer, scheme: Scheme, today: Date | None = None) -> Checked:
    """Read and check a reports file (problems in reading itself raise :class:`InputError`)."""
    return check_rows(read_rows(path), gazetteer, scheme, file=str(path), today=today)


def load_reports(path: str | Path, gazetteer: Gazetteer, scheme: Scheme) -> pd.DataFrame:
    """The resolved reports of a file, or :class:`InputError` listing every error in it."""
    checked = check_file(path, gazetteer, scheme)
    if checked.errors:
        raise InputError(checked.errors)
    return checked.reports
