"""What every screen shares: cached data (one caching boundary) and the sidebar frame.

Pages stay thin: they read `frame()` and call geo/. Read-only lookup structures are
shared with st.cache_resource, once per process.
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from geo import batch_view, coverage, draft
from geo.batch import matrix_table
from geo.boundaries import Boundaries, load_boundaries
from geo.check import Checker
from geo.i18n import LANGS, t, t_markdown
from geo.license import License, LicenseFolder, default_license_key, read_license_folder, validity
from geo.license_import import LicenseImporter
from geo.mapdata import MapData, map_data
from geo.paths import LICENSE_DIR, STATIC_LAYERS
from geo.place_index import PlaceIndex
from geo.population import Census, load_census, reach_table
from geo.render.assets import vendor_leaflet, vendored_is_current
from geo.render.layers import layer_collections, layer_files
from geo.suggest import suggestions

LAYER_ROUTE_SERVED = False  # server.py sets it: its /geo/layers/ route serves the map's geometry
FRAME_KEY = "_frame"
AS_OF_KEY = "_as_of"  # the as-of date picked, while its picker is not drawn
T = TypeVar("T")


def resident(value: T) -> T:
    """A cached resource, put out of the cyclic collector's reach with all else alive now (gc.freeze).

    It lives as long as the process. Streamlit collects after every run; unfrozen, that walked the
    boundaries, the gazetteer and every module again, ~0.1 s of CPU a run with the interpreter lock held.
    """
    gc.collect()  # what is garbage now is not frozen
    gc.freeze()
    return value


@st.cache_resource(show_spinner=False)  # before the language is known: no text in either
def boundaries() -> Boundaries:
    if not vendored_is_current():
        vendor_leaflet()  # set-up normally does this; keep a fresh checkout (or an updated one) working offline
    return resident(load_boundaries())


@st.cache_resource
def license_folder() -> LicenseFolder:
    """Each license file on its own: a broken one is left out and named in the sidebar."""
    return resident(read_license_folder(boundaries().units))


def licenses() -> dict[str, License]:
    return license_folder().usable()


def broken_licenses() -> dict[str, str]:
    return license_folder().broken


@st.cache_resource(show_spinner=False)
def place_index() -> PlaceIndex:
    """Every unit under every name: one index for every license's checker and the importer."""
    return resident(PlaceIndex(boundaries()))


@st.cache_resource(show_spinner=False)
def importer() -> LicenseImporter:
    """The license importer, with the check's own place index."""
    return resident(LicenseImporter(place_index()))


@st.cache_resource
def checker(license_key: str) -> Checker:
    return resident(Checker(boundaries(), licenses()[license_key], place_index()))


@st.cache_resource
def cached_map_data(license_key: str) -> MapData:
    return resident(map_data(licenses()[license_key], boundaries()))


@st.cache_data
def area_summary(license_key: str) -> pd.DataFrame:
    return coverage.area_summary(licenses()[license_key], boundaries())


def license_file(license_key: str) -> Path:
    """The file a license was read from (its SHA-256 goes on a coverage statement)."""
    return LICENSE_DIR / f"{license_key}.yaml"


@st.cache_resource
def census() -> Census:
    return resident(load_census(boundaries().units))


@st.cache_data
def reach(license_key: str) -> pd.DataFrame:
    """Per service: units, area and population share (geo.population.reach_table)."""
    return reach_table(licenses()[license_key], boundaries(), census())


@st.cache_data
def place_names_in_english() -> dict[str, str]:
    return batch_view.place_names_in_english(place_index())


@st.cache_data
def grantable_units() -> pd.DataFrame:
    """Units a draft may name (geo.draft.grantable_units)."""
    return draft.grantable_units(boundaries().units)


def _coverage_key(lic: License) -> tuple:
    return tuple((key, tuple(u.adcode for u in grant.coverage)) for key, grant in lic.services.items())


@st.cache_resource(max_entries=32)
def _draft_tables(_lic: License, coverage: tuple) -> tuple[pd.DataFrame, MapData]:
    return reach_table(_lic, boundaries(), census()), map_data(_lic, boundaries())


def reach_of(lic: License) -> pd.DataFrame:
    """reach() for a license held in memory (a draft), cached by its coverage."""
    return _draft_tables(lic, _coverage_key(lic))[0]


def draft_map_data(lic: License) -> MapData:
    """cached_map_data() for a draft, cached by its coverage."""
    return _draft_tables(lic, _coverage_key(lic))[1]


@st.cache_data
def matrix(license_key: str, lang: str) -> pd.DataFrame:
    return matrix_table(licenses()[license_key], boundaries().units, lang)


@st.cache_resource(show_spinner=False)
def suggestion_labels(lang: str) -> dict[str, str]:
    """Type-ahead for the check box: query -> label, every place the gazetteer knows (built once per language)."""
    return resident({s.query: s.label for s in suggestions(place_index(), lang)})


@st.cache_resource
def layer_sources() -> dict[str, str]:
    """URLs of the static geometry files (written once per cache build): server.py's immutable route, or,
    under a plain `streamlit run app.py`, Streamlit's static serving."""
    files = layer_files(boundaries())
    return files.urls() if LAYER_ROUTE_SERVED else files.static_urls(STATIC_LAYERS)


@st.cache_resource
def inline_layers() -> dict[str, dict]:
    """The same geometry as data, for a standalone HTML export (built on first export only)."""
    return layer_collections(boundaries())


@dataclass(frozen=True)
class Frame:
    license_key: str
    lic: License
    lang: str
    as_of: dt.date


def _query_default(name: str, allowed: list[str], fallback: str) -> str:
    value = st.query_params.get(name)
    return value if value in allowed else fallback


def render_sidebar() -> Frame:
    """License file, language and as-of date: chosen once, used by every screen (kept in the URL).

    Only choices are widgets: one license file is named, not offered in a list of one, and the date
    picker is drawn when its box is opened (most checks are for today). Every screen's page then loads
    without the list's and the date picker's code (~0.2 MB), ten at once without ~10% of their CPU.
    """
    keys = list(licenses())
    with st.sidebar:
        default_lang = LANGS.index(_query_default("lang", list(LANGS), "zh"))
        # the switch names each language in itself, whatever language is on: t(..., lang) with its own lang
        lang = st.radio(
            t("frame.language"),
            LANGS,
            format_func=lambda code: t("frame.lang_name", code),
            horizontal=True,
            key="lang",
            index=default_lang,
        )
        license_key = _license_choice(keys, lang)
        for reason in broken_licenses().values():
            st.warning(t_markdown("frame.license_skipped", lang, reason=reason))
        as_of = _as_of_choice(lang)
    for name, value in (("lang", lang), ("license", license_key)):
        if st.query_params.get(name) != value:  # write only on change: a link then reproduces the view
            st.query_params[name] = value
    return Frame(license_key, licenses()[license_key], lang, as_of)


def _license_choice(keys: list[str], lang: str) -> str:
    if len(keys) == 1:
        st.caption(t_markdown("frame.license_one", lang, key=keys[0]))
        return keys[0]
    return st.selectbox(
        t("frame.license_file", lang),
        keys,
        key="license_key",
        index=keys.index(_query_default("license", keys, default_license_key(licenses()))),
        format_func=lambda key: t("frame.draft_mark", lang, key=key) if licenses()[key].draft_of else key,
    )


def _keep_as_of() -> None:
    st.session_state[AS_OF_KEY] = st.session_state["as_of"]  # kept while the box is closed


def _as_of_choice(lang: str) -> dt.date:
    as_of = st.session_state.get(AS_OF_KEY, dt.date.today())
    box = st.expander(t("frame.as_of_box", lang, date=as_of), key="as_of_open", on_change="rerun")
    if box.open:
        box.date_input(t("frame.as_of", lang), value=as_of, key="as_of", on_change=_keep_as_of)
    return as_of


def render_validity_banner(current: Frame) -> None:
    state = validity(current.lic, current.as_of)
    if state.status == "valid":
        st.caption(state.markdown(current.lang))
    else:
        st.warning(state.markdown(current.lang), icon="⚠️")


def current() -> Frame:
    """The frame app.py drew for this run."""
    return st.session_state[FRAME_KEY]
