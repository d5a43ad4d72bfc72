"""The map page: escaped, offline, legend with counts, attribution; checked in headless Chromium."""

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from tracker.render.html import map_page, safe_link



ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def page(ctx):
    state = gpd.GeoDataFrame({
        "unit_id": ctx.units.unit_id, "district": ctx.units.district, "province": ctx.units.province,
        "status": "no_data", "since": None, "last_report": None, "days_since": None,
        "source": None, "url": None, "notes": None}, geometry=ctx.web_geometry.to_numpy(), crs=4326)
    marks = {"Taluqan": ("controlled", "https://example.org/a?b=1&c=2", "fell " + XSS),
             "Hirat": ("contested", "javascript:alert(2)", "fighting"),
             "Kandahar": ("government", None, None), "Zaranj": ("unconfirmed", "http://x.org", "a claim")}
    for name, (status, url, note) in marks.items():
        i = state.index[state.district == name][0]
        state.loc[i, ["status", "since", "last_report", "days_since", "source", "url", "notes"]] = \
            [status, "2021-08-01", "2021-08-03", 7, f"Source <b>{name}</b>", url, note]
    return map_page(state, ctx.scheme, "2021-08-10", title="Test map", provinces=ctx.province_lines)


def test_page_is_escaped_offline_and_small(page):
    assert XSS not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Taluqan</b>" not in page.replace("<b>Taluqan</b> <span", "")  # source text escaped
    assert 'href="javascript' not in page and "Source &lt;b&gt;Hirat" in page  # plain text, never a link
    assert re.findall(r"<script[^>]+src=", page) == [] and re.findall(r"<link[^>]+href=", page) == []
    for cdn in ("cdn.jsdelivr", "code.jquery", "netdna", "cdnjs", "unpkg"):
        assert cdn not in page
    assert "geoBoundaries" in page and "Test map" in page
    assert len(page.encode()) < 1_500_000


def test_legend_counts(page, ctx):
    for label, count in [(ctx.scheme.statuses[0].label, 1), ("No data", 394)]:
        assert re.search(rf"{re.escape(label)}</span><span class='count'>{count}<", page)


def test_safe_link():
    assert safe_link("https://a.org/?x=<y>", "S & P") == \
        '<a href="https://a.org/?x=&lt;y&gt;" target="_blank" rel="noopener noreferrer">S &amp; P</a>'
    assert safe_link("javascript:alert(1)", "S") == "S"
    assert safe_link("data:text/html,hi", "") == "data:text/html,hi"




def test_page_in_chromium(page, browser, tmp_path):
    path = tmp_path / "map.html"
    path.write_text(page, encoding="utf-8")
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    errors, requests, dialogs = [], [], []
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.goto(path.as_uri())
    tab.wait_for_selector("path.leaflet-interactive")
    assert tab.locator("path.leaflet-interactive").count() == 398
    assert tab.locator("#legend .row").count() == 5
    assert "geoBoundaries" in tab.locator(".leaflet-control-attribution").inner_text()
    # Hover Taluqan: tooltip with the escaped note; click: popup with the source link.
    taluqan = tab.locator("path.leaflet-interactive[fill='#CC3311']").first
    box = taluqan.bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = tab.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "Taluqan" in tooltip.inner_text() and XSS in tooltip.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "map-tooltip.png"))
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = tab.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("a").get_attribute("href") == "https://example.org/a?b=1&c=2"
    assert "Source <b>Taluqan</b>" in popup.inner_text()
    tab.mouse.move(5, 450)
    tab.wait_for_timeout(400)
    tab.screenshot(path=str(ARTIFACTS / "map-popup.png"))
    assert errors == [] and dialogs == []
    assert [r for r in requests if not r.startswith("file:")] == []


def test_card_of_a_district_without_reports_says_only_no_data():
    import numpy as np
    from tracker.render.html import district_card
    row = pd.DataFrame([{"district": "Dur Baba", "province": "Nangarhar", "colour": "#DDDDDD", "status": "no_data",
                         "since": None, "last_report": None, "days_since": None, "source": None, "url": None,
                         "notes": np.nan}]).iloc[0]
    card = district_card(row, {"no_data": "No data"}, full=False)
    assert "since" not in card and "No data" in card and "Dur Baba" in card
