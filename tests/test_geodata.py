"""Where boundaries come from: options, TRACKER_GEODATA, cache, and the geoBoundaries download.

The download runs against a local stand-in for the geoBoundaries API (127.0.0.1, a free port) serving the
real files from TRACKER_GEODATA: no test touches the network or the user's cache.
"""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from tracker import geodata
from tracker.errors import InputError

DISTRICTS = "geoBoundaries-AFG-ADM2_simplified.geojson"  # real, 398 features
PROVINCES = "geoBoundaries-AFG-ADM1.geojson"  # real, 34 features
THREE_WAYS = ("--boundaries PATH", "TRACKER_GEODATA=/folder/with/geoBoundaries-AFG-ADM2.*",
              "tracker geodata fetch --country AFG")


class FakeGeoBoundaries:
    """The geoBoundaries API and file host on 127.0.0.1: ``meta`` and ``files`` can be changed by a test;
    ``requests`` lists every path asked for."""

    def __init__(self, folder: Path):
        self.requests: list[str] = []
        self.files = {f"/data/{name}": (folder / name).read_bytes() for name in (DISTRICTS, PROVINCES)}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.meta = {adm: {"boundaryID": f"AFG-{adm}-1", "boundaryISO": "AFG", "boundaryType": adm,
                           "boundarySource": "AIMS, Esri", "boundaryLicense": "Public Domain",
                           "boundaryYearRepresented": "2014", "buildDate": "Dec 12, 2023",
                           "admUnitCount": str(count), "gjDownloadURL": f"{self.url}/data/{name}",
                           "simplifiedGeometryGeoJSON": f"{self.url}/data/{name}"}
                     for adm, name, count in (("ADM2", DISTRICTS, 398), ("ADM1", PROVINCES, 34))}
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    @property
    def api(self) -> str:
        return self.url + "/api/current/gbOpen/{iso3}/{adm}/"

    def downloads(self) -> list[str]:
        return [path for path in self.requests if path.startswith("/data/")]

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake.requests.append(self.path)
                parts = self.path.strip("/").split("/")
                if parts[:3] == ["api", "current", "gbOpen"] and len(parts) == 5 and parts[3] == "AFG" \
                        and parts[4] in fake.meta:
                    self.answer(200, json.dumps(fake.meta[parts[4]]).encode(), "application/json")
                elif self.path in fake.files:
                    self.answer(200, fake.files[self.path], "application/geo+json")
                else:
                    self.answer(404, b"<html>not found</html>", "text/html")

            def answer(self, status, body, kind):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """No proxy between the tests and 127.0.0.1, and a default API that cannot reach the real one."""
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("TRACKER_GEOBOUNDARIES_API", f"http://127.0.0.1:{closed_port()}/{{iso3}}/{{adm}}/")


@pytest.fixture
def server(geodata_dir):
    fake = FakeGeoBoundaries(geodata_dir)
    yield fake
    fake.close()


@pytest.fixture
def env(server, tmp_path):
    """The environment of a user with an empty private cache, online (to the local server)."""
    return {"TRACKER_CACHE": str(tmp_path / "cache"), "TRACKER_GEOBOUNDARIES_API": server.api}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cache_folder(env) -> Path:
    return Path(env["TRACKER_CACHE"]) / "geoboundaries" / "AFG"


# fetch


def test_fetch_downloads_checks_and_records(server, env, geodata_dir):
    paths = geodata.fetch("AFG", env=env, progress=False)
    assert paths == {"ADM2": cache_folder(env) / "geoBoundaries-AFG-ADM2.geojson",
                     "ADM1": cache_folder(env) / "geoBoundaries-AFG-ADM1.geojson"}
    assert len(gpd.read_file(paths["ADM2"])) == 398 and len(gpd.read_file(paths["ADM1"])) == 34
    assert paths["ADM2"].read_bytes() == (geodata_dir / DISTRICTS).read_bytes()
    record = json.loads(paths["ADM2"].with_suffix(".json").read_text())
    assert record["sha256"] == geodata.sha256(paths["ADM2"]) and record["features"] == 398
    assert record["url"] == f"{server.url}/data/{DISTRICTS}" and record["resolution"] == "full"
    assert record["boundaryLicense"] == "Public Domain" and record["boundarySource"] == "AIMS, Esri"
    assert record["boundaryYearRepresented"] == "2014" and record["buildDate"] == "Dec 12, 2023"
    assert sorted(p.name for p in cache_folder(env).iterdir()) == [  # no temporary file left behind
        "geoBoundaries-AFG-ADM1.geojson", "geoBoundaries-AFG-ADM1.json",
        "geoBoundaries-AFG-ADM2.geojson", "geoBoundaries-AFG-ADM2.json"]


def test_second_fetch_uses_the_cache_and_force_downloads_again(server, env):
    geodata.fetch("AFG", env=env, progress=False)
    asked = len(server.requests)
    assert geodata.fetch("AFG", env=env, progress=False)["ADM2"].is_file()
    assert len(server.requests) == asked  # verified in the cache: not even the API is asked
    geodata.fetch("AFG", levels="ADM2", env=env, progress=False, force=True)
    assert server.downloads()[-1] == f"/data/{DISTRICTS}" and len(server.downloads()) == 3


def test_fetch_takes_the_api_from_the_argument_and_a_bare_base_url(server, tmp_path):
    env = {"TRACKER_CACHE": str(tmp_path / "cache")}  # and the default API is unreachable (fixture `offline`)
    paths = geodata.fetch("AFG", levels=["adm1"], env=env, progress=False, api=server.url + "/api/current/gbOpen")
    assert list(paths) == ["ADM1"] and server.requests[0] == "/api/current/gbOpen/AFG/ADM1/"


def test_corrupted_cache_is_detected_and_downloaded_again(server, env):
    path = geodata.fetch("AFG", env=env, progress=False)["ADM2"]
    good = path.read_bytes()
    middle = len(good) // 2
    path.write_bytes(good[:middle] + bytes([good[middle] ^ 1]) + good[middle + 1:])  # one bit, same size
    assert not geodata.verified(path)
    geodata.fetch("AFG", env=env, progress=False)
    assert path.read_bytes() == good and geodata.verified(path)
    assert server.downloads().count(f"/data/{DISTRICTS}") == 2
    assert server.downloads().count(f"/data/{PROVINCES}") == 1  # the intact level is not downloaded again


def test_corrupted_cache_offline_is_an_error(server, env):
    path = geodata.fetch("AFG", env=env, progress=False)["ADM2"]
    path.write_bytes(path.read_bytes()[:-1])
    server.close()
    with pytest.raises(InputError, match="cannot download"):
        geodata.fetch("AFG", env=env, progress=False)
    with pytest.raises(InputError, match="no longer match the sha256") as caught:
        geodata.locate("AFG", env=env, download=False)
    assert all(way in str(caught.value) for way in THREE_WAYS)


@pytest.mark.parametrize("damage, reason", [
    ("truncated", "not JSON"),
    ("garbage", "not JSON"),
    ("a list", "not a GeoJSON FeatureCollection"),
    ("a feature", "not a GeoJSON FeatureCollection"),
    ("no features", "no features"),
    ("count", "398 features where the geoBoundaries API announces 399"),
    ("missing", "HTTP 404"),
])
def test_bad_downloads_are_rejected_and_leave_nothing(server, env, damage, reason):
    real = server.files[f"/data/{DISTRICTS}"]
    server.files[f"/data/{DISTRICTS}"] = {
        "truncated": real[: len(real) // 2], "garbage": b"<html>rate limited</html>", "a list": b"[1, 2]",
        "a feature": json.dumps({"type": "Feature", "geometry": None, "properties": {}}).encode(),
        "no features": b'{"type": "FeatureCollection", "features": []}'}.get(damage, real)
    if damage == "count":
        server.meta["ADM2"]["admUnitCount"] = "399"
    if damage == "missing":
        del server.files[f"/data/{DISTRICTS}"]
    with pytest.raises(InputError) as caught:
        geodata.fetch("AFG", env=env, progress=False)
    text = str(caught.value)
    assert f"{server.url}/data/{DISTRICTS}" in text and reason in text and "--boundaries" in text
    assert list(cache_folder(env).iterdir()) == []  # not the file, not its sidecar, no temporary file


def test_failed_forced_download_keeps_the_good_cached_file(server, env):
    path = geodata.fetch("AFG", levels="ADM2", env=env, progress=False)["ADM2"]
    good = path.read_bytes()
    server.files[f"/data/{DISTRICTS}"] = good[:1000]
    with pytest.raises(InputError):
        geodata.fetch("AFG", levels="ADM2", env=env, progress=False, force=True)
    assert path.read_bytes() == good and geodata.verified(path)
    assert sorted(p.name for p in cache_folder(env).iterdir()) == [
        "geoBoundaries-AFG-ADM2.geojson", "geoBoundaries-AFG-ADM2.json"]


def test_simplified_geometry_when_the_api_has_no_full_resolution(server, env):
    del server.meta["ADM2"]["gjDownloadURL"]
    path = geodata.fetch("AFG", levels="ADM2", env=env, progress=False)["ADM2"]
    assert json.loads(path.with_suffix(".json").read_text())["resolution"] == "simplified"
    del server.meta["ADM1"]["gjDownloadURL"], server.meta["ADM1"]["simplifiedGeometryGeoJSON"]
    with pytest.raises(InputError, match="names no GeoJSON download"):
        geodata.fetch("AFG", levels="ADM1", env=env, progress=False)


def test_api_answers_that_are_not_usable(server, env):
    with pytest.raises(InputError, match=r"/api/current/gbOpen/AFG/ADM3/: cannot download \(HTTP 404"):
        geodata.fetch("AFG", levels="ADM3", env=env, progress=False)
    server.meta["ADM2"] = [server.meta["ADM2"]]  # a one-element list is taken as its element
    assert geodata.fetch("AFG", levels="ADM2", env=env, progress=False)["ADM2"].is_file()


def test_server_down_names_the_url_the_reason_and_the_alternatives(tmp_path):
    api = f"http://127.0.0.1:{closed_port()}/api/current/gbOpen/{{iso3}}/{{adm}}/"
    env = {"TRACKER_CACHE": str(tmp_path / "cache"), "TRACKER_GEOBOUNDARIES_API": api}
    with pytest.raises(InputError) as caught:
        geodata.fetch("AFG", env=env, progress=False)
    text = str(caught.value)
    assert api.format(iso3="AFG", adm="ADM2") in text and "Connection refused" in text
    assert "--boundaries PATH" in text and "TRACKER_GEODATA" in text
    assert caught.value.__cause__ is None and caught.value.__suppress_context__  # no chained traceback
    with pytest.raises(InputError) as caught:
        geodata.locate("AFG", env=env)
    assert len(caught.value.problems) == 1 and "Connection refused" in str(caught.value)
    assert all(way in str(caught.value) for way in THREE_WAYS)


def test_progress_bar_is_drawn_by_rich_with_pooch(server, env, capsys):
    paths = geodata.fetch("AFG", env=env, progress=True)
    assert geodata.verified(paths["ADM2"]) and capsys.readouterr().out == ""  # stdout stays clean


def test_rich_bar_has_the_interface_pooch_drives():
    bar = geodata.RichBar("x.geojson")
    bar.total = 3000
    for _ in range(4):
        bar.update(1024)  # pooch counts whole chunks: it may overshoot
    bar.reset()
    bar.update(3000)
    assert bar.n == 3000 and bar.progress.tasks[0].completed == 3000
    bar.close()
    bar.close()
    unknown = geodata.RichBar("y")  # no Content-Length: total stays 0
    unknown.update(10)
    unknown.close()


# locate


def test_locate_order_option_then_env_then_cache_then_download(server, env, geodata_dir, tmp_path):
    explicit = tmp_path / "mine.geojson"
    explicit.write_text("{}")
    with_env = {**env, "TRACKER_GEODATA": str(geodata_dir)}

    first = geodata.locate("AFG", env=env, progress=False)  # nothing yet: a download
    assert first.origin == "download" and first.districts == cache_folder(env) / "geoBoundaries-AFG-ADM2.geojson"
    assert first.provinces == cache_folder(env) / "geoBoundaries-AFG-ADM1.geojson"
    asked = len(server.requests)

    cached = geodata.locate("AFG", env=env)
    assert (cached.origin, cached.districts, cached.provinces) == ("cache", first.districts, first.provinces)
    found = geodata.locate("AFG", env=with_env)
    assert found.origin == "TRACKER_GEODATA" and found.districts == geodata_dir / "geoBoundaries-AFG-ADM2.shp"
    assert found.provinces == geodata_dir / PROVINCES
    given = geodata.locate("AFG", explicit, env=with_env)
    assert (given.origin, given.districts, given.provinces) == ("option", explicit, None)
    assert len(server.requests) == asked  # none of these asked the server


def test_admin1_alone_replaces_the_provinces(server, env, geodata_dir, tmp_path):
    provinces = tmp_path / "provinces.gpkg"
    provinces.write_text("")
    found = geodata.locate("AFG", admin1=provinces, env={**env, "TRACKER_GEODATA": str(geodata_dir)})
    assert found.origin == "TRACKER_GEODATA" and found.provinces == provinces
    downloaded = geodata.locate("AFG", admin1=provinces, env=env, progress=False)
    assert downloaded.origin == "download" and downloaded.provinces == provinces
    assert f"/data/{PROVINCES}" not in server.downloads()  # not needed, not fetched


def test_tracker_geodata_prefers_full_resolution_but_takes_simplified(geodata_dir, tmp_path):
    folder = tmp_path / "geodata"
    folder.mkdir()
    (folder / DISTRICTS).symlink_to(geodata_dir / DISTRICTS)
    found = geodata.locate("AFG", env={"TRACKER_GEODATA": str(folder)})
    assert found.districts == folder / DISTRICTS and found.provinces is None  # provinces are optional
    for part in ("shp", "shx", "dbf", "prj"):
        (folder / f"geoBoundaries-AFG-ADM2.{part}").symlink_to(geodata_dir / f"geoBoundaries-AFG-ADM2.{part}")
    assert geodata.locate("AFG", env={"TRACKER_GEODATA": str(folder)}).districts.name == "geoBoundaries-AFG-ADM2.shp"


def test_tracker_geodata_without_the_country_is_an_error(geodata_dir, tmp_path):
    with pytest.raises(InputError, match="no geoBoundaries-NPL-ADM2.* file there"):
        geodata.locate("NPL", env={"TRACKER_GEODATA": str(geodata_dir)})
    with pytest.raises(InputError, match="TRACKER_GEODATA=.*nowhere: no such folder"):
        geodata.locate("AFG", env={"TRACKER_GEODATA": str(tmp_path / "nowhere")})


def test_offline_with_nothing_is_one_clear_error(tmp_path):
    env = {"TRACKER_CACHE": str(tmp_path / "cache")}
    with pytest.raises(InputError) as caught:
        geodata.locate("AFG", env=env, download=False)
    assert len(caught.value.problems) == 1 and "\n" not in str(caught.value)
    assert "nothing cached" in str(caught.value) and "downloading is off" in str(caught.value)
    assert all(way in str(caught.value) for way in THREE_WAYS)
    assert caught.value.__cause__ is None


def test_missing_option_paths_are_named(tmp_path):
    with pytest.raises(InputError, match=r"nope.shp: no such file \(given with --boundaries\)"):
        geodata.locate("AFG", tmp_path / "nope.shp", env={})
    with pytest.raises(InputError) as caught:
        geodata.locate("AFG", tmp_path / "nope.shp", tmp_path / "nada.geojson", env={})
    assert [p.file for p in caught.value.problems] == [str(tmp_path / "nope.shp"), str(tmp_path / "nada.geojson")]
    assert "--admin1" in str(caught.value)


# the rest


def test_cache_dir_is_tracker_cache_or_the_platforms(tmp_path, monkeypatch):
    assert geodata.cache_dir({"TRACKER_CACHE": str(tmp_path / "a" / "b")}) == tmp_path / "a" / "b"
    assert (tmp_path / "a" / "b").is_dir()
    monkeypatch.setattr(geodata.platformdirs, "user_cache_dir", lambda name: str(tmp_path / "platform" / name))
    assert geodata.cache_dir({}) == tmp_path / "platform" / "tracker"


def test_describe_sources_names_licence_and_citation():
    text = geodata.describe_sources("AFG")
    assert "geoBoundaries" in text and "Public Domain" in text and "CC BY 4.0" in text
    assert "PLoS ONE 15(4): e0231866" in text


def test_cli_fetch_and_info(server, env, cli, monkeypatch):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("TRACKER_GEODATA", raising=False)
    result = cli("geodata", "fetch", "--country", "AFG")
    assert result.exit_code == 0 and "ADM2" in result.stdout
    info = cli("geodata", "info", "--country", "AFG")
    assert "found via: cache" in info.stdout and "geoBoundaries" in info.stdout
    server.close()
    monkeypatch.setenv("TRACKER_CACHE", env["TRACKER_CACHE"] + "-empty")
    offline = cli("geodata", "fetch", "--country", "AFG")
    assert offline.exit_code == 1 and "cannot download" in offline.stderr and "Traceback" not in offline.stderr


# Population rasters: `tracker geodata fetch --population`, against the same local server


def population_raster(tmp_path) -> bytes:
    """A GeoTIFF of 10 people per 0.1-degree cell over the whole country (and a margin)."""
    import numpy as np
    import rasterio
    from affine import Affine

    path = tmp_path / "people.tif"
    with rasterio.open(path, "w", driver="GTiff", width=160, height=100, count=1, dtype="float32", crs="EPSG:4326",
                       transform=Affine(0.1, 0, 60.0, 0, -0.1, 39.0), nodata=-99999, compress="deflate") as out:
        out.write(np.full((100, 160), 10, dtype="float32"), 1)
    return path.read_bytes()


@pytest.fixture
def pop_env(server, env, tmp_path):
    """The local server also serving a population raster, and the environment pointing at it."""
    server.files["/data/people.tif"] = population_raster(tmp_path)
    return {**env, "TRACKER_POPULATION_URL": f"{server.url}/data/people.tif"}


def test_fetch_population_downloads_checks_and_records(server, pop_env):
    path = geodata.fetch_population("AFG", env=pop_env, progress=False)
    assert path == Path(pop_env["TRACKER_CACHE"]) / "population" / "AFG" / "worldpop.tif"
    facts = json.loads(geodata.sidecar(path).read_text())
    assert facts["sha256"] == geodata.sha256(path) and facts["url"].endswith("/data/people.tif")
    assert facts["licence"] == "CC BY 4.0" and "WorldPop" in facts["citation"] and facts["year"] == 2020
    assert (facts["width"], facts["height"], facts["crs"]) == (160, 100, "EPSG:4326")
    assert geodata.population_file("AFG", "worldpop", env=pop_env) == path
    geodata.fetch_population("AFG", env=pop_env, progress=False)
    assert server.downloads() == ["/data/people.tif"]  # the cached, still matching file is kept
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(InputError, match="no longer matches the sha256 recorded when fetched"):
        geodata.population_file("AFG", "worldpop", env=pop_env)


def test_population_downloads_that_are_no_raster_or_not_the_pinned_file_leave_nothing(server, pop_env, monkeypatch):
    server.files["/data/people.tif"] = b"<html>maintenance</html>"
    with pytest.raises(InputError, match="the download is not a usable population raster .not a raster"):
        geodata.fetch_population("AFG", env=pop_env, progress=False)
    folder = Path(pop_env["TRACKER_CACHE"]) / "population" / "AFG"
    assert list(folder.iterdir()) == []
    monkeypatch.setitem(geodata.population_sources("AFG")["worldpop"], "sha256", "0" * 64)
    server.files["/data/people.tif"] = population_raster(folder.parent)
    with pytest.raises(InputError, match="its sha256 .* is not the 0000000000000000... the manifest expects"):
        geodata.fetch_population("AFG", env=pop_env, progress=False)
    assert not (folder / "worldpop.tif").exists()


def test_cli_fetch_population_then_use_it(server, pop_env, cli, monkeypatch, ctx):
    for key in ("TRACKER_CACHE", "TRACKER_POPULATION_URL"):
        monkeypatch.setenv(key, pop_env[key])
    before = cli("stats", "tracker/examples/afghanistan.csv", "--population", "worldpop")
    assert before.exit_code == 1 and "is not downloaded yet" in before.stderr
    assert "tracker geodata fetch --population --country AFG" in before.stderr
    fetched = cli("geodata", "fetch", "--population")
    assert fetched.exit_code == 0 and "worldpop.tif" in fetched.stdout
    assert server.downloads() == ["/data/people.tif"]  # the raster only, not the boundaries
    result = cli("stats", "tracker/examples/afghanistan.csv", "--date", "2021-08-16", "--population", "worldpop",
                 "--format", "json")
    data = json.loads(result.stdout)
    assert data["population_unknown"]["units"] == 0 and data["population_source"]["year"] == 2020
    # 10 people per 0.1-degree cell, each counted by the share inside the districts: 1,000 per square degree
    assert data["population_total"] == round(1000 * shapely.area(ctx.units.geometry.values).sum())
    assert "population worldpop (raster" in cli("geodata", "info").stdout
