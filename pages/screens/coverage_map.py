"""Coverage map: a layer per service, counts, area shares and the province × service matrix."""

import functools
import html

import streamlit as st
from streamlit_folium import st_folium

from geo.batch import TABLE_MIME, table_bytes
from geo.footprint import footprint_cards, footprint_html
from geo.i18n import service_name, t, t_markdown
from geo.population import reach_notes
from geo.render.export import EXPORT_KINDS, EXPORT_MIME, export_file_name, export_kind, export_map
from geo.render.folium_map import MapSpec, coverage_map
from geo.style import OUTSIDE_COLOUR, SERVICE_COLOURS
from pages.shared import context

current = context.current()
lang, lic = current.lang, current.lic

st.header(t_markdown("map.title", lang, holder=lic.holder))  # a header, not a title: the map starts above the fold
left, right = st.columns([3, 2])
with right:
    present_url = f"?mode=present&services={','.join(lic.service_keys)}&lang={lang}&license={current.license_key}"
    st.link_button(t("nav.present", lang), present_url, icon=":material/slideshow:")
with left:
    data = context.cached_map_data(current.license_key)
    m = coverage_map(data, context.layer_sources(), MapSpec.coverage(lic.service_keys, lang))
    st_folium(
        m, height=640, use_container_width=True, returned_objects=[], key=f"coverage_map_{current.license_key}_{lang}"
    )
    # The legend again as page text: readable without the map frame (screen readers, AppTest).
    swatches = [(SERVICE_COLOURS[s], service_name(s, lang)) for s in lic.service_keys]
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


def _export(data, services, lang, fmt, as_of, paper, layers, notes) -> bytes:
    """The file for one export button, drawn when it is clicked (the HTML one inlines the geometry)."""
    return export_map(data, services, lang, fmt, as_of, paper, layers(), notes)


export_box = st.expander(t("screen_map.export", lang), key="export_open", on_change="rerun")  # drawn when opened too
if export_box.open:
    with export_box:
        export_services = st.multiselect(
            t("screen_map.services", lang),
            lic.service_keys,
            default=list(lic.service_keys),
            format_func=lambda s: service_name(s, lang),
            key="export_services",
        )
        # One button per file, each drawn when clicked (the button spins meanwhile): no "make file" click first.
        notes = reach_notes(reach, lang)
        for box, kind in zip(st.columns(len(EXPORT_KINDS)), EXPORT_KINDS, strict=True):
            fmt, paper = export_kind(kind)
            file_name = export_file_name(lic.number, export_services, lang, kind)
            layers = context.inline_layers if fmt == "html" else (lambda: None)
            payload = functools.partial(_export, data, export_services, lang, fmt, current.as_of, paper, layers, notes)
            box.download_button(
                t(f"export_kind.{kind}", lang),
                payload,
                file_name,
                EXPORT_MIME[fmt],
                key=f"export_{kind}",
                icon=":material/download:",
                disabled=not export_services,
                help=file_name,
            )
st.caption(t("map.internal_use", lang) + " · " + t("map.source", lang))
