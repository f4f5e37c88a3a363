"""Coverage Atlas: the router and the shared frame (sidebar, validity banner)."""

import streamlit as st

from geo.i18n import t
from pages.shared import context

st.set_page_config(page_title="Coverage Atlas 覆盖地图", page_icon="static/favicon.png", layout="wide")

current = context.render_sidebar()
lang = current.lang

pages = [
    st.Page("pages/screens/coverage_map.py", title=t("nav_map", lang), icon=":material/map:", default=True),
    st.Page("pages/screens/check.py", title=t("nav_check", lang), icon=":material/location_on:", url_path="check"),
    st.Page("pages/screens/batch.py", title=t("nav_batch", lang), icon=":material/table_view:", url_path="batch"),
    st.Page("pages/screens/compare.py", title=t("nav_compare", lang), icon=":material/compare:", url_path="compare"),
    st.Page(
        "pages/screens/license.py", title=t("nav_license", lang), icon=":material/description:", url_path="license"
    ),
]
presenting = st.query_params.get("mode") == "present"
if presenting:  # ?mode=present&services=idc,vpn: the full-screen map only
    pages = [
        st.Page("pages/screens/present.py", title=t("nav_present", lang), icon=":material/slideshow:", default=True)
    ]
page = st.navigation(pages, position="hidden" if presenting else "sidebar")
if not presenting:
    context.render_validity_banner(current)
st.session_state[context.FRAME_KEY] = current
page.run()
