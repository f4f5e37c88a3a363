"""Import a license from its text: paste or upload, see every field beside its line, the problems, the changes."""

import datetime as dt
import functools
import html

import streamlit as st
from streamlit_folium import st_folium

from geo.compare import diff_display, license_diff
from geo.draft import unit_labels
from geo.errors import CoverageAtlasError
from geo.i18n import escape_markdown, service_name, t, t_markdown
from geo.import_view import dates_table, field_table
from geo.license_import import license_yaml, suggested_file_name, superseding
from geo.license_text import MAX_TEXT_BYTES, uploaded_text
from geo.render.folium_map import MapSpec, coverage_map
from pages.shared import context

current = context.current()
lang = current.lang

st.title(t("nav.import", lang))
st.caption(t("screen_import.intro", lang))  # nothing is written on the server: the file is downloaded
paste_box, upload_box = st.columns(2)  # side by side: what was read starts within the first screen
pasted = paste_box.text_area(
    t("screen_import.paste", lang), height=96, max_chars=MAX_TEXT_BYTES // 3, key="import_text"
)
upload = upload_box.file_uploader(t("screen_import.upload", lang), type=["txt", "pdf"], key="import_file")

text, name = pasted, "pasted.txt"
if upload is not None:
    try:
        text, name = uploaded_text(upload.getvalue(), upload.name), upload.name
    except CoverageAtlasError as exc:
        st.error(exc.markdown(lang))
        st.stop()
if not text.strip():
    st.info(t("screen_import.waiting", lang))
    st.stop()

result = context.importer().import_text(text, name)
for problem in result.problems:
    st.error(escape_markdown(problem.render(lang)), icon=":material/error:")
for service in result.unsupported:
    st.warning(t_markdown("import.unsupported", lang, service=service.path, lines=service.lines[0]))
lic = result.license
if lic is None:
    st.caption(t("import.failed", lang, name=name, count=len(result.problems)))
    st.stop()

on_file = context.licenses()  # the licenses in data/licenses/: what a renewal replaces, and compares with
st.success(t_markdown("screen_import.read", lang, number=lic.number, holder=lic.holder, until=lic.valid_until))
left, right = st.columns([3, 2])
with left:  # each service's coverage, as the atlas will draw it
    m = coverage_map(context.draft_map_data(lic), context.layer_sources(), MapSpec.screen(lic.service_keys, lang))
    st_folium(m, height=380, use_container_width=True, returned_objects=[], key="import_map")
with right:
    for key in lic.service_keys:
        grant = lic.services[key]
        st.markdown(f"**{html.escape(service_name(key, lang))}** · {len(grant.coverage)}")
        st.caption(escape_markdown(grant.coverage_clause))
    header = t("import.header", "en", name=name, date=dt.date.today().isoformat())
    lic = superseding(lic, on_file)  # a renewal keeping its number names the file it replaces
    file_name = suggested_file_name(lic, on_file)
    st.download_button(
        t("screen_import.download", lang),
        functools.partial(license_yaml, lic, header),  # written when clicked
        file_name,
        "application/x-yaml",
        icon=":material/download:",
        key="import_download",
    )
    st.caption(t_markdown("screen_import.then", lang, name=file_name))
    if lic.supersedes:
        st.caption(t_markdown("import.supersedes", lang, name=lic.supersedes))

st.subheader(t("screen_import.fields", lang))
st.dataframe(field_table(result, text, lang), hide_index=True, key="import_fields")

if on_file:
    st.subheader(t("screen_import.changes", lang))
    keys = list(on_file)
    same = [k for k in keys if on_file[k].number in (lic.number, *lic.previous_numbers)]
    against = st.selectbox(
        t("screen_import.against", lang), keys, index=keys.index(same[0]) if same else 0, key="import_against"
    )
    old = on_file[against]
    diff = license_diff(old, lic)
    if len(diff):
        names = unit_labels(context.grantable_units(), lang)
        st.table(diff_display(diff, lang, names), hide_index=True)
    else:
        st.caption(t("screen_import.same_coverage", lang))
    dates = dates_table(old, lic, lang)
    if len(dates):
        st.table(dates, hide_index=True)
