"""The coverage map as a folium.Map: one layer per service, borders, legend, labels.

Pure (no streamlit): pages and exports call it. It loads nothing from the internet:
Leaflet comes from `asset_base` (the app's own static files, or inlined by the
standalone export), no tile layer unless asked for, and it uses only plain Leaflet
features (GeoJSON, tooltips, popups, DivIcon labels, layer control), so folium's
jQuery/Bootstrap/Font Awesome defaults are dropped.

Every name that reaches a tooltip or popup is HTML-escaped here: folium inserts
property values into the page as raw HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement, Template

from geo.boundaries import OUTSIDE_LICENSE
from geo.i18n import service_name, t
from geo.license import SERVICE_KEYS
from geo.mapdata import STATUS_LETTERS, MapData, label_priority, unit_label
from geo.render.assets import STATIC_URL
from geo.render.geojson import feature_collection
from geo.style import (
    DASHLINE_COLOUR,
    FOOTPRINT_OPACITY,
    HIGHLIGHT_COLOUR,
    LAND_COLOUR,
    OUTSIDE_COLOUR,
    OUTSIDE_OPACITY,
    SEA_COLOUR,
    SERVICE_COLOURS,
    STATUS_MARKS,
    legend_opacity,
)

__all__ = [
    "ABOVE_THE_FOLD",
    "CHINA_VIEW",
    "CoverageLayers",
    "Legend",
    "Title",
    "city_labels",
    "coverage_map",
    "point_marker",
    "points_layer",
    "template_literal_text",
]


_LAYERS = Template("""
{% macro script(this, kwargs) %}
(function () {  // geometry comes from the static layer files (fetched once, cached by the browser); styles from cfg
  var map = {{this._parent.get_name()}};
  var cfg = {{this.config|tojson}};
  var memo = window.atlasLayerPromises = window.atlasLayerPromises || {};
  window.atlasLoad = function (source) {
    if (typeof source !== "string") { return Promise.resolve(source); }  // inlined (standalone export)
    memo[source] = memo[source] || fetch(source).then(function (r) {
      if (!r.ok) { throw new Error(source + ": HTTP " + r.status); }
      return r.json();
    });
    return memo[source];
  };
  function esc(text) { var d = document.createElement("div"); d.textContent = text; return d.innerHTML; }
  function forwardClick(e) {  // a unit takes the click for its tooltip; the map's click (check this point) still fires
    map.fire("click", {latlng: e.latlng, layerPoint: e.layerPoint, containerPoint: e.containerPoint, originalEvent: e.originalEvent});
  }
  function fitWindow() {  // the map's frame fills the window below its top, however tall the window
    var frame = null;
    try { frame = window.frameElement; } catch (e) { return; }
    if (!frame) { return; }
    function fit() {
      var want = Math.max(cfg.fitWindow.min, Math.round(window.top.innerHeight - frame.getBoundingClientRect().top - cfg.fitWindow.below));
      if (Math.abs(want - frame.offsetHeight) > 4) {
        frame.style.setProperty("height", want + "px", "important");
        container.style.height = want + "px";
        map.invalidateSize();
      }
    }
    fit();
    window.top.addEventListener("resize", fit);
  }
  function status(adcode, i) { var s = cfg.statuses[adcode]; return s ? s.charAt(i) : "n"; }
  if (!map.getPane("atlasBase")) { map.createPane("atlasBase").style.zIndex = 350; }  // under highlights and points
  var base = L.canvas({pane: "atlasBase", padding: 0.5});  // ~1,600 shapes: one canvas, not an SVG node each
  var container = map.getContainer();
  if (cfg.fitWindow) { fitWindow(); }  // sized before anything is drawn (folium's fitBounds follows this script)
  container.dataset.atlasLayers = "loading";
  map.atlasConfig = cfg;  // the inset draws from the same files and table
  Promise.all([atlasLoad(cfg.sources.prefectures), atlasLoad(cfg.sources.provinces), atlasLoad(cfg.sources.dashline)])
    .then(function (layers) {
      var prefectures = layers[0], provinces = layers[1], dash = layers[2];
      var provinceName = {};
      provinces.features.forEach(function (f) { provinceName[f.properties.a] = f.properties[cfg.nameKey]; });
      var overlays = {};
      cfg.services.forEach(function (s) {  // whole provinces from the province layer: fewer shapes to draw (CDN, ISP)
        var style = {fillColor: s.colour, fillOpacity: s.opacity, stroke: false};
        overlays[s.label] = L.layerGroup([
          L.geoJSON(provinces, {pane: "atlasBase", renderer: base, interactive: false, style: style,
            filter: function (f) { return status(f.properties.a, s.index) === "f"; }}),
          L.geoJSON(prefectures, {pane: "atlasBase", renderer: base, interactive: false, style: style,
            filter: function (f) { var p = f.properties; return status(p.a, s.index) === "f" && status(p.p, s.index) !== "f"; }})
        ]).addTo(map);
      });
      if (cfg.categories) {
        L.geoJSON(prefectures, {
          pane: "atlasBase", renderer: base, interactive: false,
          filter: function (f) { return cfg.categories.fill[f.properties.a] !== undefined; },
          style: function (f) {
            var c = cfg.categories.fill[f.properties.a];
            return {fillColor: cfg.categories.colours[c], fillOpacity: 0.6, stroke: false};
          }
        }).addTo(map);
      }
      function tip(f) {
        var p = f.properties, unit = p[cfg.nameKey], province = provinceName[p.p];  // "陕西省 渭南市", "Weinan, Shaanxi"
        var title = province ? cfg.unitInProvince.split("{unit}").join(unit).split("{province}").join(province) : unit;
        var lines = cfg.tipServices.map(function (s) {
          var letter = status(p.a, s.index);
          return cfg.marks[letter] + " " + esc(s.label) + ": " + esc(cfg.words[letter]);
        });
        if (cfg.categories && cfg.categories.fill[p.a] !== undefined) {
          lines.unshift(esc(cfg.categories.labels[cfg.categories.fill[p.a]]));
        }
        return "<b>" + esc(title) + "</b>" + (lines.length ? "<br>" + lines.join("<br>") : "");
      }
      var units = L.geoJSON(prefectures, {
        pane: "atlasBase", renderer: base,
        style: {color: "#8a8a8a", weight: 0.4, fillOpacity: 0, fillColor: "#000"},
        onEachFeature: function (f, layer) {
          layer.bindTooltip(function () { return tip(f); }, {sticky: false});
          layer.on("click", forwardClick);
          layer.on("mouseover", function () { layer.setStyle({weight: 2, color: "#222"}); });
          layer.on("mouseout", function () { units.resetStyle(layer); });
        }
      }).addTo(map);
      L.geoJSON(provinces, {pane: "atlasBase", renderer: base, interactive: false, style: {color: "#555", weight: 1.1, fill: false}})
        .addTo(map);
      L.geoJSON(provinces, {
        pane: "atlasBase", renderer: base,
        filter: function (f) { return cfg.outside.indexOf(f.properties.a) >= 0; },
        style: {fillColor: cfg.outsideColour, fillOpacity: cfg.outsideOpacity, color: "#666", weight: 0.8, dashArray: "3 3"},
        onEachFeature: function (f, layer) {
          layer.bindTooltip(esc(f.properties[cfg.nameKey] + ": " + cfg.outsideText));
          layer.on("click", forwardClick);
        }
      }).addTo(map);
      L.geoJSON(dash, {pane: "atlasBase", renderer: base, interactive: false, style: {color: cfg.dashColour, weight: 1.6, dashArray: "6 4"}})
        .addTo(map);
      var screenWidth;  // the page's, not the frame's: a map in a column of a laptop page is not a phone
      try { screenWidth = window.top.innerWidth; } catch (e) { screenWidth = window.innerWidth; }
      var small = screenWidth < 700 || map.getSize().y < 450;  // a phone or a short map: layer box and legend start folded
      if (cfg.tiles) {  // offered, off: nothing is fetched from the internet until the box is ticked
        var tiles = L.tileLayer(cfg.tiles.url, {attribution: cfg.tiles.attribution, maxZoom: 19});
        overlays[cfg.tiles.label] = tiles;
        tiles.on("add", function () {
          if (!map.attributionControl) { map.attributionControl = L.control.attribution({prefix: false}).addTo(map); }
        });
      }
      if (cfg.control && (cfg.services.length || cfg.tiles)) { L.control.layers(null, overlays, {collapsed: small}).addTo(map); }
      var legend = container.querySelector(".atlas-legend") || document.querySelector(".atlas-legend");
      if (legend && small) { legend.classList.add("atlas-collapsed"); }
      function follow(e, shown) {  // the legend lists the layers switched on
        var s = cfg.services.filter(function (x) { return x.label === e.name; })[0];
        var row = s && legend && legend.querySelector('[data-atlas-layer="' + s.key + '"]');
        if (row) { row.style.display = shown ? "" : "none"; }
      }
      map.on("overlayadd", function (e) { follow(e, true); });
      map.on("overlayremove", function (e) { follow(e, false); });
      map.scrollWheelZoom.disable();  // the wheel scrolls the page until the map is clicked, as carrier maps do
      map.on("click focus", function () { map.scrollWheelZoom.enable(); });
      map.on("mouseout blur", function () { map.scrollWheelZoom.disable(); });
      function nameMarker(lat, lng, css, html, adcode) {
        var div = '<div class="' + css + '" data-atlas-unit="' + adcode + '" style="font-size:' + cfg.labelSize + 'px">'
          + html + "</div>";
        return L.marker([lat, lng], {interactive: false, keyboard: false,
          icon: L.divIcon({html: div, iconSize: [0, 0], className: "atlas-label-icon"})});
      }
      var named = {};
      cfg.labels.forEach(function (label) {  // the licensed cities, most important first; html escaped on the server
        named[label.adcode] = true;
        nameMarker(label.lat, label.lng, "atlas-label", label.html, label.adcode).addTo(map);
      });
      function unitNames(collection, css) {  // every unit's own name, where no licensed-city label stands
        return L.layerGroup(collection.features
          .filter(function (f) {  // 上海市 the prefecture is named by 上海 the licensed municipality
            var p = f.properties;
            return !named[p.a] && !(named[p.p] && provinceName[p.p] === p[cfg.nameKey]);
          })
          .map(function (f) { var p = f.properties; return nameMarker(p.y, p.x, css, esc(p[cfg.nameKey]), p.a); }));
      }
      if (cfg.provinceLabels) { unitNames(provinces, "atlas-unit-name atlas-province-name").addTo(map); }
      var prefectureNames = cfg.unitLabels ? unitNames(prefectures, "atlas-unit-name atlas-prefecture-name") : null;
      function showPrefectureNames() {  // from zoom 6 on, so that 苏州 can be found without hovering
        if (!prefectureNames) { return; }
        var wanted = map.getZoom() >= cfg.unitLabelZoom;
        if (wanted !== map.hasLayer(prefectureNames)) { wanted ? prefectureNames.addTo(map) : map.removeLayer(prefectureNames); }
      }
      function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
      function declutter() {  // a label that would cover a more important one, or a map control, is hidden
        var area = container.getBoundingClientRect(), taken = [];
        document.querySelectorAll(".atlas-legend, .atlas-inset, .leaflet-control, .atlas-title").forEach(function (el) {
          var r = el.getBoundingClientRect();
          if (r.width && r.height) { taken.push(r); }
        });
        // the answer's own words first (the way to the nearest licensed city), then licensed cities, the answer's
        // neighbours, provinces, prefectures
        var order = [".atlas-nearest", ".atlas-label", ".atlas-neighbour", ".atlas-province-name", ".atlas-prefecture-name"];
        var labels = [];
        order.forEach(function (css) { labels.push.apply(labels, container.querySelectorAll(css)); });
        var movable = ".atlas-nearest, .atlas-label";
        function free(r) {
          var off = r.left < area.left || r.right > area.right || r.top < area.top || r.bottom > area.bottom;
          return !off && !taken.some(function (t) { return overlaps(r, t); });
        }
        var sides = ["atlas-flip", "atlas-below", "atlas-flip-below"];  // left of, under, under-left of the dot
        labels.forEach(function (el) { el.style.visibility = ""; el.classList.remove.apply(el.classList, sides); });
        var boxes = labels.map(function (el) { return el.getBoundingClientRect(); });  // written, then read: one layout
        var said = {};  // a unit the answer's neighbours already name is not named twice
        labels.forEach(function (el, i) {
          var r = boxes[i], shown = free(r) && !(el.classList.contains("atlas-prefecture-name") && said[el.textContent]);
          for (var k = 0; !shown && el.matches(movable) && k < sides.length; k++) {
            el.classList.add(sides[k]);  // a licensed city tries the other places around its dot
            r = el.getBoundingClientRect();
            shown = free(r);
            if (!shown) { el.classList.remove(sides[k]); }
          }
          el.style.visibility = shown ? "" : "hidden";
          el.dataset.atlasShown = shown ? "yes" : "no";
          if (shown) { taken.push(r); }
          if (shown && el.classList.contains("atlas-neighbour")) { said[el.textContent] = true; }
        });
      }
      var pending = null;
      function soon() { clearTimeout(pending); pending = setTimeout(declutter, 30); }
      map.on("zoomend", showPrefectureNames);
      map.on("zoomend moveend overlayadd overlayremove resize layeradd", soon);
      if (legend) { legend.addEventListener("click", soon); }
      showPrefectureNames();
      soon();
      container.dataset.atlasUnits = units.getLayers().length;  // for tests and benchmarks: what was drawn
      container.dataset.atlasLayers = "drawn";
    })
    .catch(function (error) {
      container.dataset.atlasLayers = "failed";
      console.warn("coverage layers not drawn", error);
    });
})();
{% endmacro %}
""")


class CoverageLayers(MacroElement):
    """Service footprints, unit borders with tooltips, HK/MO/TW and the dash line, drawn in the browser.

    `sources` maps each layer name to a URL (the static files) or to the GeoJSON itself (a
    standalone export). Only the status table and a few words travel with the map.
    """

    _template = _LAYERS

    def __init__(
        self,
        data: MapData,
        sources: dict[str, str | dict],
        services: Sequence[str],
        lang: str,
        categories: dict | None = None,
        large: bool = False,
        fit_window: dict | None = None,
        labelled: Sequence[str] = (),
        tiles: bool = False,
    ) -> None:
        super().__init__()
        self._name = "CoverageLayers"
        labels = city_labels(data, lang, [s for s in labelled if s in data.lic.services_by_city()])
        entries = [
            {"key": s, "index": SERVICE_KEYS.index(s), "colour": SERVICE_COLOURS[s], "opacity": FOOTPRINT_OPACITY[s]}
            | {"label": service_name(s, lang)}
            for s in services
        ]
        self.config = {
            "sources": sources,
            "statuses": data.statuses,
            "services": entries,
            "tipServices": entries,
            "nameKey": "e" if lang == "en" else "n",
            "unitInProvince": t("map.unit_in_province", lang),
            "words": {letter: t(f"status.{status}", lang) for status, letter in STATUS_LETTERS.items()},
            "marks": {letter: STATUS_MARKS[status] for status, letter in STATUS_LETTERS.items()},
            "outside": sorted(OUTSIDE_LICENSE),
            "outsideColour": OUTSIDE_COLOUR,
            "outsideOpacity": OUTSIDE_OPACITY,
            "outsideText": t("legend.outside", lang),
            "dashColour": DASHLINE_COLOUR,
            "control": True,
            "categories": categories,
            "labels": labels,
            "labelSize": 15 if large else 11,
            "unitLabels": True,
            "unitLabelZoom": 6,
            "provinceLabels": large and any(s in data.lic.services_by_province() for s in services),
            "fitWindow": fit_window,
            "tiles": {"url": OSM_TILES, "attribution": OSM_ATTRIBUTION, "label": html.escape(t("map.tiles", lang))}
            if tiles
            else None,
        }


def city_labels(data: MapData, lang: str, services: Sequence[str]) -> list[dict]:
    """One label per licensed IDC/VPN city shown, most important first: a coloured dot per service, then the name."""
    shown = data.labels[data.labels["service"].isin(services)]
    labels = []
    for adcode, units in shown.groupby("adcode", sort=False):
        row = units.iloc[0]
        dots = "".join(f'<span style="color:{SERVICE_COLOURS[k]}">●</span>' for k in units["service"])
        html_text = f"<span>{dots}</span><span>{html.escape(unit_label(row, lang))}</span>"
        labels.append({"lat": row["lat"], "lng": row["lng"], "html": html_text, "adcode": int(adcode)})
        labels[-1]["rank"] = label_priority(int(adcode), list(units["service"]))
    labels.sort(key=lambda label: label.pop("rank"))
    return labels


_LEGEND = Template("""
{% macro html(this, kwargs) %}
<div class="atlas-legend" style="position:absolute; {{this.position}}; z-index:1000; background:rgba(255,255,255,.92);
     padding:6px 8px; border:1px solid #bbb; border-radius:4px; font:{{this.font}}px/1.35 sans-serif; max-width:{{this.width}}px;">
  <div class="atlas-legend-title" role="button" tabindex="0" style="font-weight:bold; cursor:pointer; user-select:none"
       onclick="this.parentNode.classList.toggle('atlas-collapsed')">{{this.title}} <span class="atlas-legend-arrow"></span></div>
  <div class="atlas-legend-body" style="margin-top:4px">
  {% for colour, opacity, text, layer in this.entries %}
  <div{% if layer %} data-atlas-layer="{{layer}}"{% endif %}><span style="display:inline-block;width:14px;height:10px;margin-right:6px;background:{{colour}};opacity:{{opacity}};border:1px solid #777"></span>{{text}}</div>
  {% endfor %}
  <div><span style="display:inline-block;width:14px;border-top:2px dashed #444;margin:0 6px 3px 0"></span>{{this.dashline}}</div>
  <div style="color:#666; margin-top:4px; font-size:{{this.small}}px">{{this.source}}</div>
  </div>
</div>
<style>.atlas-label,.atlas-unit-name,.atlas-nearest,.atlas-neighbour{width:max-content}
.atlas-label{white-space:nowrap;font-family:sans-serif;color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff;transform:translate(-4px,-8px);display:flex}
.atlas-label.atlas-flip,.atlas-label.atlas-flip-below{flex-direction:row-reverse;transform:translate(calc(4px - 100%),-8px)}
.atlas-label.atlas-below{transform:translate(-4px,5px)}.atlas-label.atlas-flip-below{transform:translate(calc(4px - 100%),5px)}
.atlas-nearest.atlas-below{transform:translate(6px,60%)}.atlas-nearest.atlas-flip{transform:translate(calc(-100% - 6px),-50%)}
.atlas-nearest.atlas-flip-below{transform:translate(calc(-100% - 6px),60%)}
.leaflet-container{background:{{this.sea}}}
.atlas-collapsed .atlas-legend-body{display:none}
.atlas-legend-arrow::after{content:"▾"}.atlas-collapsed .atlas-legend-arrow::after{content:"▸"}
.atlas-unit-name{white-space:nowrap;font-family:sans-serif;color:#555;text-shadow:0 0 3px #fff,0 0 3px #fff;transform:translate(-50%,-50%)}
.atlas-province-name{font-weight:bold;color:#333}
.atlas-neighbour{white-space:nowrap;font:italic 12px sans-serif;color:#555;text-shadow:0 0 3px #fff,0 0 3px #fff;transform:translate(-50%,-50%)}
.atlas-nearest{white-space:nowrap;font:bold 12px sans-serif;color:#222;background:rgba(255,255,255,.85);padding:1px 4px;border-radius:3px;transform:translate(6px,-50%)}</style>
{% endmacro %}
""")


class Legend(MacroElement):
    """Colour key for the services shown, the outside-license style, the dash line and the data source."""

    _template = _LEGEND

    def __init__(
        self,
        services: Sequence[str],
        lang: str,
        large: bool = False,
        extra: Sequence[tuple[str, float, str]] = (),
        notes: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.title = html.escape(t("legend.title", lang))
        # a service's entry names its layer: the map shows and hides it with the layer switch
        self.entries = [
            (SERVICE_COLOURS[s], legend_opacity(s), html.escape(_with_note(service_name(s, lang), s, notes)), s)
            for s in services
        ]
        self.entries += [(colour, opacity, html.escape(text), "") for colour, opacity, text in extra]
        self.entries.append((OUTSIDE_COLOUR, OUTSIDE_OPACITY, html.escape(t("legend.outside_short", lang)), ""))
        self.dashline = html.escape(t("legend.dashline", lang))
        self.source = html.escape(t("map.source", lang))
        self.font, self.small = (18, 14) if large else (12, 10)
        self.width = 330 if large else 190  # narrow: over India, clear of Sichuan and Yunnan (lines wrap)
        self.position = "bottom: 46px; left: 10px"  # over India at the default view: China's coast stays clear
        self.sea = SEA_COLOUR


def _with_note(name: str, service: str, notes: dict[str, str] | None) -> str:
    """A legend entry's text: the service, and its share of area and people where given."""
    return f"{name} — {notes[service]}" if notes and service in notes else name


_TITLE = Template("""
{% macro html(this, kwargs) %}
<div class="atlas-title" style="position:absolute; top:10px; left:56px; z-index:1000; background:rgba(255,255,255,.9);
     padding:6px 12px; border-radius:4px; font-family:sans-serif;">
  <div style="font-size:{{this.size}}px; font-weight:bold">{{this.title}}</div>
  <div style="font-size:{{this.small}}px; color:#444">{{this.subtitle}}</div>
</div>
{% endmacro %}
""")


class Title(MacroElement):
    """Map title and subtitle (license number, as-of date), for presentations and exports."""

    _template = _TITLE

    def __init__(self, title: str, subtitle: str, large: bool = False) -> None:
        super().__init__()
        self._name = "Title"
        self.title, self.subtitle = html.escape(title), html.escape(subtitle)
        self.size, self.small = (30, 18) if large else (16, 12)


CHINA_VIEW = (73.5, 18.0, 135.1, 53.6)  # (west, south, east, north): the first view, the mainland whole
INSET_BOX = (106.0, 2.5, 123.5, 24.5)  # lng/lat of the South China Sea inset

_INSET = Template("""
{% macro script(this, kwargs) %}
(function () {  // builds its own box inside the map: st_folium renumbers ids between html and script
  try {
    var main = {{this._parent.get_name()}}, cfg = main.atlasConfig;
    var box = L.DomUtil.create("div", "atlas-inset", main.getContainer());
    box.style.cssText = "position:absolute; right:10px; bottom:{{this.bottom}}px; "
      + "z-index:1000; border:1px solid #555; background:{{this.sea}};";
    var land = [];  // [lat, lng] of every province vertex north of the islands the inset itself shows
    function covers(height) {  // would a box this tall, in its corner, lie over land drawn on the main map?
      var size = main.getSize(), width = Math.round(height * {{this.width}} / {{this.height}});
      var corner = main.containerPointToLatLng([size.x - 10 - width, size.y - {{this.bottom}} - height]);
      var far = main.containerPointToLatLng([size.x - 10, size.y - {{this.bottom}}]);
      for (var i = 0; i < land.length; i++) {
        var p = land[i];
        if (p[0] <= corner.lat && p[0] >= far.lat && p[1] >= corner.lng && p[1] <= far.lng) { return true; }
      }
      return false;
    }
    function sizeBox() {  // as large as fits: a quarter of the map's height at most, and never over land
      var height = Math.max(90, Math.min({{this.height}}, Math.round(main.getSize().y * 0.25)));
      while (height > 48 && land.length && covers(height)) { height -= 6; }  // a phone's map has little open sea
      box.style.height = height + "px";
      box.style.width = Math.round(height * {{this.width}} / {{this.height}}) + "px";
      box.dataset.atlasInsetHeight = height;
      box.dataset.atlasInsetOverLand = land.length ? String(covers(height)) : "";  // for tests: after the layers load
    }
    sizeBox();
    var caption = L.DomUtil.create("div", "", box);
    caption.style.cssText = "position:absolute; top:1px; left:2px; right:2px; z-index:1001; font:{{this.font}}px/1.15 sans-serif; "
      + "color:#333; background:rgba(255,255,255,.8); padding:0 2px;";  // wraps in a narrow box
    caption.textContent = {{this.caption|tojson}};
    var inner = L.DomUtil.create("div", "", box);
    inner.style.cssText = "position:absolute; top:0; right:0; bottom:0; left:0;";
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var inset = L.map(inner, {preferCanvas: true, zoomControl: false, attributionControl: false, dragging: false,
      scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0.1});
    var bounds = [[{{this.box[1]}}, {{this.box[0]}}], [{{this.box[3]}}, {{this.box[2]}}]];
    inset.fitBounds(bounds);
    function refit() { sizeBox(); inset.invalidateSize(); inset.fitBounds(bounds); }
    main.on("resize zoomend moveend", refit);
    function near(f) {  // only shapes reaching into the inset's box are drawn there (its bounds, once per feature)
      if (!f.atlasBox) {
        var b = [180, 90, -180, -90];
        (function walk(c) {
          if (typeof c[0] === "number") {
            b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]); b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
          } else { c.forEach(walk); }
        })(f.geometry.coordinates);
        f.atlasBox = b;
      }
      var b = f.atlasBox;
      return b[2] >= {{this.box[0]}} && b[0] <= {{this.box[2]}} && b[3] >= {{this.box[1]}} && b[1] <= {{this.box[3]}};
    }
    function letter(adcode, i) { var t = cfg.statuses[adcode]; return t ? t.charAt(i) : "n"; }
    Promise.all([atlasLoad(cfg.sources.provinces), atlasLoad(cfg.sources.prefectures), atlasLoad(cfg.sources.dashline)])
      .then(function (layers) {
        L.geoJSON(layers[0], {interactive: false, filter: near, style: function (f) {
          var outside = cfg.outside.indexOf(f.properties.a) >= 0;
          return {color: "#777", weight: 0.6, fillOpacity: 1, fillColor: outside ? cfg.outsideColour : "{{this.land}}"};
        }}).addTo(inset);
        cfg.services.forEach(function (s) {  // as on the main map: whole provinces, then licensed parts of others
          var style = {stroke: false, fillColor: s.colour, fillOpacity: s.opacity};
          L.geoJSON(layers[0], {interactive: false, style: style,
            filter: function (f) { return near(f) && letter(f.properties.a, s.index) === "f"; }}).addTo(inset);
          L.geoJSON(layers[1], {interactive: false, style: style, filter: function (f) {
            var p = f.properties;
            return near(f) && letter(p.a, s.index) === "f" && letter(p.p, s.index) !== "f";
          }}).addTo(inset);
        });
        if (cfg.categories) {  // Compare's categories, coloured as on the main map
          L.geoJSON(layers[1], {interactive: false, filter: function (f) { return near(f) && cfg.categories.fill[f.properties.a] !== undefined; },
            style: function (f) { return {stroke: false, fillOpacity: 0.6, fillColor: cfg.categories.colours[cfg.categories.fill[f.properties.a]]}; }
          }).addTo(inset);
        }
        L.geoJSON(layers[2], {interactive: false, style: {color: cfg.dashColour, weight: 1.2, dashArray: "4 3"}}).addTo(inset);
        layers[0].features.forEach(function (f) {
          (function walk(c) {
            if (typeof c[0] === "number") { if (c[1] >= {{this.islands_below}}) { land.push([c[1], c[0]]); } }
            else { c.forEach(walk); }
          })(f.geometry.coordinates);
        });
        refit();
        box.dataset.atlasInset = layers[0].features.length;
      });
  } catch (error) {
    console.warn("South China Sea inset not drawn", error);  // never take the main map down with it
  }
})();
{% endmacro %}
""")


class SouthChinaSeaInset(MacroElement):
    """The South China Sea islands and the ten-dash line in a corner, as maps shown in China carry.

    Added after CoverageLayers: it draws from the same files and status table.
    """

    _template = _INSET

    def __init__(self, lang: str, large: bool = False) -> None:
        super().__init__()
        self._name = "SouthChinaSeaInset"
        self.box = INSET_BOX
        self.islands_below = CHINA_VIEW[1]  # land south of the first view's edge is what the inset shows
        self.caption = t("map.scs_caption", lang)  # set as textContent, not HTML
        self.sea, self.land = SEA_COLOUR, LAND_COLOUR
        self.width, self.height, self.bottom, self.font = (200, 240, 14, 14) if large else (130, 150, 10, 10)


def _offline(m: folium.Map, asset_base: str) -> folium.Map:
    """Leaflet from our own copy; drop folium's CDN defaults (jQuery, Bootstrap, Font Awesome)."""
    m.default_js = [("leaflet", f"{asset_base}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{asset_base}/leaflet.css")]
    return m


OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"

# The coverage screen's map ends above the fold, leaving its legend line in view (`fit_window` below).
ABOVE_THE_FOLD = {"below": 56, "min": 320}


def coverage_map(
    data: MapData,
    sources: dict[str, str | dict],
    services: Sequence[str] | None = None,
    lang: str = "zh",
    *,
    asset_base: str = STATIC_URL,
    tiles: bool = False,
    title: str | None = None,
    subtitle: str | None = None,
    large: bool = False,
    extra: Sequence[folium.map.Layer] = (),
    legend: Sequence[tuple[str, float, str]] = (),
    categories: dict | None = None,
    legend_notes: dict[str, str] | None = None,
    fit_window: dict | None = None,
    labelled: Sequence[str] | None = None,
) -> folium.Map:
    """A map of China with a switchable layer per service, borders, HK/MO/TW, dash line, legend and inset.

    `sources`: where the browser gets the geometry (geo.render.layers: URLs, or the collections
    themselves for a standalone file). The map itself carries no geometry but `extra`'s.
    `legend_notes`: per service, words shown after its name in the legend (area and population share).
    `fit_window`: {"below": px, "min": px}: the map's frame grows or shrinks to the window's height, less `below`.
    `labelled`: the services whose licensed cities are named (default: those shown).
    `tiles`: offer an online base map in the map's layer box, off until ticked (it needs the internet).
    """
    services = data.lic.service_keys if services is None else services
    unknown = [s for s in services if s not in data.lic.services]
    if unknown:
        raise ValueError(f"`services` had {unknown} but is expected to be a subset of {list(data.lic.service_keys)}")
    m = folium.Map(
        location=[35.5, 104.5],
        zoom_start=4,
        min_zoom=3,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,  # fit_bounds can fill the frame instead of stopping a whole zoom level short
        attribution_control=False,  # no link to leafletjs.com; our data source is in the legend
    )
    _offline(m, asset_base)
    labelled = services if labelled is None else labelled
    CoverageLayers(data, sources, services, lang, categories, large, fit_window, labelled, tiles).add_to(m)
    for layer in extra:
        layer.add_to(m)
    Legend(services, lang, large, legend, legend_notes).add_to(m)
    SouthChinaSeaInset(lang, large).add_to(m)
    if title:
        Title(title, subtitle or "", large).add_to(m)
    m.fit_bounds([[CHINA_VIEW[1], CHINA_VIEW[0]], [CHINA_VIEW[3], CHINA_VIEW[2]]])
    return m


def point_marker(lng: float, lat: float, label: str) -> folium.CircleMarker:
    """A highlighted point (a checked coordinate or a map click); `label` is escaped."""
    style = {"radius": 7, "color": "#111", "weight": 2, "fill_color": HIGHLIGHT_COLOUR, "fill_opacity": 0.9}
    return folium.CircleMarker([lat, lng], fill=True, tooltip=template_literal_text(label), **style)


def template_literal_text(text: str) -> str:
    """Text for folium's Tooltip, which lands as HTML inside a JavaScript template literal (`...`).

    HTML-escaped for the page, and `, $ and \\ written as entities so that nothing closes the
    literal or opens a ${...} substitution; the browser shows the same characters.
    """
    return html.escape(text).replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def points_layer(
    frame: pd.DataFrame,
    label_column: str,
    colour_of: dict[str, str],
    status_column: str = "status",
    count_column: str | None = None,
) -> folium.GeoJson:
    """Batch results as circle markers (columns lng, lat); every label is escaped.

    With `count_column`, a marker stands for that many rows at one place: it grows with the
    count (by area) and its tooltip says "×N".
    """
    frame = frame.dropna(subset=["lng", "lat"])
    counts = frame[count_column].astype(int) if count_column else pd.Series(1, index=frame.index)
    tips = [html.escape(str(v)) + (f" ×{n}" if n > 1 else "") for v, n in zip(frame[label_column], counts, strict=True)]
    points = gpd.GeoDataFrame(
        {"tip": tips, "status": frame[status_column].astype(str), "r": (5 * counts.pow(0.5)).clip(upper=18).round(1)},
        geometry=gpd.points_from_xy(frame["lng"], frame["lat"]),
        crs=4326,
    )
    return folium.GeoJson(
        feature_collection(points, ["tip", "status", "r"], decimals=5),
        marker=folium.CircleMarker(radius=5, weight=1, color="#333", fill=True, fill_opacity=0.85),
        style_function=lambda f: {
            "fillColor": colour_of.get(f["properties"]["status"], "#999"),
            "radius": f["properties"]["r"],
        },
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        control=False,
    )
