"""One entry point for every export format: PNG (screen or A4), PDF (A4 landscape), standalone HTML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from geo.i18n import t
from geo.license import SERVICE_KEYS
from geo.maps import MapData, coverage_map
from geo.standalone import INLINE_MARKER, standalone_html
from geo.static_map import render_static_map, to_bytes

__all__ = ["FORMATS", "export_map", "parse_services", "presentation_title"]

FORMATS = ("png", "pdf", "html")


def parse_services(text: str | None) -> list[str]:
    """'idc,vpn' -> ['idc', 'vpn'] in license order; empty means all; unknown names raise naming them."""
    if not text:
        return list(SERVICE_KEYS)
    asked = [s.strip().lower() for s in text.split(",") if s.strip()]
    unknown = [s for s in asked if s not in SERVICE_KEYS]
    if unknown:
        raise ValueError(f"`services` had {unknown} but is expected to be among {list(SERVICE_KEYS)}")
    return [s for s in SERVICE_KEYS if s in asked]


def presentation_title(data: MapData, services: Sequence[str], lang: str) -> str:
    return f"{t('map_title', lang, holder=data.holder)}: {' · '.join(s.upper() for s in services)}"


def export_map(
    data: MapData, services: Sequence[str], lang: str, fmt: str, as_of: dt.date, paper: str = "screen"
) -> bytes:
    """The map as file bytes. PDF is always A4 landscape; PNG is 1920×1080 ('screen') or A4 at 300 dpi ('a4')."""
    if fmt not in FORMATS:
        raise ValueError(f"`fmt` was {fmt!r} but is expected to be in {FORMATS}")
    if fmt == "html":
        subtitle = f"{t('map_subtitle', lang, number=data.license_number, as_of=as_of)} · {t('internal_use', lang)}"
        m = coverage_map(
            data,
            services,
            lang,
            asset_base=INLINE_MARKER,
            title=presentation_title(data, services, lang),
            subtitle=subtitle,
        )
        return standalone_html(m).encode("utf-8")
    static = render_static_map(data, services, lang, as_of, paper="a4" if fmt == "pdf" else paper)
    return to_bytes(static, fmt)
