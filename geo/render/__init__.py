"""Renderers: the folium map, the matplotlib static map, standalone HTML, exports, GeoJSON, local Leaflet.

Apart from the lookup code so that `python -m geo check` never imports folium or matplotlib.
"""
