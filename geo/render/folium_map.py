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
import shapely
from branca.element import MacroElement, Template

from geo.boundaries import OUTSIDE_LICENSE
from geo.i18n import service_name, t
from geo.license import SERVICE_KEYS
from geo.mapdata import LABELLED_SERVICES, MapData, unit_label
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

__all__ = ["Legend", "Title", "coverage_map", "point_marker", "points_layer", "unit_outline"]


def _status_lines(row: pd.Series, lang: str, services: Sequence[str]) -> str:
    return "<br>".join(
        f"{STATUS_MARKS[row[s]]} {html.escape(service_name(s, lang))}: {html.escape(t('status.' + row[s], lang))}"
        for s in services
    )


def _unit_layer(data: MapData, lang: str, services: Sequence[str]) -> folium.GeoJson:
    units = data.prefectures.copy()
    province_name = data.provinces.set_index("adcode").apply(unit_label, axis=1, lang=lang)
    units["title"] = [
        html.escape(f"{province_name.get(p, '')} {unit_label(r, lang)}".strip())
        for p, (_, r) in zip(units["province_adcode"], units.iterrows(), strict=True)
    ]
    units["tip"] = [f"<b>{r['title']}</b><br>{_status_lines(r, lang, services)}" for _, r in units.iterrows()]
    units["popup"] = [
        f"<b>{r['title']}</b> ({r['adcode']})<br>{_status_lines(r, lang, SERVICE_KEYS)}" for _, r in units.iterrows()
    ]
    return folium.GeoJson(
        feature_collection(units, ["adcode", "tip", "popup"]),
        name=t("map.borders", lang),
        style_function=lambda f: {"color": "#8a8a8a", "weight": 0.4, "fillOpacity": 0.0, "fillColor": "#000"},
        highlight_function=lambda f: {"weight": 2, "color": "#222"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=False),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False),
        control=False,
    )


def _footprint_layer(data: MapData, service: str, lang: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=html.escape(service_name(service, lang)), show=True)
    frame = gpd.GeoDataFrame({"service": [service]}, geometry=[data.footprints[service]], crs=4326)
    colour, opacity = SERVICE_COLOURS[service], FOOTPRINT_OPACITY[service]
    folium.GeoJson(
        feature_collection(frame, ["service"]),
        style_function=lambda f, c=colour, o=opacity: {
            "fillColor": c,
            "fillOpacity": o,
            "weight": 0,
            "interactive": False,
        },
        interactive=False,
    ).add_to(group)
    return group


def _province_borders(data: MapData) -> folium.GeoJson:
    lines = gpd.GeoDataFrame(
        {"adcode": data.provinces["adcode"]}, geometry=shapely.boundary(data.provinces.geometry.values), crs=4326
    )
    return folium.GeoJson(
        feature_collection(lines, ["adcode"]),
        style_function=lambda f: {"color": "#555", "weight": 1.1, "fill": False},
        interactive=False,
        control=False,
    )


def _outside_layer(data: MapData, lang: str) -> folium.GeoJson:
    outside = data.provinces[data.provinces["adcode"].isin(OUTSIDE_LICENSE)].copy()
    outside["tip"] = [html.escape(f"{unit_label(r, lang)}: {t('legend.outside', lang)}") for _, r in outside.iterrows()]
    return folium.GeoJson(
        feature_collection(outside, ["adcode", "tip"]),
        style_function=lambda f: {
            "fillColor": OUTSIDE_COLOUR,
            "fillOpacity": OUTSIDE_OPACITY,
            "color": "#666",
            "weight": 0.8,
            "dashArray": "3 3",
        },
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        control=False,
    )


def _dashline_layer(data: MapData) -> folium.GeoJson:
    frame = gpd.GeoDataFrame({"kind": ["dashline"]}, geometry=[data.dashline], crs=4326)
    return folium.GeoJson(
        feature_collection(frame, ["kind"]),
        style_function=lambda f: {"color": DASHLINE_COLOUR, "weight": 1.6, "dashArray": "6 4"},
        interactive=False,
        control=False,
    )


def _labels_layer(data: MapData, lang: str, services: Sequence[str], large: bool) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=html.escape(t("map.labels", lang)), show=True)
    size = 15 if large else 11
    shown = data.labels[data.labels["service"].isin(services)]
    for _, units in shown.groupby("adcode", sort=False):
        row = units.iloc[0]
        dots = "".join(f'<span style="color:{SERVICE_COLOURS[k]}">●</span>' for k in units["service"])
        label = f'<div class="atlas-label" style="font-size:{size}px">{dots}{html.escape(unit_label(row, lang))}</div>'
        icon = folium.DivIcon(html=label, icon_size=(0, 0), class_name="atlas-label-icon")
        folium.Marker([row["lat"], row["lng"]], icon=icon).add_to(group)
    return group


_LEGEND = Template("""
{% macro html(this, kwargs) %}
<div class="atlas-legend" style="position:absolute; {{this.position}}; z-index:1000; background:rgba(255,255,255,.92);
     padding:8px 10px; border:1px solid #bbb; border-radius:4px; font:{{this.font}}px/1.45 sans-serif;">
  <div style="font-weight:bold; margin-bottom:4px">{{this.title}}</div>
  {% for colour, opacity, text in this.entries %}
  <div><span style="display:inline-block;width:14px;height:10px;margin-right:6px;background:{{colour}};opacity:{{opacity}};border:1px solid #777"></span>{{text}}</div>
  {% endfor %}
  <div><span style="display:inline-block;width:14px;border-top:2px dashed #444;margin:0 6px 3px 0"></span>{{this.dashline}}</div>
  <div style="color:#666; margin-top:4px; font-size:{{this.small}}px">{{this.source}}</div>
</div>
<style>.atlas-label{white-space:nowrap;font-family:sans-serif;color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff;transform:translate(-4px,-8px)}
.leaflet-container{background:{{this.sea}}}</style>
{% endmacro %}
""")


class Legend(MacroElement):
    """Colour key for the services shown, the outside-license style, the dash line and the data source."""

    _template = _LEGEND

    def __init__(
        self, services: Sequence[str], lang: str, large: bool = False, extra: Sequence[tuple[str, float, str]] = ()
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.title = html.escape(t("legend.title", lang))
        self.entries = [(SERVICE_COLOURS[s], legend_opacity(s), html.escape(service_name(s, lang))) for s in services]
        self.entries += [(colour, opacity, html.escape(text)) for colour, opacity, text in extra]
        self.entries.append((OUTSIDE_COLOUR, OUTSIDE_OPACITY, html.escape(t("legend.outside", lang))))
        self.dashline = html.escape(t("legend.dashline", lang))
        self.source = html.escape(t("map.source", lang))
        self.font, self.small = (18, 14) if large else (12, 10)
        self.position = "bottom: 18px; right: 12px"
        self.sea = SEA_COLOUR


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


INSET_BOX = (106.0, 2.5, 123.5, 24.5)  # lng/lat of the South China Sea inset

_INSET = Template("""
{% macro script(this, kwargs) %}
(function () {  // builds its own box inside the map: st_folium renumbers ids between html and script
  try {
    var host = {{this._parent.get_name()}}.getContainer();
    var box = L.DomUtil.create("div", "atlas-inset", host);
    box.style.cssText = "position:absolute; left:10px; bottom:{{this.bottom}}px; width:{{this.width}}px; "
      + "height:{{this.height}}px; z-index:1000; border:1px solid #555; background:{{this.sea}};";
    var caption = L.DomUtil.create("div", "", box);
    caption.style.cssText = "position:absolute; top:1px; left:2px; z-index:1001; font:{{this.font}}px sans-serif; color:#333; "
      + "white-space:nowrap; background:rgba(255,255,255,.8); padding:0 2px;";
    caption.textContent = {{this.caption|tojson}};
    var inner = L.DomUtil.create("div", "", box);
    inner.style.cssText = "position:absolute; top:0; right:0; bottom:0; left:0;";
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var inset = L.map(inner, {zoomControl: false, attributionControl: false, dragging: false,
      scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0.1});
    L.geoJSON({{this.land|tojson}}, {interactive: false, style: function (f) { return f.properties.style; }}).addTo(inset);
    L.geoJSON({{this.dash|tojson}}, {interactive: false, style: {color: "{{this.dash_colour}}", weight: 1.2, dashArray: "4 3"}}).addTo(inset);
    inset.fitBounds([[{{this.box[1]}}, {{this.box[0]}}], [{{this.box[3]}}, {{this.box[2]}}]]);
  } catch (error) {
    console.warn("South China Sea inset not drawn", error);  // never take the main map down with it
  }
})();
{% endmacro %}
""")


class SouthChinaSeaInset(MacroElement):
    """The South China Sea islands and the ten-dash line in a corner, as maps shown in China carry."""

    _template = _INSET

    def __init__(self, data: MapData, services: Sequence[str], lang: str, large: bool = False) -> None:
        super().__init__()
        self._name = "SouthChinaSeaInset"
        box = shapely.box(*INSET_BOX)
        provinces = data.provinces.assign(geometry=shapely.intersection(data.provinces.geometry.values, box))
        provinces = provinces[~provinces.geometry.is_empty]
        styles = [
            {
                "color": "#777",
                "weight": 0.6,
                "fillColor": OUTSIDE_COLOUR if c in OUTSIDE_LICENSE else LAND_COLOUR,
                "fillOpacity": 1,
            }
            for c in provinces["adcode"]
        ]
        land = gpd.GeoDataFrame({"style": styles}, geometry=provinces.geometry.values, crs=4326)
        covered = [shapely.intersection(data.footprints[s], box) for s in services]
        footprints = gpd.GeoDataFrame(
            {
                "style": [
                    {"weight": 0, "fillColor": SERVICE_COLOURS[s], "fillOpacity": FOOTPRINT_OPACITY[s]}
                    for s in services
                ]
            },
            geometry=covered,
            crs=4326,
        )
        both = pd.concat([land, footprints[~footprints.geometry.is_empty]], ignore_index=True)
        self.land = feature_collection(gpd.GeoDataFrame(both, crs=4326), ["style"], decimals=3)
        dash = gpd.GeoDataFrame({"kind": ["dashline"]}, geometry=[data.dashline], crs=4326)
        self.dash = feature_collection(dash, ["kind"], decimals=3)
        self.box = INSET_BOX
        self.caption = t("map.scs_caption", lang)  # set as textContent, not HTML
        self.sea, self.dash_colour = SEA_COLOUR, DASHLINE_COLOUR
        self.width, self.height, self.bottom, self.font = (200, 240, 70, 14) if large else (130, 150, 56, 10)


def _offline(m: folium.Map, asset_base: str) -> folium.Map:
    """Leaflet from our own copy; drop folium's CDN defaults (jQuery, Bootstrap, Font Awesome)."""
    m.default_js = [("leaflet", f"{asset_base}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{asset_base}/leaflet.css")]
    return m


def coverage_map(
    data: MapData,
    services: Sequence[str] = SERVICE_KEYS,
    lang: str = "zh",
    *,
    asset_base: str = STATIC_URL,
    tiles: bool = False,
    title: str | None = None,
    subtitle: str | None = None,
    large: bool = False,
    extra: Sequence[folium.map.Layer] = (),
    legend: Sequence[tuple[str, float, str]] = (),
) -> folium.Map:
    """A map of China with one toggleable layer per service, borders, HK/MO/TW, dash line, legend."""
    unknown = [s for s in services if s not in SERVICE_KEYS]
    if unknown:
        raise ValueError(f"`services` had {unknown} but is expected to be a subset of {SERVICE_KEYS}")
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
    if tiles:
        folium.TileLayer("OpenStreetMap", name=html.escape(t("map.tiles", lang)), show=True).add_to(m)
    for service in services:
        _footprint_layer(data, service, lang).add_to(m)
    _unit_layer(data, lang, services).add_to(m)
    _province_borders(data).add_to(m)
    _outside_layer(data, lang).add_to(m)
    _dashline_layer(data).add_to(m)
    labelled = [s for s in services if s in LABELLED_SERVICES]
    if labelled:
        _labels_layer(data, lang, labelled, large).add_to(m)
    for layer in extra:
        layer.add_to(m)
    Legend(services, lang, large, legend).add_to(m)
    SouthChinaSeaInset(data, services, lang, large).add_to(m)
    if title:
        Title(title, subtitle or "", large).add_to(m)
    if services or tiles:  # otherwise nothing can be switched: no empty control box
        folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds([[18.0, 73.5], [53.6, 135.1]])
    return m


def point_marker(lng: float, lat: float, label: str) -> folium.CircleMarker:
    """A highlighted point (a checked coordinate or a map click); `label` is escaped."""
    style = {"radius": 7, "color": "#111", "weight": 2, "fill_color": HIGHLIGHT_COLOUR, "fill_opacity": 0.9}
    return folium.CircleMarker([lat, lng], fill=True, tooltip=html.escape(label), **style)


def unit_outline(geometry: shapely.Geometry, label: str) -> folium.GeoJson:
    """A highlighted unit outline; `label` is escaped."""
    frame = gpd.GeoDataFrame({"tip": [html.escape(label)]}, geometry=[geometry], crs=4326)
    return folium.GeoJson(
        feature_collection(frame, ["tip"]),
        style_function=lambda f: {"color": "#111", "weight": 3, "fillColor": HIGHLIGHT_COLOUR, "fillOpacity": 0.25},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        control=False,
    )


def points_layer(
    frame: pd.DataFrame, label_column: str, colour_of: dict[str, str], status_column: str = "status"
) -> folium.GeoJson:
    """Batch results as circle markers (columns lng, lat); every label is escaped."""
    frame = frame.dropna(subset=["lng", "lat"])
    points = gpd.GeoDataFrame(
        {"tip": [html.escape(str(v)) for v in frame[label_column]], "status": frame[status_column].astype(str)},
        geometry=gpd.points_from_xy(frame["lng"], frame["lat"]),
        crs=4326,
    )
    return folium.GeoJson(
        feature_collection(points, ["tip", "status"], decimals=5),
        marker=folium.CircleMarker(radius=5, weight=1, color="#333", fill=True, fill_opacity=0.85),
        style_function=lambda f: {"fillColor": colour_of.get(f["properties"]["status"], "#999")},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        control=False,
    )
