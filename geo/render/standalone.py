"""A standalone HTML file of the interactive map: opens from disk, with no server and no internet.

Leaflet's script and stylesheet are inlined (the stylesheet's images as data: URIs), and so
are the map's own script and style sheet (geo/render/static/), in place of the links to the
app's static files.
"""

from __future__ import annotations

import base64
import re
from html import escape

import folium

from geo.render.assets import leaflet_dist, leaflet_files, map_assets_version, map_files

__all__ = ["INLINE_MARKER", "standalone_html"]

INLINE_MARKER = "atlas-inline-assets"  # asset_base for maps that standalone_html will inline


def _css_with_data_images(css: str) -> str:
    images = leaflet_dist() / "images"

    def data_uri(match: re.Match) -> str:
        path = images / match.group(1)
        return f"url(data:image/png;base64,{base64.b64encode(path.read_bytes()).decode()})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", data_uri, css)


def standalone_html(m: folium.Map, title: str = "", lang: str = "zh") -> str:
    """The map's HTML with Leaflet inlined; build `m` with asset_base=INLINE_MARKER.

    `title` becomes the page's <title> (escaped): the browser tab and a bookmark name the map, not "".
    """
    html = m.get_root().render()
    if title:
        html = html.replace("<head>", f"<head>\n<title>{escape(title)}</title>", 1)
    html = html.replace("<html>", f'<html lang="{"en" if lang == "en" else "zh-CN"}">', 1)
    files = leaflet_files()
    html = _inlined(html, "leaflet.js", files["leaflet.js"], "leaflet.css", _css_with_data_images(files["leaflet.css"]))
    own, version = map_files(), map_assets_version()
    query = f"?v={version}"
    return _inlined(html, "atlas_map.js" + query, own["atlas_map.js"], "atlas_map.css" + query, own["atlas_map.css"])


def _inlined(html: str, script: str, script_text: str, sheet: str, sheet_text: str) -> str:
    """The page with its link to INLINE_MARKER/`script` and to INLINE_MARKER/`sheet` replaced by their text."""
    script_tag = f'<script src="{INLINE_MARKER}/{script}"></script>'
    sheet_tag = re.compile(rf'<link rel="stylesheet" href="{re.escape(f"{INLINE_MARKER}/{sheet}")}"\s*/?>')
    if script_tag not in html or not sheet_tag.search(html):
        raise ValueError(f"the map links no {INLINE_MARKER}/{script} (build it with asset_base=INLINE_MARKER)")
    html = html.replace(script_tag, f"<script>{script_text}</script>")
    return sheet_tag.sub(lambda _: f"<style>{sheet_text}</style>", html)
