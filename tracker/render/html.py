"""The single-date map page: a folium choropleth that works offline, with legend, tooltips and attribution.

Everything users wrote (names, sources, notes, links) is escaped here, in Python, before it reaches the
page; links are kept only for ``http``/``https``.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from urllib.parse import urlparse

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from folium.template import Template

from ..geodata import manifest
from ..scheme import Scheme
from .people import people_caption, people_number, people_short, present, status_people

GRID = 1e-4  # coordinate precision on the page, degrees (about 11 m)
GEOJSON_TYPES = {shapely.GeometryType.LINESTRING: "LineString", shapely.GeometryType.MULTILINESTRING: "MultiLineString",
                 shapely.GeometryType.POLYGON: "Polygon", shapely.GeometryType.MULTIPOLYGON: "MultiPolygon"}


def esc(value) -> str:
    """HTML-escaped text; missing values are empty."""
    return html.escape(str(value)) if present(value) else ""


def safe_link(url, text) -> str:
    """An ``<a>`` for http(s) URLs only; anything else (``javascript:``...) stays plain text."""
    label = esc(text) or esc(url)
    if isinstance(url, str) and urlparse(url.strip()).scheme in ("http", "https"):
        return f'<a href="{esc(url.strip())}" target="_blank" rel="noopener noreferrer">{label}</a>'
    return label


def leaflet_assets() -> str:
    """Leaflet's CSS and JS from the installed XStatic-Leaflet package, inlined."""
    data = resources.files("xstatic.pkg.leaflet") / "data"
    css = (data / "leaflet.css").read_text(encoding="utf-8")
    js = (data / "leaflet.js").read_text(encoding="utf-8")
    return f"<style>{css}</style>\n<script>{js}</script>"


def month_of(iso_day: str) -> str:
    """'2021-07-01' -> 'July 2021'."""
    return pd.Timestamp(iso_day).strftime("%B %Y")


def since_text(row) -> str:
    """Since when and the last report: 'since July 2021 (day unknown); last report ...', or for a status
    still approximate on the map date 'in July 2021, day unknown (hatched ...)'."""
    if present(row.last_report) and getattr(row, "precision", "day") == "month":
        last = f"dated {month_of(row.last_report)} (month only)"
    else:
        last = f"{row.last_report} ({row.days_since} days before the map date)"
    if getattr(row, "approximate", False):
        return f"<b>in {esc(month_of(row.since))}, day unknown</b> (hatched until the month is over); last report {esc(last)}"
    rough = present(getattr(row, "since_until", None)) and row.since_until > row.since
    since = f"{month_of(row.since)} (day unknown)" if rough else row.since
    return f"since {esc(since)}; last report {esc(last)}"


def part_of_text(part, district) -> str:
    """'reported for Takhta Pul, part of Spin Boldak in this boundary file' (escaped), or '' for no part."""
    return f"reported for {esc(part)}, part of {esc(district)} in this boundary file" if present(part) else ""


def district_card(row, labels: dict[str, str]) -> list[str]:
    """One district's card as pieces of escaped HTML that join into it. The popup shows the card whole, the
    tooltip without the source (``.src``) and the popup without the hint to click (``.hint``); a page
    stores each distinct piece once (districts share statuses, sources and notes)."""
    pieces = [f"<b>{esc(row.district)}</b> <span class='prov'>{esc(row.province)}</span>",
              f"<br><span class='swatch' style='background:{esc(row.colour)}'></span>{esc(labels[row.status])}"]
    pieces += [f"<br>{text}" for text in [part_of_text(getattr(row, "part", None), row.district)] if text]
    if present(row.since):
        pieces.append("<br>" + since_text(row))
    if getattr(row, "stale", False):
        pieces.append(f"<br><b>stale</b>: no report for {esc(row.days_since)} days; shown faded, counted apart")
    if hasattr(row, "population"):
        pieces.append(f"<br>People: {people_number(row.population)}")
    if present(row.notes):
        pieces.append(f"<br><i>{esc(row.notes)}</i>")
    if present(row.source):
        pieces.append("<div class='src'>Source: " + safe_link(row.url, row.source) + "</div>")
    if present(row.since):
        pieces.append("<div class='hint'>click for the source</div>")
    return pieces


def packed(geometries) -> list[dict]:
    """Geometries for the page (lines and polygons) on the grid (shared edges stay shared), each ring or line
    a flat list of integer steps: the first point, then the difference to each next one. Half the bytes of
    GeoJSON decimals; the page's ``unpack`` makes GeoJSON of them."""
    kind, coords, offsets = shapely.to_ragged_array(shapely.set_precision(np.asarray(geometries), GRID))
    grid = np.rint(coords / GRID).astype(np.int64)
    steps = np.diff(grid, axis=0, prepend=grid[:1])
    starts = offsets[0][:-1]
    steps[starts] = grid[starts]
    parts = [steps[a:b].ravel().tolist() for a, b in zip(offsets[0][:-1], offsets[0][1:])]
    for level in offsets[1:]:
        parts = [parts[a:b] for a, b in zip(level[:-1], level[1:])]
    return [{"type": GEOJSON_TYPES[kind], "coordinates": part} for part in parts]


def feature_collection(frame: gpd.GeoDataFrame, properties: pd.DataFrame) -> dict:
    """A packed feature collection (see :func:`packed`) with the given properties."""
    features = [{"type": "Feature", "properties": props, "geometry": geometry}
                for props, geometry in zip(properties.to_dict("records"), packed(frame.geometry.to_numpy()))]
    return {"type": "FeatureCollection", "features": features}


def outline_features(provinces: gpd.GeoDataFrame | None) -> dict | None:
    """The province borders as one packed line feature, each border once (not once per province)."""
    if provinces is None:
        return None
    borders = shapely.line_merge(shapely.union_all(shapely.set_precision(provinces.geometry.boundary.to_numpy(), GRID)))
    return feature_collection(gpd.GeoDataFrame(geometry=[borders]), pd.DataFrame(index=[0]))


# Turns packed rings and lines (integer steps on the grid) into GeoJSON coordinates, in place.
UNPACK_JS = """
  function unpack(fc) {
    var depth = {LineString: 0, MultiLineString: 1, Polygon: 1, MultiPolygon: 2};
    function line(s) {
      var out = [], x = 0, y = 0;
      for (var i = 0; i < s.length; i += 2) { x += s[i]; y += s[i + 1]; out.push([x / %(scale)d, y / %(scale)d]); }
      return out;
    }
    function walk(c, d) { return d ? c.map(function (p) { return walk(p, d - 1); }) : line(c); }
    if (fc) { fc.features.forEach(function (f) { f.geometry.coordinates = walk(f.geometry.coordinates, depth[f.geometry.type]); }); }
    return fc;
  }""" % {"scale": round(1 / GRID)}


def js_json(data) -> str:
    """Compact JSON safe inside a <script> element (no ``</script>`` can close it early)."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")


def legend_html(scheme: Scheme, counts: pd.Series, date: str, stale_after: int | None = None,
                approximate: int | None = None, people: pd.Series | None = None, unknown: int = 0,
                source: dict | None = None) -> str:
    """The legend: a swatch, label and count per status; with ``stale_after``, a row for stale districts;
    with ``approximate``, a row for districts whose status is dated only to the month (hatched).

    With ``people`` (people per status key and ``stale``, in districts of known population), each row also
    shows the people and their share, a row counts the ``unknown`` districts apart, and ``source`` is named.
    """
    total = float(people.sum()) if people is not None else 0.0

    def row(colour: str, label: str, count: int, extra: str = "", key: str = "", status: str = "") -> str:
        crowd = (f"<span class='people'>{esc(people_short(float(people.get(status, 0.0)), total))}</span>"
                 if people is not None and status else "")
        return (f"<div class='row{key}'><span class='swatch' style='background:{esc(colour)}{extra}'></span>"
                f"<span class='label'>{esc(label)}</span><span class='count'>{int(count)}</span>{crowd}</div>")
    rows = "".join(row(s.colour, s.label, counts.get(s.key, 0), status=s.key) for s in scheme.all_statuses)
    if stale_after is not None:
        rows += row("#ffffff", f"Stale: no report in {stale_after} days", counts.get("stale", 0), STALE_SWATCH,
                    status="stale")
    if approximate is not None:
        rows += row("#ffffff", "Hatched: month known, day not (counted above)", approximate, HATCH_SWATCH,
                    " approx")
    head = f"<div class='head'>Districts on {esc(date)}</div>"
    if people is not None:
        head = (f"<div class='head'><span class='label'>Districts on {esc(date)}</span><span class='count'>#</span>"
                f"<span class='people'>people</span></div>")
        rows += (f"<div class='unknown'>Population unknown: <b class='n'>{int(unknown)}</b> district(s), "
                 f"counted apart</div>" if unknown else "")
        rows += f"<div class='src'>People: {esc(people_caption(source))}</div>"
    return f"<div id='legend' class='panel'>{head}{rows}</div>"


STALE_SWATCH = "; opacity:.5; border-style:dashed"
HATCH_SWATCH = "; background:repeating-linear-gradient(45deg, #777 0 2px, #fff 2px 5px)"


def code_colours(scheme: Scheme) -> list[str]:
    """Colours in status-code order: no data (code 0) first."""
    return [scheme.no_data.colour, *(s.colour for s in scheme.statuses)]


def hatch_patterns(colours: list[str]) -> str:
    """SVG patterns ``hatch-CODE``: white with diagonal stripes of each status colour (for approximate dates)."""
    patterns = "".join(
        f"<pattern id='hatch-{i}' patternUnits='userSpaceOnUse' width='7' height='7' patternTransform='rotate(45)'>"
        f"<rect width='7' height='7' fill='#ffffff'/><rect width='3.5' height='7' fill='{esc(c)}'/></pattern>"
        for i, c in enumerate(colours))
    return (f"<svg width='0' height='0' style='position:absolute' aria-hidden='true'><defs>{patterns}</defs></svg>")


PAGE_CSS = """
<style>
 html, body {margin:0; height:100%;}
 body, .leaflet-container {font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;}
 .folium-map, .leaflet-container {background:#f4f4f0;}
 .panel {position:absolute; z-index:1000; background:rgba(255,255,255,.94); border-radius:6px;
   box-shadow:0 1px 4px rgba(0,0,0,.3); padding:8px 12px; font-size:13px; line-height:1.35; color:#222;}
 #title {top:10px; left:56px; max-width:60%;}
 #title h1 {font-size:19px; margin:0 0 2px 0;} .nowrap {white-space:nowrap;} #title .sub {color:#555; font-size:12px;}
 #legend {bottom:28px; right:10px; min-width:190px;}
 #legend .head {font-weight:600; margin-bottom:4px;}
 #legend .row {display:flex; align-items:center; gap:6px; margin:2px 0;}
 #legend .label {flex:1;} #legend .count {font-variant-numeric:tabular-nums; font-weight:600;}
 #legend .head:has(.people) {display:flex; gap:6px;} #legend .head .count, #legend .head .people {font-weight:400; color:#555;}
 #legend .people {font-variant-numeric:tabular-nums; min-width:86px; text-align:right; color:#333;}
 #legend .head .label {padding-left:0;} #legend .unknown, #legend .src {color:#555; font-size:11.5px; margin-top:3px; max-width:300px;}
 .swatch {display:inline-block; width:14px; height:14px; border-radius:2px; border:1px solid #999;
   vertical-align:middle; margin-right:4px;}
 .leaflet-tooltip, .leaflet-popup-content {font-size:13px; line-height:1.4; white-space:normal;}
 .leaflet-tooltip {min-width:220px; max-width:320px;}
 .prov {color:#555;} .hint {color:#777;} .leaflet-tooltip .src, .leaflet-popup .hint {display:none;}
 .leaflet-control.panel {position:relative; top:auto; bottom:auto; left:auto; right:auto;}
 .leaflet-control-attribution {max-width:calc(100vw - 140px);}
</style>
"""


# District layer (fill colour ``c``, hatch pattern ``h`` or -1, stale ``s``, ``card``: the indices of the pieces
# of HTML, escaped in Python, that make the one card of tooltip and popup) and province lines.
LAYERS_JS = """
(function () {
  var map = %(map)s, pieces = %(pieces)s;
%(unpack)s
  var districts = L.geoJSON(unpack(%(districts)s), {
    style: function (f) {
      var fill = f.properties.h >= 0 ? 'url(#hatch-' + f.properties.h + ')' : f.properties.c;
      return f.properties.s ? {fillColor: fill, fillOpacity: 0.3, color: '#555555', weight: 0.8, dashArray: '3 3'}
                            : {fillColor: fill, fillOpacity: 0.85, color: '#ffffff', weight: 0.6};
    },
    onEachFeature: function (f, layer) {
      var card = f.properties.card.map(function (i) { return pieces[i]; }).join('');
      layer.bindTooltip(card, {sticky: true});
      layer.bindPopup(card, {maxWidth: 340});
      layer.on('mouseover', function () { layer.setStyle({weight: 2.5, color: '#222222'}); layer.bringToFront(); });
      layer.on('mouseout', function () { districts.resetStyle(layer); });
    }
  }).addTo(map);
  var outlines = unpack(%(provinces)s);
  if (outlines) {
    L.geoJSON(outlines, {interactive: false, style: {color: '#333333', weight: 1.6, fill: false}}).addTo(map);
  }
%(legend)s
})();
"""
# The legend joins the bottom-right control corner, so it stacks above the attribution at any width.
LEGEND_JS = """
  var Legend = L.Control.extend({onAdd: function () {
    var el = document.getElementById('legend');
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.disableScrollPropagation(el);
    return el;
  }});
  new Legend({position: 'bottomright'}).addTo(map);"""


class MapScript(MacroElement):
    """JavaScript run after the map is created (it can use the map's variable)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str):
        super().__init__()
        self.code = code


def offline_map(frame: gpd.GeoDataFrame, tiles: str | None, attribution: str) -> folium.Map:
    """A folium map fitted to ``frame`` whose page loads nothing from the network."""
    west, south, east, north = frame.total_bounds
    fmap = folium.Map(tiles=tiles, control_scale=True, zoom_snap=0.25)
    fmap.default_js, fmap.default_css = [], []  # no CDN: Leaflet is inlined below
    root = fmap.get_root()
    root.header.add_child(Element(leaflet_assets() + PAGE_CSS), name="tracker_assets")
    fmap.fit_bounds([[south, west], [north, east]])
    fmap.add_child(MapScript(f"{fmap.get_name()}.attributionControl.setPrefix(false)"
                             f".addAttribution({js_json(attribution)});"))
    return fmap


def check_statuses(frame: pd.DataFrame, scheme: Scheme) -> None:
    """Every status in ``frame`` is one of the scheme's (or its no-data key)."""
    unknown = sorted(set(frame.status) - {s.key for s in scheme.all_statuses})
    if unknown:
        raise ValueError(f"statuses not in scheme {scheme.name!r}: {', '.join(map(str, unknown))}")


def status_counts(frame: pd.DataFrame) -> pd.Series:
    """Districts per status, stale ones counted apart under ``stale``."""
    if "stale" not in frame:
        return frame.status.value_counts()
    return frame.status.where(~frame.stale.to_numpy(bool), "stale").value_counts()


def map_page(frame: gpd.GeoDataFrame, scheme: Scheme, date: str, *, title: str | None = None,
             provinces: gpd.GeoDataFrame | None = None, attribution: str | None = None,
             tiles: str | None = None, stale_after: int | None = None, people: dict | None = None) -> str:
    """The whole HTML page of the state in ``frame`` (one row per district, web-simplified geometry).

    With ``stale_after``, districts marked ``stale`` are drawn faded with a dashed edge and counted apart.
    Districts marked ``approximate`` (status dated only to the month, within that month) are hatched.
    With a ``population`` column (``people`` names its source), cards and legend show people too.
    """
    check_statuses(frame, scheme)
    attribution = attribution or manifest()["source"]["attribution"]
    colours = {s.key: s.colour for s in scheme.all_statuses}
    labels = {s.key: s.label for s in scheme.all_statuses}
    rows = frame.assign(colour=frame.status.map(colours))
    approximate = rows.approximate.to_numpy(bool) if "approximate" in rows else np.zeros(len(rows), bool)
    order = {scheme.no_data.key: 0, **scheme.codes}
    number: dict[str, int] = {}  # each distinct piece of a card -> its place in the page's list
    props = pd.DataFrame({
        "c": rows.colour.to_numpy(),
        "h": np.where(approximate, rows.status.map(order).to_numpy(), -1),
        "s": rows.stale.astype(int).to_numpy() if "stale" in rows else 0,
        "card": [[number.setdefault(p, len(number)) for p in district_card(r, labels)] for r in rows.itertuples()],
    })
    fmap = offline_map(frame, tiles, attribution)
    layers = LAYERS_JS % {"map": fmap.get_name(), "districts": js_json(feature_collection(frame, props)),
                          "pieces": js_json(list(number)), "provinces": js_json(outline_features(provinces)),
                          "legend": LEGEND_JS, "unpack": UNPACK_JS}
    fmap.add_child(MapScript(layers))
    heading = esc(title) if title else f"District control, <span class='nowrap'>{esc(date)}</span>"
    panels = (hatch_patterns(code_colours(scheme))
              + f"<div id='title' class='panel'><h1>{heading}</h1><div class='sub'>Status on {esc(date)} "
              f"&middot; {len(frame)} districts &middot; latest report on or before the date</div></div>"
              + legend_html(scheme, status_counts(frame), date, stale_after,
                            int(approximate.sum()) if approximate.any() else None,
                            *(status_people(frame) if "population" in frame else (None, 0)), source=people))
    fmap.get_root().html.add_child(Element(panels))
    return fmap.get_root().render()
