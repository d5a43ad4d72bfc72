"""The ``tracker`` command line: thin commands over the library.

Exit codes: 0 success, 1 invalid input, 2 usage error, 3 ambiguous name, 4 unknown name.
Each command imports what it needs when it runs (pandas, folium, matplotlib): start-up stays fast.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from datetime import date as Date
from pathlib import Path

import click
from click.core import ParameterSource
from rich.console import Console

from . import geodata
from .context import Context, open_context
from .errors import InputError, Problem

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def report_problems(problems: list[Problem]) -> None:
    """Every problem on stderr, one line each: ``error: file:line: [column] 'value': message (hint)``."""
    if problems:
        colour = {"error": "red", "warning": "yellow"}
        click.echo("\n".join(f"{click.style(p.severity, fg=colour.get(p.severity))}: {p}" for p in problems), err=True)


def friendly(command):
    """Turn input errors into listed problems and exit 1: no traceback for a user's mistake."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            report_problems(exc.problems)
            sys.exit(1)
    return run


def stack(*decorators):
    """Several click decorators as one, applied in the order written."""
    def apply(command):
        for decorator in reversed(decorators):
            command = decorator(command)
        return command
    return apply


# --country, --boundaries, --admin1, columns, --scheme: where units and statuses come from.
boundary_options = stack(
    click.option("--country", metavar="ISO3", help="Country (ISO 3166 alpha-3). Default: the manifest's (AFG)."),
    click.option("--boundaries", metavar="PATH", type=click.Path(dir_okay=False),
                 help="District boundary file (GeoJSON, Shapefile, GeoPackage, GeoParquet)."),
    click.option("--admin1", metavar="PATH", type=click.Path(dir_okay=False),
                 help="Province boundary file, when the districts file has no province column."),
    click.option("--id-column", metavar="NAME", help="District id column of another boundary source."),
    click.option("--name-column", metavar="NAME", help="District name column of another boundary source."),
    click.option("--province-column", metavar="NAME", help="Province name column in the districts file."),
    click.option("--scheme", default="default", show_default=True, metavar="NAME|PATH",
                 help="Status scheme: a bundled name or a TOML file."),
)

POPULATION_HELP = ("People per district, shown beside districts and area: a CSV (unit_id,population or "
                   "district,province,population; optional year), a GeoTIFF of people per cell, or the name of one of "
                   "the country's population sources (`tracker geodata info` lists them; a raster one needs "
                   "`tracker geodata fetch --population` first).")

# REPORTS (a CSV) or --db LEDGER [--source TEXT], read through --policy, with --population: the same answers
# for the same reports.
report_input = stack(
    click.argument("reports", required=False, type=click.Path(dir_okay=False)),
    click.option("--db", type=click.Path(dir_okay=False), metavar="LEDGER", envvar="TRACKER_DB", show_envvar=True,
                 help="Read the accepted reports of a ledger (a file, or postgresql://USER@HOST:PORT/DBNAME) instead of a CSV."),
    click.option("--source", "source_filter", metavar="TEXT", help="With --db: only reports whose source contains TEXT."),
    click.option("--policy", metavar="NAME|PATH",
                 help="Policy for conflicting claims (e.g. reliability); default: the core rules."),
    click.option("--population", metavar="PATH|NAME", help=POPULATION_HELP),
)


# The ledger a team shares: a file (SQLite) or a PostgreSQL address; TRACKER_DB saves typing it.
ledger_option = click.option("--db", default="tracker.db", show_default=True, envvar="TRACKER_DB", show_envvar=True,
                             metavar="LEDGER", help="The ledger: a file (SQLite) or postgresql://USER@HOST:PORT/DBNAME "
                                                    "(password from PGPASSWORD or ~/.pgpass).")
analyst_option = click.option("--analyst", metavar="NAME", help="Who does this, for the record. Default: the OS user.")


def whoami(analyst: str | None) -> str:
    from .ledger import default_analyst
    return analyst or default_analyst()


def reports_of(ctx: Context, reports: str | None, db: str | None, source: str | None, policy: str | None = None):
    """Resolved reports from the CSV or the ledger (exactly one), read through the policy if given."""
    from .policy import apply_policy, load_policy
    from .reports import load_reports, with_parts

    if reports and db and click.get_current_context().get_parameter_source("db") is ParameterSource.ENVIRONMENT:
        db = None  # a file named on the command line wins over TRACKER_DB
    if bool(reports) == bool(db):
        raise click.UsageError("give a REPORTS file or --db LEDGER (one of them)")
    if db:
        from .ledger import connect, read_reports
        loaded = with_parts(read_reports(connect(db), source), ctx.gazetteer)
    else:
        loaded = load_reports(reports, ctx.gazetteer, ctx.scheme)
    if policy:
        loaded = apply_policy(loaded, load_policy(policy, ctx.scheme), ctx.scheme)
    return loaded


def context_from(kwargs: dict) -> Context:
    ctx = open_context(kwargs.pop("country"), kwargs.pop("boundaries"), kwargs.pop("admin1"), kwargs.pop("scheme"),
                       id_col=kwargs.pop("id_column"), name_col=kwargs.pop("name_column"),
                       province_col=kwargs.pop("province_column"), population=kwargs.pop("population", None))
    if ctx.population_spec:  # loaded now: its problems and unknown districts are told first
        report_problems(unknown_population(ctx))
    return ctx


def unknown_population(ctx: Context) -> list[Problem]:
    """A warning naming the districts the population source leaves out (counted apart, never as zero)."""
    from .population import unknown_units

    missing = ctx.units[unknown_units(ctx.population.at(ctx.units.unit_id))]
    if missing.empty:
        return []
    names = ", ".join(f"{d} ({p})" for d, p in zip(missing.district[:8], missing.province[:8]))
    return [Problem(ctx.population.name, None, f"{len(missing)} district(s) have no population: {names}"
                    f"{' ...' if len(missing) > 8 else ''}", severity="warning",
                    hint="they are counted apart as unknown population, never as zero")]


def iso_date(ctx, param, value):
    if value is None:
        return None
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from None


stale_option = click.option("--stale-after", type=click.IntRange(min=0), metavar="DAYS",
                            help="Show and count apart districts whose last report is older than DAYS.")


def span_options(step: str):
    """--start, --end, --step: the dates of a series (default: first to last report)."""
    return stack(
        click.option("--start", callback=iso_date, metavar="YYYY-MM-DD", help="First date. Default: the first report."),
        click.option("--end", callback=iso_date, metavar="YYYY-MM-DD", help="Last date. Default: the last report."),
        click.option("--step", type=click.Choice(["day", "week", "month"]), default=step, show_default=True),
    )


date_option = click.option("--date", "when", callback=iso_date, metavar="YYYY-MM-DD",
                           help="The date of the state (inclusive). Default: today.")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="tracker")
def main():
    """Territorial control from dated, sourced reports: validate them, resolve district names,
    and make maps and statistics for any date.

    Boundaries are found in this order: --boundaries/--admin1; the folder in TRACKER_GEODATA;
    the user cache; a download from geoBoundaries (tracker geodata fetch).
    """


@main.command()
@click.argument("reports", type=click.Path(dir_okay=False))
@boundary_options
@friendly
def validate(reports, **kwargs):
    """Check every row of a REPORTS CSV; list all problems with file:line, value and a hint.

    Columns: date,district,province,status,source,url,notes (optional unit_id, claimed_by,
    confidence). Exit 1 if any row has an error; warnings (same-day contradictions, future
    dates) do not fail.
    """
    from .reports import check_file

    ctx = context_from(kwargs)
    checked = check_file(reports, ctx.gazetteer, ctx.scheme)
    report_problems(checked.problems)
    if checked.errors:
        err.print(f"[red]{reports}: {len(checked.errors)} error(s), {len(checked.warnings)} warning(s) "
                  f"in {checked.rows} rows; nothing was used.[/]")
        sys.exit(1)
    out.print(f"{reports}: {len(checked.reports)} reports OK, {len(checked.warnings)} warning(s); "
              f"{checked.reports.unit_id.nunique()} districts, "
              f"{checked.reports.date.min():%Y-%m-%d} to {checked.reports.date.max():%Y-%m-%d}"
              if len(checked.reports) else f"{reports}: no reports")


@main.command()
@click.argument("reports", required=False, type=click.Path(dir_okay=False))
@click.option("--db", type=click.Path(dir_okay=False), metavar="LEDGER", help="Audit a ledger's reports instead of a CSV.")
@click.option("--source", "source_filter", metavar="TEXT", help="With --db: only reports whose source contains TEXT.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@boundary_options
@friendly
def audit(reports, db, source_filter, fmt, **kwargs):
    """List what weakens a REPORTS file (or --db ledger), row by row: links that are missing, an
    outlet's home page, or cited under two titles; repeated reports; dates known only to the month;
    statuses the notes say were inferred; quotes that do not name their district; reports dated after
    their source's publication date.

    JSON: {"rows": N, "findings": [{"line", "kind", "detail"}]}. Findings are advice: exit 0.
    """
    from .audit import audit as audit_reports, summary as audit_summary

    ctx = context_from(kwargs)
    loaded = reports_of(ctx, reports, db, source_filter)
    findings = audit_reports(loaded)
    if fmt == "json":
        click.echo(json.dumps({"rows": len(loaded), "findings": findings.to_dict("records")}, ensure_ascii=False, indent=1))
        return
    for row in findings.itertuples(index=False):
        out.print(f"{getattr(row, 'file', reports)}:{row.line}: [{row.kind}] {row.detail}", markup=False, highlight=False)
    counts = ", ".join(f"{n} {kind}" for kind, n in audit_summary(findings).items())
    out.print(f"{reports or db}: {len(loaded)} reports, {len(findings)} finding(s){': ' + counts if counts else ''}",
              markup=False, highlight=False)


@main.command()
@click.argument("name")
@click.option("--province", "-p", metavar="PROVINCE", help="The province, when known (any common spelling).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see the README).")
@boundary_options
@friendly
def resolve(name, province, as_json, **kwargs):
    """Resolve a district NAME (any common spelling) to one district of the boundary file.

    Exit 0 found, 3 ambiguous (the candidates are listed: give --province), 4 unknown
    (with suggestions).
    """
    ctx = context_from(kwargs)
    found = ctx.gazetteer.resolve(name, province)
    if as_json:
        click.echo(json.dumps(found.to_json(), ensure_ascii=False))
    else:
        (out if found.exit_code == 0 else err).print(found.describe(), markup=False, highlight=False)
    sys.exit(found.exit_code)


@main.command()
@report_input
@date_option
@click.option("--by", type=click.Choice(["status", "province"]), default="status", show_default=True,
              help="One row per status, or per province.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@stale_option
@boundary_options
@friendly
def stats(reports, db, source_filter, policy, when, by, fmt, stale_after, **kwargs):
    """Districts and area (and with --population, people) per status at a date, overall or per province.

    Areas are in km2 in an equal-area projection. JSON holds both views. Districts of unknown population
    are counted apart, never as zero.
    """
    from .publish import stats_for

    ctx = context_from(kwargs)
    result, table = stats_for(ctx, reports_of(ctx, reports, db, source_filter, policy), when or Date.today().isoformat(), by,
                              stale_after)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(table.to_csv(index=False), nl=False)
    else:
        view = table.drop(columns=["date", "status"], errors="ignore").rename(columns=lambda c: c.replace(
            "population_unknown", "unknown\npeople").replace("_population_share", "\npeople share").replace(
            "population_share", "people share").replace("population", "people"))
        people = (f", {result['population_total']:,} people" + (f" + {result['population_unknown']['units']} "
                  "districts of unknown population" if result["population_unknown"]["units"] else "")
                  if "population_total" in result else "")
        out.print(rich_table(view, f"{ctx.country['name']}: district control on {result['date']} "
                                   f"({result['units_total']} districts, {result['area_km2_total']:,.0f} km2{people})"))


def cell(column: str, value) -> str:
    """Shares as percentages, other numbers with thousands separators."""
    if column.endswith("share"):
        return f"{value:.1%}"
    return f"{value:,.0f}" if isinstance(value, (int, float)) else str(value)


def rich_table(table, title: str):
    """A data frame as a rich table: numbers right-aligned, long text cut."""
    import pandas as pd
    from rich.table import Table

    view = Table(title=title, title_justify="left")
    for i, col in enumerate(table.columns):
        numeric = pd.api.types.is_numeric_dtype(table[col])
        short = table[col].astype(str).str.len().max() if len(table) else 0
        view.add_column(str(col), justify="right" if numeric else "left", no_wrap=True, overflow="ellipsis",
                        min_width=max(*map(len, str(col).split("\n")), min(short, 12)),
                        max_width=None if numeric or i == 0 else 30)
    for row in table.itertuples(index=False):
        view.add_row(*(cell(col, value) for col, value in zip(table.columns, row)))
    return view


@main.command(name="map")
@report_input
@date_option
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="Output file. Default: maps/map-DATE.html.")
@click.option("--title", help="Page title. Default: '<country>: district control on <date>'.")
@click.option("--tiles", metavar="NAME", help="Base tiles (a folium name such as OpenStreetMap); default none, works offline.")
@stale_option
@boundary_options
@friendly
def map_command(reports, db, source_filter, policy, when, out_path, title, tiles, stale_after, **kwargs):
    """Write a choropleth of every district's status at a date: an HTML page, or for print a
    PNG, SVG or PDF (chosen by the --out suffix)."""
    from .publish import write_map, write_static_map

    ctx = context_from(kwargs)
    when = when or Date.today().isoformat()
    out_path = out_path or f"maps/map-{when}.html"
    loaded = reports_of(ctx, reports, db, source_filter, policy)
    if out_path.lower().endswith((".png", ".svg", ".pdf")):
        path = write_static_map(ctx, loaded, when, out_path, title=title)
    else:
        path = write_map(ctx, loaded, when, out_path, title=title, tiles=tiles, stale_after=stale_after)
    out.print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")


@main.command()
@report_input
@span_options(step="day")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default="maps/timeline.html", show_default=True)
@click.option("--title", help="Page title.")
@click.option("--tiles", metavar="NAME", help="Base tiles (a folium name); default none, works offline.")
@stale_option
@boundary_options
@friendly
def timeline(reports, db, source_filter, policy, start, end, step, out_path, title, tiles, stale_after, **kwargs):
    """Write a time-slider HTML page: every district's status at each step, with play/pause."""
    from .publish import report_dates, write_timeline

    ctx = context_from(kwargs)
    loaded = reports_of(ctx, reports, db, source_filter, policy)
    dates = report_dates(loaded, start, end, step)
    path = write_timeline(ctx, loaded, dates, out_path, title=title, tiles=tiles, stale_after=stale_after)
    out.print(f"wrote {path} ({len(dates)} dates, {path.stat().st_size / 1e6:.2f} MB)")


@main.command()
@report_input
@click.option("--from", "start", required=True, callback=iso_date, metavar="YYYY-MM-DD", help="The earlier date.")
@click.option("--to", "end", required=True, callback=iso_date, metavar="YYYY-MM-DD", help="The later date.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="Also write a map (.html) highlighting the changes.")
@boundary_options
@friendly
def diff(reports, db, source_filter, policy, start, end, fmt, out_path, **kwargs):
    """What changed between two dates: each district whose status differs (from -> to, the date
    of the change and its source) and the totals per transition."""
    from .diff import changed, transitions
    from .publish import write_diff_map

    ctx = context_from(kwargs)
    loaded = reports_of(ctx, reports, db, source_filter, policy)
    rows = changed(loaded, ctx.units, ctx.scheme, start, end,
                   ctx.population.at(ctx.units.unit_id, end) if ctx.population is not None else None)
    totals = transitions(rows, ctx.scheme)
    if fmt == "json":
        click.echo(json.dumps({"from": start, "to": end, "changed": len(rows),
                               "transitions": totals.drop(columns="label").to_dict("records"),
                               "districts": rows.astype(object).where(rows.notna(), None).to_dict("records")},
                              ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(rows.to_csv(index=False), nl=False)
    else:
        out.print(rich_table(rows.drop(columns=["unit_id", "url", "notes"]),
                             f"{len(rows)} districts changed from {start} to {end}"))
        for label in totals.label:
            out.print(f"  {label}")
    if out_path:
        path = write_diff_map(ctx, loaded, start, end, rows, out_path)
        err.print(f"wrote {path}")


@main.command()
@report_input
@span_options(step="week")
@click.option("--measure", type=click.Choice(["units", "area", "population"]), default="units", show_default=True,
              help="Count districts, or share of area, or share of people (needs --population).")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False),
              help="FILE.png, .svg or .pdf for a chart; .csv for the series.")
@click.option("--title", help="Chart title.")
@boundary_options
@friendly
def trend(reports, db, source_filter, policy, start, end, step, measure, out_path, title, **kwargs):
    """Districts (or area or population share) in each status over time: a stacked area chart or its CSV."""
    from .publish import report_dates, write_trend

    if not out_path.lower().endswith((".png", ".svg", ".pdf", ".csv")):
        raise click.BadParameter("give a .png, .svg, .pdf or .csv file", param_hint="--out")
    ctx = context_from(kwargs)
    loaded = reports_of(ctx, reports, db, source_filter, policy)
    path = write_trend(ctx, loaded, report_dates(loaded, start, end, step), out_path, measure, title)
    out.print(f"wrote {path}")


@main.command(name="export")
@report_input
@click.option("--date", "when", required=True, callback=iso_date, metavar="YYYY-MM-DD", help="The date of the state.")
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "csv", "parquet"]),
              help="Default: from the --out suffix.")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False), help="Output file.")
@stale_option
@boundary_options
@friendly
def export_command(reports, db, source_filter, policy, when, fmt, out_path, stale_after, **kwargs):
    """Export every district with its status, since-date, last report, source and staleness at a date
    (and with --population, its people; empty where unknown), as GeoJSON, GeoPackage, GeoParquet or CSV
    (geometry as WKT), readable by QGIS and geopandas."""
    from .publish import write_export

    fmt = fmt or Path(out_path).suffix.lower().lstrip(".").replace("json", "geojson").replace("geogeojson", "geojson")
    if fmt not in ("geojson", "gpkg", "csv", "parquet"):
        raise click.BadParameter("give --format, or an --out ending in .geojson, .gpkg, .csv or .parquet", param_hint="--out")
    ctx = context_from(kwargs)
    path = write_export(ctx, reports_of(ctx, reports, db, source_filter, policy), when, out_path, fmt, stale_after)
    out.print(f"wrote {path}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--published", callback=iso_date, metavar="YYYY-MM-DD", help="Publication date for articles without one.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out proposals below this confidence (on news never seen, 0.7 and up were right 8 times "
                   "in 10, 0.8 and up 9).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="Write here instead of standard output.")
@click.option("--db", metavar="LEDGER", help="Store the candidates in a ledger as proposals for `tracker review` "
                                            "(a file, or postgresql://USER@HOST:PORT/DBNAME).")
@click.option("--jobs", "-j", type=click.IntRange(0), default=1, show_default=True,
              help="Read the files in this many processes (0: one per core); the same answers, sooner.")
@analyst_option
@boundary_options
@friendly
def extract(files, published, min_confidence, fmt, out_path, db, jobs, analyst, **kwargs):
    """Propose reports from plain-text news articles, each with the sentence that supports it.

    The CSV is a reports file (validate, stats and map accept it) with review columns: quote,
    start/end (offsets in the file), confidence, claimed_by; most confident first; its notes say
    which words named the place and the event and which dated it. With --db the
    candidates go to a ledger's review queue instead (one batch per article; nothing counts until
    accepted). A file that cannot be read is reported and the others still processed; exit 1 at the
    end if any file failed.
    """
    import pandas as pd

    from .extract import COLUMNS as EXTRACT_COLUMNS, extract_each, load_lexicon
    from .publish import write_text

    ctx = context_from(kwargs)
    lexicon = load_lexicon(ctx.country["iso3"])
    runs = extract_each(files, ctx.gazetteer, ctx.scheme, Date.fromisoformat(published) if published else None,
                        lexicon=lexicon, jobs=jobs or os.cpu_count() or 1)  # one run per file (a batch each with --db)
    problems = [p for _, found in runs for p in found]
    runs = [[c for c in found if c["confidence"] >= min_confidence] for found, _ in runs]
    found = sorted((c for run in runs for c in run), key=lambda c: -c["confidence"])
    text = (json.dumps(found, ensure_ascii=False, indent=1) + "\n" if fmt == "json"
            else pd.DataFrame(found, columns=EXTRACT_COLUMNS).to_csv(index=False))
    if out_path:
        write_text(out_path, text)
    elif db:
        from .ledger import add_reports, connect
        from .review import candidate_batch
        batches = [candidate_batch(path, run, ctx.gazetteer, ctx.scheme) for path, run in zip(files, runs) if run]
        analyst = whoami(analyst)
        for result in add_reports(connect(db, create=True, analyst=analyst), batches, ctx.scheme, proposed=True,
                                  analyst=analyst, units=ctx.units):
            out.print(import_summary(result), markup=False)
    else:
        click.echo(text, nl=False)
    report_problems(problems)
    err.print(f"{len(found)} candidate reports from {len(files)} file(s)")
    if any(p.severity == "error" for p in problems):
        sys.exit(1)


@main.command("score-extract")
@click.argument("annotations", type=click.Path(dir_okay=False, exists=True))
@click.option("--articles", "folder", type=click.Path(file_okay=False, exists=True),
              help="Folder of the annotated articles. Default: 'articles' beside the annotations file.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Score only proposals at or above this confidence.")
@click.option("--errors", "show_errors", is_flag=True, help="List the wrong and the missed reports.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@boundary_options
@friendly
def score_extract(annotations, folder, min_confidence, show_errors, fmt, **kwargs):
    """Score `tracker extract` against an analyst's annotations: precision and recall per source style.

    ANNOTATIONS is a CSV file,style,date,district,province,status (one row per fact; an article with
    nothing to take has a row with only file and style). A proposal is right when its file, district,
    status and date match a fact; the loose figures ignore the date.
    """
    from rich.table import Table

    from .extract import extract_files, load_lexicon
    from .extract.score import load_annotations, proposals, score

    ctx = context_from(kwargs)
    files, facts = load_annotations(annotations, ctx.gazetteer)
    folder = Path(folder) if folder else Path(annotations).parent / "articles"
    missing = [name for name in files if not (folder / name).is_file()]
    if missing:
        raise InputError([Problem(str(annotations), None, f"no such article in {folder}", value=name,
                                  hint="give the articles' folder with --articles") for name in missing])
    found, problems = extract_files([folder / name for name in files], ctx.gazetteer, ctx.scheme,
                                    lexicon=load_lexicon(ctx.country["iso3"]))
    result = score(proposals([c for c in found if c["confidence"] >= min_confidence]), facts, files)
    report_problems([p for p in problems if p.severity == "error"])
    if fmt == "json":
        click.echo(json.dumps(result, indent=1, default=list))
        return
    table = Table("style", "files", "facts", "proposed", "right", "precision", "recall", "precision (no date)",
                  "recall (no date)")
    for style, row in result["by_style"].items():
        table.add_row(style, *(str(row[k]) for k in ("files", "facts", "proposed", "right")),
                      *("-" if row[k] is None else f"{row[k]:.2f}"
                        for k in ("precision", "recall", "precision_loose", "recall_loose")))
    out.print(table)
    if show_errors:
        names = ctx.gazetteer.record
        for label in ("wrong", "missed"):
            for name, unit, status, when in result[label]:
                out.print(f"{label}: {name} {when} {names[unit]['district']} ({names[unit]['province']}) {status}",
                          markup=False, highlight=False)


def assessment(ctx: Context, path: str, scheme, source: str | None):
    """Reports from a CSV, or from a ledger (a ``.db`` file or a database URL) optionally filtered by source."""
    from .ledger import connect, is_ledger, read_reports
    from .reports import load_reports, with_parts
    if is_ledger(path):
        return with_parts(read_reports(connect(path), source), ctx.gazetteer)
    return load_reports(path, ctx.gazetteer, scheme)


@main.command(name="compare")
@click.argument("a", type=click.Path(dir_okay=False))
@click.argument("b", type=click.Path(dir_okay=False))
@click.option("--date", "when", required=True, callback=iso_date, metavar="YYYY-MM-DD", help="The date to compare.")
@click.option("--scheme-b", default=None, metavar="NAME|PATH", help="B's scheme (default: the same as A's, --scheme).")
@click.option("--map-a-to-b", "mapping", metavar="NAME|PATH", help="Status mapping from A's scheme to B's (e.g. default-to-sigar5).")
@click.option("--source-a", metavar="TEXT", help="With a ledger: only A's reports whose source contains TEXT.")
@click.option("--source-b", metavar="TEXT", help="With a ledger: only B's reports whose source contains TEXT.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="Also write a map of the disagreements (.html).")
@click.option("--population", metavar="PATH|NAME", help=POPULATION_HELP)
@boundary_options
@friendly
def compare_command(a, b, when, scheme_b, mapping, source_a, source_b, fmt, out_path, **kwargs):
    """Compare two assessments A and B (report files or ledgers) district by district at a date:
    confusion table, agreement, Cohen's kappa, the districts that disagree, and a map."""
    from .compare import compare, identity, load_mapping
    from .publish import write_compare_map
    from .scheme import load_scheme

    ctx = context_from(kwargs)
    other = load_scheme(scheme_b) if scheme_b else ctx.scheme
    table = load_mapping(mapping, ctx.scheme, other) if mapping else identity(ctx.scheme, other)
    result = compare(assessment(ctx, a, ctx.scheme, source_a), ctx.scheme, assessment(ctx, b, other, source_b), other,
                     ctx.units, when, table,
                     ctx.population.at(ctx.units.unit_id, when) if ctx.population is not None else None)
    names = (source_a or Path(a).stem, source_b or Path(b).stem)
    if fmt == "json":
        click.echo(json.dumps({**{k: v for k, v in result.items() if k not in ("confusion", "disagree", "status")},
                               "a": names[0], "b": names[1],
                               "confusion": {r: {c: int(v) for c, v in row.items()} for r, row in result["confusion"].iterrows()},
                               "disagree": result["disagree"].astype(object).where(result["disagree"].notna(), None)
                               .to_dict("records")}, ensure_ascii=False, indent=2))
    else:
        out.print(rich_table(result["confusion"].rename_axis(f"{names[0]} \\ {names[1]}").reset_index(),
                             f"{names[0]} (rows) vs {names[1]} (columns) on {when}: {result['compared']} districts in both"))
        agreement = "n/a" if result["agreement"] is None else f"{result['agreement']:.1%}"
        people = (f" ({result['population_agreement']:.1%} of {result['population_compared']:,} people)"
                  if result.get("population_agreement") is not None else "")
        out.print(f"agreement {agreement}{people}, Cohen's kappa {result['kappa']:.3f}; "
                  f"{len(result['disagree'])} districts disagree")
        if len(result["disagree"]):
            out.print(rich_table(result["disagree"][["district", "province", "a", "b"]], "Districts that disagree"))
    if out_path:
        err.print(f"wrote {write_compare_map(ctx, result, out_path, names)}")


@main.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@ledger_option
@click.option("--proposed/--accepted", default=False, show_default=True,
              help="Put the reports in the review queue (tracker review), or count them at once.")
@analyst_option
@boundary_options
@friendly
def import_command(files, db, proposed, analyst, **kwargs):
    """Add report CSVs (or `tracker extract` output) to a ledger in one transaction.

    If any row of any file is invalid, nothing is written and every problem is listed.
    Rows already in the ledger (same content) are not added again; a direct import of rows
    waiting in the review queue accepts them.
    """
    from .ledger import connect, import_files
    ctx = context_from(kwargs)
    analyst = whoami(analyst)
    ledger = connect(db, create=True, analyst=analyst)
    for result in import_files(ledger, list(files), ctx.gazetteer, ctx.scheme, proposed=proposed, analyst=analyst,
                               units=ctx.units):
        out.print(import_summary(result), markup=False)


def import_summary(result) -> str:
    verb = "proposed for review" if result.proposed else "added"
    notes = [f"{result.duplicates - result.accepted - result.rejected} already in the ledger",
             f"{result.accepted} accepted from the review queue", f"{result.rejected} rejected earlier in review, not added",
             f"{result.replaced} replaced by newer versions of their events",
             f"{result.older} left out (the ledger holds newer versions of their events)"]
    notes = [n for n in notes if not n.startswith("0 ")]
    return f"{result.file}: {result.added} of {result.rows} reports {verb}" + "".join(f", {n}" for n in notes)


@main.command("import-events")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["acled", "table"]), default="acled", show_default=True,
              help="acled: ACLED's CSV export as published; table: any event CSV whose columns --mapping names.")
@click.option("--mapping", metavar="FILE.toml", type=click.Path(dir_okay=False),
              help="Your mapping (columns, sides, rules), read before the default (tracker/mappings/acled.toml); "
                   "or a bundled one by name (ucdp-ged).")
@click.option("--out", "out_path", metavar="REPORTS.csv", type=click.Path(dir_okay=False),
              help="Write the reports to a reports CSV (kept rows stay; a re-import adds nothing).")
@click.option("--db", metavar="LEDGER", type=click.Path(dir_okay=False),
              help="Import the reports into a ledger (a file, or postgresql://USER@HOST:PORT/DBNAME), in one transaction.")
@click.option("--proposed/--accepted", default=True, show_default=True,
              help="With --db: put the reports in the review queue (tracker review), or count them at once.")
@analyst_option
@click.option("--skip-imprecise", is_flag=True,
              help="Leave out events dated only to the month (ACLED time_precision 3) instead of YYYY-MM reports.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@boundary_options
@friendly
def import_events(files, fmt, mapping, out_path, db, proposed, analyst, skip_imprecise, as_json, **kwargs):
    """Turn event exports into dated, sourced reports, each placed in a district and pointing to its event.

    An event becomes a report when a rule of the mapping gives its type and its actors' sides a status:
    by default, territory gained by insurgents (ACLED inter 2, or names such as "Taliban") is `controlled`,
    by the state `government`; armed clashes and other events make no report. Events are placed by their
    coordinates (ACLED geo_precision 1-2), else by admin2 (and admin1 as province). A later version of an
    event (ACLED timestamp) replaces the reports of earlier ones. A summary accounts for every event.
    Exit 1 only for a file that cannot be read.
    """
    from .event_mapping import load_mapping as load_event_mapping

    if bool(out_path) == bool(db):
        raise click.UsageError("give --out REPORTS.csv or --db LEDGER (one of them)")
    if fmt == "table" and not mapping:
        raise click.UsageError("--format table needs --mapping FILE.toml naming the table's columns")
    from .event_import import convert, merge_csv, summary_lines  # loads the ledger (SQLAlchemy): only here
    ctx = context_from(kwargs)
    rules = load_event_mapping(mapping, ctx.scheme.keys, ctx.country["iso3"])
    converted = convert(list(files), rules, ctx.units, ctx.gazetteer, ctx.scheme, ctx.country["name"], skip_imprecise)
    if out_path:
        merged = merge_csv(out_path, converted)
        written = {"out": out_path, "added": merged.added, "replaced": merged.replaced, "older": merged.older}
    else:
        from .ledger import add_reports, connect
        analyst = whoami(analyst)
        results = add_reports(connect(db, create=True, analyst=analyst), converted.batches(), ctx.scheme,
                              proposed=proposed, analyst=analyst, units=ctx.units)
        written = {"db": db, "review": "proposed" if proposed else "accepted",
                   **{k: sum(getattr(r, k) for r in results) for k in ("added", "replaced", "older")}}
    summary = {**converted.summary, "written": written}
    report_problems(converted.problems[:10])
    if len(converted.problems) > 10:
        err.print(f"... and {len(converted.problems) - 10} more row problem(s)")
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        for line in summary_lines(summary):
            out.print(line, markup=False, highlight=False)


@main.command()
@click.argument("district", required=False)
@click.option("--province", "-p", metavar="PROVINCE", help="The province, when the name is used twice.")
@ledger_option
@click.option("--analyst", metavar="NAME", help="Only what this analyst did.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Show at most this many actions.")
@boundary_options
@friendly
def history(district, province, db, analyst, limit, **kwargs):
    """Every report for a DISTRICT (accepted, proposed, rejected) with source and quote, its status
    timeline, and who did what to them; without DISTRICT, the ledger's latest actions (imports,
    decisions, edits, upgrades) with the analyst, time and values before and after."""
    import pandas as pd

    from .ledger import actions, connect, history as ledger_history, read_reports
    from .state import changes
    ledger = connect(db)
    if not district:
        out.print(action_table(actions(ledger, analyst=analyst, limit=limit), f"{ledger.name}: latest actions"))
        return
    ctx = context_from(kwargs)
    found = ctx.gazetteer.resolve(district, province)
    if found.outcome != "found":
        err.print(found.describe(), markup=False)
        sys.exit(found.exit_code)
    rows = ledger_history(ledger, found.unit_id)
    view = pd.DataFrame({"date": rows.date, "status": rows.status, "review": rows.review, "source": rows.source,
                         "quote or note": rows.quote.where(rows.quote != "", rows.notes),
                         "from": [f"{Path(f).name}:{n}" for f, n in zip(rows.file, rows.line)], "batch": rows.batch})
    out.print(rich_table(view, f"{found.district} ({found.province}): {len(rows)} reports"))
    reports = read_reports(ledger)
    mine = reports[reports.unit_id == found.unit_id].reset_index(drop=True)
    ch = changes(mine, ctx.units.unit_id, ctx.scheme)
    runs = sorted({(int(s), int(c)) for s, c in zip(ch.since, ch.code)})
    for since, code in runs:
        out.print(f"  from {pd.Timestamp(since, unit='D'):%Y-%m-%d}: {ctx.scheme.key_of(code)}")
    done = actions(ledger, unit_id=found.unit_id, analyst=analyst, limit=limit)
    if len(done):
        out.print(action_table(done, "Who did what"))


def action_table(done, title: str):
    """Actions, newest first: when (UTC), who, what, which report or file, and the values before -> after."""
    import pandas as pd
    from rich.table import Table
    from rich.text import Text

    view = Table(title=f"{title} ({len(done)}, newest first)", title_justify="left")
    for col in ("at (UTC)", "analyst", "action"):
        view.add_column(col, no_wrap=True)
    view.add_column("report or file", overflow="fold", ratio=1)
    view.add_column("change", overflow="fold", ratio=1)
    for row in done.itertuples():
        before, after = row.before or {}, row.after or {}
        if row.action == "import":
            change = (f"{after.get('added')} of {after.get('rows')} "
                      f"{'proposed' if after.get('review') == 'proposed' else 'added'}"
                      + (f", {after['accepted_from_queue']} accepted from the queue" if after.get("accepted_from_queue") else ""))
        else:
            change = "; ".join(f"{k} {before.get(k, '')} -> {after.get(k, '')}"
                               for k in dict.fromkeys([*before, *after]) if k != "unit_id")
        if isinstance(row.note, str) and row.note:
            change += f" ({row.note})"
        target = (f"#{int(row.report_id)} {row.date} {row.district} ({row.province}) {row.status}"
                  if pd.notna(row.report_id) else Path(row.file).name if isinstance(row.file, str) else "")
        view.add_row(*(Text(str(v)) for v in (row.at.replace("T", " ")[:16], row.analyst, row.action, target, change)))
    return view


@main.command()
@ledger_option
@click.option("--accept-above", type=click.FloatRange(0, 1), metavar="CONFIDENCE",
              help="Accept every proposal with at least this confidence, without asking.")
@click.option("--reject-below", type=click.FloatRange(0, 1), metavar="CONFIDENCE",
              help="Reject every proposal with a confidence below this, without asking.")
@click.option("--accept-all", is_flag=True,
              help="Accept every proposal (with --source: every one from that source), e.g. a checked event import.")
@click.option("--source", "source_filter", metavar="TEXT", help="Only proposals whose source contains TEXT.")
@analyst_option
@boundary_options
@friendly
def review(db, accept_above, reject_below, accept_all, source_filter, analyst, **kwargs):
    """Walk the proposals waiting in a ledger: the quote with the place highlighted, the district,
    status, date, confidence and source; press a to accept, r to reject, e to edit (district, status,
    date), s to skip, q to quit. Only accepted reports count in stats and maps.

    With --accept-above / --reject-below, decide in bulk by confidence instead (proposals without
    a confidence are left for a person); --accept-all accepts them all. Several analysts may review at once: each proposal is
    decided once, and the second is told who was first.
    """
    from .ledger import connect
    from .review import decide_in_bulk, pending, walk
    analyst = whoami(analyst)
    ledger = connect(db)
    if accept_above is not None or reject_below is not None or accept_all:
        counts = decide_in_bulk(ledger, analyst, accept_above, reject_below, source_filter, accept_all)
        out.print(f"accepted {counts['accepted']}, rejected {counts['rejected']}; "
                  f"{len(pending(ledger))} proposal(s) still waiting", highlight=False)
        return
    ctx = context_from(kwargs)
    done = walk(ledger, out, read_key, click.prompt, ctx.scheme, analyst, ctx.gazetteer, source_filter)
    if done:
        out.print(", ".join(f"{what} {n}" for what, n in done.items()) + f"; {len(pending(ledger))} proposal(s) still waiting")


def read_key(prompt: str) -> str:
    """One key press at a terminal; a line (its first letter) from a pipe or a test; '' at the end of input."""
    click.echo(prompt + " ", nl=False)
    if sys.stdin.isatty():
        key = click.getchar()
        click.echo(key)
        return "q" if key in ("\x03", "\x04") else key
    line = sys.stdin.readline()
    click.echo()
    return line.strip()[:1] if line else ""


@main.group(name="db")
def db_group():
    """The ledger's database: bring its schema up to this version of tracker."""


@db_group.command()
@ledger_option
@analyst_option
@friendly
def upgrade(db, analyst):
    """Upgrade a ledger written by an earlier tracker to this version's schema (back it up first),
    or make an empty PostgreSQL database a ledger. Also (re)makes the district_status view for GIS,
    with PostGIS geometry when the server has PostGIS."""
    from .ledger import upgrade as upgrade_ledger
    done = upgrade_ledger(db, whoami(analyst))
    out.print(f"{done.name}: schema version {done.after}"
              + (f" (was {done.before})" if done.before != done.after else " (already current)")
              + f"; district_status view with {'PostGIS geometry' if done.postgis else 'WKT geometry'}", markup=False)


@main.command()
@click.option("--out-dir", type=click.Path(file_okay=False), default="maps", show_default=True)
@boundary_options
@friendly
def demo(out_dir, **kwargs):
    """Build maps and statistics for a few dates from the bundled example reports."""
    from .demo import run_demo

    ctx = context_from(kwargs)
    for path in run_demo(ctx, out_dir):
        out.print(f"wrote {path}")


@main.group(name="geodata")
def geodata_group():
    """Boundary and population files: fetch them into the user cache, or show where they come from."""


@geodata_group.command()
@click.option("--country", metavar="ISO3", help="Country (ISO 3166 alpha-3). Default: the manifest's (AFG).")
@click.option("--force", is_flag=True, help="Download again even if the cache holds the files.")
@click.option("--population", is_flag=True, help="Download the country's population raster instead (then give "
                                                   "--population NAME to the other commands).")
@friendly
def fetch(country, force, population):
    """Download the country's district and province boundaries from the geoBoundaries API, or with
    --population its population raster; each checked, with its sha256 recorded beside it in the cache."""
    if population:
        path = geodata.fetch_population(country, force=force)
        out.print(f"population: {path} (use it with --population {path.stem})")
        return
    paths = geodata.fetch(country, force=force)
    for level, path in paths.items():
        out.print(f"{level}: {path}")


@geodata_group.command()
@click.option("--country", metavar="ISO3", help="Country (ISO 3166 alpha-3). Default: the manifest's (AFG).")
@click.option("--boundaries", metavar="PATH", type=click.Path(dir_okay=False), help="District boundary file.")
@click.option("--admin1", metavar="PATH", type=click.Path(dir_okay=False), help="Province boundary file.")
@friendly
def info(country, boundaries, admin1):
    """Show which boundary files would be used, and their source and licence (no download)."""
    files = geodata.locate(country, boundaries, admin1, download=False)
    out.print(f"districts: {files.districts}\nprovinces: {files.provinces}\nfound via: {files.origin}")
    out.print(geodata.describe_sources(geodata.country_config(country)["iso3"]), markup=False)
