"""Serves bench/map_only_app.py the way server.py serves the dashboard: the same geometry route and page style.

Run from the project folder: `streamlit run bench/map_only_server.py` (bench/static must point at the
project's static folder, for local Leaflet; bench_dashboard links it for the run).
"""

import streamlit as st
from starlette.middleware import Middleware
from starlette.routing import Route

from geo.render.layers import LAYER_ROUTE
from server import CalmPlaceholders, layer

app = st.App(
    "map_only_app.py", routes=[Route(f"{LAYER_ROUTE}/{{file}}", layer)], middleware=[Middleware(CalmPlaceholders)]
)
