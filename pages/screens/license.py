"""The license itself: dates and validity, inspections, each service's clause and provisions, rules, sources."""

import importlib.metadata as md

import pandas as pd
import streamlit as st

from geo.i18n import escape_markdown, service_name, t, t_markdown
from geo.inspections import printed_number_note
from geo.license import interpretation_rules
from geo.render.assets import LEAFLET_VERSION
from pages.shared import context

current = context.current()
lang, lic = current.lang, current.lic

st.title(
    f"{t('nav.license', lang)} {escape_markdown(lic.number)}"
)  # the validity is the frame's banner above: said once

facts = {
    "holder": " / ".join([lic.holder, *lic.holder_variants]),
    "kind": lic.kind,
    "issuer": lic.issuer,
    "issued": str(lic.issued),
    "valid_until": str(lic.valid_until),
    "previous_numbers": ", ".join(lic.previous_numbers),
    "provisions_signed": ", ".join(str(d) for d in lic.provisions_signed),
}
labels = [t(f"license_field.{k}", lang) for k in facts]
facts_table = pd.DataFrame({t("column.field", lang): labels, t("column.value", lang): list(facts.values())})
st.table(facts_table, hide_index=True, hide_header=True)

st.subheader(t("screen_license.inspections", lang))
st.caption(t("screen_license.inspections_note", lang))
years = [r.year for r in lic.annual_inspections]
inspections = pd.DataFrame(
    {
        t("column.inspection_year", lang): [str(r.year) for r in lic.annual_inspections],
        t("column.stamped", lang): [str(r.stamped) for r in lic.annual_inspections],
        t("column.number_printed", lang): [r.number_printed for r in lic.annual_inspections],
        t("column.inspection_note", lang): [
            (
                note.render(lang)
                if (note := printed_number_note(r.number_printed, lic.number, lic.previous_numbers))
                else ""
            )
            for r in lic.annual_inspections
        ],
    }
)
st.table(inspections, hide_index=True)  # every year in view: a scrolled box hid 2013-2016
missing = sorted(set(range(min(years), max(years) + 1)) - set(years)) if years else []  # a new license has none yet
if missing:
    st.caption(t("screen_license.missing_years", lang, years=", ".join(map(str, missing))))

st.subheader(t("screen_license.services", lang))
for service in lic.service_keys:
    grant = lic.services[service]
    with st.expander(f"{service_name(service, lang)} ({grant.catalogue_code})", expanded=False):
        st.markdown(f"**{escape_markdown(grant.clause_number)}、{escape_markdown(grant.category)}**")
        if grant.service_items:
            st.markdown(t_markdown("screen_license.service_items", lang, items=grant.service_items))
        st.markdown(escape_markdown(grant.coverage_clause))
        st.caption(escape_markdown(", ".join(f"{u.name} ({u.adcode})" for u in grant.coverage)))
        for provision in lic.own_provisions(service):
            st.markdown(f"**{provision.label.render(lang)}.**")
            st.text(provision.text)
if lic.unsupported_services:  # granted by the document, not answered by the atlas yet: said, never dropped
    st.caption(t("screen_license.unsupported", lang))
    for other in lic.unsupported_services:
        st.markdown(f"- **{escape_markdown(other.catalogue_code)}** {escape_markdown(other.category)}")
        st.caption(escape_markdown(other.coverage_clause))
general = lic.general_provisions()
with st.expander(t("screen_license.general", lang, first=general[0].label, last=general[-1].label)):
    for provision in general:
        st.markdown(f"**{escape_markdown(provision.label.render(lang))}.** {escape_markdown(provision.text)}")

st.subheader(t("screen_license.rules", lang))
for rule in interpretation_rules(lang):
    st.markdown(f"- {rule}")  # the catalogue's own text

st.subheader(t("screen_license.sources", lang))
provenance = context.boundaries().provenance
build = provenance["build"]
libraries = ", ".join(
    f"{p} {md.version(p)}" for p in ("streamlit", "folium", "streamlit-folium", "geopandas", "shapely")
)
sentences = [
    t("source.license_sentence", lang, file=f"data/licenses/{current.license_key}.yaml", document=lic.source.document),
    t(
        "source.boundaries_sentence",
        lang,
        package=provenance["package"],
        version=provenance["version"],
        tolerance=build["display_tolerance_deg"],
    ),
    t("population.source", lang),
    t("source.leaflet_sentence", lang, version=LEAFLET_VERSION),
    t("source.libraries_sentence", lang, libraries=libraries),
]
for sentence in sentences:
    st.markdown(f"- {sentence}")
