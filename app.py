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
page = st.navigation(pages)
context.render_validity_banner(current)
st.session_state[context.FRAME_KEY] = current
page.run()
