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
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import MacroElement, Template

from geo.assets import STATIC_URL
from geo.boundaries import OUTSIDE_LICENSE, Boundaries
from geo.coverage import unit_status
from geo.geojson import feature_collection
from geo.i18n import SERVICE_NAMES, t
from geo.license import SERVICE_KEYS, License
from geo.names import english_name

__all__ = [
    "SERVICE_COLOURS",
    "Legend",
    "MapData",
    "Title",
    "coverage_map",
    "map_data",
    "point_marker",
    "points_layer",
    "unit_label",
    "unit_outline",
]

SERVICE_COLOURS = {"cdn": "#4e79a7", "isp": "#59a14f", "idc": "#e15759", "vpn": "#9c5fb5"}
_FOOTPRINT_OPACITY = {"cdn": 0.18, "isp": 0.35, "idc": 0.55, "vpn": 0.55}
OUTSIDE_COLOUR = "#9e9e9e"
SEA_COLOUR = "#eef3f7"
_MARK = {"full": "✔", "partial": "◐", "none": "✘", "outside": "—"}


@dataclass(frozen=True)
class MapData:
    """Everything a coverage map draws for one license, computed once and cached by the app."""

    prefectures: gpd.GeoDataFrame  # display geometry + status per service + names
    provinces: gpd.GeoDataFrame
    footprints: dict[str, shapely.Geometry]  # covered area per service, dissolved
    labels: pd.DataFrame  # licensed IDC/VPN units: service, name, name_en, lng, lat
    dashline: shapely.Geometry
    license_number: str
    holder: str


def unit_label(row: pd.Series, lang: str) -> str:
    return row["name_en"] if lang == "en" else row["name"]


def _with_names(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["name_en"] = [english_name(n, s) for n, s in zip(frame["name"], frame["short_name"], strict=True)]
    return frame


def _label_points(lic: License, display: gpd.GeoDataFrame) -> pd.DataFrame:
    by_code = display.drop_duplicates("adcode", keep="first").set_index("adcode")  # provinces come first
    rows = []
    for service in ("idc", "vpn"):
        for unit in lic.services[service].coverage:
            geom = by_code.loc[unit.adcode, "geometry"]
            point = (
                shapely.centroid(geom)
                if shapely.contains(geom, shapely.centroid(geom))
                else shapely.point_on_surface(geom)
            )
            name = by_code.loc[unit.adcode, "name"]
            rows.append({"service": service, "adcode": unit.adcode, "name": unit.name,
                         "name_en": english_name(name, unit.name), "lng": point.x, "lat": point.y})  # fmt: skip
    return pd.DataFrame(rows)


def map_data(lic: License, boundaries: Boundaries) -> MapData:
    """Join statuses to the display tier and dissolve each service's footprint."""
    status = unit_status(lic, boundaries.units).drop(columns=["area_km2"])
    display = boundaries.display[["level", "adcode", "geometry"]].merge(status, on=["level", "adcode"])
    display = _with_names(display)
    prefectures = display[display["level"] == "prefecture"].reset_index(drop=True)
    provinces = display[display["level"] == "province"].reset_index(drop=True)
    footprints = {
        s: shapely.coverage_union_all(prefectures.loc[prefectures[s] == "full", "geometry"].values)
        for s in SERVICE_KEYS
    }
    return MapData(
        gpd.GeoDataFrame(prefectures, crs=4326),
        gpd.GeoDataFrame(provinces, crs=4326),
        footprints,
        _label_points(lic, boundaries.display),
        boundaries.dashline.geometry.iloc[0],
        lic.number,
        lic.holder,
    )


def _status_lines(row: pd.Series, lang: str, services: Sequence[str]) -> str:
    names = SERVICE_NAMES[lang]
    return "<br>".join(
        f"{_MARK[row[s]]} {html.escape(names[s])}: {html.escape(t('status_' + row[s], lang))}" for s in services
    )


def _unit_layer(data: MapData, lang: str, services: Sequence[str]) -> folium.GeoJson:
    units = data.prefectures.copy()
    province_name = data.provinces.set_index("adcode")["name_en" if lang == "en" else "name"]
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
        name=t("borders", lang),
        style_function=lambda f: {"color": "#8a8a8a", "weight": 0.4, "fillOpacity": 0.0, "fillColor": "#000"},
        highlight_function=lambda f: {"weight": 2, "color": "#222"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=False),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False),
        control=False,
    )


def _footprint_layer(data: MapData, service: str, lang: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=html.escape(SERVICE_NAMES[lang][service]), show=True)
    frame = gpd.GeoDataFrame({"service": [service]}, geometry=[data.footprints[service]], crs=4326)
    colour, opacity = SERVICE_COLOURS[service], _FOOTPRINT_OPACITY[service]
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
    outside["tip"] = [html.escape(f"{unit_label(r, lang)}: {t('legend_outside', lang)}") for _, r in outside.iterrows()]
    return folium.GeoJson(
        feature_collection(outside, ["adcode", "tip"]),
        style_function=lambda f: {
            "fillColor": OUTSIDE_COLOUR,
            "fillOpacity": 0.55,
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
        style_function=lambda f: {"color": "#444", "weight": 1.6, "dashArray": "6 4"},
        interactive=False,
        control=False,
    )


def _labels_layer(data: MapData, lang: str, services: Sequence[str], large: bool) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=html.escape(t("labels", lang)), show=True)
    size = 15 if large else 11
    for row in data.labels[data.labels["service"].isin(services)].drop_duplicates("adcode").itertuples():
        kinds = data.labels.loc[
            (data.labels["adcode"] == row.adcode) & data.labels["service"].isin(services), "service"
        ]
        dots = "".join(f'<span style="color:{SERVICE_COLOURS[k]}">●</span>' for k in kinds)
        text = html.escape(row.name_en if lang == "en" else row.name)
        label = f'<div class="atlas-label" style="font-size:{size}px">{dots}{text}</div>'
        folium.Marker(
            [row.lat, row.lng], icon=folium.DivIcon(html=label, icon_size=(0, 0), class_name="atlas-label-icon")
        ).add_to(group)
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
.leaflet-container{background:""" + SEA_COLOUR + """}</style>
{% endmacro %}
""")  # fmt: skip


class Legend(MacroElement):
    """Colour key for the services shown, the outside-license style, the dash line and the data source."""

    _template = _LEGEND

    def __init__(
        self, services: Sequence[str], lang: str, large: bool = False, extra: Sequence[tuple[str, float, str]] = ()
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.title = html.escape(t("legend_title", lang))
        self.entries = [
            (SERVICE_COLOURS[s], max(_FOOTPRINT_OPACITY[s], 0.35), html.escape(SERVICE_NAMES[lang][s]))
            for s in services
        ]
        self.entries += [(colour, opacity, html.escape(text)) for colour, opacity, text in extra]
        self.entries.append((OUTSIDE_COLOUR, 0.55, html.escape(t("legend_outside", lang))))
        self.dashline = html.escape(t("legend_dashline", lang))
        self.source = html.escape(t("source_line", lang))
        self.font, self.small = (18, 14) if large else (12, 10)
        self.position = "bottom: 18px; right: 12px"


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
      + "height:{{this.height}}px; z-index:1000; border:1px solid #555; background:""" + SEA_COLOUR + """;";
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
    L.geoJSON({{this.dash|tojson}}, {interactive: false, style: {color: "#444", weight: 1.2, dashArray: "4 3"}}).addTo(inset);
    inset.fitBounds([[{{this.box[1]}}, {{this.box[0]}}], [{{this.box[3]}}, {{this.box[2]}}]]);
  } catch (error) {
    console.warn("South China Sea inset not drawn", error);  // never take the main map down with it
  }
})();
{% endmacro %}
""")  # fmt: skip


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
                "fillColor": OUTSIDE_COLOUR if c in OUTSIDE_LICENSE else "#f4f4f1",
                "fillOpacity": 1,
            }
            for c in provinces["adcode"]
        ]
        land = gpd.GeoDataFrame({"style": styles}, geometry=provinces.geometry.values, crs=4326)
        covered = [shapely.intersection(data.footprints[s], box) for s in services]
        footprints = gpd.GeoDataFrame(
            {
                "style": [
                    {"weight": 0, "fillColor": SERVICE_COLOURS[s], "fillOpacity": _FOOTPRINT_OPACITY[s]}
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
        self.caption = "南海诸岛" if lang == "zh" else "South China Sea Islands"  # set as textContent, not HTML
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
        folium.TileLayer("OpenStreetMap", name=html.escape(t("tiles", lang)), show=True).add_to(m)
    for service in services:
        _footprint_layer(data, service, lang).add_to(m)
    _unit_layer(data, lang, services).add_to(m)
    _province_borders(data).add_to(m)
    _outside_layer(data, lang).add_to(m)
    _dashline_layer(data).add_to(m)
    if any(s in ("idc", "vpn") for s in services):
        _labels_layer(data, lang, [s for s in services if s in ("idc", "vpn")], large).add_to(m)
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
    return folium.CircleMarker(
        [lat, lng], radius=7, color="#111", weight=2, fill=True, fill_color="#ffd400", fill_opacity=0.9,
        tooltip=html.escape(label),
    )  # fmt: skip


def unit_outline(geometry: shapely.Geometry, label: str) -> folium.GeoJson:
    """A highlighted unit outline; `label` is escaped."""
    frame = gpd.GeoDataFrame({"tip": [html.escape(label)]}, geometry=[geometry], crs=4326)
    return folium.GeoJson(
        feature_collection(frame, ["tip"]),
        style_function=lambda f: {"color": "#111", "weight": 3, "fillColor": "#ffd400", "fillOpacity": 0.25},
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
