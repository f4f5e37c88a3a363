"""The license itself: dates and validity, inspections, each service's clause and provisions, rules, sources."""

import importlib.metadata as md

import pandas as pd
import streamlit as st

from geo.i18n import service_name, t
from geo.license import SERVICE_KEYS
from geo.render.assets import LEAFLET_VERSION
from geo.rules import interpretation_rules
from geo.validity import validity
from pages.shared import context

current = context.current()
lang, lic = current.lang, current.lic
state = validity(lic, current.as_of)

st.title(f"{t('nav.license', lang)} {lic.number}")
show = {"expired": st.error, "not_yet_valid": st.warning, "valid": st.success}[state.status]
show(state.render(lang))

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
st.table(pd.DataFrame({"": labels, " ": list(facts.values())}).set_index(""))

st.subheader(t("screen_license.inspections", lang))
inspections = pd.DataFrame([r.model_dump() for r in lic.annual_inspections])
inspections["days_into_next_year"] = [
    (r.stamped - r.stamped.replace(month=1, day=1)).days for r in lic.annual_inspections
]
st.dataframe(inspections, hide_index=True, key="inspections")
st.bar_chart(inspections.set_index("year")["days_into_next_year"])
missing = sorted(set(range(inspections["year"].min(), inspections["year"].max() + 1)) - set(inspections["year"]))
if missing:
    st.caption(t("screen_license.missing_years", lang, years=", ".join(map(str, missing))))

st.subheader(t("screen_license.services", lang))
for service in SERVICE_KEYS:
    grant = lic.services[service]
    with st.expander(f"{service_name(service, lang)} ({grant.catalogue_code})", expanded=False):
        st.markdown(f"**{grant.clause_number}、{grant.category}**")
        if grant.service_items:
            st.markdown(t("screen_license.service_items", lang, items=grant.service_items))
        st.markdown(grant.coverage_clause)
        st.caption(", ".join(f"{u.name} ({u.adcode})" for u in grant.coverage))
        for provision in lic.own_provisions(service):
            st.markdown(f"**{provision.label.render(lang)}.**")
            st.text(provision.text)
general = lic.general_provisions()
with st.expander(t("screen_license.general", lang, first=general[0].label, last=general[-1].label)):
    for provision in general:
        st.markdown(f"**{provision.label.render(lang)}.** {provision.text}")

st.subheader(t("screen_license.rules", lang))
for rule in interpretation_rules(lang):
    st.markdown(f"- {rule}")

st.subheader(t("screen_license.sources", lang))
provenance = context.boundaries().provenance
sources = [
    ("source.license", f"data/licenses/{current.license_key}.yaml", lic.source.document),
    ("source.boundaries", provenance["package"], provenance["version"]),
    ("source.leaflet", "django-js-lib-leaflet", LEAFLET_VERSION),
    *[
        ("source.library", p, md.version(p))
        for p in ("streamlit", "folium", "streamlit-folium", "geopandas", "shapely")
    ],
]
columns = [t(f"source_column.{c}", lang) for c in ("source", "package", "version")]
st.dataframe(pd.DataFrame([(t(k, lang), p, v) for k, p, v in sources], columns=columns), hide_index=True, key="sources")
st.caption(t("screen_license.build", lang, build=provenance["build"]))
