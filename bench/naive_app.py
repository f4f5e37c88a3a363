"""The naive coverage map, for bench/bench_dashboard.py only: what one writes first.

Full-precision province and prefecture geometry straight into folium, with folium's
default CDN scripts (Leaflet, jQuery, Bootstrap from jsdelivr/cdnjs).
"""

import folium
from streamlit_folium import st_folium

from geo.boundaries import load_boundaries

full = load_boundaries().full
admin = full[full["level"].isin(["province", "prefecture"])][["adcode", "name", "geometry"]]
m = folium.Map(location=[35.5, 104.5], zoom_start=4)
folium.GeoJson(admin, tooltip=folium.GeoJsonTooltip(fields=["name"])).add_to(m)
st_folium(m, height=640, use_container_width=True, returned_objects=[])
