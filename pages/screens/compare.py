"""Compare footprints: service against service on a map and in tables; license against license."""

import html

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo.compare import license_diff, service_overlap
from geo.geojson import feature_collection
from geo.i18n import SERVICE_NAMES, t
from geo.license import SERVICE_KEYS
from geo.maps import coverage_map
from pages.shared import context

current = context.current()
lang = current.lang
zh = lang == "zh"
names = SERVICE_NAMES[lang]
COLOURS = {"both": "#6a3d9a", "a_only": "#1f78b4", "b_only": "#e31a1c", "neither": "#ffffff", "outside": "#9e9e9e"}

st.title(t("nav_compare", lang))
c1, c2 = st.columns(2)
a = c1.selectbox("业务 A" if zh else "Service A", SERVICE_KEYS, index=1, format_func=names.get, key="compare_a")
b = c2.selectbox("业务 B" if zh else "Service B", SERVICE_KEYS, index=2, format_func=names.get, key="compare_b")
labels = {
    "both": "两者皆有" if zh else "both",
    "a_only": (f"仅 {a.upper()}" if zh else f"{a.upper()} only"),
    "b_only": (f"仅 {b.upper()}" if zh else f"{b.upper()} only"),
    "neither": "都没有" if zh else "neither",
    "outside": t("status_outside", lang),
}

overlap = service_overlap(current.lic, context.boundaries().units, a, b)
data = context.cached_map_data(current.license_key)
shapes = data.prefectures[["adcode", "geometry"]].merge(overlap[["adcode", "category", "name"]], on="adcode")
shapes["tip"] = [html.escape(f"{n}: {labels[c]}") for n, c in zip(shapes["name"], shapes["category"], strict=True)]
layer = folium.GeoJson(
    feature_collection(gpd.GeoDataFrame(shapes, crs=4326), ["adcode", "category", "tip"]),
    style_function=lambda f: {
        "fillColor": COLOURS[f["properties"]["category"]],
        "fillOpacity": 0.0 if f["properties"]["category"] == "neither" else 0.6,
        "weight": 0.3,
        "color": "#777",
    },
    tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    control=False,
)
entries = [(COLOURS[k], 0.6, labels[k]) for k in ("both", "a_only", "b_only")]
m = coverage_map(data, [], lang, extra=[layer], legend=entries)
st_folium(m, height=520, use_container_width=True, returned_objects=[], key="compare_map")
st.markdown(
    " · ".join(f"<span style='color:{COLOURS[k]}'>■</span> {labels[k]}" for k in ("both", "a_only", "b_only")),
    unsafe_allow_html=True,
)

tabs = st.tabs([f"{labels[k]} ({(overlap['category'] == k).sum()})" for k in ("both", "a_only", "b_only")])
for tab, category in zip(tabs, ("both", "a_only", "b_only"), strict=True):
    rows = overlap[overlap["category"] == category][["adcode", "name", "area_km2"]].round({"area_km2": 0})
    tab.dataframe(rows, hide_index=True, key=f"compare_table_{category}")

licenses = context.licenses()
st.subheader("许可证对比" if zh else "License against license")
if len(licenses) < 2:
    st.info(
        "目前只有一个许可证文件。将续期或变更后的许可证放入 data/licenses/ 即可在此对比。"
        if zh
        else "Only one license file is present. Add a renewal or amendment to data/licenses/ to compare them here."
    )
else:
    keys = list(licenses)
    l1, l2 = st.columns(2)
    old = l1.selectbox("旧" if zh else "Older", keys, index=len(keys) - 1, key="diff_old")
    new = l2.selectbox("新" if zh else "Newer", keys, index=0, key="diff_new")
    diff = license_diff(licenses[old], licenses[new])
    st.dataframe(diff, hide_index=True, key="license_diff") if len(diff) else st.success(
        "覆盖范围相同" if zh else "Same coverage"
    )
