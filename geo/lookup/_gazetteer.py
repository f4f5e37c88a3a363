"""Place-name lookup: Chinese names at any level, addresses, pinyin and English exonyms.

Names are for lookup only; every match resolves to (level, adcode) units. The
gazetteer never chooses between homonyms: it returns all candidates and the caller
reports them as ambiguous.

Addresses are scanned for unit names, leftmost-longest. Each name found narrows the
set of places consistent with those found before (深圳市 then 南山区 -> 深圳's 南山区);
a name that fits none of them (a street called 南京路 in a 上海 address) is ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import pandas as pd

from geo.aliases import AliasFile, UnitLatinName
from geo.errors import CoverageAtlasError
from geo.history import FormerName
from geo.latin import STREET_WORDS, LatinSpan, kind_and_stem, latin_spans, latin_words
from geo.lookup._traditional import TraditionalConverter
from geo.names import DISPLAY_EXONYMS, LOOKUP_ALIASES, pinyin, readings, short_name

__all__ = ["Gazetteer", "LatinReading", "UnitRef", "latin_key"]

# Cities whose districts are spoken of like cities (北京's 朝阳, 长春's 朝阳): municipalities and
# the 15 sub-provincial cities. A bare short name offers such districts as candidates; other
# districts only by full name, so 西安 means 西安市, never 辽源's 西安区.
PROMINENT_CITIES = "北京市 天津市 上海市 重庆市 哈尔滨市 长春市 沈阳市 大连市 济南市 青岛市 南京市 杭州市 宁波市 厦门市 武汉市 广州市 深圳市 成都市 西安市".split()
# A Latin suffix that names a level narrows the match to it: "Jilin Province" vs "Jilin City".
_LATIN_SUFFIXES: dict[str, str | None] = dict.fromkeys(("province", "sheng", "autonomousregion", "sar"), "province")
_LATIN_SUFFIXES |= dict.fromkeys(("prefecture", "city", "shi"), "prefecture") | {"municipality": None}
_LATIN_SUFFIXES |= dict.fromkeys(("newarea", "district", "county"), "county")  # Pudong New Area, Haidian District
_DIRECTIONS = frozenset("east west north south middle central dong xi nan bei zhong".split())  # Nanjing East Road
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_UNIT_LIKE = re.compile(r"^[\u4e00-\u9fff]{2,4}?(?:自治县|自治州|市|县|区|旗|盟|州)")


@dataclass(frozen=True, order=True)
class UnitRef:
    """One administrative unit: its level and adcode (adcodes repeat across levels)."""

    level: str
    adcode: int


def _latin_key_and_level(text: str) -> tuple[str, str | None]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z]", "", folded.lower())
    for suffix, level in _LATIN_SUFFIXES.items():
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            return key[: -len(suffix)], level
    return key, None


def latin_key(text: str) -> str:
    """Lower-case ASCII letters only, level word dropped: 'Xi'an' -> 'xian', 'Jilin Province' -> 'jilin'."""
    return _latin_key_and_level(text)[0]


@dataclass(frozen=True)
class LatinReading:
    """What a Latin text names: the most specific places consistent with all of it, and the names used."""

    places: set[UnitRef]
    used: list[str]
    conflict: tuple[str, str] | None = None  # two names that fit no one place
    unusual: tuple[str, ...] = ()  # names read only in a polyphone's other reading, with nothing beside them
    former: tuple[FormerName, ...] = ()  # former divisions named in pinyin (Xiangfan)


class Gazetteer:
    """Name -> units index over the boundary units (provinces, prefectures, counties)."""

    def __init__(  # noqa: C901 - every name form of every unit, indexed in one pass over the units
        self,
        units: pd.DataFrame,
        aliases: Sequence[AliasFile] = (),
        former: Sequence[FormerName] = (),
        latin_names: Sequence[UnitLatinName] = (),
    ) -> None:
        self.units = self._distinct_places(units)
        self.aliases = tuple(aliases)
        self._parent = {UnitRef(r.level, r.adcode): r.parent_ref for r in self.units.itertuples()}
        self._children = Counter(p for p in self._parent.values() if p is not None)
        self._full: dict[str, set[UnitRef]] = defaultdict(set)
        self._short: dict[str, set[UnitRef]] = defaultdict(set)
        self._latin: dict[str, set[UnitRef]] = defaultdict(set)  # bare Latin name -> as its Chinese short names
        self._latin_any: dict[str, set[UnitRef]] = defaultdict(set)  # every unit whose short name reads so
        self._latin_kind: dict[tuple[str, str], set[UnitRef]] = defaultdict(set)  # (stem pinyin, kind) -> units
        self._other_any: dict[str, set[UnitRef]] = defaultdict(set)  # a polyphone's other readings (闵行 minhang)
        self._other_kind: dict[tuple[str, str], set[UnitRef]] = defaultdict(set)
        self._any_short: dict[str, set[UnitRef]] = defaultdict(set)  # every unit of each short name
        prominent = set(self.units.loc[self.units["name"].isin(PROMINENT_CITIES), "adcode"])
        higher_short_names = set(self.units.loc[self.units["level"] != "county", "short_name"])
        for row in self.units.itertuples():
            ref = UnitRef(row.level, row.adcode)
            self._full[row.name].add(ref)
            if row.level == "prefecture" and row.name.endswith("自治州"):
                self._full[row.short_name + "州"].add(ref)  # 海南州, 延边州: how people write them
            spoken_like_a_city = row.level != "county" or row.parent_adcode in prominent
            if spoken_like_a_city or row.short_name not in higher_short_names:
                self._short[row.short_name].add(ref)
            self._any_short[row.short_name].add(ref)
            kind, stem = kind_and_stem(row.name, row.short_name)
            first, *others = readings(stem)
            self._latin_kind[(first, kind)].add(ref)
            for key in others:
                self._other_kind[(key, kind)].add(ref)
            first, *others = readings(row.short_name)
            self._latin_any[first].add(ref)
            for key in others:
                self._other_any[key].add(ref)
        for short, refs in self._short.items():  # a bare Latin name stands for what its Chinese short names do
            self._latin[pinyin(short)] |= refs
        by_full_name = {
            row.name: UnitRef(row.level, row.adcode) for row in self.units.itertuples() if row.level != "county"
        }
        exonyms = {latin_key(english): name for name, english in DISPLAY_EXONYMS.items()} | LOOKUP_ALIASES
        for key, name in exonyms.items():
            ref = by_full_name[name]  # an exonym overrides a pinyin collision (Shanxi/Shaanxi)
            self._latin[key] = {ref}
            self._latin_any[key] = {ref}
            kinds = {kind_and_stem(name, short_name(name))[0], "province" if ref.level == "province" else "city"}
            for kind in kinds:
                self._latin_kind[(key, kind)] = {ref}
        for file in aliases:  # 台北, Kaohsiung: names the data lacks, standing for a unit it has
            ref = by_full_name[file.unit]
            for alias in file.places:
                self._full[alias.zh].add(ref)
                self._short[short_name(alias.zh)].add(ref)
                self._any_short[short_name(alias.zh)].add(ref)
                for key in (latin_key(alias.en), pinyin(short_name(alias.zh))):
                    self._latin[key].add(ref)
                    self._latin_any[key].add(ref)
                self._latin_kind[(pinyin(short_name(alias.zh)), kind_and_stem(alias.zh, short_name(alias.zh))[0])].add(
                    ref
                )
        self._county_short: dict[str, set[UnitRef]] = defaultdict(set)  # after a known place, any county's short name
        for row in self.units[self.units["level"] == "county"].itertuples():
            self._county_short[row.short_name].add(UnitRef(row.level, row.adcode))
        self._index_latin_names(latin_names)
        self._max_len = max(len(n) for n in self._full)
        self._address_names = self._full | {k: v for k, v in self._short.items() if self._short_usable_in_address(v)}
        self._simplified = TraditionalConverter(keep="".join(self._full) + "".join(self._short))
        self._former: dict[str, list[FormerName]] = defaultdict(list)  # 襄樊市 and 襄樊, 宣武区 and 宣武
        for entry in former:
            for name in {entry.name, short_name(entry.name)}:
                if len(name) >= 2 and (name == entry.name or name not in self._any_short):
                    self._former[name].append(entry)
        self._max_former = max((len(n) for n in self._former), default=0)
        self._former_latin: dict[str, list[FormerName]] = defaultdict(list)  # Xiangfan: 襄樊 in pinyin
        for name, entries in self._former.items():
            key = pinyin(short_name(name))
            if len(key) >= 4 and key not in self._latin_any and key not in self._other_any:
                self._former_latin[key] += [e for e in entries if e not in self._former_latin[key]]

    def _index_latin_names(self, latin_names: Sequence[UnitLatinName]) -> None:
        """Hong Kong's districts and Macau's parishes under their own Latin names, and the places inside them.

        A locality ("Kowloon", 九龙) stands for every unit it is listed under; in characters it is
        an exact name and, after a known place, a county-like one (香港尖沙咀), never matched alone
        inside an address.
        """
        names = self.units.drop_duplicates("adcode", keep="last").set_index("adcode")["name"]
        for unit in latin_names:
            if names.get(unit.adcode) != unit.zh:
                found = names.get(unit.adcode)
                raise CoverageAtlasError(
                    f"place names: {unit.adcode} is {found!r} in the boundary data, not {unit.zh!r}"
                )
            ref = UnitRef("county", unit.adcode)
            key = "".join(latin_words(unit.en))
            self._latin_kind[(key, kind_and_stem(unit.zh, short_name(unit.zh))[0])].add(ref)
            if not unit.needs_level_word:
                self._latin[key].add(ref)
                self._latin_any[key].add(ref)
            for place in unit.localities:
                if place.en:
                    spelt = "".join(latin_words(place.en))
                    self._latin[spelt].add(ref)
                    self._latin_any[spelt].add(ref)
                if place.zh:
                    for index in (self._short, self._any_short, self._county_short):
                        index[place.zh].add(ref)

    @staticmethod
    def _distinct_places(units: pd.DataFrame) -> pd.DataFrame:
        """Drop rows repeating a place one level up (东莞市 county = prefecture; 重庆市 prefecture = province).

        Units arrive ordered province, prefecture, county; children of a dropped row
        are re-pointed to the row that was kept.
        """
        duplicated = units.duplicated(["adcode", "name"], keep="first")
        kept_level = units[~duplicated].set_index(["adcode", "name"])["level"]
        alias = {
            UnitRef(row.level, row.adcode): UnitRef(kept_level.loc[(row.adcode, row.name)], row.adcode)
            for row in units[duplicated].itertuples()
        }
        units = units[~duplicated].copy()
        parent_level = units["level"].map({"prefecture": "province", "county": "prefecture"})
        units["parent_ref"] = [
            alias.get(UnitRef(level, code), UnitRef(level, code)) if isinstance(level, str) else None
            for level, code in zip(parent_level, units["parent_adcode"], strict=True)
        ]
        return units

    @staticmethod
    def _short_usable_in_address(refs: set[UnitRef]) -> bool:
        # county short names (南山, 朝阳, 城关) are too common inside street addresses
        return any(ref.level != "county" for ref in refs)

    # --- hierarchy -------------------------------------------------------------------

    def is_place(self, ref: UnitRef) -> bool:
        """False for rows that only repeat a unit one level up (东莞市 as a county)."""
        return ref in self._parent

    def chain(self, ref: UnitRef) -> list[UnitRef]:
        """The unit and its ancestors, most specific first."""
        out = [ref]
        while (parent := self._parent.get(out[-1])) is not None:
            out.append(parent)
        return out

    def narrow(self, current: set[UnitRef], found: set[UnitRef]) -> set[UnitRef]:
        """Places consistent with both sets; the more specific of each related pair is kept.

        A pair of two different units (抚顺县 inside the 抚顺 named beside it) is preferred to one
        unit both names could mean alone (富顺县, read twice): each name then says something.
        """
        nested, same = set(), set()
        for old in current:
            for new in found:
                if old == new:
                    same.add(new)
                elif old in self.chain(new):
                    nested.add(new)
                elif new in self.chain(old):
                    nested.add(old)
        return nested or same

    def collapse_same_place(self, refs: set[UnitRef]) -> set[UnitRef]:
        """北京 names province 110000 and prefecture 110100, one territory: keep the prefecture."""
        drop = set()
        for ref in refs:
            parent = self._parent.get(ref)
            if parent in refs and self._is_sole_child(ref):
                drop.add(parent)
        return refs - drop

    def _is_sole_child(self, ref: UnitRef) -> bool:
        parent = self._parent.get(ref)
        return parent is not None and self._children[parent] == 1

    # --- lookups ---------------------------------------------------------------------

    def simplified(self, text: str) -> str:
        """Traditional characters as simplified (廣州 -> 广州); characters any unit name uses stay (乾县)."""
        return self._simplified.convert(text)

    def exact(self, text: str) -> set[UnitRef]:
        """Units whose full or short Chinese name is exactly `text`."""
        return self.collapse_same_place(self._full.get(text, set()) | self._short.get(text, set()))

    def spelling_keys(self) -> dict[str, set[UnitRef]]:
        """Every pinyin or Latin key a unit is indexed under, level words apart: what 'did you mean' searches."""
        keys: dict[str, set[UnitRef]] = defaultdict(set)  # usual spellings only: other readings stay apart
        for key, refs in self._latin_any.items():
            keys[key] |= refs
        for (key, _), refs in self._latin_kind.items():
            keys[key] |= refs
        return {key: self.collapse_same_place({self.place_ref(r) for r in refs}) for key, refs in keys.items()}

    def latin(self, text: str) -> set[UnitRef]:
        """Units one Latin name stands for, as a whole text ("Jilin City", "Gulou District", "Xi'an")."""
        reading = self.read_latin(text)
        return reading.places if len(reading.used) == 1 else set()

    def _latin_refs(self, span: LatinSpan, wide: bool, other: bool = False) -> set[UnitRef]:
        """Units a span names: as its short name stands (or any unit of it, `wide`); `other` adds polyphones' other readings."""
        if span.kinds is not None:  # a level word: units of that kind, whatever their rank
            kinds = [self._latin_kind, self._other_kind] if other else [self._latin_kind]
            return set().union(*(index.get((span.key, kind), set()) for index in kinds for kind in span.kinds))
        refs = set((self._latin_any if wide else self._latin).get(span.key, set()))
        return refs | self._other_any.get(span.key, set()) if other else refs

    @lru_cache(maxsize=65536)  # noqa: B019 - one gazetteer per process; rows of a batch repeat their words
    def _latin_names(self, words: tuple[str, ...]) -> tuple[LatinSpan, ...]:
        """The names in a run of words, left to right: at each word the longest reading that names a unit.

        A name before a street word names the street ('Tianhe Road') and is left out.
        """
        names: list[LatinSpan] = []
        i = 0
        while i < len(words):
            span = next((s for s in latin_spans(words, i) if self._names_in_latin(s)), None)
            if span is None:
                i += 1
                continue
            if not self._names_a_street(words, span.end):
                names.append(span)
            i = span.end
        return tuple(names)

    def _names_in_latin(self, span: LatinSpan) -> bool:
        """Whether any unit, today or former, is written so (set look-ups: this runs at every word)."""
        if span.kinds is None:
            return span.key in self._bare_keys
        return any((span.key, kind) in self._kind_keys for kind in span.kinds)

    @cached_property
    def _bare_keys(self) -> frozenset[str]:
        keys = {k for index in (self._latin_any, self._other_any, self._former_latin) for k, v in index.items() if v}
        return frozenset(keys)

    @cached_property
    def _kind_keys(self) -> frozenset[tuple[str, str]]:
        return frozenset(k for index in (self._latin_kind, self._other_kind) for k, v in index.items() if v)

    @staticmethod
    def _names_a_street(words: Sequence[str], end: int) -> bool:
        """'Tianhe Road', 'Nanjing East Road': the name before a street word names the street."""
        while end < len(words) and words[end] in _DIRECTIONS:
            end += 1
        return end < len(words) and words[end] in STREET_WORDS

    def read_latin(self, text: str, places: set[UnitRef] | None = None, used: tuple[str, ...] = ()) -> LatinReading:
        """Latin names in `text`, each narrowing the places found so far (`places`, from text before it).

        Latin addresses run from the smallest unit to the largest ('Xi'an, Liaoyuan'), so the
        names are taken largest first: beside a known place, any unit of a name may be the one
        meant (辽源's 西安区), alone a name stands for what its Chinese short name does. A name
        that fits none of the places found before is a conflict: the caller asks.
        """
        places, found = set(places or ()), list(used)
        unusual: list[str] = []
        former: list[FormerName] = []
        for span in reversed(self._latin_names(tuple(latin_words(text)))):
            if not self._latin_refs(span, wide=True, other=True):  # only a former division's name: its units today
                fitting, entries = self._former_fit(places, self._former_latin.get(span.key, []))
                if not fitting:
                    return LatinReading(places, found, (found[-1], span.text)) if found else LatinReading(set(), [])
                places = (self.narrow(places, fitting) or fitting) if places else fitting
                found, former = [*found, span.text], [*former, *entries]
                continue
            refs = self._latin_refs(span, wide=False)
            if places and not (refs and self.narrow(places, refs)):
                refs = self._latin_refs(span, wide=True)
            if places and not (refs and self.narrow(places, refs)):
                refs = self._latin_refs(span, wide=True, other=True)  # 闵行 as people read it, beside 上海
            refs = refs or self._latin_refs(span, wide=True)
            if (
                not refs
            ):  # only a polyphone's other reading names it ('Naning' is also 南宁 misspelt): the caller weighs it
                refs = self._latin_refs(span, wide=True, other=True)
                unusual.append(span.text)
            narrowed = self.narrow(places, refs) if places else refs
            if not narrowed:
                return LatinReading(places, found, (found[-1], span.text))
            places, found = narrowed, [*found, span.text]
        return LatinReading(self.collapse_same_place(places), found, unusual=tuple(unusual), former=tuple(former))

    def _match_at(self, text: str, i: int, names: dict[str, set[UnitRef]]) -> tuple[str, set[UnitRef]] | None:
        for length in range(min(self._max_len, len(text) - i), 1, -1):
            refs = names.get(text[i : i + length])
            if refs:
                return text[i : i + length], refs
        return None

    def former_names(self, text: str) -> list[FormerName]:
        """Former divisions named exactly `text` (襄樊市, 宣武区; 襄樊 where no unit of today is called so)."""
        return list(self._former.get(text, ()))

    def _successors(self, entry: FormerName) -> set[UnitRef]:
        return {self.place_ref(UnitRef(level, code)) for level, code in entry.successors}

    def place_ref(self, ref: UnitRef) -> UnitRef:
        """The row a unit answers as: 北京市 the province is its city; a county repeating its prefecture is the prefecture."""
        if ref in self._parent:
            return ref
        return next(
            (r for r in (UnitRef("prefecture", ref.adcode), UnitRef("province", ref.adcode)) if r in self._parent), ref
        )

    def _former_fit(self, places: set[UnitRef], entries: Sequence[FormerName]) -> tuple[set[UnitRef], list[FormerName]]:
        """Successors of the former divisions that fit `places`: inside them, or once part of one of them (资阳市简阳市)."""
        fitting, used = set(), []
        for entry in entries:
            successors = self._successors(entry)
            then = {self.place_ref(UnitRef(*entry.parent))} if entry.parent else set()
            if not places or self.narrow(places, successors) or (then and self.narrow(places, then)):
                fitting |= successors
                used.append(entry)
        return fitting, used

    def _former_at(self, text: str, i: int, places: set[UnitRef]) -> tuple[str, set[UnitRef], list[FormerName]] | None:
        for length in range(min(self._max_former, len(text) - i), 1, -1):
            entries = self._former.get(text[i : i + length])
            if entries:
                fitting, used = self._former_fit(places, entries)
                if fitting:
                    return text[i : i + length], fitting, used
        return None

    def address(
        self, text: str, places: set[UnitRef] | None = None, used: tuple[str, ...] = ()
    ) -> tuple[set[UnitRef], list[str], list[FormerName]]:
        """The most specific places an address names (narrowing `places`, from text before it), the names used,
        and the former divisions among them.

        Leftmost-longest scan. County short names (乐清, 南山) count only once a larger
        unit is known and they narrow it: alone they are too common inside street names.
        Beside a known place, any unit of a name may be the one meant (辽源西安: 辽源's 西安区).
        A name that fits nothing may be a former division's (广州市东山区, 资阳市简阳市: geo.history).
        A two-character name right after characters that named nothing (闸北区 read as 北区) is
        inside a word the index does not know, and no evidence.
        """
        places, found, former = set(places or ()), list(used), []
        i, last_end = 0, 0
        while i < len(text):
            match = self._match_at(text, i, self._address_names)
            if match is None and places:
                match = self._match_at(text, i, self._county_short)
            if match and len(match[0]) == 2 and i > last_end and _CJK_CHAR.match(text[i - 1]):
                match = None  # 闸北区: 北区 inside an unknown word
            narrowed: set[UnitRef] = set()
            if match:
                name, refs = match
                narrowed = self.narrow(places, refs) if places else set(refs)
                if not narrowed and places:
                    narrowed = self.narrow(places, self._any_short.get(short_name(name), set()))
            old = self._former_at(text, i, places)
            if old and (not narrowed or match is None or len(old[0]) > len(match[0])):
                name, successors, entries = old  # a county that left the city named before it: its city today
                narrowed = (self.narrow(places, successors) or successors) if places else successors
                former += entries
            if narrowed:
                places, found = narrowed, [*found, name]
                i += len(name)
                last_end = i
                continue
            i += 1
        return self.collapse_same_place(places), found, former

    def unknown_unit_after(self, text: str, used: list[str]) -> str | None:
        """A unit-like name right after the last recognised one (新疆…新星市): the data may lack it."""
        if not used or used[-1] not in text:
            return None
        rest = text[text.rindex(used[-1]) + len(used[-1]) :]
        match = _UNIT_LIKE.match(rest)
        return match.group(0) if match and not self.exact(match.group(0)) else None
