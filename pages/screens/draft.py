"""Draft an amendment: add or remove units per service and watch the map, the changes and the shares move."""

import streamlit as st
from streamlit_folium import st_folium

from geo.compare import diff_display, license_diff
from geo.draft import clicked_unit, draft_license, draft_yaml, toggle, unit_labels
from geo.errors import CoverageAtlasError
from geo.i18n import service_name, t, t_markdown
from geo.license import License
from geo.population import reach_change
from geo.render.folium_map import MapSpec, coverage_map
from pages.shared import context

current = context.current()
lang, lic, base_key = current.lang, current.lic, current.license_key
grantable = context.grantable_units()
labels = unit_labels(grantable, lang)


def _key(service: str) -> str:
    return f"draft_{base_key}_{service}"  # one draft per base license, kept while the session lasts


def _use_click() -> None:
    """A click toggles the unit under it in the chosen service: its province where the grant names provinces."""
    clicked = (st.session_state.get("draft_map") or {}).get("last_clicked")
    if not clicked:
        return
    result = context.checker(base_key).check_point(clicked["lng"], clicked["lat"])
    if result.status != "ok" or result.place is None:
        return
    key = _key(st.session_state["draft_click_service"])
    st.session_state[key] = toggle(st.session_state[key], clicked_unit(result.place, st.session_state[key], grantable))


st.title(t("nav.draft", lang))
st.caption(t_markdown("screen_draft.intro", lang, number=lic.number))
coverage = {}
for service in lic.service_keys:
    if _key(service) not in st.session_state:
        st.session_state[_key(service)] = [u.adcode for u in lic.services[service].coverage]
    coverage[service] = st.multiselect(  # full width: 19 chips wrap in three rows, none hidden
        service_name(service, lang), list(labels), format_func=labels.__getitem__, key=_key(service), wrap=True
    )
if st.button(t("screen_draft.reset", lang), key="draft_reset"):
    for service in lic.service_keys:
        del st.session_state[_key(service)]
    st.rerun()

draft: License | None
try:
    draft = draft_license(lic, coverage, context.boundaries().units)
except CoverageAtlasError as exc:
    st.warning(exc.markdown(lang))
    draft = None

if draft is not None:
    left, right = st.columns([3, 2])
    with right:
        st.subheader(t("screen_draft.changes", lang))
        diff = license_diff(lic, draft)
        if len(diff):
            st.container(key="draft_diff").table(diff_display(diff, lang, labels), hide_index=True)
        else:
            st.info(t("screen_draft.no_change", lang))
        st.subheader(t("screen_draft.shares", lang))
        before, after = context.reach(base_key), context.reach_of(draft)
        st.container(key="draft_shares").table(reach_change(before, after, lang), hide_index=True)
        st.caption(t("population.source", lang))
        st.download_button(
            t("screen_draft.download", lang),
            draft_yaml(draft),
            f"{base_key}-draft.yaml",
            "application/x-yaml",
            icon=":material/download:",
            key="draft_download",
            disabled=not len(diff),
        )
    with left:
        st.radio(
            t("screen_draft.click_target", lang),
            lic.service_keys,
            index=lic.service_keys.index("idc") if "idc" in lic.services else 0,
            format_func=lambda s: service_name(s, lang),
            horizontal=True,
            key="draft_click_service",
        )
        st.caption(t("screen_draft.click_hint", lang))
        m = coverage_map(context.draft_map_data(draft), context.layer_sources(), MapSpec.screen(lic.service_keys, lang))
        st_folium(
            m,
            height=560,
            use_container_width=True,
            returned_objects=["last_clicked"],
            key="draft_map",
            on_change=_use_click,
        )
