"""Where boundary files come from: the manifest and curated tables in ``geodata/``, and the boundaries.

Boundaries are found, in order (see :func:`locate`): the ``--boundaries``/``--admin1`` options; else the
folder in ``TRACKER_GEODATA`` holding geoBoundaries-named files; else the user cache (:func:`cache_dir`);
else a download from the geoBoundaries API (:func:`fetch`), checked and recorded with its sha256.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path

import platformdirs

from .errors import InputError, Problem


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


def curated_columns(iso3: str | None, key: str) -> dict[str, list[str]] | None:
    """A curated CSV named in the country's manifest entry (e.g. ``province_aliases``) as column -> strings,
    or None; read without pandas (resolving a name must start fast).

    >>> curated_columns("AFG", "provincial_capitals")["province"][:2]  # doctest: +SKIP
    ['Badakhshan', 'Badghis']
    """
    name = country_config(iso3).get(key)
    if not name:
        return None
    try:
        with (resources.files("tracker.curated") / name).open(encoding="utf-8", newline="") as file:
            header, *rows = [row for row in csv.reader(file) if row]
    except (OSError, ValueError, csv.Error) as exc:
        raise InputError(f"geodata/{name}: cannot read curated table ({exc})") from None
    return {column: [row[i] if i < len(row) else "" for row in rows] for i, column in enumerate(header)}


def curated_table(iso3: str | None, key: str):
    """The same table as a pandas DataFrame of strings, or None."""
    import pandas as pd

    columns = curated_columns(iso3, key)
    return None if columns is None else pd.DataFrame(columns, dtype=str)


def file_digest(*paths: Path | None, extra: str = "") -> str:
    """A sha256 over the files' bytes (a Shapefile with its sidecars) and ``extra``: a cache key for what is
    made from them."""
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        if path is None:
            continue
        path = Path(path)
        parts = [path] + [path.with_suffix(s) for s in (".shx", ".dbf", ".prj", ".cpg")] if path.suffix.lower() == ".shp" else [path]
        for part in parts:
            if part.exists():
                digest.update(part.read_bytes())
    return digest.hexdigest()[:32]


GIVE_YOURSELF = "give the files yourself: --boundaries PATH, or a TRACKER_GEODATA folder of geoBoundaries files"

# What the geoBoundaries API says about a download, kept beside it: the licence and source travel with the file.
RECORDED = ("boundaryID", "boundaryISO", "boundaryType", "boundaryName", "boundarySource", "boundaryLicense",
            "licenseDetail", "boundaryYearRepresented", "sourceDataUpdateDate", "buildDate", "admUnitCount")


@dataclass(frozen=True)
class BoundaryFiles:
    """The district (and optional province) files to use, and how they were found."""

    districts: Path
    provinces: Path | None
    origin: str  # "option", "TRACKER_GEODATA", "cache" or "download": shown to users


def cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The user cache: ``TRACKER_CACHE`` if set, else the platform's (e.g. ~/.cache/tracker); created on demand.

    >>> cache_dir({"TRACKER_CACHE": "/tmp/tracker-cache"})
    PosixPath('/tmp/tracker-cache')
    """
    path = Path(env.get("TRACKER_CACHE") or platformdirs.user_cache_dir("tracker")).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError([Problem(file=str(path), line=None, message=f"cannot create the cache folder ({exc.strerror})",
                                  hint="set TRACKER_CACHE to a writable folder")]) from None
    return path


def file_stem(iso3: str, adm: str) -> str:
    """The geoBoundaries name of a level's files, without extension (manifest ``[source] file_name``).

    >>> file_stem("AFG", "ADM2")
    'geoBoundaries-AFG-ADM2'
    """
    return manifest()["source"].get("file_name", "geoBoundaries-{iso3}-{adm}").format(iso3=iso3, adm=adm)


def find_named(folder: str | Path, iso3: str, adm: str) -> Path | None:
    """The geoBoundaries-named file of a level in a folder, full resolution before ``_simplified``; or None.

    >>> find_named("../shared/geodata/afg", "AFG", "ADM2").name  # doctest: +SKIP
    'geoBoundaries-AFG-ADM2.shp'
    """
    source, stem = manifest()["source"], file_stem(iso3, adm)
    for variant in source.get("file_variants", ["", "_simplified"]):
        for ext in source.get("file_formats", ["shp", "gpkg", "geojson", "parquet"]):
            path = Path(folder) / f"{stem}{variant}.{ext}"
            if path.is_file():
                return path
    return None


def cached_path(cache: str | Path, iso3: str, adm: str) -> Path:
    """Where :func:`fetch` keeps a level's download under a cache folder.

    >>> cached_path("/c", "AFG", "ADM2").as_posix()
    '/c/geoboundaries/AFG/geoBoundaries-AFG-ADM2.geojson'
    """
    return Path(cache) / "geoboundaries" / iso3 / f"{file_stem(iso3, adm)}.geojson"


def sidecar(path: str | Path) -> Path:
    """The JSON record beside a downloaded file (sha256, URL, licence, source).

    >>> sidecar("geoBoundaries-AFG-ADM2.geojson").name
    'geoBoundaries-AFG-ADM2.json'
    """
    return Path(path).with_suffix(".json")


def sha256(path: str | Path) -> str:
    """The sha256 hex digest of a file, read in chunks.

    >>> sha256("geoBoundaries-AFG-ADM2.geojson")  # doctest: +SKIP
    '5f0c...'
    """
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def verified(path: str | Path) -> bool:
    """Whether a downloaded file exists and still has the sha256 recorded in its sidecar when it was fetched.

    >>> verified("/nowhere/geoBoundaries-AFG-ADM2.geojson")
    False
    """
    try:
        return json.loads(sidecar(path).read_text(encoding="utf-8"))["sha256"] == sha256(path)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def three_ways(iso3: str, adm: str) -> str:
    """How a user gives boundaries for a country, in one line (for error messages)."""
    return (f"--boundaries PATH (and --admin1 PATH); TRACKER_GEODATA=/folder/with/{file_stem(iso3, adm)}.*; "
            f"or `tracker geodata fetch --country {iso3}` once online")


def locate(country: str | None = None, boundaries: str | Path | None = None, admin1: str | Path | None = None,
           *, download: bool = True, progress: bool = True, env: Mapping[str, str] = os.environ) -> BoundaryFiles:
    """Find the boundary files: the options, else ``TRACKER_GEODATA``, else the cache, else a download.

    ``admin1`` alone replaces the provinces of whichever source gives the districts. With none of the four,
    raises one InputError naming the three ways to give boundaries.

    >>> locate("AFG", env={"TRACKER_GEODATA": "../shared/geodata/afg"})  # doctest: +SKIP
    BoundaryFiles(districts=PosixPath('../shared/geodata/afg/geoBoundaries-AFG-ADM2.shp'), ...,
                  origin='TRACKER_GEODATA')
    """
    config = country_config(country)
    iso3, adm2, adm1 = config["iso3"], config["districts"], config["provinces"]
    missing = [Problem(file=str(path), line=None, message=f"no such file (given with {flag})",
                       hint=f"check the path, or leave {flag} out to use TRACKER_GEODATA, the cache or a download")
               for path, flag in ((boundaries, "--boundaries"), (admin1, "--admin1"))
               if path and not Path(path).expanduser().exists()]
    if missing:
        raise InputError(missing)
    provinces = Path(admin1).expanduser() if admin1 else None
    if boundaries:
        return BoundaryFiles(Path(boundaries).expanduser(), provinces, "option")

    if folder := env.get("TRACKER_GEODATA"):
        folder = Path(folder).expanduser()
        districts = find_named(folder, iso3, adm2)
        if districts is None:
            what = "no such folder" if not folder.is_dir() else f"no {file_stem(iso3, adm2)}.* file there"
            raise InputError([Problem(file=f"TRACKER_GEODATA={folder}", line=None, message=what,
                                      hint=f"point it at a folder holding {file_stem(iso3, adm2)}.shp "
                                           "(or .gpkg, .geojson, .parquet), or unset it")])
        return BoundaryFiles(districts, provinces or find_named(folder, iso3, adm1), "TRACKER_GEODATA")

    cache = cache_dir(env)
    cached = {adm: cached_path(cache, iso3, adm) for adm in ((adm2,) if provinces else (adm2, adm1))}
    damaged = [path.name for path in cached.values() if path.is_file() and not verified(path)]
    if cached[adm2].is_file() and not damaged:
        found = cached.get(adm1)
        return BoundaryFiles(cached[adm2], provinces or (found if found and found.is_file() else None), "cache")
    if damaged:
        reason = f"the cached {' and '.join(damaged)} no longer match the sha256 recorded when fetched"
    else:
        reason = f"nothing cached in {cached[adm2].parent}"
    if download:
        try:
            paths = fetch(iso3, levels=tuple(cached), cache=cache, progress=progress, env=env)
            return BoundaryFiles(paths[adm2], provinces or paths.get(adm1), "download")
        except InputError as exc:
            reason = "; ".join(f"{p.file}: {p.message}" if p.file else p.message for p in exc.problems)
    else:
        reason += " and downloading is off"
    raise InputError(f"no boundary files for {config['name']} ({iso3}): {reason}. "
                     f"Give them one of three ways: {three_ways(iso3, adm2)}")


def fetch(country: str | None = None, *, levels: str | Iterable[str] | None = None, cache: str | Path | None = None,
          api: str | None = None, progress: bool = True, force: bool = False,
          env: Mapping[str, str] = os.environ) -> dict[str, Path]:
    """Download a country's boundaries from the geoBoundaries API into the cache; return level -> path.

    Levels default to the country's districts and provinces (ADM2, ADM1). A cached file whose sha256 still
    matches its sidecar is kept (unless ``force``); anything else is downloaded again. The API URL template
    is ``api``, else ``TRACKER_GEOBOUNDARIES_API``, else the manifest's ``[source] api``.

    >>> fetch("AFG")  # doctest: +SKIP
    {'ADM2': PosixPath('~/.cache/tracker/geoboundaries/AFG/geoBoundaries-AFG-ADM2.geojson'), 'ADM1': ...}
    """
    config = country_config(country)
    iso3 = config["iso3"]
    levels = [levels] if isinstance(levels, str) else list(levels or (config["districts"], config["provinces"]))
    template = api_template(api, env)
    cache = Path(cache) if cache else cache_dir(env)
    paths = {}
    for adm in (level.upper() for level in levels):
        target = cached_path(cache, iso3, adm)
        if not force and verified(target):
            paths[adm] = target
            continue
        api_url = template.format(iso3=iso3, adm=adm)
        meta = api_metadata(api_url)
        url = meta.get("gjDownloadURL") or meta.get("simplifiedGeometryGeoJSON")
        if not url:
            raise InputError([Problem(file=api_url, line=None, message="the answer names no GeoJSON download "
                                      "(neither gjDownloadURL nor simplifiedGeometryGeoJSON)",
                                      hint=f"give the files yourself: {three_ways(iso3, adm)}")])
        record = {"api": api_url, "resolution": "full" if meta.get("gjDownloadURL") else "simplified",
                  **{key: meta[key] for key in RECORDED if key in meta}}
        paths[adm] = download(url, target, expected=unit_count(meta), record=record, progress=progress)
    return paths


def api_template(api: str | None = None, env: Mapping[str, str] = os.environ) -> str:
    """The geoBoundaries API URL template with ``{iso3}`` and ``{adm}``; a bare base URL gets ``/{iso3}/{adm}/``.

    >>> api_template("http://127.0.0.1:8000/api/current/gbOpen", env={})
    'http://127.0.0.1:8000/api/current/gbOpen/{iso3}/{adm}/'
    """
    template = api or env.get("TRACKER_GEOBOUNDARIES_API") or manifest()["source"]["api"]
    return template if "{iso3}" in template else template.rstrip("/") + "/{iso3}/{adm}/"


def api_metadata(url: str) -> dict:
    """The geoBoundaries API's description of one boundary set (download URLs, licence, source, unit count).

    >>> api_metadata("https://www.geoboundaries.org/api/current/gbOpen/AFG/ADM2/")["boundaryLicense"]  # doctest: +SKIP
    'Public Domain'
    """
    import http.client
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise network_error(url, f"HTTP {exc.code} {exc.reason}") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise network_error(url, short_reason(getattr(exc, "reason", exc))) from None
    try:
        meta = json.loads(body)
    except ValueError:
        meta = None
    if isinstance(meta, list) and len(meta) == 1:  # some API routes answer with a list
        meta = meta[0]
    if not isinstance(meta, dict):
        raise network_error(url, "the answer is not a JSON object")
    return meta


def unit_count(meta: Mapping) -> int | None:
    """The number of units the API announces (``admUnitCount``), or None when absent or not a number.

    >>> unit_count({"admUnitCount": "398"}), unit_count({})
    (398, None)
    """
    try:
        return int(float(str(meta.get("admUnitCount")).strip()))
    except ValueError:
        return None


def download(url: str, target: str | Path, *, expected: int | None = None, record: Mapping | None = None,
             progress: bool = True, check: Callable[[Path], dict] | None = None, what: str = "boundary file",
             otherwise: str = GIVE_YOURSELF) -> Path:
    """Download a GeoJSON FeatureCollection to ``target``, whole and checked or not at all, with its sidecar.

    The file goes to a temporary name beside ``target`` and is moved into place only once it parses as a
    FeatureCollection of ``expected`` features (when given); the sidecar holds its sha256, the URL and ``record``.
    Another kind of file (``what``) is checked by ``check(path)`` instead, which returns facts for the sidecar or
    raises ValueError; ``otherwise`` tells users the other ways to get it.

    >>> download("https://example.org/geoBoundaries-AFG-ADM2.geojson", "cache/geoBoundaries-AFG-ADM2.geojson",
    ...          expected=398)  # doctest: +SKIP
    PosixPath('cache/geoBoundaries-AFG-ADM2.geojson')
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = []
    try:
        part = temporary_beside(target, temporary)
        http_download(url, part, progress=progress, label=target.name, otherwise=otherwise)
        try:
            found = check(part) if check else {"features": check_feature_collection(part, expected)}
        except ValueError as exc:
            problem = Problem(file=url, line=None, message=f"the download is not a usable {what} ({exc})",
                              hint=f"nothing was kept; try again later, or {otherwise}")
            raise InputError([problem]) from None
        facts = {"url": url, "sha256": sha256(part), "bytes": part.stat().st_size, **found,
                 "fetched": datetime.now(UTC).isoformat(timespec="seconds"), **(record or {})}
        note = temporary_beside(target, temporary)
        note.write_text(json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(part, target)  # a reader sees the old file or the new one, never a part of one;
        os.replace(note, sidecar(target))  # an old sidecar beside a new file only means "download again"
    finally:
        for path in temporary:
            path.unlink(missing_ok=True)
    return target


def temporary_beside(target: Path, created: list[Path]) -> Path:
    """A new empty hidden ``.part`` file in the target's folder (same file system: the rename is atomic)."""
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".part", dir=target.parent)
    os.close(handle)
    created.append(Path(name))
    return created[-1]


def http_download(url: str, path: Path, *, progress: bool = True, label: str = "", otherwise: str = GIVE_YOURSELF) -> None:
    """GET ``url`` into ``path`` with pooch, showing a rich progress bar on stderr; network errors -> InputError."""
    import pooch
    import requests  # pooch's own dependency, imported when needed as pooch does

    bar = RichBar(label or url.rsplit("/", 1)[-1]) if progress else False
    try:
        pooch.HTTPDownloader(progressbar=bar, chunk_size=65536, timeout=60)(url, str(path), None)
    except requests.HTTPError as exc:
        reason = f"HTTP {exc.response.status_code} {exc.response.reason}"
    except (requests.RequestException, OSError) as exc:
        reason = short_reason(exc)
    else:
        return
    finally:
        if bar:
            bar.close()
    raise network_error(url, reason, otherwise)


def check_feature_collection(path: str | Path, expected: int | None = None) -> int:
    """The number of features in a GeoJSON FeatureCollection file; ValueError if it is not one (of ``expected``).

    >>> check_feature_collection("geoBoundaries-AFG-ADM2.geojson", expected=398)  # doctest: +SKIP
    398
    """
    try:
        data = json.loads(Path(path).read_bytes())
    except ValueError as exc:  # truncated or not JSON at all (an HTML error page, say)
        raise ValueError(f"not JSON: {str(exc)[:80]}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError("not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not all(isinstance(f, dict) and f.get("type") == "Feature" for f in features):
        raise ValueError("its features are not a list of GeoJSON Features")
    if not features:
        raise ValueError("no features")
    if expected is not None and len(features) != expected:
        raise ValueError(f"{len(features)} features where the geoBoundaries API announces {expected}")
    return len(features)


def network_error(url: str, reason: str, otherwise: str = GIVE_YOURSELF) -> InputError:
    """The error for a URL that could not be read: the URL, the reason, and the other ways to get the file."""
    return InputError([Problem(file=url, line=None, message=f"cannot download ({reason})",
                               hint=f"check the connection and try again, or {otherwise}")])


def short_reason(exc: object) -> str:
    """The gist of a network exception ("Connection refused", "timed out"), not its chain of wrappers.

    >>> short_reason(ConnectionRefusedError(111, "Connection refused"))
    'Connection refused'
    """
    text = str(exc)
    if match := re.search(r"\[Errno -?\d+\] ([^'\")]+)", text):
        return match.group(1).strip()
    if "timed out" in text.lower() or isinstance(exc, TimeoutError):
        return "timed out"
    return (text.splitlines() or [type(exc).__name__])[0][:200] or type(exc).__name__


class RichBar:
    """A progress bar with the tqdm-like interface pooch drives (``total``, ``update``, ``reset``, ``close``),
    drawn by rich on stderr and removed when done.

    >>> pooch.HTTPDownloader(progressbar=RichBar("geoBoundaries-AFG-ADM2.geojson"))  # doctest: +SKIP
    """

    def __init__(self, label: str, console=None):
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

        self.label, self.total, self.n = label, 0, 0
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                                 TransferSpeedColumn(), console=console or Console(stderr=True), transient=True)
        self.task = None

    def update(self, n: int) -> None:
        """Advance by ``n`` bytes (pooch sets ``total`` first; 0 means unknown)."""
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=self.total or None)
        self.n += n
        self.progress.update(self.task, completed=self.n, total=self.total or None)

    def reset(self) -> None:
        """Back to zero (pooch then updates by the whole size, so the bar ends full)."""
        self.n = 0
        if self.task is not None:
            self.progress.reset(self.task, total=self.total or None)

    def close(self) -> None:
        """Stop drawing; safe to call twice."""
        self.progress.stop()


def describe_sources(iso3: str | None = None) -> str:
    """Where a country's boundaries come from, their licence and the citation, from the manifest.

    >>> print(describe_sources("AFG").splitlines()[0])
    Afghanistan: districts ADM2, provinces ADM1 from geoBoundaries (gbOpen)
    """
    config, source = country_config(iso3), manifest()["source"]
    return "\n".join([
        f"{config['name']}: districts {config['districts']}, provinces {config['provinces']} from {source['name']}",
        f"data source: {config.get('data_source', 'see the geoBoundaries metadata')}",
        f"licence: {config.get('data_licence') or 'see the geoBoundaries metadata'}; {source['licence']}",
        f"cite: {source['citation']}",
        f"api: {api_template(env={}).format(iso3=config['iso3'], adm=config['districts'])}",
        *(f"population {name} ({entry.get('kind')}, --population {name}): {entry.get('name', '')}, "
          f"{entry.get('year', 'year unknown')}; licence: {entry.get('licence', 'unknown')}; "
          f"cite: {entry.get('citation', '')}" for name, entry in population_sources(config["iso3"]).items()),
    ])


# Population rasters: downloaded into the cache like the boundaries, checked and recorded with their sha256.

GIVE_POPULATION = "give a file yourself: --population FILE.csv (people per district) or FILE.tif (people per cell)"


def population_sources(iso3: str | None = None) -> dict:
    """The country's population sources named in the manifest (name -> entry with kind, name, year, licence...).

    >>> sorted(population_sources("AFG"))
    ['cso', 'worldpop']
    """
    return country_config(iso3).get("population", {})


def raster_source(iso3: str, name: str | None = None) -> tuple[str, dict]:
    """The named raster population source of a country, or its first one."""
    rasters = {key: entry for key, entry in population_sources(iso3).items() if entry.get("kind") == "raster"}
    if name in rasters or (not name and rasters):
        name = name or next(iter(rasters))
        return name, rasters[name]
    raise InputError([Problem(file="geodata/manifest.toml", line=None,
                              message=f"no population raster {name + ' ' if name else ''}for {iso3} in the manifest",
                              hint=f"{'use one of: ' + ', '.join(rasters) + '; or ' if rasters else ''}{GIVE_POPULATION}")])


def population_path(cache: str | Path, iso3: str, name: str) -> Path:
    """Where :func:`fetch_population` keeps a raster source under a cache folder.

    >>> population_path("/c", "AFG", "worldpop").as_posix()
    '/c/population/AFG/worldpop.tif'
    """
    return Path(cache) / "population" / iso3 / f"{name}.tif"


def population_file(iso3: str, name: str, env: Mapping[str, str] = os.environ) -> Path:
    """The downloaded raster of a population source, still as fetched; else an InputError saying how to get it."""
    path = population_path(cache_dir(env), iso3, name)
    if verified(path):
        return path
    state = "no longer matches the sha256 recorded when fetched" if path.exists() else "is not downloaded yet"
    raise InputError([Problem(file=str(path), line=None, message=f"the population raster {name!r} {state}",
                              hint=f"run `tracker geodata fetch --population --country {iso3}` once online, "
                                   f"or {GIVE_POPULATION}")])


def fetch_population(country: str | None = None, name: str | None = None, *, url: str | None = None,
                     cache: str | Path | None = None, progress: bool = True, force: bool = False,
                     env: Mapping[str, str] = os.environ) -> Path:
    """Download a country's population raster (manifest ``population``, kind ``raster``) into the cache.

    The URL is ``url``, else ``TRACKER_POPULATION_URL``, else the manifest's. A cached file whose sha256 still
    matches its sidecar is kept (unless ``force``). The download must be a georeferenced raster (and match the
    manifest's ``sha256`` when it pins one), or nothing is kept.

    >>> fetch_population("AFG")  # doctest: +SKIP
    PosixPath('~/.cache/tracker/population/AFG/worldpop.tif')
    """
    iso3 = country_config(country)["iso3"]
    name, source = raster_source(iso3, name)
    target = population_path(cache or cache_dir(env), iso3, name)
    if not force and verified(target):
        return target
    record = {"source": name, **{key: source[key] for key in ("name", "year", "licence", "citation") if key in source}}
    return download(url or env.get("TRACKER_POPULATION_URL") or source["url"], target, record=record,
                    progress=progress, check=lambda path: check_raster(path, source.get("sha256")),
                    what="population raster", otherwise=GIVE_POPULATION)


def check_raster(path: str | Path, pinned: str | None = None) -> dict:
    """Facts of a downloaded raster (size, CRS, bounds); ValueError if it is not a georeferenced raster, or
    its sha256 is not the ``pinned`` one."""
    import rasterio  # heavy: only for rasters

    if pinned and (found := sha256(path)) != pinned:
        raise ValueError(f"its sha256 {found[:16]}... is not the {pinned[:16]}... the manifest expects")
    try:
        with rasterio.open(path) as raster:
            if raster.crs is None:
                raise ValueError("the raster has no coordinate reference system")
            return {"width": raster.width, "height": raster.height, "crs": raster.crs.to_string(),
                    "bounds": [round(v, 6) for v in raster.bounds]}
    except rasterio.errors.RasterioError as exc:
        raise ValueError(f"not a raster: {str(exc).splitlines()[0][:100]}") from None
