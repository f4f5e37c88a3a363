"""The one server process: the dashboard (app.py) plus the project's own HTTP routes.

`streamlit run server.py` finds `app` below and serves it under uvicorn (Streamlit's ASGI
mode), so the routes share the process, and its caches, with the screens. Routes:
- /geo/layers/{file}: the map geometry (geo.render.layers), content-hashed, so a browser
  may keep it for a year without asking again; sent gzipped, as stored.
- /api/v1/...: the JSON API (geo.api), answering from the screens' cached checkers.
Streamlit's own page goes out with CALM_CSS in its head (see CalmPlaceholders).
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geo.api import api_routes
from geo.boundaries import load_boundaries
from geo.connections import tune_http_protocol
from geo.render.layers import LAYER_ROUTE, LayerFiles, layer_files
from geo.web_guard import WebGuard, allowed_hosts
from pages.shared import context
from pages.shared.streamlit_internals import use_navigation_only

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


# Streamlit's loading placeholders pulse at 60 frames a second until each widget's code has loaded.
# When many browsers share few cores (a training room, a terminal server, the bench's ten), the pulsing
# of the waiting pages takes the CPU the pages need to finish: ten at once took twice as long.
CALM_CSS = (
    '[data-testid^="stSkeleton"], [data-testid^="stSkeleton"] *, '
    '[data-testid="stAppSkeleton"], [data-testid="stAppSkeleton"] * { animation: none !important; }'
)
CALM_TAG = f'<style id="atlas-calm">{CALM_CSS}</style>'.encode()
STREAMLIT_PAGE = (Path(st.__file__).parent / "static" / "index.html").read_bytes()  # the page every screen loads
CALM_PAGE = STREAMLIT_PAGE.replace(b"</head>", CALM_TAG + b"</head>", 1)
_PAGE_LENGTH = str(len(STREAMLIT_PAGE)).encode()  # as Streamlit's content-length header gives it
_DROPPED = {b"content-length", b"etag", b"last-modified"}  # they described the page without CALM_TAG


class CalmPlaceholders:
    """ASGI middleware: sends CALM_PAGE where Streamlit sends its own page, STREAMLIT_PAGE.

    The style is in the page itself, so it holds before the first placeholder is drawn. Any other
    answer passes as it is: an HTML export being downloaded, a component's frame, the API.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        parts: list[Message] = []

        async def calm_page(message: Message) -> None:
            nonlocal held, parts
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if message["status"] == 200 and headers.get(b"content-length") == _PAGE_LENGTH:
                    held = message  # perhaps Streamlit's page: held until its body shows
                    return
            elif held is not None and message["type"] == "http.response.body":
                parts.append(message)
                if message.get("more_body"):
                    return
                if b"".join(part.get("body", b"") for part in parts) == STREAMLIT_PAGE:
                    kept = [(k, v) for k, v in held.get("headers", []) if k.lower() not in _DROPPED]
                    held = {**held, "headers": [*kept, (b"content-length", str(len(CALM_PAGE)).encode())]}
                    parts = [{"type": "http.response.body", "body": CALM_PAGE}]
                for part in [held, *parts]:  # anything else goes out as it came
                    await send(part)
                return
            await send(message)

        await self.app(scope, receive, calm_page)


use_navigation_only()  # before the first session: a cold deep link finds its page (pages/shared/streamlit_internals.py)
context.LAYER_ROUTE_SERVED = True  # maps fetch their geometry from /geo/layers/ (immutable, pre-gzipped)


class _DashboardData:
    """The API answers from the screens' own cached boundaries, licenses and checkers: one copy per process."""

    boundaries = staticmethod(context.boundaries)
    licenses = staticmethod(context.licenses)
    broken_licenses = staticmethod(context.broken_licenses)
    checker = staticmethod(context.checker)


tune_http_protocol()  # Nagle off and request deadlines, before the first connection is accepted

LAYER_ROUTES = [Route(f"{LAYER_ROUTE}/{{file}}", layer)]  # also serve the bench's map-alone page
PAGE_MIDDLEWARE = [  # the guard first: a foreign host or origin is refused before anything else runs
    Middleware(WebGuard, hosts=allowed_hosts(st.get_option("server.address"))),
    # Streamlit's own code (3.4 MB for a new browser, 1.6 MB more for a code block) goes out uncompressed under
    # uvicorn: gzip cuts it to a third. Level 6: 43 ms for the largest file, against 55 ms for 9's 0.2 % less.
    # The layer files are stored gzipped and say so: they pass untouched. The websocket is not HTTP: untouched.
    Middleware(GZipMiddleware, minimum_size=1000, compresslevel=6),
    Middleware(CalmPlaceholders),
]

app = st.App("app.py", routes=[*LAYER_ROUTES, *api_routes(_DashboardData())], middleware=PAGE_MIDDLEWARE)
