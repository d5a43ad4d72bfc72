"""Event tables in: an ACLED export (or any event table a mapping describes) as one frame of events.

Columns are found by the mapping's names, in any case (older ACLED files write them in capitals). A file that
cannot be read, or lacks the columns needed, raises :class:`InputError`; a row that cannot be used (an
unreadable date, too few cells) is kept with its problem, so the import can count it and go on.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem
from .event_mapping import FIELDS, Mapping


def read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError([Problem(str(path), None, f"cannot read the file ({exc.strerror})", hint="check the path")]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(str(path), None, f"not UTF-8 text (byte {exc.start})",
                                  hint="give the CSV export (UTF-8), not a spreadsheet; or save it as CSV UTF-8")]) from None


def find_columns(header: list[str], mapping: Mapping, path: Path) -> dict[str, int]:
    """field -> position in the header, for the fields the mapping names and the file has."""
    names = [h.strip().lower() for h in header]
    found = {}
    for field, wanted in mapping.columns.items():
        hit = next((names.index(n) for n in wanted if n in names), None)
        if hit is not None:
            found[field] = hit
    places = {"latitude", "longitude"} <= set(found) or "admin2" in found
    missing = [mapping.columns[f][0] for f in ("date", "event_type") if f not in found]
    if missing or not places:
        missing += [] if places else ["latitude and longitude, or admin2"]
        raise InputError([Problem(str(path), 1, f"missing column(s): {', '.join(missing)}",
                                  value=",".join(header)[:120],
                                  hint="an ACLED export has event_date, event_type, latitude, longitude, admin2; "
                                       "for another table give --format table --mapping FILE.toml naming its columns")])
    return found


def parse_dates(values: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Dates in the first of ``formats`` that reads each value; NaT where none does."""
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in formats:
        todo = out.isna() & (values != "")
        if not todo.any():
            break
        out[todo] = pd.to_datetime(values[todo], format=fmt, errors="coerce")
    return out


def read_events(path: str | Path, mapping: Mapping) -> tuple[pd.DataFrame, list[Problem]]:
    """Every row of an event file: the mapping's fields as text (empty where the file has no such column),
    ``file``, ``line``, ``when`` (the date), ``lat``/``lon`` (numbers, NaN if none), and the rows' problems.

    Rows with an unreadable date keep ``when`` NaT; rows with the wrong number of cells are left out.
    """
    path = Path(path)
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise InputError([Problem(str(path), 1, "the file is empty; it needs a header row",
                                  hint="give the event export as it was downloaded")])
    found = find_columns(header, mapping, path)
    problems: list[Problem] = []
    lines, cells = [], []
    end = reader.line_num
    for row in reader:
        if len(row) == len(header):
            lines.append(end + 1)
            cells.append(row)
        elif any(c.strip() for c in row):
            problems.append(Problem(str(path), end + 1, f"{len(row)} cells where the header has {len(header)}",
                                    hint="a value holding a comma or a line break must be quoted; re-export the file",
                                    severity="warning"))
        end = reader.line_num
    if problems and not cells:
        raise InputError([Problem(str(path), None, f"no row has the header's {len(header)} cells",
                                  value=problems[0].message, hint="is the file cut short, or not comma-separated? "
                                  "give the export as it was downloaded")])
    frame = pd.DataFrame({field: [row[found[field]].strip() for row in cells] if field in found else [""] * len(cells)
                          for field in FIELDS}, dtype=object)
    frame.insert(0, "line", lines)
    frame.insert(0, "file", str(path))
    frame["when"] = parse_dates(frame.date, mapping.date_formats)
    for bad in frame.index[frame.when.isna()]:
        problems.append(Problem(str(path), int(frame.line[bad]), "not a date", value=frame.date[bad],
                                column=mapping.columns["date"][0], severity="warning",
                                hint="write YYYY-MM-DD or '06 August 2021', or list the format under [dates] in the mapping"))
    frame["lat"] = pd.to_numeric(frame.latitude, errors="coerce")
    frame["lon"] = pd.to_numeric(frame.longitude, errors="coerce")
    return frame, problems
