"""Shared fixtures: real boundaries from TRACKER_GEODATA (default ../shared/geodata/afg), a private cache."""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEODATA = Path(os.environ.get("TRACKER_GEODATA") or ROOT.parent / "shared" / "geodata" / "afg")
ARTICLES = ROOT.parent / "shared" / "articles"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # pgcluster, the throwaway PostgreSQL server
# pytest-xdist gives its workers COLUMNS=80 and LINES=24, and rich fixes a console's width when it is made: output
# (and tests that set COLUMNS) would differ from a serial run.
for size in ("COLUMNS", "LINES"):
    os.environ.pop(size, None)


# Session fixtures that start a costly program: under pytest-xdist (`-n auto --dist loadgroup`) the tests
# using one run on one worker, so the program starts once.
SHARED_PROGRAMS = ("browser",)


def pytest_collection_modifyitems(items):
    for item in items:
        for name in SHARED_PROGRAMS:
            if name in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.xdist_group(name))


@pytest.fixture(scope="session", autouse=True)
def private_environment(tmp_path_factory):
    """Tests never use the user's cache or ledger (TRACKER_DB) or PostgreSQL settings (PG*), and find real
    boundaries through TRACKER_GEODATA."""
    mine = [k for k in os.environ if k.startswith("PG")] + ["TRACKER_DB"]
    saved = {k: os.environ.get(k) for k in ("TRACKER_CACHE", "TRACKER_GEODATA", *mine)}
    for key in mine:
        os.environ.pop(key, None)
    os.environ["TRACKER_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["TRACKER_GEODATA"] = str(GEODATA)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def geodata_dir() -> Path:
    if not (GEODATA / "geoBoundaries-AFG-ADM2.shp").exists():
        pytest.skip(f"real boundaries not found in {GEODATA} (set TRACKER_GEODATA)")
    return GEODATA


@pytest.fixture(scope="session")
def ctx(geodata_dir):
    from tracker.context import open_context
    return open_context("AFG", download=False)


@pytest.fixture(scope="session")
def units(ctx):
    return ctx.units


@pytest.fixture(scope="session")
def gazetteer(ctx):
    return ctx.gazetteer


@pytest.fixture(scope="session")
def scheme(ctx):
    return ctx.scheme


@pytest.fixture
def cli():
    """Run the real CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    from click.testing import CliRunner
    from tracker.cli import main

    def run(*args, input: str | None = None):
        return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
    return run


@pytest.fixture
def write_csv(tmp_path):
    """Write a reports CSV from lines (the header is added) and return its path."""
    def write(*rows: str, header: str = "date,district,province,status,source,url,notes", name="reports.csv"):
        path = tmp_path / name
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        return path
    return write


@pytest.fixture(scope="session")
def pg():
    """A throwaway PostgreSQL server (Debian's, started here, stopped after); PGPASSWORD set for its user."""
    from pgcluster import PASSWORD, Cluster, Unavailable
    try:
        cluster = Cluster.start()
    except Unavailable as exc:
        pytest.skip(str(exc))
    saved = os.environ.get("PGPASSWORD")
    os.environ["PGPASSWORD"] = PASSWORD
    yield cluster
    cluster.stop()
    if saved is None:
        os.environ.pop("PGPASSWORD", None)
    else:
        os.environ["PGPASSWORD"] = saved


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path):
    """Where a new, empty ledger goes: a SQLite file, or a fresh database on the test server (dropped after)."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
        return
    pg = request.getfixturevalue("pg")
    name = f"t{os.getpid()}_{next(DATABASES)}"
    yield pg.new_database(name)
    pg.sql(f'DROP DATABASE "{name}" WITH (FORCE)')


DATABASES = itertools.count()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (the test command installs both)."""
    sync = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium not installed (make test installs Debian's chromium)")
    with sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        yield b
        b.close()
