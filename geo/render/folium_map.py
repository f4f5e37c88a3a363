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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement, Template

from geo.i18n import service_name, t
from geo.license import OUTSIDE_LICENSE, SERVICE_KEYS
from geo.mapdata import INSET_BOX, STATUS_LETTERS, MapData, label_priority, unit_label
from geo.render.assets import STATIC_URL, map_assets_version
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
    "INSET_BOX",
    "CoverageLayers",
    "Legend",
    "MapSpec",
    "SouthChinaSeaInset",
    "Title",
    "city_labels",
    "coverage_map",
    "point_marker",
    "points_layer",
    "template_literal_text",
]


_LAYERS = Template("""
{% macro script(this, kwargs) %}
atlasMap.coverageLayers({{this._parent.get_name()}}, {{this.config|tojson}});
{% endmacro %}
""")  # the behaviour is geo/render/static/atlas_map.js; this is the glue


class CoverageLayers(MacroElement):
    """Service footprints, unit borders with tooltips, HK/MO/TW and the dash line, drawn in the browser.

    `sources` maps each layer name to a URL (the static files) or to the GeoJSON itself (a
    standalone export). Only the status table and a few words travel with the map.
    """

    _template = _LAYERS

    def __init__(self, data: MapData, sources: Mapping[str, str | dict], spec: MapSpec) -> None:
        super().__init__()
        self._name = "CoverageLayers"
        services, lang, large = spec.services, spec.lang, spec.large
        labelled = services if spec.labelled is None else spec.labelled  # default: the cities of the services shown
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
            "sea": SEA_COLOUR,
            "categories": spec.categories,
            "labels": labels,
            "labelSize": 15 if large else 11,
            "provinceLabels": large and any(s in data.lic.services_by_province() for s in services),
            "fitWindow": spec.fit_window,
            "tiles": {"url": OSM_TILES, "attribution": OSM_ATTRIBUTION, "label": html.escape(t("map.tiles", lang))}
            if spec.tiles
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
  <div class="atlas-legend-title" role="button" tabindex="0">{{this.title}} <span class="atlas-legend-arrow"></span></div>
  <div class="atlas-legend-body" style="margin-top:4px">
  {% for colour, opacity, text, layer in this.entries %}
  <div{% if layer %} data-atlas-layer="{{layer}}"{% endif %}><span style="display:inline-block;width:14px;height:10px;margin-right:6px;background:{{colour}};opacity:{{opacity}};border:1px solid #777"></span>{{text}}</div>
  {% endfor %}
  <div><span style="display:inline-block;width:14px;border-top:2px dashed #444;margin:0 6px 3px 0"></span>{{this.dashline}}</div>
  <div style="color:#666; margin-top:4px; font-size:{{this.small}}px">{{this.source}}</div>
  </div>
</div>
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

_INSET = Template("""
{% macro script(this, kwargs) %}
atlasMap.inset({{this._parent.get_name()}}, {{this.config|tojson}});
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
        width, height, bottom, font = (200, 240, 14, 14) if large else (130, 150, 10, 10)
        self.config = {
            "box": INSET_BOX,
            "islandsBelow": CHINA_VIEW[1],  # land south of the first view's edge is what the inset shows
            "caption": t("map.scs_caption", lang),  # set as textContent, not HTML
            "sea": SEA_COLOUR,
            "land": LAND_COLOUR,
            "width": width,
            "height": height,
            "bottom": bottom,
            "font": font,
        }


def _offline(m: folium.Map, asset_base: str) -> folium.Map:
    """Leaflet and the map's own script from our copy; drop folium's CDN defaults (jQuery, Bootstrap, Font Awesome)."""
    version = map_assets_version()  # a changed script is fetched anew, an unchanged one comes from the cache
    m.default_js = [("leaflet", f"{asset_base}/leaflet.js"), ("atlas_map", f"{asset_base}/atlas_map.js?v={version}")]
    m.default_css = [
        ("leaflet_css", f"{asset_base}/leaflet.css"),
        ("atlas_map_css", f"{asset_base}/atlas_map.css?v={version}"),
    ]
    return m


OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"

# The coverage screen's map ends above the fold, leaving its legend line in view (`fit_window` below).
ABOVE_THE_FOLD = {"below": 56, "min": 320}
PROJECTOR = {"below": 6, "min": 480}  # presentation: the projector's whole height, whatever its size


@dataclass(frozen=True)
class MapSpec:
    """What one map shows beside its data: the services, the language, and how it is framed and keyed.

    One constructor per use (a screen's map, the coverage screen's, compare, batch, presentation,
    export): a caller says which map it wants, not fifteen settings.
    `legend_notes`: per service, words after its name in the legend (area and population share).
    `fit_window`: {"below": px, "min": px}: the frame grows or shrinks to the window's height, less `below`.
    `labelled`: the services whose licensed cities are named (default: those shown).
    `tiles`: offer an online base map in the layer box, off until ticked (it needs the internet).
    """

    services: tuple[str, ...]
    lang: str = "zh"
    tiles: bool = False
    title: str | None = None
    subtitle: str | None = None
    large: bool = False
    legend: tuple[tuple[str, float, str], ...] = ()
    categories: dict | None = None
    legend_notes: dict[str, str] | None = None
    fit_window: dict | None = None
    labelled: tuple[str, ...] | None = None

    @classmethod
    def screen(cls, services: Sequence[str], lang: str) -> MapSpec:
        """A screen's map of some services (check, draft, import)."""
        return cls(tuple(services), lang)

    @classmethod
    def coverage(cls, services: Sequence[str], lang: str) -> MapSpec:
        """The coverage screen: above the fold, with the online base map offered."""
        return cls(tuple(services), lang, tiles=True, fit_window=ABOVE_THE_FOLD)

    @classmethod
    def shaded(
        cls, lang: str, categories: dict, legend: Sequence[tuple[str, float, str]], labelled: Sequence[str]
    ) -> MapSpec:
        """Units shaded by category instead of services (compare's overlap, batch's rows per city)."""
        return cls((), lang, legend=tuple(legend), categories=categories, labelled=tuple(labelled))

    @classmethod
    def present(cls, services: Sequence[str], lang: str, title: str, subtitle: str) -> MapSpec:
        """Presentation mode: large type, the projector's whole height."""
        return cls(tuple(services), lang, title=title, subtitle=subtitle, large=True, fit_window=PROJECTOR)

    @classmethod
    def export(
        cls, services: Sequence[str], lang: str, title: str, subtitle: str, notes: dict[str, str] | None
    ) -> MapSpec:
        """A standalone file: titled, its legend with each service's shares."""
        return cls(tuple(services), lang, title=title, subtitle=subtitle, legend_notes=notes)


def coverage_map(
    data: MapData,
    sources: Mapping[str, str | dict],
    spec: MapSpec | None = None,
    *,
    asset_base: str = STATIC_URL,
    extra: Sequence[folium.map.Layer] = (),
) -> folium.Map:
    """A map of China with a switchable layer per service, borders, HK/MO/TW, dash line, legend and inset.

    `sources`: where the browser gets the geometry (geo.render.layers: URLs, or the collections
    themselves for a standalone file). The map itself carries no geometry but `extra`'s.
    Without `spec`, every service the license grants, in Chinese.
    """
    spec = spec or MapSpec.screen(data.lic.service_keys, "zh")
    unknown = [s for s in spec.services if s not in data.lic.services]
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
    CoverageLayers(data, sources, spec).add_to(m)
    for layer in extra:
        layer.add_to(m)
    Legend(spec.services, spec.lang, spec.large, spec.legend, spec.legend_notes).add_to(m)
    SouthChinaSeaInset(spec.lang, spec.large).add_to(m)
    if spec.title:
        Title(spec.title, spec.subtitle or "", spec.large).add_to(m)
    m.fit_bounds([[CHINA_VIEW[1], CHINA_VIEW[0]], [CHINA_VIEW[3], CHINA_VIEW[2]]])
    return m


def point_marker(lng: float, lat: float, label: str) -> folium.CircleMarker:
    """A highlighted point (a checked coordinate or a map click); `label` is escaped."""
    style: dict[str, Any] = {
        "radius": 7,
        "color": "#111",
        "weight": 2,
        "fill_color": HIGHLIGHT_COLOUR,
        "fill_opacity": 0.9,
    }
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
