"""Footprint comparisons: service against service, and license against license."""

from __future__ import annotations

import pandas as pd

from geo.coverage import unit_status
from geo.i18n import service_name, t
from geo.license import SERVICE_KEYS, License

__all__ = ["OVERLAP_CATEGORIES", "date_changes", "diff_display", "license_diff", "overlap_table", "service_overlap"]

OVERLAP_CATEGORIES = ("both", "a_only", "b_only", "neither", "outside")


def service_overlap(lic: License, units: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Each prefecture-level unit with its category: covered by both services, A only, B only, neither, outside."""
    status = unit_status(lic, units)
    prefectures = status[status["level"] == "prefecture"].copy()
    in_a, in_b = prefectures[a] == "full", prefectures[b] == "full"
    prefectures["category"] = "neither"
    prefectures.loc[in_a & in_b, "category"] = "both"
    prefectures.loc[in_a & ~in_b, "category"] = "a_only"
    prefectures.loc[~in_a & in_b, "category"] = "b_only"
    prefectures.loc[prefectures[a] == "outside", "category"] = "outside"
    return prefectures[["adcode", "name", "short_name", "province_adcode", "area_km2", "category"]].reset_index(
        drop=True
    )


def license_diff(old: License, new: License) -> pd.DataFrame:
    """Units added to or removed from each service's coverage clause between two license files.

    A service one of them does not grant counts as covering nothing there (a renewal that drops VPN removes
    all its cities)."""
    rows = []
    for service in (s for s in SERVICE_KEYS if s in old.services or s in new.services):
        before = {u.adcode: u.name for u in old.services[service].coverage} if service in old.services else {}
        after = {u.adcode: u.name for u in new.services[service].coverage} if service in new.services else {}
        rows += [
            {"service": service, "change": "added", "adcode": c, "name": after[c]}
            for c in sorted(after.keys() - before.keys())
        ]
        rows += [
            {"service": service, "change": "removed", "adcode": c, "name": before[c]}
            for c in sorted(before.keys() - after.keys())
        ]
    return pd.DataFrame(rows, columns=["service", "change", "adcode", "name"])


def date_changes(old: License, new: License) -> dict[str, tuple[str, str]]:
    """The dates that differ between two license files: field -> (old, new), ISO."""
    fields = ("issued", "valid_until")
    return {
        f: (getattr(old, f).isoformat(), getattr(new, f).isoformat())
        for f in fields
        if getattr(old, f) != getattr(new, f)
    }


def diff_display(diff: pd.DataFrame, lang: str, names: dict[int, str]) -> pd.DataFrame:
    """license_diff for a screen: headed and worded in `lang`, units named by `names` (geo.draft.unit_labels)."""
    return pd.DataFrame(
        {
            t("column.service", lang): [service_name(s, lang) for s in diff["service"]],
            t("column.change", lang): [t(f"change.{c}", lang) for c in diff["change"]],
            t("column.name", lang): [names.get(int(a), n) for a, n in zip(diff["adcode"], diff["name"], strict=True)],
            t("column.adcode", lang): diff["adcode"].tolist(),
        }
    )


def overlap_table(overlap: pd.DataFrame, category: str, names: dict[int, str], lang: str) -> pd.DataFrame:
    """One category's units for a screen: province, name and km² in `lang`, with a total row last.

    `names`: adcode -> name in `lang`, for provinces and prefectures (geo.mapdata's name columns).
    """
    rows = overlap[overlap["category"] == category].sort_values(["province_adcode", "adcode"])
    province, name, area = t("column.province", lang), t("column.name", lang), t("column.area_km2", lang)
    table = pd.DataFrame(
        {
            province: [names[int(a)] for a in rows["province_adcode"]],
            name: [names[int(a)] for a in rows["adcode"]],
            area: rows["area_km2"].round(0).astype(int).tolist(),
        }
    )
    total: dict[str, str | int] = {province: t("compare.total", lang), name: t("compare.units", lang, count=len(rows))}
    total[area] = round(float(rows["area_km2"].sum()))
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)
