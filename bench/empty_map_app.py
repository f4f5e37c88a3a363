"""A second floor for the concurrency bench: the same stack drawing an empty map (st_folium, local Leaflet).

No geometry, no styling, no other widgets: what streamlit-folium and Leaflet themselves cost ten
browsers at once, beside the trivial page. Run from the project folder (static files are its own).
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.render.assets import STATIC_URL

st.title("Coverage Atlas")
m = folium.Map(location=[35.5, 104.5], zoom_start=4, tiles=None)
m.default_js = [("leaflet", f"{STATIC_URL}/leaflet.js")]  # local Leaflet, as the app's maps use
m.default_css = [("leaflet_css", f"{STATIC_URL}/leaflet.css")]
st_folium(m, height=520, use_container_width=True, returned_objects=[], key="empty_map")
