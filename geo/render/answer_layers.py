"""The check screen's answer on the map: frame, outline, county borders, neighbours' names, the way to the nearest licensed city.

One small folium FeatureGroup per answer (a few tens of KB): streamlit-folium adds it to the
map already in the browser, so a check never re-sends the country's geometry. Nothing in it
takes clicks, so a click anywhere, even on the answered unit, checks that point. Every name
is escaped: DivIcon labels are HTML.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
from branca.element import MacroElement, Template

from geo.answer_view import AnswerView, CandidatesView
from geo.i18n import t
from geo.render.folium_map import CHINA_VIEW, point_marker
from geo.render.geojson import feature_collection
from geo.style import HIGHLIGHT_COLOUR, SERVICE_COLOURS

__all__ = ["FitView", "answer_group", "candidates_group", "country_group"]

_FIT = Template("""
{% macro script(this, kwargs) %}
atlasMap.fitAnswer({{this._parent._parent.get_name()}}, {{this.bounds|tojson}});
{% endmacro %}
""")  # geo/render/static/atlas_map.js


class FitView(MacroElement):
    """Fit the map to (west, south, east, north); a child of a FeatureGroup on the map."""

    _template = _FIT

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds = [round(v, 4) for v in bounds]


def _lines(geometry, style: dict) -> folium.GeoJson:
    frame = gpd.GeoDataFrame(geometry=[geometry], crs=4326)
    return folium.GeoJson(
        feature_collection(frame, [], decimals=4), style_function=lambda f: style, interactive=False, control=False
    )


def _label(lng: float, lat: float, text: str, css: str) -> folium.Marker:
    icon = folium.DivIcon(html=f'<div class="{css}">{html.escape(text)}</div>', icon_size=(0, 0))
    return folium.Marker([lat, lng], icon=icon, interactive=False, keyboard=False)


def answer_group(view: AnswerView, lang: str, point_label: str | None) -> folium.FeatureGroup:
    """Everything drawn for one answer; `point_label` (the query) marks a checked point, None for a named place."""
    group = folium.FeatureGroup(name="answer", control=False)
    if view.county_borders is not None:
        _lines(view.county_borders, {"color": "#555", "weight": 1, "dashArray": "3 3", "fill": False}).add_to(group)
    outline = {"color": "#111", "weight": 3, "fillColor": HIGHLIGHT_COLOUR, "fillOpacity": 0.25}
    _lines(view.outline, outline).add_to(group)
    for name, lng, lat in view.neighbours:
        _label(lng, lat, name.render(lang), "atlas-neighbour").add_to(group)
    for near in view.nearest:
        colour = SERVICE_COLOURS[near.service]
        _lines(near.city_outline, {"color": colour, "weight": 2.5, "fill": False}).add_to(group)
        _lines(near.line, {"color": colour, "weight": 2.5, "dashArray": "6 4"}).add_to(group)
        text = t("map.nearest_line", lang, service=near.service.upper(), city=near.city, km=f"{near.km:.0f}")
        _label(*near.label_at, text, "atlas-nearest").add_to(group)
    if point_label is not None:
        point_marker(*view.point, point_label).add_to(group)
    FitView(view.bounds).add_to(group)
    return group


def candidates_group(view: CandidatesView, lang: str) -> folium.FeatureGroup:
    """An ambiguous check: each candidate outlined and numbered as in the list to pick from, the map framing them all."""
    group = folium.FeatureGroup(name="answer", control=False)
    for outline in view.outlines:
        _lines(outline, {"color": "#111", "weight": 2, "dashArray": "4 3", "fill": False}).add_to(group)
    for number, (place, lng, lat) in enumerate(view.labels, start=1):
        _label(lng, lat, f"{number}. {place.label(lang)}", "atlas-nearest atlas-candidate").add_to(group)
    FitView(view.bounds).add_to(group)
    return group


def country_group(point: tuple[float, float] | None = None, label: str = "") -> folium.FeatureGroup:
    """No place answered (nothing asked, not found, invalid): the whole country again, never the last answer's frame."""
    group = folium.FeatureGroup(name="answer", control=False)
    if point is not None:
        point_marker(*point, label).add_to(group)
    FitView(CHINA_VIEW).add_to(group)
    return group
