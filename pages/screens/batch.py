"""Batch check: a spreadsheet of sites in, every row answered, filtered, mapped and downloadable."""

import hashlib

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.batch import (
    MAX_ROWS,
    BatchInputError,
    LocationColumns,
    check_table,
    find_location_columns,
    read_table,
    result_points,
)  # fmt: skip
from geo.i18n import SERVICE_NAMES, t
from geo.license import SERVICE_KEYS
from geo.maps import coverage_map, points_layer
from geo.paths import EXAMPLE_SITES
from geo.tables import to_csv_bytes, to_xlsx_bytes
from pages.shared import context

current = context.current()
lang, lic = current.lang, current.lic
checker = context.checker(current.license_key)
zh = lang == "zh"
STATUS_COLOURS = {"ok": "#2e7d32", "ambiguous": "#f9a825", "not_found": "#c62828", "invalid": "#6d4c41"}
MAX_MB = st.get_option("server.maxUploadSize")
MAP_POINTS = 5000

st.title(t("nav_batch", lang))
st.caption(
    f"CSV (UTF-8 或 GBK) 或 XLSX, 最大 {MAX_MB} MB, 最多 {MAX_ROWS:,} 行。每一行都会保留; 无法识别的行会被标记, 不会被删除。"
    if zh
    else f"CSV (UTF-8 or GBK) or XLSX, up to {MAX_MB} MB and {MAX_ROWS:,} rows. Every row is kept; rows that cannot be answered are marked, never dropped."
)
upload = st.file_uploader("上传文件" if zh else "Upload a file", type=["csv", "xlsx"], key="upload")
if st.button("载入示例" if zh else "Load example", key="load_example"):
    st.session_state["batch_source"] = (EXAMPLE_SITES.name, EXAMPLE_SITES.read_bytes())
if upload is not None:
    st.session_state["batch_source"] = (upload.name, upload.getvalue())

source = st.session_state.get("batch_source")
if source is None:
    st.stop()
name, payload = source
try:
    table = read_table(payload, name)
except BatchInputError as exc:
    st.error(str(exc))
    st.stop()
st.write(f"**{name}**: {len(table):,} " + ("行" if zh else "rows"))

try:
    detected = find_location_columns(table, checker)
except BatchInputError:
    detected = LocationColumns(text=table.columns[0])
modes = ["text", "latlng"]
mode = st.radio(
    "位置在" if zh else "Location is in",
    modes,
    index=0 if detected.text else 1,
    format_func={"text": "一列 (地名/地址/坐标)" if zh else "one column (name, address or coordinates)",
                 "latlng": "纬度 + 经度两列" if zh else "latitude + longitude columns"}.get,
    horizontal=True,
    key="batch_mode",
)  # fmt: skip
columns_list = list(table.columns)
if mode == "text":
    column = st.selectbox(
        "列" if zh else "Column",
        columns_list,
        index=columns_list.index(detected.text or columns_list[0]),
        key="batch_column",
    )
    columns = LocationColumns(text=column)
else:
    c1, c2 = st.columns(2)
    lat = c1.selectbox(
        "纬度列" if zh else "Latitude column",
        columns_list,
        index=columns_list.index(detected.lat) if detected.lat else 0,
        key="batch_lat",
    )
    lng = c2.selectbox(
        "经度列" if zh else "Longitude column",
        columns_list,
        index=columns_list.index(detected.lng) if detected.lng else 0,
        key="batch_lng",
    )
    columns = LocationColumns(lat=lat, lng=lng)
crs = st.radio("坐标系" if zh else "Datum", ["wgs84", "gcj02", "bd09"], horizontal=True, key="batch_crs")

# Checked once per file, column choice, datum and license; filter clicks rerun the page, not the check.
run_key = (current.license_key, hashlib.sha256(payload).hexdigest(), columns, crs)
if st.session_state.get("batch_run_key") != run_key:
    progress = st.progress(0.0, text="检查中…" if zh else "Checking…")
    st.session_state["batch_result"] = check_table(
        checker, table, columns, crs, lambda done, total: progress.progress(done / max(total, 1))
    )
    st.session_state["batch_run_key"] = run_key
    progress.empty()
result = st.session_state["batch_result"]
status_col = "status_check" if "status_check" in result.columns else "status"

counts = result[status_col].value_counts()
metrics = st.columns(4)
for column_box, status in zip(metrics, ["ok", "ambiguous", "not_found", "invalid"], strict=True):
    column_box.metric(status, int(counts.get(status, 0)))

verdict_counts = (
    pd.DataFrame({SERVICE_NAMES[lang][s]: result[s].replace("", "—").value_counts() for s in SERVICE_KEYS})
    .fillna(0)
    .astype(int)
)
st.bar_chart(verdict_counts.T, horizontal=True)

f1, f2, f3 = st.columns(3)
statuses = f1.multiselect(
    "状态" if zh else "Status", ["ok", "ambiguous", "not_found", "invalid"], default=[], key="filter_status"
)
service = f2.selectbox("业务" if zh else "Service", ["—", *SERVICE_KEYS], key="filter_service")
verdicts = f3.multiselect("结论" if zh else "Verdict", ["yes", "no", "partial"], default=[], key="filter_verdict")
shown = result
if statuses:
    shown = shown[shown[status_col].isin(statuses)]
if service != "—" and verdicts:
    shown = shown[shown[service].isin(verdicts)]
st.dataframe(shown, hide_index=True, key="batch_results")

d1, d2 = st.columns(2)
stem = name.rsplit(".", 1)[0]
d1.download_button("CSV", to_csv_bytes(result), f"{stem}-checked.csv", "text/csv", key="batch_csv")
d2.download_button("XLSX", to_xlsx_bytes(result), f"{stem}-checked.xlsx", key="batch_xlsx")

if len(shown) > MAP_POINTS:
    st.caption(f"地图显示前 {MAP_POINTS:,} 行" if zh else f"The map shows the first {MAP_POINTS:,} rows")
mapped = shown.head(MAP_POINTS)
points = result_points(checker, mapped, columns, crs).assign(
    label=mapped[columns.text or columns.lat].astype(str), status=mapped[status_col]
)
layer = points_layer(points, "label", STATUS_COLOURS, "status")
m = coverage_map(context.cached_map_data(current.license_key), SERVICE_KEYS, lang, extra=[layer])
st_folium(m, height=480, use_container_width=True, returned_objects=[], key="batch_map")
