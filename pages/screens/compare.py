"""Compare footprints: service against service on a map and in tables; license against license."""

import html

import streamlit as st
from streamlit_folium import st_folium

from geo.compare import diff_display, license_diff, overlap_table, service_overlap
from geo.draft import unit_labels
from geo.i18n import service_name, t
from geo.mapdata import name_column as name_column_of
from geo.population import reach_display
from geo.render.folium_map import MapSpec, coverage_map
from geo.style import COMPARE_COLOURS
from pages.shared import context

current = context.current()
lang = current.lang
SHOWN = ("both", "a_only", "b_only")

st.title(t("nav.compare", lang))
c1, c2 = st.columns(2)
granted = current.lic.service_keys  # the license's own services (a renewal may keep two)
a = c1.selectbox(
    t("screen_compare.a", lang),
    granted,
    index=min(1, len(granted) - 1),
    format_func=lambda s: service_name(s, lang),
    key="compare_a",
)
b = c2.selectbox(
    t("screen_compare.b", lang),
    granted,
    index=min(2, len(granted) - 1),
    format_func=lambda s: service_name(s, lang),
    key="compare_b",
)
labels = {category: t(f"compare.{category}", lang, a=a.upper(), b=b.upper()) for category in COMPARE_COLOURS}
st.dataframe(reach_display(context.reach(current.license_key), [a, b], lang), hide_index=True, key="compare_reach")
st.caption(t("population.source", lang))

overlap = service_overlap(current.lic, context.boundaries().units, a, b)
data = context.cached_map_data(current.license_key)
shown = overlap[overlap["category"].isin(SHOWN)]
categories = {  # styled in the browser from this table; the geometry is the shared static layer
    "fill": dict(zip(shown["adcode"].astype(str), shown["category"], strict=True)),
    "colours": COMPARE_COLOURS,
    "labels": labels,
}
entries = [(COMPARE_COLOURS[k], 0.6, labels[k]) for k in SHOWN]
m = coverage_map(data, context.layer_sources(), MapSpec.shaded(lang, categories, entries, [a, b]))
st_folium(m, height=520, use_container_width=True, returned_objects=[], key="compare_map")
swatches = (f"<span style='color:{COMPARE_COLOURS[k]}'>■</span> {html.escape(labels[k])}" for k in SHOWN)
st.markdown(" · ".join(swatches), unsafe_allow_html=True)

tabs = st.tabs([f"{labels[k]} ({(overlap['category'] == k).sum()})" for k in SHOWN])
column = name_column_of(lang)
names = {
    int(a): n
    for frame in (data.prefectures, data.provinces)
    for a, n in zip(frame["adcode"], frame[column], strict=True)
}
for tab, category in zip(tabs, SHOWN, strict=True):
    tab.dataframe(overlap_table(overlap, category, names, lang), hide_index=True, key=f"compare_table_{category}")

licenses = context.licenses()
st.subheader(t("screen_compare.licenses", lang))
if len(licenses) < 2:
    st.info(t("screen_compare.one_license", lang))
else:
    keys = list(licenses)
    l1, l2 = st.columns(2)
    old = l1.selectbox(t("screen_compare.older", lang), keys, index=len(keys) - 1, key="diff_old")
    new = l2.selectbox(t("screen_compare.newer", lang), keys, index=0, key="diff_new")
    diff = license_diff(licenses[old], licenses[new])
    if len(diff):
        st.dataframe(
            diff_display(diff, lang, unit_labels(context.grantable_units(), lang)), hide_index=True, key="license_diff"
        )
    else:
        st.success(t("screen_compare.same", lang))
