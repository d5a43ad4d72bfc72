"""Where boundaries come from: options, TRACKER_GEODATA, cache, and the download (against a local server)."""

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tracker import geodata
from tracker.errors import InputError


class Server:
    """A local stand-in for the geoBoundaries API serving the real files; counts requests."""

    def __init__(self, folder: Path, root: Path):
        self.requests: list[str] = []
        handler = partial(self.Handler, directory=str(root))
        handler.server_ref = self
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.server.owner.requests.append(self.path)
            super().do_GET()


@pytest.fixture
def api(geodata_dir, tmp_path):
    """Serve /api/AFG/ADM2/ (JSON) and the real GeoJSON files from a temp root."""
    root = tmp_path / "www"
    (root / "files").mkdir(parents=True)
    for adm, name, count in (("ADM2", "geoBoundaries-AFG-ADM2_simplified.geojson", 398),
                             ("ADM1", "geoBoundaries-AFG-ADM1.geojson", 34)):
        (root / "files" / name).write_bytes((geodata_dir / name).read_bytes())
        (root / "api" / "AFG" / adm).mkdir(parents=True)
        meta = {"boundaryISO": "AFG", "boundaryType": adm, "admUnitCount": str(count),
                "boundaryLicense": "Public Domain", "gjDownloadURL": f"@BASE@/files/{name}"}
        (root / "api" / "AFG" / adm / "index.json").write_text(json.dumps(meta))
    server = Server(geodata_dir, root)
    server.httpd.owner = server
    for adm in ("ADM2", "ADM1"):
        path = root / "api" / "AFG" / adm / "index.json"
        path.write_text(path.read_text().replace("@BASE@", server.url))
    yield server, root
    server.httpd.shutdown()


def env_for(server, tmp_path, **extra):
    return {"TRACKER_CACHE": str(tmp_path / "cache"),
            "TRACKER_GEOBOUNDARIES_API": server.url + "/api/{iso3}/{adm}/index.json", **extra}


def test_fetch_downloads_checks_and_records(api, tmp_path):
    server, _ = api
    env = env_for(server, tmp_path)
    paths = geodata.fetch("AFG", env=env, progress=False)
    assert set(paths) == {"ADM2", "ADM1"}
    assert len(json.loads(paths["ADM2"].read_text())["features"]) == 398
    sidecar = json.loads(paths["ADM2"].with_suffix(".json").read_text())
    assert sidecar["sha256"] == geodata.sha256(paths["ADM2"]) and sidecar["boundaryLicense"] == "Public Domain"
    before = len(server.requests)
    geodata.fetch("AFG", env=env, progress=False)
    assert len(server.requests) == before  # cached and verified: no second download


def test_corrupted_cache_is_downloaded_again(api, tmp_path):
    server, _ = api
    env = env_for(server, tmp_path)
    path = geodata.fetch("AFG", env=env, progress=False)["ADM2"]
    path.write_bytes(path.read_bytes()[:-10] + b"corrupted!")
    assert not geodata.verified(path)
    geodata.fetch("AFG", env=env, progress=False)
    assert geodata.verified(path) and json.loads(path.read_text())["type"] == "FeatureCollection"


@pytest.mark.parametrize("damage", ["truncate", "count"])
def test_bad_downloads_are_rejected_and_leave_nothing(api, tmp_path, damage):
    server, root = api
    if damage == "truncate":
        target = root / "files" / "geoBoundaries-AFG-ADM2_simplified.geojson"
        target.write_bytes(target.read_bytes()[:5000])
    else:
        meta = root / "api" / "AFG" / "ADM2" / "index.json"
        meta.write_text(meta.read_text().replace('"398"', '"399"'))
    with pytest.raises(InputError, match="download of .* failed"):
        geodata.fetch("AFG", env=env_for(server, tmp_path), progress=False)
    assert not list((tmp_path / "cache" / "geoboundaries" / "AFG").glob("*ADM2*"))


def test_locate_order(api, tmp_path, geodata_dir):
    server, _ = api
    env = env_for(server, tmp_path)
    explicit = tmp_path / "mine.geojson"
    explicit.write_text("{}")
    assert geodata.locate("AFG", explicit, env=env).origin == "option"
    found = geodata.locate("AFG", env={**env, "TRACKER_GEODATA": str(geodata_dir)})
    assert found.origin == "TRACKER_GEODATA" and found.districts.name == "geoBoundaries-AFG-ADM2.shp"
    assert found.provinces.name == "geoBoundaries-AFG-ADM1.geojson"
    first = geodata.locate("AFG", env=env)
    assert first.origin == "download" and first.districts.exists()
    assert geodata.locate("AFG", env=env, download=False).origin == "cache"


def test_offline_with_nothing_is_one_error_naming_three_ways(tmp_path):
    env = {"TRACKER_CACHE": str(tmp_path / "c"), "TRACKER_GEOBOUNDARIES_API": "http://127.0.0.1:9/{iso3}/{adm}"}
    for download in (True, False):
        with pytest.raises(InputError) as caught:
            geodata.locate("AFG", env=env, download=download)
        text = str(caught.value)
        assert "--boundaries" in text and "TRACKER_GEODATA" in text and "tracker geodata fetch" in text


def test_missing_paths_are_named(tmp_path, geodata_dir):
    with pytest.raises(InputError, match="nope.shp: no such file"):
        geodata.locate("AFG", tmp_path / "nope.shp", env={})
    with pytest.raises(InputError, match="no geoBoundaries-NPL-ADM2"):
        geodata.locate("NPL", env={"TRACKER_GEODATA": str(geodata_dir)})


def test_cli_fetch_uses_the_api_setting(api, tmp_path, cli, monkeypatch):
    server, _ = api
    for key, value in env_for(server, tmp_path).items():
        monkeypatch.setenv(key, value)
    result = cli("geodata", "fetch", "--country", "AFG")
    assert result.exit_code == 0 and "ADM2" in result.stdout
    info = cli("geodata", "info", "--country", "AFG")
    assert "geoBoundaries" in info.stdout
