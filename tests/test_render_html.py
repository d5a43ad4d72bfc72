"""The map page: escaped, offline, legend with counts, attribution; checked in headless Chromium."""

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from tracker.render.html import district_card, map_page, safe_link

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"  # would run if inserted unescaped (a <script> set by innerHTML does not)
CDNS = ("cdn.jsdelivr", "code.jquery", "netdna", "cdnjs", "unpkg")
MARKS = {"Taluqan": ("controlled", "https://example.org/a?b=1&c=2", f"fell {XSS} {IMG}"),
         "Hirat": ("contested", "javascript:alert(1)", "fighting"),
         "Kandahar": ("government", None, None), "Zaranj": ("unconfirmed", "http://x.org", "a claim")}


def blank_state(ctx) -> gpd.GeoDataFrame:
    """Every real district with no report, on the web-simplified (coverage, 0.01 degree) geometry."""
    return gpd.GeoDataFrame({
        "unit_id": ctx.units.unit_id, "district": ctx.units.district, "province": ctx.units.province,
        "status": ctx.scheme.no_data.key, "since": None, "last_report": None, "days_since": None,
        "source": None, "url": None, "notes": None}, geometry=ctx.web_geometry.to_numpy(), crs=4326)


def report(state, i, status, url, note, source):
    state.loc[i, ["status", "since", "last_report", "days_since", "source", "url", "notes"]] = \
        [status, "2021-08-01", "2021-08-03", 7, source, url, note]


@pytest.fixture(scope="module")
def page(ctx):
    state = blank_state(ctx)
    for name, (status, url, note) in MARKS.items():
        report(state, state.index[state.district == name][0], status, url, note, f"Source <b>{name}</b>")
    return map_page(state, ctx.scheme, "2021-08-10", title="Test map", provinces=ctx.province_lines)


def test_page_is_escaped_offline_and_small(page):
    assert XSS not in page and IMG not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Taluqan</b>" not in page.replace("<b>Taluqan</b> <span", "")  # source text escaped
    assert 'href="javascript' not in page and "Source &lt;b&gt;Hirat" in page  # plain text, never a link
    assert re.findall(r"<script[^>]+src=", page) == [] and re.findall(r"<link[^>]+href=", page) == []
    assert not any(cdn in page for cdn in CDNS)
    assert "geoBoundaries" in page and "https://www.geoboundaries.org" in page and "Test map" in page
    assert len(page.encode()) < 1_500_000


def test_each_card_is_stored_once(page):
    """Tooltip and popup share one card: the source shows only in the popup, the hint only in the tooltip (CSS).
    Each distinct piece of a card is stored once: the hint, shared by the four reported districts, too."""
    assert page.count("fell &lt;script&gt;alert(1)") == 1 and page.count("Source &lt;b&gt;Taluqan") == 1
    assert page.count("click for the source") == 1
    assert ".leaflet-tooltip .src, .leaflet-popup .hint {display:none;}" in page


def test_legend_counts(page, ctx):
    counts = {s.label: 1 for s in ctx.scheme.statuses} | {ctx.scheme.no_data.label: 394}
    for label, count in counts.items():
        assert re.search(rf"{re.escape(label)}</span><span class='count'>{count}<", page)


def test_every_district_reported_still_under_the_size_limit(ctx):
    """The worst case for size: all 398 districts with a source, link and note in their tooltip and popup."""
    state, keys = blank_state(ctx), [s.key for s in ctx.scheme.statuses]
    for i in state.index:
        report(state, i, keys[i % len(keys)], "https://www.longwarjournal.org/mapping-taliban-control-in-afghanistan",
               "District centre overrun after two days of fighting; security forces withdrew to the provincial capital",
               "FDD's Long War Journal, Mapping Taliban Control in Afghanistan")
    page = map_page(state, ctx.scheme, "2021-08-10", provinces=ctx.province_lines)
    assert len(page.encode()) < 1_500_000
    assert "District control, <span class='nowrap'>2021-08-10</span>" in page  # the default title


def test_tiles_are_opt_in_and_add_no_scripts(ctx):
    state = blank_state(ctx)
    assert "openstreetmap" not in map_page(state, ctx.scheme, "2021-08-10").lower()
    page = map_page(state, ctx.scheme, "2021-08-10", tiles="OpenStreetMap", attribution="Mine")
    assert "tile.openstreetmap.org" in page and "Mine" in page and "geoBoundaries" not in page
    assert re.findall(r"<script[^>]+src=", page) == [] and not any(cdn in page for cdn in CDNS)


def test_unknown_status_is_refused(ctx):
    state = blank_state(ctx)
    state.loc[state.index[0], "status"] = "captured"
    with pytest.raises(ValueError, match="captured"):
        map_page(state, ctx.scheme, "2021-08-10")


def test_safe_link():
    assert safe_link("https://a.org/?x=<y>", "S & P") == \
        '<a href="https://a.org/?x=&lt;y&gt;" target="_blank" rel="noopener noreferrer">S &amp; P</a>'
    assert safe_link("javascript:alert(1)", "S") == "S"
    assert safe_link("data:text/html,hi", "") == "data:text/html,hi"


def test_card_of_a_district_without_reports_says_only_no_data():
    row = pd.DataFrame([{"district": "Dur Baba", "province": "Nangarhar", "colour": "#DDDDDD", "status": "no_data",
                         "since": None, "last_report": None, "days_since": None, "source": None, "url": None,
                         "notes": np.nan}]).iloc[0]
    card = "".join(district_card(row, {"no_data": "No data"}))
    assert "since" not in card and "No data" in card and "Dur Baba" in card


def open_page(browser, page, tmp_path, width=1400, height=900):
    """The page in a fresh tab from a file:// URL, recording errors, requests and dialogs."""
    path = tmp_path / "map.html"
    path.write_text(page, encoding="utf-8")
    tab = browser.new_page(viewport={"width": width, "height": height})
    tab.seen = {"errors": [], "requests": [], "dialogs": []}
    tab.on("console", lambda m: m.type == "error" and tab.seen["errors"].append(m.text))
    tab.on("pageerror", lambda e: tab.seen["errors"].append(str(e)))
    tab.on("request", lambda r: tab.seen["requests"].append(r.url))
    tab.on("dialog", lambda d: (tab.seen["dialogs"].append(d.message), d.dismiss()))
    tab.goto(path.as_uri())
    tab.wait_for_selector("path.leaflet-interactive")
    return tab


def centre_of(tab, colour):
    box = tab.locator(f"path.leaflet-interactive[fill='{colour}']").first.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_page_in_chromium(page, browser, tmp_path, ctx):
    colour = {s.key: s.colour for s in ctx.scheme.statuses}
    tab = open_page(browser, page, tmp_path)
    assert tab.locator("path.leaflet-interactive").count() == 398
    assert tab.locator("#legend .row").count() == len(ctx.scheme.all_statuses)
    attribution = tab.locator(".leaflet-control-attribution")
    assert "geoBoundaries" in attribution.inner_text()
    assert attribution.locator("a").get_attribute("href").startswith("https://www.geoboundaries.org")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "map.png"))
    # Hover Taluqan: tooltip with the escaped note as text; click: popup with the source link.
    x, y = centre_of(tab, colour["controlled"])
    tab.mouse.move(x, y)
    tooltip = tab.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "Taluqan" in tooltip.inner_text() and XSS in tooltip.inner_text() and IMG in tooltip.inner_text()
    tab.screenshot(path=str(ARTIFACTS / "map-tooltip.png"))
    tab.mouse.click(x, y)
    popup = tab.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("a").get_attribute("href") == "https://example.org/a?b=1&c=2"
    assert "Source <b>Taluqan</b>" in popup.inner_text() and XSS in popup.inner_text()
    tab.mouse.move(5, 450)
    tab.wait_for_timeout(400)
    tab.screenshot(path=str(ARTIFACTS / "map-popup.png"))
    # Hirat's javascript: URL: the source is plain text in the popup, no link to click.
    tab.mouse.click(*centre_of(tab, colour["contested"]))
    tab.wait_for_function("document.querySelector('.leaflet-popup-content').innerText.includes('Hirat')")
    assert "Source <b>Hirat</b>" in popup.inner_text() and popup.locator("a").count() == 0
    assert tab.seen["errors"] == [] and tab.seen["dialogs"] == []
    assert [r for r in tab.seen["requests"] if not r.startswith("file:")] == []


def test_legend_clears_the_attribution_on_a_phone(page, browser, tmp_path):
    tab = open_page(browser, page, tmp_path, width=400, height=720)
    legend = tab.locator("#legend").bounding_box()
    credit = tab.locator(".leaflet-control-attribution").bounding_box()
    assert legend["y"] + legend["height"] <= credit["y"]
    assert legend["x"] + legend["width"] <= 400
    tab.screenshot(path=str(ARTIFACTS / "map-phone.png"))
