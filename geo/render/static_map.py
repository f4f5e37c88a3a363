"""Meeting-ready static maps (PNG, PDF) drawn with matplotlib: no browser, no network.

A map of China in an Albers equal-area projection with the chosen services, a South
China Sea inset (the ten-dash line and the islands), Hong Kong/Macau/Taiwan styled
"outside this license", a legend, title, license number, as-of date, a data-source
line and an "internal use" note (these maps carry no 审图号). Chinese text uses the
Noto Sans CJK font that the project's set-up installs (Debian fonts-noto-cjk).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import matplotlib
from matplotlib.artist import Artist
from matplotlib.legend import Legend

matplotlib.use("Agg")  # no display, no browser
import matplotlib.pyplot as plt
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from pyproj import Transformer

from geo.boundaries import BUILD_PARAMS
from geo.i18n import service_name, t
from geo.license import OUTSIDE_LICENSE
from geo.mapdata import INSET_BOX, MapData, label_priority, map_subtitle, unit_label
from geo.render.fonts import map_fonts, use_full_font
from geo.style import (
    BORDER_COLOUR,
    DASHLINE_COLOUR,
    FOOTPRINT_OPACITY,
    LAND_COLOUR,
    OUTSIDE_COLOUR,
    OUTSIDE_OPACITY,
    SERVICE_COLOURS,
    legend_opacity,
)

__all__ = ["PAPERS", "StaticMap", "map_names", "render_static_map", "to_bytes"]

PAPERS = {"screen": (19.2, 10.8, 100), "a4": (11.69, 8.27, 300)}  # inches w, h, dpi: 1920×1080 px; A4 landscape
PAPER = "#ffffff"  # printed maps leave the sea white
MAIN_EXTENT = (73.0, 17.5, 135.5, 54.0)  # lng/lat box of the main map; the inset shows the South China Sea
_TO_ALBERS = Transformer.from_crs(4326, BUILD_PARAMS["area_crs"], always_xy=True)


@dataclass
class StaticMap:
    figure: plt.Figure
    main: plt.Axes
    inset: plt.Axes

    def to_pixel(self, lng: float, lat: float, axes: plt.Axes | None = None) -> tuple[int, int]:
        """Pixel (column, row from the top) of a WGS-84 point in the saved PNG."""
        x, y = _TO_ALBERS.transform(lng, lat)
        px, py = (axes or self.main).transData.transform((x, y))
        height = self.figure.get_size_inches()[1] * self.figure.dpi
        return round(float(px)), round(float(height - py))


def _albers(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> gpd.GeoSeries:
    return gpd.GeoSeries(frame.geometry if hasattr(frame, "geometry") else frame, crs=4326).to_crs(
        BUILD_PARAMS["area_crs"]
    )


def _extent(axes: plt.Axes, box: tuple[float, float, float, float]) -> None:
    outline = gpd.GeoSeries([shapely.segmentize(shapely.box(*box), 0.5)], crs=4326).to_crs(BUILD_PARAMS["area_crs"])
    minx, miny, maxx, maxy = outline.total_bounds
    axes.set_xlim(minx, maxx)
    axes.set_ylim(miny, maxy)
    axes.set_aspect("equal")
    axes.set_axis_off()


class _DrawnWhenSaved(FigureCanvasAgg):
    """Agg's canvas, drawn only when the file is written (and when label placement measures text).

    geopandas asks for a redraw after every layer it plots (`canvas.draw_idle()`, for interactive
    windows); on Agg that is a full render: 18 of them made up 1.6 s of a 3.6 s PDF export.
    """

    def draw_idle(self, *args: object, **kwargs: object) -> None:
        pass


def _draw_layers(axes: plt.Axes, data: MapData, services: Sequence[str], scale: float) -> None:
    provinces = data.provinces
    mainland = provinces[~provinces["adcode"].isin(OUTSIDE_LICENSE)]
    outside = provinces[provinces["adcode"].isin(OUTSIDE_LICENSE)]
    _albers(mainland).plot(ax=axes, color=LAND_COLOUR, linewidth=0, zorder=1)
    for service in services:
        footprint = gpd.GeoSeries([data.footprints[service]], crs=4326)
        _albers(footprint).plot(
            ax=axes, color=SERVICE_COLOURS[service], alpha=FOOTPRINT_OPACITY[service], linewidth=0, zorder=2
        )
    _albers(data.prefectures.geometry.boundary).plot(ax=axes, color=BORDER_COLOUR, linewidth=0.15 * scale, zorder=3)
    _albers(mainland.geometry.boundary).plot(ax=axes, color="#555555", linewidth=0.6 * scale, zorder=4)
    _albers(outside).plot(
        ax=axes,
        color=OUTSIDE_COLOUR,
        alpha=OUTSIDE_OPACITY,
        hatch="////",
        edgecolor="#666666",
        linewidth=0.4 * scale,
        zorder=4,
    )
    dash = gpd.GeoSeries([data.dashline], crs=4326)
    _albers(dash).plot(ax=axes, color=DASHLINE_COLOUR, linewidth=1.2 * scale, linestyle=(0, (6, 3)), zorder=5)


_LABEL_OFFSETS = ((5, 3), (-5, 3), (5, -9), (-5, -9))  # points: right, left, below right, below left of the dot
_LEADER_OFFSETS = ((22, 16), (-22, 16), (22, -20), (-22, -20), (34, 0), (-34, 0))  # farther, with a leader line


def _overlaps(box, boxes) -> bool:
    return any(box.overlaps(other) for other in boxes)


def _draw_labels(
    axes: plt.Axes, data: MapData, services: Sequence[str], lang: str, scale: float, avoid: Sequence = ()
) -> None:
    """Licensed-city labels that never cover each other: beside the dot, else farther with a leader line.

    Most important first (geo.mapdata.label_priority). Text stays text, on a white
    box rather than a stroked halo, so a PDF's city names can be searched and copied.
    """
    labels = data.labels[data.labels["service"].isin(services)]
    groups = sorted(
        labels.groupby("adcode", sort=False), key=lambda item: label_priority(int(item[0]), list(item[1]["service"]))
    )
    renderer = axes.figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg's canvas has one
    placed = list(avoid)
    for _, group in groups:
        row = group.iloc[0]
        x, y = _TO_ALBERS.transform(row["lng"], row["lat"])
        for offset, service in enumerate(group["service"]):
            axes.plot(
                x + offset * 30_000,
                y,
                "o",
                color=SERVICE_COLOURS[service],
                markersize=4 * scale,
                markeredgecolor="white",
                markeredgewidth=0.6,
                zorder=7,
            )
        style: dict[str, Any] = {"fontsize": 8 * scale, "zorder": 8, "textcoords": "offset points", "va": "bottom"}
        style["bbox"] = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
        candidates = [(o, False) for o in _LABEL_OFFSETS] + [(o, True) for o in _LEADER_OFFSETS]
        for (dx, dy), leader in candidates:
            extra: dict[str, Any] = (
                {"arrowprops": {"arrowstyle": "-", "color": "#666666", "lw": 0.6 * scale}} if leader else {}
            )
            text = axes.annotate(
                unit_label(row, lang),
                (x, y),
                xytext=(dx * scale, dy * scale),
                ha="left" if dx > 0 else "right",
                **style,
                **extra,
            )
            box = text.get_window_extent(renderer)
            if not _overlaps(box, placed):
                placed.append(box)
                break
            text.remove()
        else:  # nowhere free: the last, farthest place, drawn anyway (a map never drops a licensed city)
            axes.annotate(unit_label(row, lang), (x, y), xytext=(dx * scale, dy * scale), **style, **extra)


def _legend(
    figure: plt.Figure, services: Sequence[str], lang: str, scale: float, notes: dict[str, str] | None, named: bool
) -> Legend:
    notes = notes or {}
    handles: list[Artist] = [
        Patch(
            facecolor=SERVICE_COLOURS[s],
            alpha=legend_opacity(s),
            label=f"{service_name(s, lang)}\n{notes[s]}" if s in notes else service_name(s, lang),
        )
        for s in services
    ]
    outside = t("legend.outside_short", lang)
    handles.append(
        Patch(facecolor=OUTSIDE_COLOUR, alpha=OUTSIDE_OPACITY, hatch="////", edgecolor="#666666", label=outside)
    )
    handles.append(Line2D([0], [0], color=DASHLINE_COLOUR, linestyle=(0, (6, 3)), label=t("legend.dashline", lang)))
    if named:  # a service licensed by city: its cities are named on the map
        dot: dict[str, Any] = {"marker": "o", "color": "white", "markerfacecolor": "#555555", "markersize": 6}
        handles.append(Line2D([0], [0], label=t("map.labels", lang), **dot))
    text: dict[str, Any] = {"fontsize": 11 * scale, "title": t("legend.title", lang), "title_fontsize": 12 * scale}
    return figure.legend(
        handles=handles,
        loc="upper right",
        bbox_to_anchor=(0.99, 0.80),
        frameon=True,
        borderpad=0.8,
        labelspacing=0.9,
        **text,
    )


def _north_arrow(axes: plt.Axes, scale: float) -> None:
    arrow = {"arrowstyle": "-|>", "color": "#333333", "lw": 1.2 * scale}
    position: dict[str, Any] = {"xy": (0.04, 0.97), "xytext": (0.04, 0.88), "xycoords": "axes fraction"}
    axes.annotate("N", ha="center", fontsize=12 * scale, arrowprops=arrow, **position)


def render_static_map(
    data: MapData,
    services: Sequence[str],
    lang: str,
    as_of: dt.date,
    paper: str = "screen",
    title: str | None = None,
    notes: dict[str, str] | None = None,
) -> StaticMap:
    """Draw the map on a figure sized for `paper` ('screen' 1920×1080 px, 'a4' landscape at 300 dpi).

    `notes`: per service, a line under its legend entry (area and population share).
    """
    if paper not in PAPERS:
        raise ValueError(f"`paper` was {paper!r} but is expected to be in {tuple(PAPERS)}")
    width, height, dpi = PAPERS[paper]
    scale = 1.0 if paper == "screen" else 0.75
    fonts = map_fonts(map_names(data))  # Noto Sans CJK SC cut to what maps write (geo.render.fonts)
    plt.rcParams["font.family"] = [fonts.family, "DejaVu Sans"]
    plt.rcParams["pdf.fonttype"] = 42  # embed TrueType: the PDF's text stays text (searchable, extractable)
    figure = Figure(figsize=(width, height), dpi=dpi, facecolor=PAPER)  # no pyplot: a click draws it in a worker thread
    _DrawnWhenSaved(figure)
    main = figure.add_axes((0.01, 0.07, 0.76, 0.80))
    _extent(main, MAIN_EXTENT)
    _draw_layers(main, data, services, scale)
    _north_arrow(main, scale)
    inset = figure.add_axes((0.615, 0.085, 0.15, 0.30))
    _extent(inset, INSET_BOX)
    _draw_layers(inset, data, services, scale * 0.6)
    inset.set_axis_on()
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_xlabel("")
    inset.set_ylabel("")
    for spine in inset.spines.values():
        spine.set_edgecolor("#333333")
        spine.set_linewidth(1.0 * scale)
    inset.set_facecolor(PAPER)
    inset.set_title(t("map.scs_caption", lang), fontsize=9 * scale, pad=3)

    shown = " · ".join(s.upper() for s in services) or "—"
    heading = title or t("map.title", lang, holder=data.lic.holder)
    figure.text(0.015, 0.955, f"{heading}  ({shown})", fontsize=24 * scale, fontweight="bold", va="top")
    figure.text(
        0.015,
        0.905,
        map_subtitle(data, as_of, lang),
        fontsize=14 * scale,
        color="#444444",
        va="top",
    )
    legend = _legend(figure, services, lang, scale, notes, any(s in data.lic.services_by_city() for s in services))
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg's canvas has one
    _draw_labels(
        main, data, services, lang, scale, [legend.get_window_extent(renderer), inset.get_window_extent(renderer)]
    )
    figure.text(0.015, 0.03, t("map.source", lang), fontsize=10 * scale, color="#555555")
    figure.text(0.775, 0.03, t("map.internal_use", lang), fontsize=10 * scale, color="#a00000")
    use_full_font(figure, fonts)  # a character the cut lacks: that text in the full font
    return StaticMap(figure, main, inset)


def map_names(data: MapData) -> list[str]:
    """Every name a map of these units may write, in either language."""
    frames = (data.provinces, data.prefectures, data.labels)
    return [str(v) for f in frames for c in ("name", "name_en", "short_name") if c in f for v in f[c].dropna()]


def to_bytes(static: StaticMap, fmt: str) -> bytes:
    """The figure as PNG or PDF bytes (PDF is A4 landscape when drawn for 'a4')."""
    if fmt not in ("png", "pdf"):
        raise ValueError(f"`fmt` was {fmt!r} but is expected to be 'png' or 'pdf'")
    buffer = io.BytesIO()
    static.figure.savefig(buffer, format=fmt, dpi=static.figure.dpi, facecolor=static.figure.get_facecolor())
    return buffer.getvalue()
