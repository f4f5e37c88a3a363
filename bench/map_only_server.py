"""Serves bench/map_only_app.py the way server.py serves the dashboard: the same geometry route and page style.

Run from the project folder: `streamlit run bench/map_only_server.py` (bench/static must point at the
project's static folder, for local Leaflet; bench_dashboard links it for the run).
"""

import streamlit as st

from server import LAYER_ROUTES, PAGE_MIDDLEWARE

app = st.App("map_only_app.py", routes=LAYER_ROUTES, middleware=PAGE_MIDDLEWARE)
