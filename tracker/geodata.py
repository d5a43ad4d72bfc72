"""Where boundary files come from: the manifest and curated tables in ``geodata/``."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

import pandas as pd

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
