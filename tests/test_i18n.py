"""The one catalogue: every id in both languages, the same placeholders, every id the code uses present."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from geo.i18n import LANGS, Msg, Name, catalogue, t

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3400-\u9fff]")
BILINGUAL_ON_PURPOSE = {"frame.language"}  # the language switch must be findable in either language


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    entry = catalogue()[key]
    assert set(entry) == set(LANGS), f"{key}: has {sorted(entry)}, needs {LANGS}"
    assert all(isinstance(text, str) for text in entry.values()), f"{key}: a value is not text: {entry}"
    assert _placeholders(entry["zh"]) == _placeholders(entry["en"]), key


@pytest.mark.parametrize("key", sorted(set(catalogue()) - BILINGUAL_ON_PURPOSE))
def test_english_text_has_no_chinese(key):
    # place names reach English text as parameters, already in English
    assert not CJK.search(catalogue()[key]["en"]), key


def _ids_used_in_code() -> set[str]:
    """Message ids written as literals: t("id", ...), Msg("id", ...), and f-string prefixes t(f"id.{x}")."""
    used = set()
    for path in [*ROOT.glob("geo/**/*.py"), *ROOT.glob("pages/**/*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("t", "Msg") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    used.add(first.value)
                elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                    used.add(first.values[0].value + "*")
    return used


def test_every_id_the_code_uses_is_in_the_catalogue():
    keys = set(catalogue())
    missing = [
        used
        for used in _ids_used_in_code()
        if not (any(k.startswith(used[:-1]) for k in keys) if used.endswith("*") else used in keys)
    ]
    assert not missing


def test_the_walk_finds_the_code_s_ids():
    # guards the test above against finding nothing: these ids are used by geo/ and pages/
    used = _ids_used_in_code()
    assert {"check.not_found", "reason.named", "screen_check.which", "verdict.*"} <= used


def test_parameters_render_in_the_same_language():
    place = Name("深圳", "Shenzhen")
    message = Msg("reason.named", {"place": place, "units": (Name("广州", "Guangzhou"), Name("深圳", "Shenzhen"))})
    assert message.render("zh") == "深圳属于许可证列明的「广州、深圳」"
    assert message.render("en") == "Shenzhen lies in Guangzhou, Shenzhen, named in the clause"
    assert t("verdict.yes", "en") == "yes" and t("verdict.yes", "zh") == "可以"


def test_every_character_shown_has_a_glyph_in_the_fonts_the_setup_installs():
    """No missing-glyph box: Noto Sans CJK (fonts-noto-cjk) or DejaVu Sans (fonts-dejavu-core, and bundled
    with matplotlib for the exports) draws every character of the catalogue and of the marks."""
    from pathlib import Path

    import matplotlib
    from fontTools.ttLib import TTCollection, TTFont

    from geo.render.fonts import CJK_FONT_FILES
    from geo.style import STATUS_MARKS, VERDICT_MARKS

    fonts = [
        TTCollection(CJK_FONT_FILES[0]).fonts[0],
        TTFont(Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"),
    ]
    covered = set().union(*(font.getBestCmap() for font in fonts))
    shown = "".join(text for entry in catalogue().values() for text in entry.values())
    shown += "".join(STATUS_MARKS.values()) + "".join(VERDICT_MARKS.values()) + "●■▾▸⬇→·—"
    missing = sorted({ch for ch in shown if not ch.isspace() and ord(ch) not in covered})
    assert not missing, [f"U+{ord(ch):04X}" for ch in missing]
