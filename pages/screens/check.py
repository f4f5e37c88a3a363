"""Check a location: one input (or a map click) -> a card per service with the clause behind it."""

import functools
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.answer_view import answer_view, candidates_view
from geo.datum import DATUMS
from geo.i18n import escape_markdown, service_name, t
from geo.license import validity
from geo.render.answer_layers import answer_group, candidates_group, country_group
from geo.render.folium_map import MapSpec, coverage_map
from geo.render.statement_pdf import checked_statement_pdf
from geo.style import VERDICT_BADGES, VERDICT_MARKS
from geo.summary import email_summary, nearest_text, share_link
from geo.verdict_line import verdict_line
from geo.verdicts import marked_verdict
from pages.shared import context
from pages.shared.copy_text import copy_text

current = context.current()
lang, lic = current.lang, current.lic
checker = context.checker(current.license_key)

STYLE = Path(__file__).resolve().parents[2] / "static" / "check.css"

if "query" not in st.session_state and st.query_params.get("q"):  # only a link sets the box: a value set by the
    st.session_state["query"] = st.query_params["q"]  # server re-sends its 3,260 suggestions (~140 KB) once more
if "crs" not in st.session_state and st.query_params.get("crs") in DATUMS:
    st.session_state["crs"] = st.query_params["crs"]


def _new_query() -> None:
    st.session_state.pop("candidate", None)  # a pick belongs to the query it was made for


def _take(query: str) -> None:
    """A 'did you mean' choice becomes the query, as if it had been picked from the list."""
    st.session_state["query"] = query
    _new_query()


def _use_click() -> None:
    """A map click becomes the query (WGS-84: the map is drawn in WGS-84)."""
    clicked = (st.session_state.get("check_map") or {}).get("last_clicked")
    if clicked:
        st.session_state["query"] = f"{clicked['lat']:.5f},{clicked['lng']:.5f}"
        st.session_state["crs"] = "wgs84"
        _new_query()


st.html(STYLE)  # the compact frame and the print style of this screen (a .css file, sent as a style tag)
st.title(t("nav.check", lang))
# One box: suggestions while typing (every known place, pinyin and English too); Enter takes any text.
# The list (~140 KB) is the same on every rerun: Streamlit sends it once and then by reference, unless the
# server changes the value (a map click, a suggestion taken), which sends the whole element again.
labels = context.suggestion_labels(lang)
ask, datum = st.columns([4, 1], vertical_alignment="bottom", wrap=False)  # one row, on a phone too
query = (
    ask.selectbox(
        t("screen_check.input", lang),
        list(labels),
        index=None,
        key="query",
        format_func=lambda option: labels.get(option, option),
        placeholder=t("screen_check.placeholder", lang),
        accept_new_options=True,
        on_change=_new_query,
    )
    or ""
)
crs = datum.selectbox(
    t("screen_check.datum", lang), DATUMS, format_func=lambda d: t(f"datum.{d}", lang), key="crs", on_change=_new_query
)
st.query_params["q"] = query
if crs == DATUMS[0]:
    st.query_params.pop("crs", None)
else:
    st.query_params["crs"] = crs  # a link to a GCJ-02 point reproduces it

result = checker.check(query, crs) if query.strip() else None
answer = result
# One container above the map, drawn on every run: the map keeps its place in the page whatever the answer
# shows above it, so Streamlit keeps its frame (and the geometry in it) instead of mounting a new one.
with st.container(key="answer_top"):
    if result is not None and result.status == "ambiguous":
        # No verdict before the user picks: only the candidates, and what holds for all of them, said as such.
        st.info(result.message.markdown(lang))
        if result.services:
            st.markdown(t("screen_check.shared", lang))
            shared = {
                t("column.service", lang): [service_name(s, lang) for s in result.services],
                t("column.verdict", lang): [t(f"verdict.{a.verdict}", lang) for a in result.services.values()],
            }
            st.table(pd.DataFrame(shared).set_index(t("column.service", lang)))
        picked = st.session_state.get("candidate")  # the radio beside the map, drawn below; its value is known now
        answer = result.choose(picked) if isinstance(picked, int) and picked in range(len(result.candidates)) else None
    elif result is not None and result.status in ("invalid", "not_found"):
        st.error(result.message.markdown(lang))
        for i, (column, near) in enumerate(zip(st.columns(3), result.suggestions, strict=False)):
            column.button(near.place.label(lang), key=f"did_you_mean_{i}", on_click=_take, args=(near.query,))

    answer = answer if answer is not None and answer.status == "ok" else None  # an answer to act on, or none
    basis = validity(lic, current.as_of).basis
    if answer is not None:
        # the whole answer in one line first, then one tile per service: verdicts above the fold on a laptop or a phone
        st.markdown(f"**{escape_markdown(verdict_line(answer, basis, lang))}**")
        if result is not None and result.status == "ok":  # the place as read (a pick from candidates says so itself)
            st.container(key="recognised").caption(answer.message.markdown(lang))
        with st.container(horizontal=True, gap="small", key="cards"):
            for service in lic.service_keys:
                reply = answer.services[service]
                with st.container(border=True, key=f"card_{service}"):
                    st.markdown(f"**{service_name(service, lang)}**")
                    badge = marked_verdict(reply.verdict, reply.means, lang)
                    st.markdown(f":{VERDICT_BADGES[reply.verdict]}-background[{badge}]")
                    if service in answer.nearest:
                        st.caption(escape_markdown(nearest_text(answer.nearest[service], lang, reply.means)))

# The map's script is the same for every check: only this small group changes, so a check re-sends no geometry.
# It follows the answer: a place answered is framed; candidates are numbered; anything else shows the country again.
if answer is not None:
    view = answer_view(checker.index, answer)  # built once: the map shows it, the statement draws it
    highlight = answer_group(view, lang, query if answer.point else None)
elif result is not None and result.status == "ambiguous" and result.candidates:
    highlight = candidates_group(candidates_view(checker.index, result), lang)
else:
    highlight = country_group(result.point if result is not None else None, query)
where, why = st.columns([3, 2])  # always two: the map stays in place (and in the browser) from check to check
with where:
    spec = MapSpec.screen(lic.service_keys, lang)
    m = coverage_map(context.cached_map_data(current.license_key), context.layer_sources(), spec)
    st_folium(
        m,
        height=460,
        use_container_width=True,
        returned_objects=["last_clicked"],
        feature_group_to_add=highlight,
        key="check_map",
        on_change=_use_click,
    )
    st.caption(t("screen_check.click_hint", lang))

if result is not None and result.status == "ambiguous":
    with why:  # the candidates beside the map that numbers them
        numbered = [f"{i}. {c.place.label(lang)}" for i, c in enumerate(result.candidates, start=1)]
        st.radio(
            t("screen_check.which", lang),
            range(len(numbered)),
            format_func=numbered.__getitem__,
            index=None,
            key="candidate",
        )
        if answer is None:
            st.caption(t("statement.pick_first", lang))

if answer is not None:
    with why:  # why each verdict: the reason, then the license's own words it rests on (printed with the answer)
        st.caption(basis.markdown(lang))
        for service in lic.service_keys:
            reply = answer.services[service]
            with st.container(key=f"why_{service}"):
                st.markdown(
                    f"{VERDICT_MARKS[reply.verdict]} **{service_name(service, lang)}** — {reply.reason.markdown(lang)}"
                )
                st.caption(f"{t('screen_check.clause', lang)}: {escape_markdown(reply.clause)}")
        if "idc" in lic.services:
            st.caption(t("screen_check.idc_note", lang))
    with st.expander(t("screen_check.summary", lang)):
        copy_text(email_summary(answer, lic, current.as_of, lang), lang, key="summary_text")
    statement = functools.partial(  # drawn when clicked, not on every rerun
        checked_statement_pdf,
        checker,
        answer,
        context.cached_map_data(current.license_key),
        context.license_file(current.license_key),
        current.as_of,
        lang,
        crs,
        view=view,
    )
    save, share = st.columns([1, 2], vertical_alignment="center")
    save.download_button(
        t("statement.button", lang),
        statement,
        f"{lic.number}-statement-{answer.place.adcode if answer.place else 'point'}-{lang}.pdf",
        "application/pdf",
        icon=":material/picture_as_pdf:",
        key="statement_pdf",
    )
    with share.container(key="share_link"):  # the URL reproduces this view; the block has a copy button
        st.caption(t("screen_check.link", lang))
        copy_text(share_link(st.context.url, dict(st.query_params)), lang, key="share_link_text", wrap=True)
