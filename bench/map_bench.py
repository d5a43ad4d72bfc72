"""Benchmark: time to prepare boundaries (cold and cached) and build the map page; page size.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/map_bench.py
"""

import tempfile
import time
from pathlib import Path

from tracker import geodata
from tracker.boundaries import load_units, simplify_for_web
from tracker.context import open_context
from tracker.publish import write_map
from tracker.reports import load_reports


def timed(label, fn):
    t = time.perf_counter()
    result = fn()
    print(f"  {label:34s} {time.perf_counter() - t:7.3f} s")
    return result


def main():
    ctx = open_context(download=False)
    files = ctx.files
    tables = dict(corrections=geodata.curated_table("AFG", "province_corrections"),
                  province_aliases=geodata.curated_table("AFG", "province_aliases"))
    print(f"boundaries: {files.districts.name} ({files.origin})")
    with tempfile.TemporaryDirectory() as cache:
        units = timed("prepare units (cold: overlay)", lambda: load_units(files.districts, files.provinces, cache_dir=Path(cache), **tables))
        timed("prepare units (cached)", lambda: load_units(files.districts, files.provinces, cache_dir=Path(cache), **tables))
    simple = timed("coverage simplification", lambda: simplify_for_web(units))
    import shapely
    print(f"  vertices: {shapely.get_num_coordinates(units.geometry.values).sum():,} -> "
          f"{shapely.get_num_coordinates(simple.values).sum():,}")
    example = Path(__file__).resolve().parent.parent / "tracker" / "examples" / "afghanistan.csv"
    reports = timed("load + resolve example reports", lambda: load_reports(example, ctx.gazetteer, ctx.scheme))
    with tempfile.TemporaryDirectory() as out:
        path = timed("map page (398 districts)", lambda: write_map(ctx, reports, "2021-08-16", Path(out) / "m.html"))
        print(f"  page size: {path.stat().st_size / 1e6:.2f} MB (limit 1.5 MB)")


if __name__ == "__main__":
    main()
