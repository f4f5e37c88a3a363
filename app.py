"""Coverage Atlas: the router and the shared frame (sidebar, validity banner)."""

from pathlib import Path

import streamlit as st

from geo.i18n import t
from pages.shared import context
from pages.shared.streamlit_internals import use_navigation_only

use_navigation_only()  # under a plain `streamlit run app.py`: from the next session on (server.py sets it first)

current = context.render_sidebar()
lang = current.lang
st.set_page_config(page_title=t("app.title", lang), page_icon="static/favicon.png", layout="wide")
st.html(Path(__file__).parent / "static" / "atlas.css")  # a style tag only: it takes no space on the page


def screen(path: str, key: str, icon: str, url_path: str | None = None, default: bool = False) -> st.Page:
    return st.Page(f"pages/screens/{path}", title=t(key, lang), icon=icon, url_path=url_path, default=default)


pages = [
    screen("coverage_map.py", "nav.map", ":material/map:", default=True),
    screen("check.py", "nav.check", ":material/location_on:", "check"),
    screen("batch.py", "nav.batch", ":material/table_view:", "batch"),
    screen("compare.py", "nav.compare", ":material/compare:", "compare"),
    screen("draft.py", "nav.draft", ":material/edit_note:", "draft"),
    screen("license.py", "nav.license", ":material/description:", "license"),
    screen("license_import.py", "nav.import", ":material/upload_file:", "import"),
]
presenting = st.query_params.get("mode") == "present"
if presenting:  # ?mode=present&services=idc,vpn: the full-screen map only
    pages = [screen("present.py", "nav.present", ":material/slideshow:", default=True)]
page = st.navigation(pages, position="hidden" if presenting else "sidebar")
if not presenting:
    context.render_validity_banner(current)
st.session_state[context.FRAME_KEY] = current
page.run()
