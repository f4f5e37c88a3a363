"""One entry point for every export format: PNG (screen or A4), PDF (A4 landscape), standalone HTML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from geo.i18n import t
from geo.mapdata import MapData, map_subtitle
from geo.render.folium_map import MapSpec, coverage_map
from geo.render.standalone import INLINE_MARKER, standalone_html
from geo.render.static_map import render_static_map, to_bytes

__all__ = [
    "EXPORT_KINDS",
    "EXPORT_MIME",
    "FORMATS",
    "export_file_name",
    "export_kind",
    "export_map",
    "presentation_title",
]

FORMATS = ("png", "pdf", "html")
EXPORT_KINDS = ("png-screen", "png-a4", "pdf-a4", "html")  # format-paper, as the screen offers them
EXPORT_MIME = {"png": "image/png", "pdf": "application/pdf", "html": "text/html"}


def export_kind(kind: str) -> tuple[str, str]:
    """(format, paper) of one of EXPORT_KINDS: "png-a4" -> ("png", "a4"); "html" -> ("html", "screen")."""
    fmt, _, paper = kind.partition("-")
    return fmt, paper or "screen"


def export_file_name(number: str, services: Sequence[str], lang: str, kind: str) -> str:
    """The file's name says what it holds: license, services, language, and which PNG size."""
    fmt, paper = export_kind(kind)
    size = {"a4": "-a4", "screen": "-1920"}[paper] if fmt == "png" else ""
    return f"{number}-{'-'.join(services)}-{lang}{size}.{fmt}"


def presentation_title(data: MapData, services: Sequence[str], lang: str) -> str:
    return f"{t('map.title', lang, holder=data.lic.holder)}: {' · '.join(s.upper() for s in services)}"


def export_map(
    data: MapData,
    services: Sequence[str],
    lang: str,
    fmt: str,
    as_of: dt.date,
    paper: str = "screen",
    layers: dict[str, dict] | None = None,
    notes: dict[str, str] | None = None,
) -> bytes:
    """The map as file bytes. PDF is always A4 landscape; PNG is 1920×1080 ('screen') or A4 at 300 dpi ('a4').

    HTML inlines `layers` (geo.render.layers.layer_collections) so that the file needs no server.
    `notes`: per service, its area and population share for the legend (geo.population.reach_notes).
    """
    if fmt not in FORMATS:
        raise ValueError(f"`fmt` was {fmt!r} but is expected to be in {FORMATS}")
    if fmt == "html":
        subtitle = f"{map_subtitle(data, as_of, lang)} · {t('map.internal_use', lang)}"
        title = presentation_title(data, services, lang)
        if layers is None:
            raise ValueError("an HTML export inlines its geometry: pass `layers` (layer_collections(boundaries))")
        spec = MapSpec.export(services, lang, title, subtitle, notes)
        m = coverage_map(data, layers, spec, asset_base=INLINE_MARKER)
        return standalone_html(m, title, lang).encode("utf-8")
    static = render_static_map(data, services, lang, as_of, paper="a4" if fmt == "pdf" else paper, notes=notes)
    return to_bytes(static, fmt)
