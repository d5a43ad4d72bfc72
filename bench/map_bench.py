"""Benchmark: time to prepare boundaries (cold and cached) and build the map page; page size.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/map_bench.py
"""

import tempfile
from pathlib import Path

import shapely

from common import ROOT, Figure, print_table, seconds
from tracker import geodata
from tracker.boundaries import load_units, simplify_for_web
from tracker.context import open_context
from tracker.publish import write_map
from tracker.reports import load_reports

EXAMPLE = ROOT / "tracker" / "examples" / "afghanistan.csv"


def figures() -> list[Figure]:
    ctx = open_context(download=False)
    files = ctx.files
    tables = dict(corrections=geodata.curated_table("AFG", "province_corrections"),
                  province_aliases=geodata.curated_table("AFG", "province_aliases"))
    with tempfile.TemporaryDirectory() as cache:
        cold, units = seconds(lambda: load_units(files.districts, files.provinces, cache_dir=Path(cache), **tables))
        cached, _ = seconds(lambda: load_units(files.districts, files.provinces, cache_dir=Path(cache), **tables), 3)
    simplify, simple = seconds(lambda: simplify_for_web(units))
    vertices = [shapely.get_num_coordinates(g.values).sum() for g in (units.geometry, simple)]
    reports = load_reports(EXAMPLE, ctx.gazetteer, ctx.scheme)
    ctx.web_geometry, ctx.province_lines  # as in any command, before the page
    with tempfile.TemporaryDirectory() as out:
        page, path = seconds(lambda: write_map(ctx, reports, "2021-08-16", Path(out) / "m.html"), 3)
        size = path.stat().st_size / 1e6
    return [Figure(f"prepare boundaries ({files.districts.name}), cached", f"{cached:.3f} s",
                   f"cold (province overlay) {cold:.2f} s", cached / cold),
            Figure("coverage simplification for pages", f"{simplify:.2f} s",
                   f"{vertices[0]:,} -> {vertices[1]:,} vertices", vertices[1] / vertices[0]),
            Figure("map page in the library (398 districts)", f"{page:.2f} s", f"{size:.2f} MB")]


def main():
    print_table(figures())


if __name__ == "__main__":
    main()
