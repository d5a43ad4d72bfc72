"""Benchmark: a 1 km raster of the whole country (WorldPop's grid, 30 arc-seconds) summed for its 398 districts
(full-resolution boundaries) with exact cell fractions, cold and cached; a raster in another CRS; the bundled table.

The raster is synthetic (random people per cell, fixed seed) on the real grid size: WorldPop's file cannot be
downloaded here. Target: the sum without cache under 2 s.

Run: TRACKER_GEODATA=../shared/geodata/afg .venv/bin/python bench/population_bench.py
"""

import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

from tracker.context import open_context
from tracker.population import load_population, raster_population

CELL = 1 / 120  # 30 arc-seconds, about 1 km


def timed(label, fn, repeat: int = 1):
    """Run ``fn`` ``repeat`` times; print the best time (the machine may be shared) and return the last result."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    print(f"  {label:48s} {best:7.3f} s" + (f" (best of {repeat})" if repeat > 1 else ""))
    return result


def write_grid(path: Path, bounds, cell: float, crs: str) -> int:
    west, south, east, north = bounds
    width, height = int((east - west) / cell) + 4, int((north - south) / cell) + 4
    people = np.random.default_rng(11).gamma(0.5, 40, size=(height, width)).astype("float32")
    with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1, dtype="float32", crs=crs,
                       transform=Affine(cell, 0, west - 2 * cell, 0, -cell, north + 2 * cell), nodata=-99999,
                       compress="deflate", tiled=True) as out:
        out.write(people, 1)
    return width * height


def main():
    ctx = open_context(download=False)
    units = ctx.units
    print(f"boundaries: {ctx.files.districts.name}, {len(units)} districts")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        cells = write_grid(folder / "country-1km.tif", units.total_bounds, CELL, "EPSG:4326")
        print(f"  raster: {cells:,} cells of 30 arc-seconds (EPSG:4326)")
        timed("import rasterio and exactextract (once)", lambda: __import__("exactextract") and __import__("rasterio"))
        people = timed("sum 1 km raster, 398 districts (no cache)",
                       lambda: raster_population(folder / "country-1km.tif", units, None), repeat=3)
        raster_population(folder / "country-1km.tif", units, folder / "cache")
        timed("same raster again (cached sums)", lambda: raster_population(folder / "country-1km.tif", units,
                                                                           folder / "cache"))
        print(f"  people summed: {np.nansum(people.at(units.unit_id)):,.0f}")
        utm = units.to_crs("EPSG:32642")
        cells = write_grid(folder / "country-utm.tif", utm.total_bounds, 1000, "EPSG:32642")
        print(f"  raster: {cells:,} cells of 1 km (EPSG:32642, UTM 42N)")
        timed("sum 1 km UTM raster, 398 districts (no cache)",
              lambda: raster_population(folder / "country-utm.tif", units, None), repeat=3)
    timed("bundled table (cso), names checked", lambda: load_population("cso", units, ctx.gazetteer,
                                                                        sources=ctx.country["population"]))


if __name__ == "__main__":
    main()
