"""Presentation mode: a full-screen, uncluttered coverage map for a projector.

Opened by URL, e.g. /?mode=present&services=idc,vpn&lang=en, so a link reproduces it.
"""

import streamlit as st
from streamlit_folium import st_folium

from geo.mapdata import map_subtitle
from geo.render.export import presentation_title
from geo.render.folium_map import MapSpec, coverage_map
from pages.shared import context

current = context.current()
lang = current.lang
try:
    services = current.lic.parse_services(st.query_params.get("services"))
except ValueError:
    services = list(current.lic.service_keys)  # a mistyped link still presents every service the license grants

# Static CSS only (no user text): hide Streamlit's chrome, give the map the whole screen.
st.markdown(
    """<style>
    [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
    [data-testid="stToolbar"], [data-testid="stDecoration"] {display: none !important;}
    .block-container {padding: 0.4rem 0.6rem 0 0.6rem !important; max-width: 100% !important;}
    </style>""",
    unsafe_allow_html=True,
)
data = context.cached_map_data(current.license_key)
subtitle = map_subtitle(data, current.as_of, lang)
title = presentation_title(data, services, lang)
m = coverage_map(data, context.layer_sources(), MapSpec.present(services, lang, title, subtitle))
st_folium(m, height=900, use_container_width=True, returned_objects=[], key=f"present_{'_'.join(services)}_{lang}")
