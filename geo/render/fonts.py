"""The fonts the static maps and the statement draw with: Noto Sans CJK (Debian fonts-noto-cjk), and for maps
a small cut of it.

A PDF embeds the subset of each font its text uses. fontTools makes that subset from the font file,
and Noto Sans CJK's collection file (20 MB, 65,000 glyphs, five faces) took ~0.45 s to load each
time: four times a map export, 1.9 of its 3.1 s. A map's text comes from the catalogue, the license
files and the unit names, so the map fonts are Noto Sans CJK SC cut, once per data, to those
characters (plus Latin, punctuation and symbols): 0.5 MB a weight. Any text that still holds a character
outside the cut (a draft's holder written in a rare character) is drawn in the full font.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

from geo.files import write_bytes_atomic
from geo.i18n import CATALOGUE
from geo.paths import LICENSE_DIR, cache_dir

__all__ = ["CJK_FAMILY", "CJK_FONT_FILES", "MapFonts", "cjk_font", "map_characters", "map_fonts", "use_full_font"]

CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)
CJK_FAMILY = "Noto Sans CJK SC"
_SC_FACE = 2  # the collection's faces: JP, KR, SC, TC, HK
MAP_FAMILY = "Atlas Map Sans CJK SC"  # the cut: a family of its own, never mistaken for the full font
_RANGES = (  # Latin, general punctuation, arrows, shapes (● ◐), CJK punctuation, full-width forms
    (0x20, 0x250),
    (0x2000, 0x2070),
    (0x2190, 0x2200),
    (0x25A0, 0x2600),
    (0x3000, 0x3040),
    (0xFF00, 0xFFF0),
)


@cache
def cjk_font() -> str:
    """Register the CJK font files once per process and return the family name; fail clearly if missing."""
    missing = [f for f in CJK_FONT_FILES if not Path(f).exists()]
    if missing:
        raise FileNotFoundError(f"CJK font not installed ({missing}); run scripts/system-packages.sh (fonts-noto-cjk)")
    for path in CJK_FONT_FILES:
        font_manager.fontManager.addfont(path)
    return CJK_FAMILY


def map_characters(names: Iterable[str]) -> str:
    """Every character a map may draw: the catalogue, the license files, `names` (the units), and the ranges."""
    chars = set(CATALOGUE.read_text(encoding="utf-8"))
    for path in sorted(LICENSE_DIR.glob("*.yaml")):
        chars |= set(path.read_text(encoding="utf-8"))
    for name in names:
        chars |= set(name)
    for low, high in _RANGES:
        chars |= {chr(code) for code in range(low, high)}
    return "".join(sorted(c for c in chars if c.isprintable()))


@dataclass(frozen=True)
class MapFonts:
    family: str
    covered: frozenset[str]  # the characters the cut holds


def map_fonts(names: Iterable[str], folder: Path | None = None) -> MapFonts:
    """The map fonts for these names, cut on first use and kept in the cache folder (`fonts/`), registered."""
    cjk_font()
    characters = map_characters(names)
    return _map_fonts(characters, folder or cache_dir() / "fonts")


@cache
def _map_fonts(characters: str, folder: Path) -> MapFonts:
    source = "|".join(f"{Path(f).name}:{Path(f).stat().st_size}" for f in CJK_FONT_FILES)
    key = hashlib.sha256(f"{source}|{fontTools.version}|{characters}".encode()).hexdigest()[:12]
    paths = []
    for font_file in CJK_FONT_FILES:
        weight = "Bold" if "Bold" in Path(font_file).name else "Regular"
        path = folder / f"atlas-map-cjk-{weight.lower()}-{key}.otf"
        if not path.exists():
            try:
                folder.mkdir(parents=True, exist_ok=True)
                write_bytes_atomic(path, _cut(font_file, characters, weight))
            except OSError:  # a cache folder that cannot be written: the full font, slower, still right
                return MapFonts(CJK_FAMILY, frozenset(characters))
        font_manager.fontManager.addfont(str(path))
        paths.append(path)
    covered = {chr(code) for code in TTFont(paths[0]).getBestCmap()}  # both weights hold the same characters
    return MapFonts(MAP_FAMILY, frozenset(covered))


def _cut(font_file: str, characters: str, weight: str) -> bytes:
    """Noto Sans CJK SC in `weight`, holding `characters` only, under the family name MAP_FAMILY."""
    font = TTFont(font_file, fontNumber=_SC_FACE)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.layout_features = ["*"]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[ord(c) for c in characters])
    cutter.subset(font)
    names = font["name"]
    full = f"{MAP_FAMILY} {weight}" if weight != "Regular" else MAP_FAMILY
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(MAP_FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            names.setName(full, 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(full.replace(" ", ""), 6, record.platformID, record.platEncID, record.langID)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def use_full_font(figure: Figure, fonts: MapFonts) -> None:
    """Draw in the full CJK font every text of `figure` that holds a character the cut lacks."""
    for text in figure.findobj(Text):
        if {c for c in text.get_text() if c.isprintable()} - fonts.covered:  # a line break draws no glyph
            text.set_fontfamily([CJK_FAMILY, "DejaVu Sans"])
