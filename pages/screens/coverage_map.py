"""Coverage map: a layer per service, counts, area shares and the province × service matrix."""

import html

import streamlit as st
from streamlit_folium import st_folium

from geo.coverage import area_summary
from geo.export import export_map
from geo.i18n import SERVICE_NAMES, t
from geo.license import SERVICE_KEYS
from geo.maps import OUTSIDE_COLOUR, SERVICE_COLOURS, coverage_map
from geo.tables import matrix_table, to_csv_bytes, to_xlsx_bytes
from pages.shared import context

current = context.current()
lang, lic = current.lang, current.lic
names = SERVICE_NAMES[lang]

st.title(t("map_title", lang, holder=lic.holder))
top = st.columns([2, 2, 3])
tiles = top[0].toggle(t("tiles", lang), value=False, key="map_tiles")
present_url = f"?mode=present&services={','.join(SERVICE_KEYS)}&lang={lang}&license={current.license_key}"
top[1].link_button(t("nav_present", lang), present_url, icon=":material/slideshow:")
left, right = st.columns([3, 2])
with left:
    data = context.cached_map_data(current.license_key)
    m = coverage_map(data, SERVICE_KEYS, lang, tiles=tiles)
    st_folium(
        m, height=640, use_container_width=True, returned_objects=[], key=f"coverage_map_{current.license_key}_{lang}"
    )
    # The legend again as page text: readable without the map frame (screen readers, AppTest).
    swatches = [(SERVICE_COLOURS[s], names[s]) for s in SERVICE_KEYS] + [(OUTSIDE_COLOUR, t("legend_outside", lang))]
    legend = " ".join(f"<span style='color:{colour}'>■</span> {html.escape(text)}" for colour, text in swatches)
    st.markdown(f"**{t('legend_title', lang)}**: {legend}", unsafe_allow_html=True)  # our constants, escaped

summary = area_summary(lic, context.boundaries())
with right:
    st.subheader("覆盖统计" if lang == "zh" else "Footprint")
    cols = st.columns(2)
    for i, service in enumerate(SERVICE_KEYS):
        row = summary.loc[service]
        full, partial, prefectures = (
            int(row[k]) for k in ("provinces_full", "provinces_partial", "prefectures_covered")
        )
        provinces = f"{full}" + (f" + {partial} ◐" if partial else "")
        label = "省级 / 地级单位" if lang == "zh" else "provinces / prefectures"
        with cols[i % 2]:
            st.metric(names[service], f"{row['share_of_mainland']:.1%}")
            st.caption(f"{label}: {provinces} / {prefectures}")
    st.caption(
        "面积占大陆 31 个省级单位总面积的比例 (等积投影)。◐ = 部分覆盖的省份。"
        if lang == "zh"
        else "Share of the area of mainland China's 31 provincial units (equal-area projection). ◐ = partially covered provinces."
    )
    st.subheader("省份 × 业务" if lang == "zh" else "Province × service")
    matrix = matrix_table(lic, context.boundaries().units, lang)
    st.dataframe(matrix, hide_index=True, height=360, key="matrix_table")
    d1, d2 = st.columns(2)
    d1.download_button("CSV", to_csv_bytes(matrix), f"{lic.number}-matrix.csv", "text/csv", key="matrix_csv")
    d2.download_button("XLSX", to_xlsx_bytes(matrix), f"{lic.number}-matrix.xlsx", key="matrix_xlsx")

st.subheader("导出" if lang == "zh" else "Export")
e1, e2, e3 = st.columns([3, 2, 2])
export_services = e1.multiselect(
    "业务" if lang == "zh" else "Services",
    SERVICE_KEYS,
    default=list(SERVICE_KEYS),
    format_func=names.get,
    key="export_services",
)
kinds = {
    "png-screen": "PNG 1920×1080",
    "png-a4": "PNG A4 300 dpi",
    "pdf-a4": "PDF A4",
    "html": "HTML (离线可用)" if lang == "zh" else "HTML (works offline)",
}
kind = e2.selectbox("格式" if lang == "zh" else "Format", list(kinds), format_func=kinds.get, key="export_kind")
if e3.button("生成文件" if lang == "zh" else "Make file", key="export_make", disabled=not export_services):
    fmt, _, paper = kind.partition("-")
    with st.spinner("生成中…" if lang == "zh" else "Drawing…"):
        payload = export_map(data, export_services, lang, fmt, current.as_of, paper or "screen")
    suffix = "html" if fmt == "html" else fmt
    file_name = f"{lic.number}-{'-'.join(export_services)}-{lang}.{suffix}"
    mime = {"png": "image/png", "pdf": "application/pdf", "html": "text/html"}[fmt]
    st.download_button(f"⬇ {file_name}", payload, file_name, mime, key="export_download")
st.caption(t("internal_use", lang) + " · " + t("source_line", lang))
