"""A coverage clause's words as units: "北京、上海 2 直辖市以及南京、武汉 2 城市" -> adcodes.

Names are looked up in the check's own place index (geo.lookup._gazetteer) and joined on
adcodes. The clause's own kind words (直辖市, 城市, 省) decide the level, so 吉林 in a
list of provinces is the province and in a list of cities the city. A name that
matches no unit, or several, is a problem naming the line and the candidates; a
stated count that disagrees with the names listed is a problem naming the clause.
Nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from geo.boundaries import municipalities
from geo.i18n import Msg, Quoted, t
from geo.license import NATIONWIDE, CoverageUnit, outside_license
from geo.license_text import normalise
from geo.lookup import Gazetteer, UnitRef

__all__ = ["ClauseReading", "CoverageReader", "ImportProblem"]

_KINDS = {  # the words a clause counts its units with -> the level they name
    "省(自治区、直辖市)": "province",
    "省、自治区、直辖市": "province",
    "省(直辖市)": "province",
    "省(区、市)": "province",
    "省(市、区)": "province",
    "省(区市)": "province",
    "省(市)": "province",
    "省区市": "province",
    "省市": "province",
    "省(自治区)": "province",
    "个省份": "province",
    "个省": "province",
    "省份": "province",
    "省": "province",
    "自治区": "province",
    "直辖市": "municipality",
    "个城市": "city",
    "城市": "city",
    "地市": "city",
    "市": "city",
}
_GROUP_END = re.compile(
    r"(\d+)\s*个?\s*(" + "|".join(re.escape(k) for k in sorted(_KINDS, key=len, reverse=True)) + ")"
)
_CONNECTORS = re.compile(r"^[、,;\s]+|(?:等|以及|及|和|与|、|,|;|\s)+$")  # a leading 和 may be 和田's: see unit()
_LEADING_WORD = re.compile(r"^(?:以及|及|和|与)")
_SEPARATORS = re.compile(r"[、,;\s]+")
_NATIONWIDE = re.compile(r"^全国(?:范围)?(?:\((?:不含|除)?港澳台(?:地区)?\))?$")
FACILITY_PREFIX = re.compile(r"^机房所在地(?:为|:)?")


@dataclass(frozen=True)
class ImportProblem:
    """Why the importer cannot write a field: where in the text, what, and which units it could mean."""

    lines: tuple[int, ...]
    reason: Msg
    candidates: tuple[str, ...] = ()

    def render(self, lang: str = "en") -> str:
        first, last = self.lines[0], self.lines[-1]
        where = t("import.line", lang, line=first) if first == last else t("import.lines", lang, first=first, last=last)
        tail = t("import.candidates", lang, names="; ".join(self.candidates)) if self.candidates else ""
        return f"{where}: {self.reason.render(lang)}{tail}"


@dataclass(frozen=True)
class ClauseReading:
    coverage_means: str  # service_area | facility_location
    units: list[CoverageUnit]
    problems: list[ImportProblem]


class CoverageReader:
    """Reads coverage clauses against the boundary units through one place index."""

    def __init__(self, units: pd.DataFrame, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        higher = units[units["level"].isin(["province", "prefecture"])].drop_duplicates(["level", "adcode"])
        self._rows = {(r.level, r.adcode): r for r in higher.itertuples()}
        self._municipalities = municipalities(units)
        self._county_names = units.loc[units["level"] == "county"].set_index("adcode")["name"].to_dict()

    def _as_coverage(self, ref: UnitRef) -> UnitRef | None:
        """The unit a coverage clause means by a match: a municipality's city is the municipality; counties none."""
        if ref.level == "county":
            return None
        province = ref.adcode // 10000 * 10000
        if ref.level == "prefecture" and province in self._municipalities:
            return UnitRef("province", province)
        return ref

    def _label(self, ref: UnitRef) -> str:
        if ref.level == "county":
            return f"{self._county_names.get(ref.adcode, ref.adcode)} ({ref.adcode}, county-level)"
        row = self._rows[(ref.level, ref.adcode)]
        if ref.level == "prefecture":
            province = self._rows[("province", int(row.province_adcode))].name
            return f"{row.name} ({ref.adcode}, {province})"
        return f"{row.name} ({ref.adcode})"

    def _wanted(self, ref: UnitRef, kind: str | None) -> bool:
        if kind == "municipality":
            return ref.level == "province" and ref.adcode in self._municipalities
        if kind == "province":
            return ref.level == "province"
        if kind == "city":
            return ref.level == "prefecture" or ref.adcode in self._municipalities
        return True

    def unit(self, name: str, kind: str | None, lines: tuple[int, ...]) -> CoverageUnit | ImportProblem:
        """One name of a list as one unit, or the problem that stops it; "以及大同" is 大同, "和田" stays 和田."""
        got = self._unit(name, kind, lines)
        bare = _LEADING_WORD.sub("", name)
        if isinstance(got, ImportProblem) and bare and bare != name:
            joined = self._unit(bare, kind, lines)
            return joined if isinstance(joined, CoverageUnit) else got
        return got

    def _unit(self, name: str, kind: str | None, lines: tuple[int, ...]) -> CoverageUnit | ImportProblem:
        written = self.gazetteer.simplified(name)
        found = self.gazetteer.exact(written)
        refs = {c for r in found if (c := self._as_coverage(r)) is not None}
        wanted = sorted(r for r in refs if self._wanted(r, kind))
        if len(wanted) == 1:
            ref = wanted[0]
            row = self._rows[(ref.level, ref.adcode)]
            if outside_license(ref.adcode):
                return ImportProblem(lines, Msg("import.outside", {"name": Quoted(name)}))
            shown = written if written in (row.name, row.short_name) else str(row.short_name)
            return CoverageUnit(adcode=ref.adcode, name=shown)
        if wanted:
            named = Msg("import.ambiguous", {"name": Quoted(name)})
            return ImportProblem(lines, named, tuple(self._label(r) for r in wanted))
        others = tuple(self._label(r) for r in sorted(found))
        level = Msg(f"import.level.{kind or 'any'}")
        why = "import.other_level" if others else "import.no_match"
        return ImportProblem(lines, Msg(why, {"name": Quoted(name), "level": level}), others)

    def read(self, clause: str, lines: tuple[int, ...]) -> ClauseReading:
        """A whole 业务覆盖范围 clause (the words after the colon)."""
        text = normalise(clause).rstrip("。.")  # one width, as the document's paragraphs are
        means = "service_area"
        if FACILITY_PREFIX.match(text):
            means, text = "facility_location", FACILITY_PREFIX.sub("", text, count=1)
        text = text.strip()
        if _NATIONWIDE.match(text):
            return ClauseReading(means, [CoverageUnit(adcode=NATIONWIDE, name="全国")], [])
        units: list[CoverageUnit] = []
        problems: list[ImportProblem] = []
        seen: set[int] = set()
        for names, count, word in _groups(text):
            if count is not None and count != len(names):
                listed = {"count": count, "word": word, "found": len(names), "names": "、".join(names)}
                problems.append(ImportProblem(lines, Msg("import.count", listed)))
            kind = _KINDS.get(word or "")
            for name in names:
                got = self.unit(name, kind, lines)
                if isinstance(got, ImportProblem):
                    problems.append(got)
                elif got.adcode in seen:
                    problems.append(ImportProblem(lines, Msg("import.twice", {"name": Quoted(name)})))
                else:
                    seen.add(got.adcode)
                    units.append(got)
        if not units and not problems:
            problems.append(ImportProblem(lines, Msg("import.no_place")))
        return ClauseReading(means, units, problems)


def _names(text: str) -> list[str]:
    return [n for n in _SEPARATORS.split(_CONNECTORS.sub("", text)) if n]


def _groups(text: str) -> list[tuple[list[str], int | None, str | None]]:
    """'北京、上海 2 直辖市以及南京 1 城市' -> [(['北京', '上海'], 2, '直辖市'), (['南京'], 1, '城市')]."""
    groups: list[tuple[list[str], int | None, str | None]] = []
    start = 0
    for match in _GROUP_END.finditer(text):
        groups.append((_names(text[start : match.start()]), int(match.group(1)), match.group(2)))
        start = match.end()
    rest = _names(text[start:])
    if rest:
        groups.append((rest, None, None))
    return groups
