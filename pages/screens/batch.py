"""Batch check: a spreadsheet of sites in, every row answered, filtered, mapped and downloadable."""

import functools
import hashlib

import altair as alt
import folium
import streamlit as st
from streamlit_folium import st_folium

from geo import batch, batch_view
from geo.batch import TABLE_MIME, table_bytes
from geo.datum import DATUMS
from geo.i18n import service_name, t
from geo.paths import EXAMPLE_SITES
from geo.render.folium_map import MapSpec, coverage_map, points_layer
from geo.style import VERDICT_BADGES, VERDICT_COLOURS, VERDICT_MARKS
from pages.shared import context

current = context.current()
lang, lic = current.lang, current.lic
checker = context.checker(current.license_key)
STATUSES = ("ok", "ambiguous", "not_found", "invalid")
MAP_POINTS = 5000
TABLE_ROWS = 1000

st.title(t("nav.batch", lang))
max_mb = st.get_option("server.maxUploadSize")
st.caption(t("screen_batch.intro", lang, mb=max_mb, rows=f"{batch.MAX_ROWS:,}"))
upload = st.file_uploader(t("screen_batch.upload", lang), type=["csv", "xlsx"], key="upload")
if st.button(t("screen_batch.example", lang), key="load_example"):
    st.session_state["batch_source"] = (EXAMPLE_SITES.name, EXAMPLE_SITES.read_bytes())
if upload is not None:
    st.session_state["batch_source"] = (upload.name, upload.getvalue())

source = st.session_state.get("batch_source")
if source is None:
    st.stop()
name, payload = source
digest = hashlib.sha256(payload).hexdigest()
# Read and inspected once per file (and license): a filter click or language switch reruns the page, not this.
if st.session_state.get("batch_read_key") != (digest, current.license_key):
    try:
        table = batch.read_table(payload, name)
    except batch.BatchInputError as exc:
        st.session_state["batch_read"] = exc
    else:
        try:
            detected = batch.find_location_columns(table, checker)
        except batch.BatchInputError:
            detected = batch.LocationColumns(text=table.columns[0])
        st.session_state["batch_read"] = (table, detected)
    st.session_state["batch_read_key"] = (digest, current.license_key)
read = st.session_state["batch_read"]
if isinstance(read, batch.BatchInputError):
    st.error(read.markdown(lang))
    st.stop()
table, detected = read
st.text(t("screen_batch.rows", lang, name=name, rows=f"{len(table):,}"))  # text: a file name is not Markdown

mode = st.radio(
    t("screen_batch.location_in", lang),
    ["text", "latlng"],
    index=0 if detected.text else 1,
    format_func=lambda m: t(f"screen_batch.mode_{m}", lang),
    horizontal=True,
    key="batch_mode",
)
columns_list = list(table.columns)
if mode == "text":
    column = st.selectbox(
        t("screen_batch.column", lang),
        columns_list,
        index=columns_list.index(detected.text or columns_list[0]),
        key="batch_column",
    )
    columns = batch.LocationColumns(text=column)
else:
    c1, c2 = st.columns(2)
    lat_index = columns_list.index(detected.lat) if detected.lat else 0
    lng_index = columns_list.index(detected.lng) if detected.lng else 0
    lat = c1.selectbox(t("screen_batch.lat_column", lang), columns_list, index=lat_index, key="batch_lat")
    lng = c2.selectbox(t("screen_batch.lng_column", lang), columns_list, index=lng_index, key="batch_lng")
    columns = batch.LocationColumns(lat=lat, lng=lng)
crs = st.radio(
    t("screen_check.datum", lang), DATUMS, format_func=lambda d: t(f"datum.{d}", lang), horizontal=True, key="batch_crs"
)

# Checked once per file, column choice, datum, license and language; filter clicks rerun the page, not the check.
run_key = (current.license_key, digest, columns, crs, lang)
if st.session_state.get("batch_run_key") != run_key:
    progress = st.progress(0.0, text=t("screen_batch.checking", lang))

    def advance(done: int, total: int) -> None:
        progress.progress(done / max(total, 1))

    st.session_state["batch_result"] = batch.check_table(checker, table, columns, crs, advance, lang)
    st.session_state["batch_run_key"] = run_key
    progress.empty()
result = st.session_state["batch_result"]
names = batch.answer_columns(table.columns, lic)  # where each answer column is, beside the input's own
status_col = names["status"]

counts = result[status_col].value_counts()
for column_box, status in zip(st.columns(4), STATUSES, strict=True):
    column_box.metric(t(f"check_status.{status}", lang), int(counts.get(status, 0)))

# Verdicts per service, coloured as the cards are: green yes, amber partial, red no, grey unanswered.
tally = batch_view.verdict_counts(result, names, lang)
words = [t(f"verdict.{v}", lang) for v in batch_view.VERDICT_ORDER]
chart = (
    alt.Chart(tally)
    .mark_bar()
    .encode(
        x=alt.X("rows:Q", title=t("screen_batch.chart_rows", lang)),
        y=alt.Y("service:N", title=t("screen_batch.service", lang), sort=None, axis=alt.Axis(labelLimit=400)),
        color=alt.Color(
            "verdict:N",
            title=t("screen_batch.chart_verdict", lang),
            scale=alt.Scale(domain=words, range=[VERDICT_COLOURS[v] for v in batch_view.VERDICT_ORDER]),
            sort=words,
        ),
        order=alt.Order("order:Q"),
        tooltip=["service:N", "verdict:N", "rows:Q"],
    )
    .transform_calculate(order=f"indexof({words!r}, datum.verdict)")
)
st.altair_chart(chart, width="stretch")

choose = t("screen_batch.choose", lang)
f1, f2, f3 = st.columns(3)
statuses = f1.multiselect(
    t("screen_batch.status", lang),
    STATUSES,
    default=[],
    format_func=lambda s: t(f"check_status.{s}", lang),
    placeholder=choose,
    key="filter_status",
)
service = f2.selectbox(
    t("screen_batch.service", lang),
    ["—", *lic.service_keys],
    format_func=lambda s: s if s == "—" else service_name(s, lang),
    key="filter_service",
)
verdicts: list[str] = []
if service == "—":  # a verdict belongs to a service: no verdict filter is offered before one is chosen
    f3.caption(t("screen_batch.verdict_needs_service", lang))
else:
    verdicts = f3.multiselect(
        t("screen_batch.verdict", lang),
        ["yes", "no", "partial"],
        default=[],
        format_func=lambda v: t(f"verdict.{v}", lang),
        placeholder=choose,
        key="filter_verdict",
    )
shown = batch_view.filtered_rows(result, names, statuses, None if service == "—" else service, verdicts)
if len(shown) > TABLE_ROWS:  # the browser gets a page of rows, the download gets them all
    st.caption(t("screen_batch.table_first", lang, count=f"{TABLE_ROWS:,}", total=f"{len(shown):,}"))
english = context.place_names_in_english()
means: dict[str, str] = {s: grant.coverage_means for s, grant in lic.services.items()}
st.dataframe(
    batch_view.screen_table(shown.head(TABLE_ROWS), names, lang, english, means), hide_index=True, key="batch_results"
)

# The files keep the machine-readable codes. Each button says which rows it holds: the filtered ones, or all.
stem = name.rsplit(".", 1)[0]
downloads = [("all", result)] if len(shown) == len(result) else [("shown", shown), ("all", result)]
for which, rows in downloads:
    boxes = st.columns(2)
    for box, fmt in zip(boxes, ("csv", "xlsx"), strict=True):
        payload_out = functools.partial(table_bytes, rows, fmt)  # built when clicked: 200,000 rows take seconds
        box.download_button(
            t(f"screen_batch.download_{which}", lang, count=f"{len(rows):,}", fmt=fmt.upper()),
            payload_out,
            f"{stem}-checked{'' if which == 'all' else '-filtered'}.{fmt}",
            TABLE_MIME[fmt],
            key=f"batch_{fmt}" if which == "all" else f"batch_{fmt}_shown",
            icon=":material/download:",
        )

colour_by = st.selectbox(
    t("screen_batch.map_service", lang),
    lic.service_keys,
    index=lic.service_keys.index("idc") if "idc" in lic.service_keys else 0,
    format_func=lambda s: service_name(s, lang),
    key="map_service",
)
if len(shown) > MAP_POINTS:
    st.caption(t("screen_batch.map_first", lang, count=f"{MAP_POINTS:,}"))
mapped = shown.head(MAP_POINTS)
located = batch.result_points(mapped, names)  # the points the check gave: nothing checked again
sites = batch_view.site_points(located, mapped[names[colour_by]], mapped[columns.text or columns.lat].astype(str))
shading, _ = batch_view.count_categories(context.place_index(), mapped[names["adcode"]], lang)
group = folium.FeatureGroup(name="rows")
if len(sites):
    points_layer(sites, "label", VERDICT_COLOURS, "verdict", "rows").add_to(group)
    key = {
        v: f":{VERDICT_BADGES.get(v, 'gray')}[● {VERDICT_MARKS.get(v, '–')}] {t(f'verdict.{v}', lang)}"
        for v in batch_view.VERDICT_ORDER
    }
    st.caption(t("screen_batch.map_key", lang, **key))
else:
    st.info(t("screen_batch.no_points", lang))  # all invalid, or a filter leaves none: said, not drawn
entries = [(shading["colours"][k], 0.6, shading["labels"][k]) for k in shading["colours"]]
m = coverage_map(
    context.cached_map_data(current.license_key),
    context.layer_sources(),
    MapSpec.shaded(lang, shading, entries, [colour_by]),
)
st_folium(m, height=480, use_container_width=True, returned_objects=[], feature_group_to_add=group, key="batch_map")
