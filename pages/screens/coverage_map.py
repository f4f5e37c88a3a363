"""Coverage map: a layer per service, counts, area shares and the province × service matrix."""

import functools
import html

import streamlit as st
from streamlit_folium import st_folium

from geo.footprint import footprint_cards, footprint_html
from geo.i18n import service_name, t, t_markdown
from geo.license import SERVICE_KEYS
from geo.population import reach_notes
from geo.render.export import export_map
from geo.render.folium_map import ABOVE_THE_FOLD, coverage_map
from geo.style import OUTSIDE_COLOUR, SERVICE_COLOURS
from geo.tables import TABLE_MIME, table_bytes
from pages.shared import context

current = context.current()
lang, lic = current.lang, current.lic

st.header(t_markdown("map.title", lang, holder=lic.holder))  # a header, not a title: the map starts above the fold
left, right = st.columns([3, 2])
with right:
    present_url = f"?mode=present&services={','.join(SERVICE_KEYS)}&lang={lang}&license={current.license_key}"
    st.link_button(t("nav.present", lang), present_url, icon=":material/slideshow:")
with left:
    data = context.cached_map_data(current.license_key)
    m = coverage_map(data, context.layer_sources(), SERVICE_KEYS, lang, tiles=True, fit_window=ABOVE_THE_FOLD)
    st_folium(
        m, height=640, use_container_width=True, returned_objects=[], key=f"coverage_map_{current.license_key}_{lang}"
    )
    # The legend again as page text: readable without the map frame (screen readers, AppTest).
    swatches = [(SERVICE_COLOURS[s], service_name(s, lang)) for s in SERVICE_KEYS]
    swatches.append((OUTSIDE_COLOUR, t("legend.outside", lang)))
    legend = " ".join(f"<span style='color:{colour}'>■</span> {html.escape(text)}" for colour, text in swatches)
    title = html.escape(t("legend.title", lang))
    st.html(f"<p><b>{title}</b>: {legend}</p>")  # st.html: the page loads no raw-HTML markdown parser for it

summary = context.area_summary(current.license_key)
reach = context.reach(current.license_key)
with right:
    st.subheader(t("screen_map.footprint", lang))
    st.html(footprint_html(footprint_cards(summary, reach, lang)))
    st.caption(t("screen_map.share_note", lang) + " " + t("population.source", lang))
    # Drawn when opened: the table's code is the heaviest the page would load, and the map comes first.
    matrix_box = st.expander(t("screen_map.matrix", lang), key="matrix_open", on_change="rerun")
    if matrix_box.open:
        with matrix_box:
            matrix = context.matrix(current.license_key, lang)
            st.dataframe(matrix, hide_index=True, height=360, key="matrix_table")
            d1, d2 = st.columns(2)
            for box, fmt in ((d1, "csv"), (d2, "xlsx")):
                payload = functools.partial(table_bytes, matrix, fmt)  # built when clicked, not on every rerun
                name = f"{lic.number}-matrix.{fmt}"
                box.download_button(fmt.upper(), payload, name, TABLE_MIME[fmt], key=f"matrix_{fmt}")

export_box = st.expander(t("screen_map.export", lang), key="export_open", on_change="rerun")  # drawn when opened too
if export_box.open:
    with export_box:
        e1, e2, e3 = st.columns([3, 2, 2])
        export_services = e1.multiselect(
            t("screen_map.services", lang),
            SERVICE_KEYS,
            default=list(SERVICE_KEYS),
            format_func=lambda s: service_name(s, lang),
            key="export_services",
        )
        kinds = ("png-screen", "png-a4", "pdf-a4", "html")
        kind = e2.selectbox(
            t("screen_map.format", lang), kinds, format_func=lambda k: t(f"export_kind.{k}", lang), key="export_kind"
        )
        if e3.button(t("screen_map.make_file", lang), key="export_make", disabled=not export_services):
            fmt, _, paper = kind.partition("-")
            with st.spinner(t("screen_map.drawing", lang)):
                layers = context.inline_layers() if fmt == "html" else None
                notes = reach_notes(reach, lang)
                payload = export_map(data, export_services, lang, fmt, current.as_of, paper or "screen", layers, notes)
            # PNG for a screen or for paper
            size = {"a4": "-a4", "screen": "-1920"}.get(paper, "") if fmt == "png" else ""
            file_name = f"{lic.number}-{'-'.join(export_services)}-{lang}{size}.{fmt}"
            mime = {"png": "image/png", "pdf": "application/pdf", "html": "text/html"}[fmt]
            st.download_button(f"⬇ {file_name}", payload, file_name, mime, key="export_download")
st.caption(t("map.internal_use", lang) + " · " + t("map.source", lang))
