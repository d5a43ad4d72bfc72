"""What every command needs: the country, its units and gazetteer, and the status scheme."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd

from . import geodata
from .boundaries import load_units, province_outlines, simplify_for_web
from .gazetteer import Gazetteer
from .population import Population, load_population
from .scheme import Scheme, load_scheme


@dataclass
class Context:
    """A country's prepared boundaries with its gazetteer and scheme; heavy parts load on first use."""

    country: dict
    files: geodata.BoundaryFiles
    scheme: Scheme
    columns: dict = field(default_factory=dict)  # id_col, name_col, province_col for other boundary files
    population_spec: str | None = None  # --population: a CSV, a GeoTIFF or a population source of the manifest

    @cached_property
    def units(self) -> gpd.GeoDataFrame:
        iso3 = self.country["iso3"]
        return load_units(self.files.districts, self.files.provinces, cache_dir=geodata.cache_dir(),
                          corrections=geodata.curated_table(iso3, "province_corrections"),
                          province_aliases=geodata.curated_table(iso3, "province_aliases"), **self.columns)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        iso3 = self.country["iso3"]
        return Gazetteer.from_units(self.units, geodata.curated_table(iso3, "district_aliases"),
                                    geodata.curated_table(iso3, "province_aliases"))

    @cached_property
    def population(self) -> Population | None:
        """People per district from ``population_spec`` (None without one)."""
        if not self.population_spec:
            return None
        return load_population(self.population_spec, self.units, self.gazetteer,
                               sources=self.country.get("population"), cache_dir=geodata.cache_dir(),
                               raster_file=lambda name: geodata.population_file(self.country["iso3"], name))

    @cached_property
    def web_geometry(self) -> gpd.GeoSeries:
        """District shapes simplified together for HTML pages (no gaps between neighbours)."""
        return simplify_for_web(self.units)

    @cached_property
    def province_lines(self) -> gpd.GeoDataFrame:
        return province_outlines(self.units, self.web_geometry)


def open_context(country: str | None = None, boundaries: str | Path | None = None, admin1: str | Path | None = None,
                 scheme: str | Path = "default", *, download: bool = True, env=os.environ, population: str | None = None,
                 **columns) -> Context:
    """Find the boundaries (option, TRACKER_GEODATA, cache, download) and the scheme for a country.

    A bundled scheme takes the country's own labels (e.g. "Taliban controlled"); a scheme file is used as written.
    ``columns`` (id_col, name_col, province_col) name the columns of boundary files of other sources;
    ``population`` is the --population source (loaded on first use).
    """
    config = geodata.country_config(country)
    files = geodata.locate(config["iso3"], boundaries, admin1, download=download, env=env)
    loaded = load_scheme(scheme)
    if not Path(str(scheme)).suffix and config.get("labels"):
        loaded = loaded.with_labels(config["labels"])
    return Context(config, files, loaded, {k: v for k, v in columns.items() if v}, population)
