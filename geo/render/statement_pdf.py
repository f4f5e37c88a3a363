"""The coverage statement as a one-page A4 PDF (matplotlib): text stays text, so the PDF is searchable.

Layout, top to bottom: title and validity (in red when the license is not in force), the
site beside a small map of the licensed units around it, a block per service (verdict,
reason, clause), the rules applied, and the provenance lines (license, boundaries,
generated, SHA-256).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from geo.answer_view import AnswerView, answer_view
from geo.check import Checker, CheckResult
from geo.i18n import t
from geo.mapdata import MapData, name_column
from geo.render.fonts import cjk_font
from geo.statement import Statement, coverage_statement
from geo.style import (
    BORDER_COLOUR,
    HIGHLIGHT_COLOUR,
    LAND_COLOUR,
    OUTSIDE_COLOUR,
    OUTSIDE_OPACITY,
    SERVICE_COLOURS,
    VERDICT_COLOURS,
)

__all__ = ["checked_statement_pdf", "fold_controls", "statement_pdf", "wrap"]

A4_PORTRAIT = (8.27, 11.69)
LEFT, RIGHT = 0.06, 0.94


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def fold_controls(text: str) -> str:
    """Newlines, tabs and other control or format characters as one space each: a line never overprints the next."""
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most `columns` display columns (a CJK character is two); Latin text breaks at spaces."""
    lines, line, used, space_at = [], "", 0, -1
    for ch in text:
        line += ch
        used += _width(ch)
        if ch == " ":
            space_at = len(line)
        if used > columns:
            cut = space_at if space_at > 0 and _width(ch) == 1 and ch != " " else len(line) - 1
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
            used, space_at = sum(_width(c) for c in line), -1
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _Page:
    """A cursor down an A4 page: each call writes wrapped text and moves below it."""

    def __init__(self, figure: plt.Figure) -> None:
        self.figure, self.y = figure, 0.965

    def text(self, text: str, size: float = 8.5, columns: int = 118, x: float = LEFT, **style) -> None:
        """Text as written: never read as mathtext ('$' in a query), control characters folded to spaces."""
        step = size * 1.45 / 72 / A4_PORTRAIT[1]
        for line in wrap(fold_controls(text), columns):
            self.figure.text(x, self.y, line, fontsize=size, va="top", parse_math=False, **style)
            self.y -= step

    def gap(self, points: float = 5) -> None:
        self.y -= points / 72 / A4_PORTRAIT[1]


def _draw_map(axes: plt.Axes, view: AnswerView, data: MapData, lang: str) -> None:
    west, south, east, north = view.bounds
    pad = max(east - west, north - south, 1.5) * 0.35
    box = (west - pad, south - pad, east + pad, north + pad)
    shown = data.prefectures[data.prefectures.intersects(shapely.box(*box))]
    shown.plot(ax=axes, color=LAND_COLOUR, edgecolor=BORDER_COLOUR, linewidth=0.3)
    for service in (s for s in data.lic.service_keys if not data.lic.services[s].nationwide):
        licensed = shown[shown[service] == "full"]
        if len(licensed):
            colour = SERVICE_COLOURS[service]
            style: dict[str, object] = (
                {"hatch": "////", "facecolor": "none", "edgecolor": colour}
                if service == "vpn"
                else {"color": colour, "alpha": 0.35 if service == "isp" else 0.55}
            )
            licensed.plot(ax=axes, linewidth=0, **style)
    outside = shown[shown[data.lic.service_keys[0]] == "outside"]  # Hong Kong, Macau, Taiwan: so for every service
    if len(outside):
        outside.plot(
            ax=axes, color=OUTSIDE_COLOUR, alpha=OUTSIDE_OPACITY, hatch="////", edgecolor="#666666", linewidth=0.3
        )
    gpd.GeoSeries([view.outline]).plot(ax=axes, facecolor="none", edgecolor="#111111", linewidth=1.4)
    names = name_column(lang)
    for row in shown.itertuples():
        point = row.geometry.representative_point()
        if box[0] < point.x < box[2] and box[1] < point.y < box[3]:
            axes.text(
                point.x, point.y, getattr(row, names), fontsize=5.5, ha="center", color="#333333", parse_math=False
            )
    axes.plot(*view.point, "o", color=HIGHLIGHT_COLOUR, markeredgecolor="#111111", markersize=7)
    axes.set_xlim(box[0], box[2])
    axes.set_ylim(box[1], box[3])
    axes.set_aspect(1 / math.cos(math.radians((box[1] + box[3]) / 2)))
    axes.set_xticks([])
    axes.set_yticks([])
    axes.set_xlabel("")
    axes.set_ylabel("")
    drawn = [s for s in data.lic.service_keys if not data.lic.services[s].nationwide]
    handles = [
        Patch(facecolor="none", edgecolor=SERVICE_COLOURS[s], hatch="////", label=s.upper())
        if s == "vpn"
        else Patch(color=SERVICE_COLOURS[s], alpha=0.55, label=s.upper())
        for s in drawn
    ]
    handles.append(Patch(facecolor="none", edgecolor="#111111", label=t("legend.site", lang)))
    axes.legend(handles=handles, loc="lower left", fontsize=6, framealpha=0.9)
    axes.set_title(t("statement.map_note", lang), fontsize=6, color="#666666", loc="right")


def statement_pdf(statement: Statement, view: AnswerView, data: MapData) -> bytes:
    """One A4 page; raises nothing for a Statement (refusals happen when it is made)."""
    lang = statement.lang
    plt.rcParams["font.family"] = [cjk_font(), "DejaVu Sans"]
    plt.rcParams["pdf.fonttype"] = 42  # embedded TrueType: the text is extractable
    figure = Figure(figsize=A4_PORTRAIT, facecolor="white")  # no pyplot: a click draws it in a worker thread
    FigureCanvasAgg(figure)
    page = _Page(figure)
    page.text(statement.title, size=16, fontweight="bold")
    page.gap(2)
    colour = "#b00020" if statement.not_current else "#1b5e20"
    page.text(statement.validity, size=10, columns=100, color=colour, fontweight="bold")
    if statement.not_current:
        page.text(statement.not_current, size=10, columns=100, color=colour, fontweight="bold")
    page.gap(6)

    top = page.y
    site = [
        (t("statement.entered", lang), statement.entered),
        (t("statement.resolved", lang), statement.resolved),
    ]
    for label, value in site:
        page.text(label, size=8, columns=56, color="#555555")
        page.text(value, size=10.5, columns=42)  # Latin capitals are wider than a column: clear of the map
        page.gap(3)
    if statement.coordinates:
        page.text(statement.coordinates, size=8.5, columns=56)
    axes = figure.add_axes((0.52, top - 0.25, RIGHT - 0.52, 0.25))
    _draw_map(axes, view, data, lang)
    page.y = min(page.y, top - 0.27)

    page.text(t("statement.services", lang), size=11, fontweight="bold")
    page.gap(2)
    for line in statement.services:
        step = 10 * 1.45 / 72 / A4_PORTRAIT[1]
        figure.add_artist(
            Rectangle(
                (LEFT, page.y - step * 0.8),
                0.012,
                step * 0.7,
                transform=figure.transFigure,
                color=VERDICT_COLOURS[line.verdict],
            )
        )
        page.text(f"{line.name}: {line.verdict_text}", size=10, x=LEFT + 0.02, fontweight="bold")
        page.text(line.reason, size=8.5, columns=112, x=LEFT + 0.02)
        page.text(
            t("statement.clause", lang, clause=line.clause), size=7.5, columns=128, x=LEFT + 0.02, color="#444444"
        )
        page.gap(4)

    page.text(t("statement.rules", lang), size=10, fontweight="bold")
    for rule in statement.rules:
        page.text(f"· {rule}", size=7.5, columns=128, color="#333333")
    page.gap(6)
    for footer in (*statement.license_lines, statement.boundaries, statement.generated, statement.fingerprint):
        page.text(footer, size=7.5, columns=130, color="#333333")
    buffer = io.BytesIO()
    metadata = {"Title": f"{statement.title}: {statement.resolved}", "Subject": statement.validity}
    figure.savefig(buffer, format="pdf", metadata=metadata)
    return buffer.getvalue()


def checked_statement_pdf(
    checker: Checker,
    result: CheckResult,
    data: MapData,
    license_file: Path,
    as_of: dt.date,
    lang: str,
    crs: str = "wgs84",
    generated: dt.datetime | None = None,
    view: AnswerView | None = None,
) -> bytes:
    """The statement PDF for one check (the command line and the check screen); StatementRefused if unanswered.

    `view`: the answer's map view where the caller has built it already (the check screen's map)."""
    generated = generated or dt.datetime.now(dt.UTC)
    statement = coverage_statement(
        result, checker.license, license_file, checker.boundaries.provenance, as_of, lang, generated, crs
    )
    return statement_pdf(statement, view or answer_view(checker.index, result), data)
