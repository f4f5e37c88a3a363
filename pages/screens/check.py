"""Check a location: one input (or a map click) -> a card per service with the clause behind it."""

import streamlit as st
from streamlit_folium import st_folium

from geo.datum import DATUMS
from geo.i18n import SERVICE_NAMES, t
from geo.license import SERVICE_KEYS
from geo.maps import coverage_map, point_marker, unit_outline
from geo.summary import email_summary
from pages.shared import context

current = context.current()
lang, lic = current.lang, current.lic
checker = context.checker(current.license_key)
zh = lang == "zh"
DATUM_LABELS = {"wgs84": "WGS-84 (GPS)", "gcj02": "GCJ-02 (高德/腾讯 Amap)", "bd09": "BD-09 (百度 Baidu)"}
CARD = {"yes": ("green", "✔"), "no": ("red", "✘"), "partial": ("orange", "◐")}

if "query" not in st.session_state:
    st.session_state["query"] = st.query_params.get("q", "")


def _use_click() -> None:
    """A map click becomes the query (WGS-84: the map is drawn in WGS-84)."""
    clicked = (st.session_state.get("check_map") or {}).get("last_clicked")
    if clicked:
        st.session_state["query"] = f"{clicked['lat']:.5f},{clicked['lng']:.5f}"
        st.session_state["crs"] = "wgs84"


st.title(t("nav_check", lang))
query = st.text_input(
    "地名、地址、拼音或坐标" if zh else "Place name, address, pinyin or coordinates",
    key="query",
    placeholder="深圳 · 广东省深圳市南山区科技园 · Xi'an · 22.5431,114.0579",
)
crs = st.radio(
    "坐标系" if zh else "Datum of coordinates", DATUMS, format_func=DATUM_LABELS.get, horizontal=True, key="crs"
)
st.query_params["q"] = query

result = checker.check(query, crs) if query.strip() else None
answer = result
if result is not None and result.status == "ambiguous":
    st.info(result.message)
    labels = [c.place.label_in(lang) for c in result.candidates]
    picked = st.radio(
        "请选择地点" if zh else "Which place did you mean?",
        range(len(labels)),
        format_func=labels.__getitem__,
        key="candidate",
    )
    chosen = result.candidates[picked]
    answer = type(result)(result.query, "ok", result.message, chosen.place, chosen.services, chosen.nearest)
elif result is not None and result.status in ("invalid", "not_found"):
    st.error(result.message)

if answer is not None and answer.status == "ok":
    if result.status == "ok":
        st.success(answer.message if zh else f"{answer.place.label_en} — {answer.message}")
    cards = st.columns(4)
    for column, service in zip(cards, SERVICE_KEYS, strict=True):
        reply = answer.services[service]
        colour, mark = CARD[reply.verdict]
        with column.container(border=True, key=f"card_{service}"):
            st.markdown(f"**{SERVICE_NAMES[lang][service]}**")
            st.markdown(f":{colour}-background[{mark} {t('verdict_' + reply.verdict, lang)}]")
            st.write(reply.reason if zh else reply.reason_en)
            if service in answer.nearest:
                nearest = answer.nearest[service]
                st.caption(
                    ("最近许可城市" if zh else "Nearest licensed city") + f": {nearest.city} ({nearest.km:.0f} km)"
                )
            with st.expander("条款原文" if zh else "Clause"):
                st.write(reply.clause)
    st.caption(
        "IDC 许可的是机房所在地; 不含互联网资源协作服务 (云资源)。"
        if zh
        else "IDC is licensed by data-centre location; internet resource collaboration (cloud) is excluded."
    )
    with st.expander("复制摘要 (用于邮件)" if zh else "Copy summary (for e-mail)"):
        st.code(email_summary(answer, lic, current.as_of, lang), language=None)

extra = []
if answer is not None and answer.status == "ok":
    extra.append(unit_outline(checker.geometry(checker.ref_of(answer.place)), answer.place.label))
    if answer.point:
        extra.append(point_marker(*answer.point, query))
elif result is not None and result.point:
    extra.append(point_marker(*result.point, query))
st.caption("点击地图任意位置即可查询该点" if zh else "Click anywhere on the map to check that point")
m = coverage_map(context.cached_map_data(current.license_key), SERVICE_KEYS, lang, extra=extra)
st_folium(
    m, height=520, use_container_width=True, returned_objects=["last_clicked"], key="check_map", on_change=_use_click
)
