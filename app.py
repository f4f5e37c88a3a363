"""Coverage Atlas: the router and the shared frame (sidebar, validity banner)."""

import streamlit as st

from geo.i18n import t
from pages import common

st.set_page_config(page_title="Coverage Atlas 覆盖地图", page_icon=":material/map:", layout="wide")

current = common.render_sidebar()
st.session_state["_frame"] = current
lang = current.lang

pages = [
    st.Page("pages/coverage_map.py", title=t("nav_map", lang), icon=":material/map:", default=True),
    st.Page("pages/check.py", title=t("nav_check", lang), icon=":material/location_on:", url_path="check"),
    st.Page("pages/batch.py", title=t("nav_batch", lang), icon=":material/table_view:", url_path="batch"),
    st.Page("pages/compare.py", title=t("nav_compare", lang), icon=":material/compare:", url_path="compare"),
    st.Page("pages/license.py", title=t("nav_license", lang), icon=":material/description:", url_path="license"),
]
page = st.navigation(pages)
common.render_validity_banner(current)
page.run()
