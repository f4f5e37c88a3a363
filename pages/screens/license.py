"""The license itself: dates and validity, inspections, each service's clause and provisions, rules, sources."""

import importlib.metadata as md

import pandas as pd
import streamlit as st

from geo.assets import LEAFLET_VERSION
from geo.i18n import SERVICE_NAMES, t
from geo.license import SERVICE_KEYS
from geo.rules import interpretation_rules
from geo.validity import validity
from pages.shared import context

current = context.current()
lang, lic = current.lang, current.lic
zh = lang == "zh"
state = validity(lic, current.as_of, lang)

st.title(f"{t('nav_license', lang)} {lic.number}")
if state.status == "expired":
    st.error(state.message, icon="⛔")
elif state.status == "not_yet_valid":
    st.warning(state.message)
else:
    st.success(state.message)

facts = {
    ("持证单位" if zh else "Holder"): " / ".join([lic.holder, *lic.holder_variants]),
    ("许可证类型" if zh else "Kind"): lic.kind,
    ("发证机关" if zh else "Issuer"): lic.issuer,
    ("发证日期" if zh else "Issued"): str(lic.issued),
    ("有效期至" if zh else "Valid until"): str(lic.valid_until),
    ("原许可证号" if zh else "Earlier number"): ", ".join(lic.previous_numbers),
    ("特别规定签署" if zh else "Provisions signed"): ", ".join(str(d) for d in lic.provisions_signed),
}
st.table(pd.DataFrame({"": list(facts), " ": list(facts.values())}).set_index(""))

st.subheader("年检记录" if zh else "Annual inspections")
inspections = pd.DataFrame([r.model_dump() for r in lic.annual_inspections])
inspections["days_into_next_year"] = [
    (r.stamped - r.stamped.replace(month=1, day=1)).days for r in lic.annual_inspections
]
st.dataframe(inspections, hide_index=True, key="inspections")
st.bar_chart(inspections.set_index("year")["days_into_next_year"])
missing = sorted(set(range(inspections["year"].min(), inspections["year"].max() + 1)) - set(inspections["year"]))
if missing:
    st.caption(
        ("文件中缺少以下年度的年检记录: " if zh else "No inspection record in the document for: ")
        + ", ".join(map(str, missing))
    )

st.subheader("业务与条款" if zh else "Services and clauses")
for service in SERVICE_KEYS:
    grant = lic.services[service]
    with st.expander(f"{SERVICE_NAMES[lang][service]} ({grant.catalogue_code})", expanded=False):
        st.markdown(f"**{grant.clause_number}、{grant.category}**")
        if grant.service_items:
            st.markdown(("服务项目: " if zh else "Service items: ") + grant.service_items)
        st.markdown(grant.coverage_clause)
        st.caption(", ".join(f"{u.name} ({u.adcode})" for u in grant.coverage))
        for provision in lic.provisions_for(service)[14:]:
            st.markdown(f"**{provision.number}、**")
            st.text(provision.text)
with st.expander("一至十四 (适用于全部业务)" if zh else "Provisions 一–十四 (apply to every service)"):
    for provision in lic.provisions_for("cdn")[:14]:
        st.markdown(f"**{provision.number}、** {provision.text}")

st.subheader("解读规则" if zh else "How the license is read")
for rule in interpretation_rules(lang):
    st.markdown(f"- {rule}")

st.subheader("数据来源" if zh else "Data sources")
provenance = context.boundaries().provenance
sources = pd.DataFrame(
    [
        {"source": "license", "package": f"data/licenses/{current.license_key}.yaml", "version": lic.source.document},
        {"source": t("source_line", lang), "package": provenance["package"], "version": provenance["version"]},
        {"source": "Leaflet", "package": "django-js-lib-leaflet", "version": LEAFLET_VERSION},
        *[
            {"source": "library", "package": p, "version": md.version(p)}
            for p in ("streamlit", "folium", "streamlit-folium", "geopandas", "shapely")
        ],
    ]
)
st.dataframe(sources, hide_index=True, key="sources")
st.caption(f"build: {provenance['build']}")
