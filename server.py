"""The one server process: the dashboard (app.py) plus the project's own HTTP routes.

`streamlit run server.py` finds `app` below and serves it under uvicorn (Streamlit's ASGI
mode), so the routes share the process, and its caches, with the screens. Routes:
- /geo/layers/{file}: the map geometry (geo.render.layers), content-hashed, so a browser
  may keep it for a year without asking again; sent gzipped, as stored.
- /api/v1/...: the JSON API (geo.api), answering from the screens' cached checkers.
"""

from __future__ import annotations

import gzip
from functools import cache

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit.runtime.pages_manager import PagesManager

from geo.api import api_routes
from geo.boundaries import load_boundaries
from geo.render.layers import LAYER_ROUTE, LayerFiles, layer_files
from pages.shared import context

IMMUTABLE = "public, max-age=31536000, immutable"


@cache
def _layers() -> LayerFiles:
    return layer_files(load_boundaries())


async def layer(request: Request) -> Response:
    files = _layers()
    name = request.path_params["file"]
    if name not in files.names.values():  # only the files the build wrote: no path from the request reaches disk
        return Response("not found", status_code=404, media_type="text/plain")
    payload = (files.folder / name).read_bytes()
    headers = {"Cache-Control": IMMUTABLE, "ETag": f'"{name}"', "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(payload, media_type="application/geo+json", headers={**headers, "Content-Encoding": "gzip"})
    return Response(gzip.decompress(payload), media_type="application/geo+json", headers=headers)


# app.py routes with st.navigation, but a folder named pages/ beside it makes Streamlit treat the first
# session as an old-style pages-folder app until st.navigation first runs: that session's first run
# finds no page "check" and shows "Page not found" over a shared link. Say so from the start.
PagesManager.uses_pages_directory = False


class _DashboardData:
    """The API answers from the screens' own cached boundaries, licenses and checkers: one copy per process."""

    boundaries = staticmethod(context.boundaries)
    licenses = staticmethod(context.licenses)
    checker = staticmethod(context.checker)


app = st.App("app.py", routes=[Route(f"{LAYER_ROUTE}/{{file}}", layer), *api_routes(_DashboardData())])
