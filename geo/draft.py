"""What-if drafts: a license with units added to or removed from its services, for planning an amendment.

A draft is an ordinary License (it passes the same validation) marked `draft_of` its base
license's number, with a number of its own ("…-DRAFT") and coverage clauses that say they
are a draft, so no verdict computed from it can be mistaken for the license's words.
Nothing here writes a file: `draft_yaml` returns the bytes a user downloads.
"""

from __future__ import annotations

import pandas as pd
import yaml

from geo.errors import CoverageAtlasError
from geo.i18n import Msg
from geo.license import NATIONWIDE, OUTSIDE_LICENSE, CoverageUnit, License
from geo.names import english_name
from geo.places import Place

__all__ = ["DRAFT_SUFFIX", "clicked_unit", "draft_license", "draft_yaml", "grantable_units", "toggle", "unit_labels"]

DRAFT_SUFFIX = "-DRAFT"
_ENGLISH_NATIONWIDE = {"name_en": "Nationwide", "province_en": ""}


def grantable_units(units: pd.DataFrame) -> pd.DataFrame:
    """The units a clause may name: 全国, the 31 mainland provinces and their prefecture-level cities.

    Columns adcode, name (as a clause writes it: the short name), full_name, province; a
    municipality appears once, as a province.
    """
    provinces = units[(units["level"] == "province") & ~units["adcode"].isin(OUTSIDE_LICENSE)]
    prefectures = units[(units["level"] == "prefecture") & units["province_adcode"].isin(provinces["adcode"])]
    full_names = provinces.set_index("adcode")["name"]
    municipal = prefectures["name"].to_numpy() == full_names.reindex(prefectures["province_adcode"]).to_numpy()
    prefectures = prefectures[~municipal & ~prefectures["adcode"].isin(provinces["adcode"])]  # 北京市 once
    province_names = provinces.set_index("adcode")["short_name"]
    province_english = {
        a: english_name(n, s) for a, n, s in provinces[["adcode", "name", "short_name"]].itertuples(False)
    }
    rows = [{"adcode": NATIONWIDE, "name": "全国", "full_name": "全国", "province": ""} | _ENGLISH_NATIONWIDE]
    for frame in (provinces, prefectures):
        for row in frame.itertuples():
            in_province = row.level == "prefecture"
            rows.append(
                {
                    "adcode": row.adcode,
                    "name": row.short_name,
                    "full_name": row.name,
                    "province": province_names[row.province_adcode] if in_province else "",
                    "name_en": english_name(row.name, row.short_name),
                    "province_en": province_english[row.province_adcode] if in_province else "",
                }
            )
    return pd.DataFrame(rows)


def unit_labels(grantable: pd.DataFrame, lang: str) -> dict[int, str]:
    """How the Draft screen lists each unit: 成都 · 四川 / Chengdu · Sichuan (the province tells 吉林 from 吉林)."""
    name, province = ("name_en", "province_en") if lang == "en" else ("name", "province")
    return {
        int(row["adcode"]): f"{row[name]} · {row[province]}" if row[province] else row[name]
        for _, row in grantable.iterrows()
    }


def toggle(adcodes: list[int], adcode: int) -> list[int]:
    """A map click: add the unit if it is not in the list, remove it if it is."""
    return [a for a in adcodes if a != adcode] if adcode in adcodes else [*adcodes, adcode]


def clicked_unit(place: Place, chosen: list[int], grantable: pd.DataFrame) -> int:
    """The unit a map click on `place` adds or removes: its province where the service's draft names only
    provinces (ISP, CDN) or the place is in a municipality, else its prefecture-level city."""
    province_of = dict(zip(grantable["adcode"], grantable["province"], strict=True))
    by_province = all(province_of.get(a) == "" for a in chosen)
    city = next((a for a in (place.adcode, place.adcode // 100 * 100) if province_of.get(a)), None)
    return place.province_adcode if by_province or city is None else city


def _clause(base_number: str, names: list[str], means: str) -> str:
    """The draft's clause in the license's form: a facility-location grant names where rooms are (机房所在地为…)."""
    rooms = "机房所在地为" if means == "facility_location" else ""
    return f"业务覆盖范围 (草案, 基于 {base_number}): {rooms}{'、'.join(names)}。"


def draft_license(base: License, coverage: dict[str, list[int]], units: pd.DataFrame) -> License:
    """`base` with each service's coverage replaced by `coverage[service]` (adcodes; services left out keep theirs)."""
    names = grantable_units(units).set_index("adcode")["name"]
    services = {}
    for key in base.service_keys:
        grant = base.services[key]
        chosen = list(dict.fromkeys(coverage[key])) if key in coverage else None
        if chosen is None or sorted(chosen) == sorted(u.adcode for u in grant.coverage):
            services[key] = grant
            continue
        if not chosen:
            raise CoverageAtlasError(Msg("draft.empty_service", {"service": Msg(f"service.{key}")}))
        kept = {u.adcode: u.name for u in grant.coverage}  # a unit the base names keeps its wording
        unit_list = [CoverageUnit(adcode=a, name=kept.get(a, names[a])) for a in chosen]
        clause = _clause(base.number, [u.name for u in unit_list], grant.coverage_means)
        services[key] = grant.model_copy(update={"coverage": unit_list, "coverage_clause": clause})
    update = {"number": base.number + DRAFT_SUFFIX, "draft_of": base.number, "services": services}
    return License.model_validate(base.model_copy(update=update).model_dump())


def draft_yaml(draft: License) -> bytes:
    """The draft as a license file that load_license accepts (put it in data/licenses/ to compare it)."""
    header = (
        f"# DRAFT of license {draft.draft_of}, made with Coverage Atlas's Draft screen. Not a license document:\n"
        "# every coverage clause below says it is a draft. Put this file in data/licenses/ to choose it in\n"
        "# the sidebar and to compare it with its base license.\n"
    )
    body = yaml.safe_dump(draft.model_dump(mode="json"), allow_unicode=True, sort_keys=False, width=120)
    return (header + body).encode("utf-8")
