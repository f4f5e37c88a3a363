"""The map fonts: Noto Sans CJK SC cut to what maps write, and the full font for any text the cut lacks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess

import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

from geo.license import SERVICE_KEYS
from geo.mapdata import map_data
from geo.render.fonts import CJK_FAMILY, CJK_FONT_FILES, MAP_FAMILY, map_characters, map_fonts
from geo.render.static_map import map_names, render_static_map, to_bytes

AS_OF = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def data(lic, boundaries):
    return map_data(lic, boundaries)


@pytest.fixture(scope="module")
def full_font_characters() -> set[str]:
    return {chr(code) for code in TTFont(CJK_FONT_FILES[0], fontNumber=2).getBestCmap()}


def _drawn_missing(figure) -> list[tuple[str, str]]:
    """(text, character) for every drawn character its font has no glyph for."""
    missing = []
    for text in figure.findobj(Text):
        font = FT2Font(font_manager.findfont(text.get_fontproperties(), fallback_to_default=False))
        drawn = [c for c in text.get_text() if c.isprintable() and not c.isspace()]
        missing += [(text.get_text(), c) for c in drawn if font.get_char_index(ord(c)) == 0]
    return missing


def test_the_cut_holds_every_character_the_data_has_that_the_full_font_has(data, full_font_characters):
    wanted = set(map_characters(map_names(data)))
    fonts = map_fonts(map_names(data))
    assert fonts.covered == wanted & full_font_characters


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_text_of_a_map_of_every_service_is_drawn_in_the_cut_with_a_glyph(data, lang):
    static = render_static_map(data, list(SERVICE_KEYS), lang, AS_OF, paper="a4")
    texts = [t for t in static.figure.findobj(Text) if t.get_text().strip()]
    assert len(texts) > 30  # the city labels, the legend, the title
    assert {t.get_fontproperties().get_family()[0] for t in texts} == {MAP_FAMILY}
    assert _drawn_missing(static.figure) == []


def test_a_character_the_cut_lacks_is_drawn_in_the_full_font(data, full_font_characters, tmp_path):
    fonts = map_fonts(map_names(data))
    rare = min(c for c in full_font_characters - fonts.covered if "\u4e00" <= c <= "\u9fff")  # a CJK ideograph
    holder = f"北京{rare}通信技术有限公司"
    drafted = dataclasses.replace(data, lic=data.lic.model_copy(update={"holder": holder}))
    static = render_static_map(drafted, ["idc"], "zh", AS_OF, paper="a4")
    (title,) = [t for t in static.figure.texts if holder in t.get_text()]
    assert title.get_fontproperties().get_family()[0] == CJK_FAMILY
    assert _drawn_missing(static.figure) == []
    pdf = tmp_path / "map.pdf"
    pdf.write_bytes(to_bytes(static, "pdf"))
    fonts_listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJKsc-Bold" in fonts_listed and "AtlasMapSansCJKSC" in fonts_listed
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert holder in text  # still text: searchable, copyable
