"""Where boundary files come from: the manifest and curated tables in ``geodata/``."""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import platformdirs
import pooch
import requests
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from .errors import InputError


@cache
def manifest() -> dict:
    """The parsed ``geodata/manifest.toml``."""
    return tomllib.loads((resources.files("tracker.curated") / "manifest.toml").read_text(encoding="utf-8"))


def country_config(iso3: str | None = None) -> dict:
    """The manifest entry of a country (ISO 3166 alpha-3), with ``iso3`` filled in.

    >>> country_config("AFG")["name"]
    'Afghanistan'
    """
    iso3 = (iso3 or manifest()["default_country"]).upper()
    countries = manifest()["countries"]
    if iso3 not in countries:
        return {"iso3": iso3, "name": iso3, "districts": "ADM2", "provinces": "ADM1"}
    return {"iso3": iso3, **countries[iso3]}


def curated_table(iso3: str | None, key: str) -> pd.DataFrame | None:
    """A curated CSV named in the country's manifest entry (e.g. ``province_aliases``), or None."""
    name = country_config(iso3).get(key)
    if not name:
        return None
    path = resources.files("tracker.curated") / name
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as exc:
        raise InputError(f"geodata/{name}: cannot read curated table ({exc})") from None


@dataclass(frozen=True)
class BoundaryFiles:
    """The district (and optional province) files to use, and how they were found."""

    districts: Path
    provinces: Path | None
    origin: str  # "option", "TRACKER_GEODATA", "cache" or "download"


def cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The user cache: ``TRACKER_CACHE`` if set, else the platform's (e.g. ~/.cache/tracker)."""
    path = Path(env.get("TRACKER_CACHE") or platformdirs.user_cache_dir("tracker"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def find_named(folder: Path, iso3: str, adm: str) -> Path | None:
    """The geoBoundaries-named file for a level in a folder, full resolution first."""
    for suffix in ("", "_simplified"):
        for ext in (".shp", ".gpkg", ".geojson", ".parquet"):
            path = folder / f"geoBoundaries-{iso3}-{adm}{suffix}{ext}"
            if path.is_file():
                return path
    return None


def locate(country: str | None = None, boundaries: str | Path | None = None, admin1: str | Path | None = None,
           *, download: bool = True, env: Mapping[str, str] = os.environ) -> BoundaryFiles:
    """Find boundary files: the options, else ``TRACKER_GEODATA``, else the cache, else a download.

    >>> locate("AFG", "districts.gpkg").origin  # doctest: +SKIP
    'option'
    """
    config = country_config(country)
    iso3, adm2, adm1 = config["iso3"], config["districts"], config["provinces"]
    if boundaries:
        for path, flag in ((boundaries, "--boundaries"), (admin1, "--admin1")):
            if path and not Path(path).is_file():
                raise InputError(f"{path}: no such file (given with {flag}); check the path")
        return BoundaryFiles(Path(boundaries), Path(admin1) if admin1 else None, "option")
    folder = env.get("TRACKER_GEODATA")
    if folder:
        districts = find_named(Path(folder), iso3, adm2)
        if districts is None:
            raise InputError(f"TRACKER_GEODATA={folder}: no geoBoundaries-{iso3}-{adm2}.* file there; "
                             "point it at a folder holding one, or unset it")
        return BoundaryFiles(districts, find_named(Path(folder), iso3, adm1), "TRACKER_GEODATA")
    cached = cache_dir(env) / "geoboundaries" / iso3
    districts = find_named(cached, iso3, adm2)
    if districts is not None and verified(districts):
        return BoundaryFiles(districts, find_named(cached, iso3, adm1), "cache")
    if download:
        try:
            paths = fetch(iso3, cache=cache_dir(env), env=env)
            return BoundaryFiles(paths[adm2], paths.get(adm1), "download")
        except InputError as exc:
            reason = exc.problems[0].message
    else:
        reason = "not downloading"
    raise InputError(f"no boundaries for {iso3} ({reason}). Give them one of three ways: "
                     f"--boundaries PATH (and --admin1 PATH); "
                     f"TRACKER_GEODATA=/folder/with/geoBoundaries-{iso3}-{adm2}.shp; "
                     f"or, once online, `tracker geodata fetch --country {iso3}`")


class RichBar:
    """The tqdm-like object pooch drives, drawn with rich on stderr."""

    def __init__(self, label: str):
        self.label, self.total = label, None
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                                 TransferSpeedColumn(), console=Console(stderr=True), transient=True)
        self.task = None

    def update(self, n: int) -> None:
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=self.total or None)
        self.progress.advance(self.task, n)

    def reset(self) -> None:
        if self.task is not None:
            self.progress.reset(self.task, total=self.total or None)

    def close(self) -> None:
        self.progress.stop()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verified(path: Path) -> bool:
    """A cached download still matches the sha256 recorded when it was fetched."""
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return False
    try:
        return json.loads(sidecar.read_text())["sha256"] == sha256(path)
    except (ValueError, KeyError, OSError):
        return False


def get_json(url: str) -> dict:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {url} ({getattr(exc, 'reason', exc)})") from None


def fetch(country: str | None = None, *, levels: tuple[str, ...] | None = None, cache: Path | None = None,
          api: str | None = None, progress: bool = True, force: bool = False,
          env: Mapping[str, str] = os.environ) -> dict[str, Path]:
    """Download a country's boundaries from the geoBoundaries API into the cache; return level -> path.

    Each file is checked (a GeoJSON FeatureCollection with the API's feature count), written whole or
    not at all, and recorded with its sha256 and source metadata in a ``.json`` beside it.

    >>> fetch("AFG")  # doctest: +SKIP
    {'ADM2': PosixPath('~/.cache/tracker/geoboundaries/AFG/geoBoundaries-AFG-ADM2.geojson'), 'ADM1': ...}
    """
    config = country_config(country)
    iso3 = config["iso3"]
    template = api or env.get("TRACKER_GEOBOUNDARIES_API") or manifest()["source"]["api"]
    folder = (cache or cache_dir(env)) / "geoboundaries" / iso3
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for adm in levels or (config["districts"], config["provinces"]):
        target = folder / f"geoBoundaries-{iso3}-{adm}.geojson"
        if target.is_file() and verified(target) and not force:
            paths[adm] = target
            continue
        meta = get_json(template.format(iso3=iso3, adm=adm))
        url = meta.get("gjDownloadURL") or meta.get("simplifiedGeometryGeoJSON")
        if not url:
            raise InputError(f"geoBoundaries has no GeoJSON for {iso3} {adm} (API answer without gjDownloadURL)")
        paths[adm] = download(url, target, meta, progress)
    return paths


def download(url: str, target: Path, meta: dict, progress: bool) -> Path:
    """Fetch ``url`` to a temporary file, check it, then move it to ``target`` with its sidecar."""
    tmp = target.with_name(target.name + ".part")
    bar = RichBar(f"{target.name}") if progress else False
    try:
        pooch.HTTPDownloader(progressbar=bar, timeout=60)(url, str(tmp), None)
        data = json.loads(tmp.read_bytes())
        count = len(data.get("features", [])) if isinstance(data, dict) else -1
        expected = int(meta.get("admUnitCount") or count)
        if data.get("type") != "FeatureCollection" or count != expected or count == 0:
            raise ValueError(f"expected a FeatureCollection of {expected} features, got {count}")
    except (OSError, ValueError, requests.RequestException) as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"download of {url} failed ({str(exc).splitlines()[0][:200]})") from None
    record = {"url": url, "sha256": sha256(tmp), **{k: meta.get(k) for k in (
        "boundaryISO", "boundaryType", "boundarySource", "boundaryLicense", "boundaryYearRepresented", "buildDate")}}
    os.replace(tmp, target)
    target.with_suffix(".json").write_text(json.dumps(record, indent=1))
    return target


def describe_sources(iso3: str | None = None) -> str:
    """Where a country's boundaries come from, their licence and the citation, from the manifest."""
    config, source = country_config(iso3), manifest()["source"]
    return "\n".join([
        f"{config['name']}: districts {config['districts']}, provinces {config['provinces']} from {source['name']}",
        f"data source: {config.get('data_source', 'see the geoBoundaries metadata')}",
        f"licence: {config.get('data_licence', '')}; {source['licence']}",
        f"cite: {source['citation']}",
        f"api: {source['api'].format(iso3=config['iso3'], adm=config['districts'])}",
    ])
