"""End to end: the real CLI on the real shared boundaries."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = "LWJ,https://www.longwarjournal.org/x"


@pytest.fixture
def good(write_csv):
    return write_csv(f"2021-08-08,Kunduz,Kunduz,controlled,{SRC},fell", f"2021-08-08,Taloqan,Takhar,controlled,{SRC},",
                     f"2021-08-09,Herat,Herat,contested,{SRC},<script>alert(1)</script>")


def test_validate_ok_and_errors(cli, good, write_csv, geodata_dir):
    result = cli("validate", good)
    assert result.exit_code == 0 and "3 reports OK" in result.stdout
    bad = write_csv(f"2021-08-08,Baharak,,controlled,{SRC},", f"2021-08-32,Kunduz,Kunduz,controled,{SRC},", name="bad.csv")
    result = cli("validate", bad)
    assert result.exit_code == 1
    assert f"{bad}:2:" in result.stderr and f"{bad}:3:" in result.stderr
    assert "Traceback" not in result.stderr and "did you mean 'controlled'" in result.stderr
    assert result.stderr.count("error:") == 3


def test_resolve_json_and_exit_codes(cli, geodata_dir):
    found = cli("resolve", "Taloqan", "--json")
    assert found.exit_code == 0
    data = json.loads(found.stdout)
    assert {k: data[k] for k in ("district", "province", "method")} == {"district": "Taluqan", "province": "Takhar", "method": data["method"]}
    assert set(data) == {"query", "province_hint", "unit_id", "district", "province", "score", "method"}
    ambiguous = cli("resolve", "Baharak", "--json")
    assert ambiguous.exit_code == 3
    data = json.loads(ambiguous.stdout)
    assert data["error"] == "ambiguous" and {c["province"] for c in data["candidates"]} == {"Badakhshan", "Takhar"}
    unknown = cli("resolve", "Doha", "--json")
    assert unknown.exit_code == 4 and json.loads(unknown.stdout)["error"] == "unknown"
    assert cli("resolve", "Baharak", "--province", "Takhar").exit_code == 0
    assert "ambiguous" in cli("resolve", "Baharak").stderr


def test_stats_formats(cli, good, geodata_dir):
    data = json.loads(cli("stats", good, "--date", "2021-08-10", "--format", "json").stdout)
    assert data["by_status"]["controlled"]["units"] == 2 and data["date"] == "2021-08-10"
    csv = cli("stats", good, "--date", "2021-08-10", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("date,status,label,units,share,area_km2,area_share")
    table = cli("stats", good, "--date", "2021-08-10", "--by", "province")
    assert table.exit_code == 0 and "Kunduz" in table.stdout
    assert cli("stats", good, "--date", "10/08/2021").exit_code == 2


def test_map_writes_an_escaped_page(cli, good, tmp_path, geodata_dir):
    out = tmp_path / "m.html"
    result = cli("map", good, "--date", "2021-08-10", "--out", out)
    assert result.exit_code == 0, result.stderr
    page = out.read_text()
    assert "<script>alert(1)</script>" not in page and "2021-08-10" in page
    assert out.stat().st_size < 1.5e6
    assert "geoBoundaries" in page


def test_bad_input_writes_nothing(cli, write_csv, tmp_path, geodata_dir):
    bad = write_csv(f"2021-08-08,Nowhere,,controlled,{SRC},")
    out = tmp_path / "m.html"
    assert cli("map", bad, "--date", "2021-08-10", "--out", out).exit_code == 1
    assert not out.exists()


def test_demo_builds_maps_and_stats(cli, tmp_path, geodata_dir):
    result = cli("demo", "--out-dir", tmp_path)
    assert result.exit_code == 0, result.stderr
    pages = sorted(tmp_path.glob("demo-*.html"))
    assert len(pages) >= 3 and all(p.stat().st_size < 1.5e6 for p in pages)
    stats = [json.loads(p.read_text()) for p in sorted(tmp_path.glob("demo-*-stats.json"))]
    controlled = [s["by_status"]["controlled"]["units"] for s in stats]
    assert controlled == sorted(controlled) and controlled[-1] > controlled[0]  # the 2021 offensive


@pytest.mark.parametrize("command", [[], ["validate"], ["resolve"], ["stats"], ["map"], ["demo"], ["geodata", "fetch"], ["geodata", "info"]])
def test_help_texts(cli, command):
    result = cli(*command, "--help")
    assert result.exit_code == 0 and len(result.stdout) > 200


def test_console_script_runs(geodata_dir):
    result = subprocess.run([sys.executable, "-m", "tracker", "resolve", "Pul-e Khumri"], capture_output=True, text=True)
    assert result.returncode == 0 and "Puli Khumri" in result.stdout


IMPORTS = """
import sys
from click.testing import CliRunner
from tracker.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
heavy = ("pandas", "pyarrow", "geopandas", "shapely", "folium", "matplotlib", "rapidfuzz")
print(result.exit_code, *[name for name in heavy if name in sys.modules])
"""
EXAMPLE = Path(__file__).resolve().parent.parent / "tracker" / "examples" / "afghanistan.csv"


def imported(*args) -> tuple[int, set[str]]:
    """The exit code of a command run in a fresh interpreter, and the heavy libraries it imported."""
    done = subprocess.run([sys.executable, "-c", IMPORTS, *map(str, args)], capture_output=True, text=True)
    code, *names = done.stdout.split()
    return int(code), set(names)


@pytest.mark.parametrize("args, allowed", [
    (["--help"], set()),
    (["resolve", "Kabul"], set()),                         # names from the cached table: no pandas, no geometry
    (["resolve", "Kabool"], {"rapidfuzz"}),                # fuzzy matching
    (["validate", EXAMPLE], {"pandas", "pyarrow", "rapidfuzz"}),
    (["stats", EXAMPLE, "--date", "2021-08-16"], {"pandas", "pyarrow", "rapidfuzz", "geopandas", "shapely"}),
    (["map", EXAMPLE, "--date", "2021-08-16", "--out", "{tmp}/m.html"],
     {"pandas", "pyarrow", "rapidfuzz", "geopandas", "shapely", "folium"}),
])
def test_commands_import_only_what_they_need(args, allowed, tmp_path, geodata_dir):
    imported("resolve", "Kabul")  # the first command prepares the boundaries and the names table
    code, names = imported(*(str(a).format(tmp=tmp_path) for a in args))
    assert code == 0 and names <= allowed, names - allowed


def test_another_countrys_file_with_named_columns(cli, write_csv, tmp_path, geodata_dir):
    """Nothing is specific to Afghanistan: a made-up country with its own column names works end to end."""
    import geopandas as gpd
    raw = gpd.read_file(geodata_dir / "geoBoundaries-AFG-ADM2.shp").head(12)
    other = gpd.GeoDataFrame({"code": [f"ZZ{i:02d}" for i in range(12)], "nom": [f"Canton {i}" for i in range(12)],
                              "region": ["Nord"] * 6 + ["Sud"] * 6}, geometry=raw.geometry.values, crs=4326)
    path = tmp_path / "zz.gpkg"
    other.to_file(path)
    reports = write_csv("2024-01-05,Canton 3,,controlled,Local press,,", "2024-01-06,canton 10,Sud,contested,Radio,,")
    common = ["--country", "ZZZ", "--boundaries", path, "--id-column", "code", "--name-column", "nom",
              "--province-column", "region"]
    assert cli("resolve", "Canton 3", *common).exit_code == 0
    data = json.loads(cli("stats", reports, "--date", "2024-02-01", "--format", "json", *common).stdout)
    assert data["units_total"] == 12 and data["by_status"]["controlled"]["units"] == 1
    assert set(data["by_province"]) == {"Nord", "Sud"}
    assert cli("map", reports, "--date", "2024-02-01", "--out", tmp_path / "zz.html", *common).exit_code == 0
