"""Type-ahead for the check box: every place the gazetteer knows, as a query that names it alone.

A suggestion's query is the place's chain of full names (广东省深圳市南山区), which the lookup
reads as an address and resolves to that one unit; its label is what the user sees and types
against: the place with its province, plus the other script's name so that pinyin finds a
Chinese label and characters find an English one (names are names in either language).
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.lookup import UnitRef
from geo.names import pinyin
from geo.place_index import PlaceIndex

__all__ = ["Suggestion", "suggestions"]


@dataclass(frozen=True)
class Suggestion:
    query: str  # resolves to exactly this place
    label: str  # shown in the list, in the chosen language


def suggestions(index: PlaceIndex, lang: str) -> list[Suggestion]:
    """One suggestion per place, provinces first, then prefectures, then counties (adcode order within)."""
    units = index.gazetteer.units
    order = {"province": 0, "prefecture": 1, "county": 2}
    units = units.assign(rank=units["level"].map(order)).sort_values(["rank", "adcode"])
    out, seen = [], set()
    for row in units.itertuples():
        ref = UnitRef(row.level, row.adcode)
        query = index.naming_query(ref)
        if query in seen:  # 北京市 the province and 北京市 the city: one place to the user
            continue
        seen.add(query)
        other = pinyin(row.short_name) if lang == "zh" else row.name
        out.append(Suggestion(query, f"{index.place(ref).label(lang)} · {other}"))
    for file in index.gazetteer.aliases:  # 台北市 · 台湾
        for alias in file.places:
            label = f"{alias.zh} · {file.unit}" if lang == "zh" else f"{alias.en}, Taiwan · {alias.zh}"
            out.append(Suggestion(alias.zh, label))
    return out
