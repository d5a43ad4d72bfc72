"""What every command needs: the country, its units and gazetteer, and the status scheme.

Everything heavy loads on first use: a command that only reads names (``resolve``, ``validate``) gets its
gazetteer from a names table cached beside the prepared boundaries and never imports geopandas.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from . import geodata
from .gazetteer import Gazetteer
from .scheme import Scheme, load_scheme

if TYPE_CHECKING:
    from .population import Population

NAMES = ("unit_id", "district", "province")
NAMES_VERSION = "1"


@dataclass
class Context:
    """A country's prepared boundaries with its gazetteer and scheme; heavy parts load on first use."""

    country: dict
    files: geodata.BoundaryFiles
    scheme: Scheme
    columns: dict = field(default_factory=dict)  # id_col, name_col, province_col for other boundary files
    population_spec: str | None = None  # --population: a CSV, a GeoTIFF or a population source of the manifest

    @cached_property
    def units(self):
        """The prepared units (a GeoDataFrame: unit_id, district, province, area_km2, geometry)."""
        from .boundaries import load_units

        iso3 = self.country["iso3"]
        return load_units(self.files.districts, self.files.provinces, cache_dir=geodata.cache_dir(),
                          corrections=geodata.curated_table(iso3, "province_corrections"),
                          province_aliases=geodata.curated_table(iso3, "province_aliases"), **self.columns)

    @cached_property
    def names(self) -> dict[str, list[str]]:
        """unit_id, district and province of every unit (column -> values), without geometry: a JSON table
        cached beside the prepared units, keyed by the content of the same inputs."""
        iso3 = self.country["iso3"]
        inputs = [NAMES_VERSION, self.columns, geodata.curated_columns(iso3, "province_corrections"),
                  geodata.curated_columns(iso3, "province_aliases")]
        key = geodata.file_digest(self.files.districts, self.files.provinces, extra=json.dumps(inputs, sort_keys=True))
        path = geodata.cache_dir() / "prepared" / f"names-{key}.json"
        try:
            names = json.loads(path.read_text(encoding="utf-8"))
            if len({len(names[c]) for c in NAMES}) == 1:
                return names
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not there yet, or damaged: made again from the units
        names = {c: self.units[c].tolist() for c in NAMES}
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(names, file, ensure_ascii=False)
        os.replace(tmp, path)
        return names

    @cached_property
    def gazetteer(self) -> Gazetteer:
        iso3 = self.country["iso3"]
        return Gazetteer.from_units(self.names, geodata.curated_columns(iso3, "district_aliases"),
                                    geodata.curated_columns(iso3, "province_aliases"),
                                    geodata.curated_columns(iso3, "district_parts"))

    @cached_property
    def population(self) -> Population | None:
        """People per district from ``population_spec`` (None without one)."""
        if not self.population_spec:
            return None
        from .population import load_population

        return load_population(self.population_spec, self.units, self.gazetteer,
                               sources=self.country.get("population"), cache_dir=geodata.cache_dir(),
                               raster_file=lambda name: geodata.population_file(self.country["iso3"], name))

    @cached_property
    def web_geometry(self):
        """District shapes simplified together for HTML pages (no gaps between neighbours)."""
        from .boundaries import simplify_for_web

        return simplify_for_web(self.units)

    @cached_property
    def province_lines(self):
        from .boundaries import province_outlines

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
