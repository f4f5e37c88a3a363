"""One palette for every map, card, chart and export: service colours, opacities, verdict colours and marks."""

from __future__ import annotations

__all__ = [
    "BORDER_COLOUR",
    "COMPARE_COLOURS",
    "COUNT_COLOURS",
    "DASHLINE_COLOUR",
    "FOOTPRINT_OPACITY",
    "HIGHLIGHT_COLOUR",
    "LAND_COLOUR",
    "OUTSIDE_COLOUR",
    "OUTSIDE_OPACITY",
    "SEA_COLOUR",
    "SERVICE_COLOURS",
    "STATUS_MARKS",
    "VERDICT_BADGES",
    "VERDICT_COLOURS",
    "VERDICT_MARKS",
    "legend_opacity",
]

# Chosen to stay apart under deuteranopia, protanopia and tritanopia as well as normal vision (Machado 2009,
# full severity; CIEDE2000 ≥ 20 between services, ≥ 15 between verdicts): tests/test_palette.py measures them.
SERVICE_COLOURS = {"cdn": "#5c73e6", "isp": "#39e6c9", "idc": "#e65c5c", "vpn": "#732e5c"}
# Nationwide CDN is faint so that the smaller footprints drawn over it stay readable.
FOOTPRINT_OPACITY = {"cdn": 0.18, "isp": 0.35, "idc": 0.55, "vpn": 0.55}
OUTSIDE_COLOUR = "#9e9e9e"  # Hong Kong, Macau, Taiwan: outside this license
OUTSIDE_OPACITY = 0.55
SEA_COLOUR = "#eef3f7"
LAND_COLOUR = "#f4f4f1"
BORDER_COLOUR = "#9a9a9a"
DASHLINE_COLOUR = "#444444"
HIGHLIGHT_COLOUR = "#ffd400"  # the checked place or point

STATUS_MARKS = {"full": "✔", "partial": "◐", "none": "✘", "outside": "—"}
VERDICT_MARKS = {"yes": "✔", "partial": "◐", "no": "✘"}
VERDICT_BADGES = {"yes": "green", "partial": "orange", "no": "red"}  # Streamlit's :colour-background[] names

VERDICT_COLOURS = {"yes": "#2d8064", "partial": "#f2a60c", "no": "#cc0a0a", "unanswered": "#9e9e9e"}  # marks beside
COUNT_COLOURS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # rows per prefecture, few to many
COMPARE_COLOURS = {
    "both": "#332288",
    "a_only": "#88ccee",
    "b_only": "#cc6677",
    "neither": "#ffffff",
    "outside": OUTSIDE_COLOUR,
}


def legend_opacity(service: str) -> float:
    """A legend swatch is never fainter than 0.35, or the faint CDN fill would not read as a colour."""
    return max(FOOTPRINT_OPACITY[service], 0.35)
