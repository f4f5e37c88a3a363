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
    script_tag = f'<script src="{INLINE_MARKER}/leaflet.js"></script>'
    css_tag = re.compile(rf'<link rel="stylesheet" href="{INLINE_MARKER}/leaflet.css"\s*/?>')
    if script_tag not in html or not css_tag.search(html):
        raise ValueError("the map was not built with asset_base=INLINE_MARKER; nothing to inline")
    html = html.replace(script_tag, f"<script>{files['leaflet.js']}</script>")
    html = css_tag.sub(lambda _: f"<style>{_css_with_data_images(files['leaflet.css'])}</style>", html)
    own, version = map_files(), map_assets_version()
    own_script = f'<script src="{INLINE_MARKER}/atlas_map.js?v={version}"></script>'
    own_css = re.compile(rf'<link rel="stylesheet" href="{INLINE_MARKER}/atlas_map.css\?v={version}"\s*/?>')
    if own_script not in html or not own_css.search(html):
        raise ValueError("the map's own script or style sheet is missing; nothing to inline")
    html = html.replace(own_script, f"<script>{own['atlas_map.js']}</script>")
    return own_css.sub(lambda _: f"<style>{own['atlas_map.css']}</style>", html)
