"""The coverage join: which units each service of a license covers, and how much.

Interpretation rules (README, "How the license is read"), applied here and nowhere else:
- a named city covers that prefecture-level unit's whole territory; a named
  province or municipality its whole territory; 全国 the 31 mainland provinces;
- Hong Kong, Macau and Taiwan are outside this license's jurisdiction ("outside");
- a unit larger than the licensed units inside it is "partial" (广东 for IDC);
- a county takes its prefecture's status.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

from geo.boundaries import Boundaries, municipalities
from geo.license import NATIONWIDE, OUTSIDE_LICENSE, License, ServiceGrant

__all__ = ["Status", "area_summary", "grant_adcodes", "province_matrix", "unit_status"]


class Status(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"
    OUTSIDE = "outside"


def grant_adcodes(grant: ServiceGrant, units: pd.DataFrame) -> tuple[set[int], set[int]]:
    """The licensed provinces and licensed prefectures of one service (全国 expanded)."""
    provinces = set(units.loc[units["level"] == "province", "adcode"])
    granted = {u.adcode for u in grant.coverage}
    if NATIONWIDE in granted:
        granted |= provinces - OUTSIDE_LICENSE
    return granted & provinces, granted - provinces - {NATIONWIDE}


def _service_status(grant: ServiceGrant, units: pd.DataFrame) -> pd.Series:
    licensed_provinces, licensed_prefectures = grant_adcodes(grant, units)
    level, adcode, province = units["level"], units["adcode"], units["province_adcode"]
    prefecture = adcode.where(level == "prefecture", units["parent_adcode"])  # a county's prefecture
    partial_provinces = set(units.loc[(level == "prefecture") & adcode.isin(licensed_prefectures), "province_adcode"])

    status = pd.Series(Status.NONE.value, index=units.index)
    status[(level != "province") & prefecture.isin(licensed_prefectures)] = Status.FULL.value
    status[(level == "province") & adcode.isin(partial_provinces)] = Status.PARTIAL.value
    status[province.isin(licensed_provinces)] = Status.FULL.value
    status[province.isin(OUTSIDE_LICENSE)] = Status.OUTSIDE.value
    return status


def unit_status(lic: License, units: pd.DataFrame) -> pd.DataFrame:
    """Every unit's attributes plus one status column per service (full / partial / none / outside)."""
    result = units.copy()
    for key in lic.service_keys:
        result[key] = _service_status(lic.services[key], units)
    return result


def province_matrix(lic: License, units: pd.DataFrame) -> pd.DataFrame:
    """Province × service status table, one row per province (34, incl. HK, MO, TW)."""
    status = unit_status(lic, units)
    provinces = status[status["level"] == "province"]
    return provinces[["adcode", "name", "short_name", *lic.service_keys]].set_index("adcode")


def area_summary(lic: License, boundaries: Boundaries) -> pd.DataFrame:
    """Per service: licensed provinces (full, partial), prefecture units covered, km², share of mainland area.

    Also what the grant names: municipalities, other provinces, cities, and how many of those cities
    today's boundaries cover wholly (a city that has grown since the grant is covered in part).
    """
    status = unit_status(lic, boundaries.units)
    prefectures = status[status["level"] == "prefecture"]
    provinces = status[status["level"] == "province"]
    mainland_km2 = boundaries.mainland["area_km2"].sum()
    rows = []
    cities_as_provinces = municipalities(boundaries.units)
    for key in lic.service_keys:
        covered = prefectures[prefectures[key] == Status.FULL.value]
        granted, cities = grant_adcodes(lic.services[key], boundaries.units)
        named_municipalities = granted & cities_as_provinces  # 北京市 …, not 省/区
        rows.append(
            {
                "service": key,
                "nationwide": lic.services[key].nationwide,
                "municipalities": len(named_municipalities),
                "provinces_named": len(granted - named_municipalities),
                "cities_named": len(cities),
                "cities_full": covered.loc[covered["adcode"].isin(cities), "adcode"].nunique(),
                "provinces_full": int((provinces[key] == Status.FULL.value).sum()),
                "provinces_partial": int((provinces[key] == Status.PARTIAL.value).sum()),
                "prefectures_covered": len(covered),
                "area_km2": float(covered["area_km2"].sum()),
                "share_of_mainland": float(covered["area_km2"].sum() / mainland_km2),
            }
        )
    return pd.DataFrame(rows).set_index("service")
