"""A floor for the concurrency bench: the dashboard's coverage map exactly as its screen draws it, alone.

Same geometry files, styling, labels, legend, inset and st_folium as the map screen, but no frame
(sidebar, navigation) and nothing beside the map: what the map itself costs ten browsers at once.
"""

from streamlit_folium import st_folium

from geo.license import SERVICE_KEYS
from geo.render.folium_map import MapSpec, coverage_map
from pages.shared import context

license_key = next(iter(context.licenses()))
data = context.cached_map_data(license_key)
m = coverage_map(data, context.layer_sources(), MapSpec.coverage(SERVICE_KEYS, "zh"))
st_folium(m, height=640, use_container_width=True, returned_objects=[], key="map_only")
