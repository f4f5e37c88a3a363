"""Coverage map: a layer per service, counts, area shares and the province × service matrix."""

import streamlit as st
from streamlit_folium import st_folium

from geo.coverage import area_summary
from geo.i18n import SERVICE_NAMES, t
from geo.license import SERVICE_KEYS
from geo.maps import coverage_map
from geo.tables import matrix_table, to_csv_bytes, to_xlsx_bytes
from pages.shared import context

current = context.current()
lang, lic = current.lang, current.lic
names = SERVICE_NAMES[lang]

st.title(t("map_title", lang, holder=lic.holder))
tiles = st.toggle(t("tiles", lang), value=False, key="map_tiles")
left, right = st.columns([3, 2])
with left:
    data = context.cached_map_data(current.license_key)
    m = coverage_map(data, SERVICE_KEYS, lang, tiles=tiles)
    st_folium(
        m, height=640, use_container_width=True, returned_objects=[], key=f"coverage_map_{current.license_key}_{lang}"
    )

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
