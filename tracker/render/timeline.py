"""The time-slider page: every district's status at each step, encoded as change points per district.

The page holds, per district, the days its reports took effect (after same-day rules), the status code,
the start of the status run and a reference to the report's source; the browser finds the latest change
on or before the shown day by binary search. Moving the slider either way recomputes every district, so
colours are right in both directions, and the page grows with the number of changes, not districts x dates.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from branca.element import Element

from ..scheme import Scheme
from ..state import Changes, day_numbers
from .html import (LEGEND_JS, UNPACK_JS, MapScript, code_colours, esc, feature_collection, hatch_patterns, js_json,
                   legend_html, offline_map, outline_features, part_of_text, safe_link)


def month_only(reports: pd.DataFrame) -> np.ndarray:
    """1 for each report dated only to the month, else 0."""
    if "precision" not in reports:
        return np.zeros(len(reports), int)
    return (reports.precision == "month").to_numpy(int)


def encode_changes(ch: Changes, reports: pd.DataFrame, n_units: int) -> dict:
    """Columnar change points: per-unit offsets into day/code/since/ref arrays, the days after ``since`` until the
    status is certain (``a``, 0 unless dated only to the month), whether the event's report is dated only to the
    month (``m``), and the escaped references, each distinct (source, url, notes, and the newer district a report
    names inside its unit) written and checked once."""
    offsets = np.searchsorted(ch.unit, np.arange(n_units + 1))
    columns = ["source", "url", "notes", "part", "district"]
    events = reports.iloc[ch.row]
    rows = events.reindex(columns=columns).fillna("").astype(str)
    ref_index = rows.groupby(columns, sort=False).ngroup()  # numbered in order of first use, as drop_duplicates keeps them
    refs = [(f"{part_of_text(part, district)}<br>" if part else "")
            + ("Source: " + safe_link(url, src) if src else "") + (f"<br><i>{esc(note)}</i>" if note else "")
            for src, url, note, part, district in rows.drop_duplicates().itertuples(index=False)]
    return {"off": offsets.tolist(), "d": ch.day.tolist(), "c": ch.code.tolist(), "s": ch.since.tolist(),
            "a": (ch.until - ch.since).tolist(), "m": month_only(events).tolist(), "r": ref_index.tolist(), "refs": refs}


def timeline_page(units: gpd.GeoDataFrame, geometry: gpd.GeoSeries, ch: Changes, reports: pd.DataFrame,
                  scheme: Scheme, dates: pd.DatetimeIndex, *, title: str, attribution: str,
                  provinces: gpd.GeoDataFrame | None = None, tiles: str | None = None,
                  stale_after: int | None = None, population: np.ndarray | None = None,
                  people: dict | None = None) -> str:
    """The whole HTML page: map, slider with play/pause, date, legend counts that follow the slider.

    With ``stale_after``, a district whose last report is older than that at the shown date is faded
    and counted in the legend's stale row. A district whose status is dated only to the month is hatched
    while the shown date is in that month, and counted in the legend's hatched row. With ``population`` (people
    per unit, NaN where unknown; ``people`` names the source), the legend's people follow the slider too.
    """
    shapes = gpd.GeoDataFrame({"unit_id": units.unit_id.to_numpy()}, geometry=geometry.to_numpy(), crs=4326)
    names = [f"<b>{esc(d)}</b> <span class='prov'>{esc(p)}</span>" for d, p in zip(units.district, units.province)]
    statuses = [scheme.no_data, *scheme.statuses]
    rough = bool(len(ch)) and bool((ch.until > ch.since).any())
    data = {
        "days": day_numbers(dates).tolist(), "names": names,
        "colours": [s.colour for s in statuses], "labels": [esc(s.label) for s in statuses],
        "keys": [s.key for s in statuses], "staleAfter": stale_after, **encode_changes(ch, reports, len(units)),
        "pop": None if population is None else [None if np.isnan(p) else round(float(p)) for p in population],
    }
    fmap = offline_map(shapes, tiles, attribution)
    districts = feature_collection(shapes, pd.DataFrame({"u": np.arange(len(shapes))}))
    fmap.add_child(MapScript(TIMELINE_JS % {"map": fmap.get_name(), "districts": js_json(districts),
                                            "provinces": js_json(outline_features(provinces)), "data": js_json(data),
                                            "legend": LEGEND_JS, "unpack": UNPACK_JS}))
    first = str(dates[0].date()) if len(dates) else ""
    panels = (f"<div id='title' class='panel'><h1>{esc(title)}</h1><div class='sub'>"
              f"{esc(first)} to {esc(str(dates[-1].date()) if len(dates) else '')} &middot; {len(units)} districts "
              f"&middot; latest report on or before each date</div></div>"
              + hatch_patterns(code_colours(scheme))
              + legend_html(scheme, pd.Series(dtype=int), first, stale_after, 0 if rough else None,
                            None if population is None else pd.Series(dtype=float),
                            0 if population is None else int(np.isnan(population).sum()), source=people)
              + "<div id='player' class='panel'><button id='play' type='button' aria-label='play'>&#9654;</button>"
                f"<input id='slider' type='range' min='0' max='{max(len(dates) - 1, 0)}' value='0' step='1'>"
                "<span id='date'></span></div>")
    root = fmap.get_root()
    root.header.add_child(Element(PLAYER_CSS), name="player_css")
    root.html.add_child(Element(panels))
    return root.render()


PLAYER_CSS = """<style>
 #player {bottom:28px; left:50%; transform:translateX(-50%); display:flex; align-items:center; gap:10px; width:min(640px, 70%);}
 #player input {flex:1;} #player button {font-size:16px; width:34px; height:30px; cursor:pointer;}
 #date {font-weight:700; font-size:16px; font-variant-numeric:tabular-nums; min-width:96px;}
</style>"""

TIMELINE_JS = """
(function () {
  var map = %(map)s, T = %(data)s, layers = [], shown = 0;
%(unpack)s
  function iso(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  function eventAt(u, day) {  // index of the unit's latest change on or before day, or -1
    var lo = T.off[u], hi = T.off[u + 1] - 1, found = -1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (T.d[mid] <= day) { found = mid; lo = mid + 1; } else { hi = mid - 1; } }
    return found;
  }
  function isStale(k, day) { return T.staleAfter !== null && day - T.d[k] > T.staleAfter; }
  function isApprox(k, day) { return day < T.s[k] + T.a[k]; }  // status dated only to the month, within it
  function month(day) { return new Date(day * 86400000).toLocaleString('en-GB', {month: 'long', year: 'numeric', timeZone: 'UTC'}); }
  function card(u, full) {
    var day = T.days[shown], k = eventAt(u, day), code = k < 0 ? 0 : T.c[k];
    var html = T.names[u] + '<br><span class="swatch" style="background:' + T.colours[code] + '"></span>' + T.labels[code];
    if (k >= 0 && isStale(k, day)) { html += '<br><b>stale</b>: no report for ' + (day - T.d[k]) + ' days'; }
    if (T.pop) { html += '<br>People: ' + (T.pop[u] === null ? 'unknown' : T.pop[u].toLocaleString('en-US')); }
    if (k >= 0) {
      var last = T.m[k] ? 'dated ' + month(T.d[k]) + ' (month only)' : iso(T.d[k]) + ' (' + (day - T.d[k]) + ' days before ' + iso(day) + ')';
      html += isApprox(k, day) ? '<br><b>in ' + month(T.s[k]) + ', day unknown</b> (hatched until the month is over)'
                               : '<br>since ' + (T.a[k] > 0 ? month(T.s[k]) + ' (day unknown)' : iso(T.s[k]));
      html += '; last report ' + last;
      html += full ? '<br>' + T.refs[T.r[k]] : '<br><span style="color:#777">click for the source</span>';
    }
    return html;
  }
  var districts = L.geoJSON(unpack(%(districts)s), {
    style: function () { return {fillColor: T.colours[0], fillOpacity: 0.85, color: '#ffffff', weight: 0.6}; },
    onEachFeature: function (f, layer) {
      var u = f.properties.u;
      layers[u] = layer;
      layer.bindTooltip(function () { return card(u, false); }, {sticky: true});
      layer.bindPopup(function () { return card(u, true); }, {maxWidth: 340});
      layer.on('mouseover', function () { layer.setStyle({weight: 2.5, color: '#222222'}); layer.bringToFront(); });
      layer.on('mouseout', function () { layer.setStyle({weight: 0.6, color: '#ffffff'}); });
    }
  }).addTo(map);
  var outlines = unpack(%(provinces)s);
  if (outlines) { L.geoJSON(outlines, {interactive: false, style: {color: '#333333', weight: 1.6, fill: false}}).addTo(map); }
%(legend)s
  var slider = document.getElementById('slider'), label = document.getElementById('date');
  var rows = document.querySelectorAll('#legend .row:not(.approx) .count'), head = document.querySelector('#legend .head .label') || document.querySelector('#legend .head');
  var approxCount = document.querySelector('#legend .row.approx .count');
  var crowdCells = document.querySelectorAll('#legend .row:not(.approx) .people');
  function short(v, total) {  // as the map legend: 8.1M (27%%)
    var n = v >= 1e6 ? (v / 1e6).toFixed(1) + 'M' : v >= 1e3 ? Math.round(v / 1e3) + 'k' : String(Math.round(v));
    return total ? n + ' (' + Math.round(100 * v / total) + '%%)' : n;
  }
  function show(i) {
    shown = i;
    var day = T.days[i], counts = T.colours.map(function () { return 0; }).concat([0]), approx = 0;
    var crowd = counts.map(function () { return 0; });
    for (var u = 0; u < layers.length; u++) {
      var k = eventAt(u, day), code = k < 0 ? 0 : T.c[k], stale = k >= 0 && isStale(k, day);
      var rough = k >= 0 && !stale && isApprox(k, day), fill = rough ? 'url(#hatch-' + code + ')' : T.colours[code];
      counts[stale ? T.colours.length : code]++;
      if (T.pop && T.pop[u] !== null) { crowd[stale ? T.colours.length : code] += T.pop[u]; }
      if (rough) { approx++; }
      layers[u].setStyle(stale ? {fillColor: fill, fillOpacity: 0.3, dashArray: '3 3'}
                               : {fillColor: fill, fillOpacity: 0.85, dashArray: null});
    }
    if (approxCount) { approxCount.textContent = approx; }
    // legend rows: statuses in scheme order, no data, then stale; codes put no data first
    var order = T.colours.map(function (_, j) { return (j + 1) %% T.colours.length; }).concat([T.colours.length]);
    for (var j = 0; j < rows.length; j++) { rows[j].textContent = counts[order[j]]; }
    var everyone = crowd.reduce(function (a, b) { return a + b; }, 0);
    for (var c = 0; c < crowdCells.length; c++) { crowdCells[c].textContent = short(crowd[order[c]], everyone); }
    label.textContent = iso(day);
    head.textContent = 'Districts on ' + iso(day);
    slider.value = i;
    document.body.setAttribute('data-date', iso(day));
  }
  slider.addEventListener('input', function () { show(parseInt(slider.value, 10)); });
  var timer = null, button = document.getElementById('play');
  button.addEventListener('click', function () {
    if (timer) { clearInterval(timer); timer = null; button.innerHTML = '&#9654;'; return; }
    if (shown >= T.days.length - 1) { show(0); }
    button.innerHTML = '&#10074;&#10074;';
    timer = setInterval(function () {
      if (shown >= T.days.length - 1) { clearInterval(timer); timer = null; button.innerHTML = '&#9654;'; return; }
      show(shown + 1);
    }, 250);
  });
  window.trackerShow = function (iso_date) {  // jump to a date (for links and tests)
    var day = Math.floor(Date.parse(iso_date) / 86400000), i = 0;
    while (i < T.days.length - 1 && T.days[i + 1] <= day) { i++; }
    show(i);
  };
  show(0);
})();
"""
