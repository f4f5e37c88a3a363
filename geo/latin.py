"""Latin-script place names: how every unit is written in pinyin or English, and how a text is read for them.

Every unit is indexed under the pinyin of its stem with its kind (鼓楼区 -> "gulou", district),
so a level word in the text ("Gulou District", "Kunshan City", "Pudong New Area") picks
units of that kind. A bare name ("Gulou", "Xi'an") answers as its Chinese short name does
(geo.lookup._gazetteer decides which units a short name stands for), read in every Chinese spelling
it can stand for. A name followed by a street or building word ("Tianhe Road", "Zhongshan
Plaza") names that street, not the unit, and is no evidence. Words that name nothing (room
numbers, "Tower B", "P.R. China") are passed over.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

__all__ = ["LEVEL_WORDS", "STREET_WORDS", "LatinSpan", "kind_and_stem", "latin_spans", "latin_words"]

# How a full Chinese name ends, and the kind of unit that ending makes (longest ending first).
_KIND_ENDINGS = (
    ("特别行政区", "sar"),
    ("自治区", "region"),
    ("自治州", "prefecture"),
    ("自治县", "county"),
    ("自治旗", "banner"),
    ("新区", "newarea"),
    ("地区", "prefecture"),
    ("林区", "district"),
    ("省", "province"),
    ("盟", "league"),
    ("州", "prefecture"),
    ("旗", "banner"),
    ("县", "county"),
    ("区", "district"),
    ("市", "city"),
)
# Level words as people write them after a name, and the kinds they accept.
LEVEL_WORDS: dict[tuple[str, ...], frozenset[str]] = {
    words: frozenset(kinds)
    for words, kinds in {
        ("special", "administrative", "region"): {"sar"},
        ("sar",): {"sar"},
        ("autonomous", "region"): {"region"},
        ("zizhiqu",): {"region"},
        ("region",): {"region", "sar"},
        ("autonomous", "prefecture"): {"prefecture"},
        ("zizhizhou",): {"prefecture"},
        ("autonomous", "county"): {"county"},
        ("zizhixian",): {"county"},
        ("autonomous", "banner"): {"banner"},
        ("new", "area"): {"newarea"},
        ("new", "district"): {"newarea"},
        ("xinqu",): {"newarea"},
        ("province",): {"province", "region"},
        ("sheng",): {"province"},
        ("municipality",): {"city"},
        ("prefecture",): {"prefecture"},
        ("diqu",): {"prefecture"},
        ("league",): {"league"},
        ("meng",): {"league"},
        ("banner",): {"banner"},
        ("qi",): {"banner"},
        ("county",): {"county"},
        ("xian",): {"county"},
        ("district",): {"district", "newarea"},
        ("parish",): {"district"},  # Macau's parishes (堂区)
        ("qu",): {"district", "newarea"},
        ("city",): {"city"},
        ("shi",): {"city"},
    }.items()
}
_LONGEST_LEVEL = max(len(words) for words in LEVEL_WORDS)
# A name right before one of these names a street, a building or a site, not the unit.
STREET_WORDS = frozenset(
    "road rd street st avenue ave boulevard blvd lane ln alley way highway hwy expressway lu jie dajie dadao "
    "hutong xiang nong bridge plaza square building bldg tower mansion center centre park garden gardens "
    "village cun estate court hotel station airport university hospital school campus".split()
)
_MAX_NAME_WORDS = 4  # "Central and Western", "Nossa Senhora de Fatima" stays within 4 + level words


@dataclass(frozen=True)
class LatinSpan:
    """Words of the text that may name a unit: their joined key and the kinds a level word after them allows."""

    text: str
    key: str
    kinds: frozenset[str] | None  # None: no level word, a bare name
    start: int  # word positions [start, end)
    end: int


def kind_and_stem(full_name: str, short: str) -> tuple[str, str]:
    """鼓楼区 -> (district, 鼓楼); 献县 -> (county, 献); 延边朝鲜族自治州 -> (prefecture, 延边)."""
    for ending, kind in _KIND_ENDINGS:
        if full_name.endswith(ending) and len(full_name) > len(ending):
            stem = short if short != full_name else full_name[: -len(ending)]
            return kind, stem
    return "other", short


def latin_words(text: str) -> list[str]:
    """Lower-case ASCII words; apostrophes inside a word join it (Xi'an -> xian, Queen's -> queens)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w.replace("'", "") for w in re.findall(r"[a-z]+(?:'[a-z]+)*", folded.replace("’", "'"))]


def _level_at(words: Sequence[str], i: int) -> tuple[frozenset[str], int] | None:
    """The level word(s) starting at word i (longest first), and where they end."""
    for n in range(min(_LONGEST_LEVEL, len(words) - i), 0, -1):
        kinds = LEVEL_WORDS.get(tuple(words[i : i + n]))
        if kinds:
            return kinds, i + n
    return None


def latin_spans(words: Sequence[str], start: int) -> Iterator[LatinSpan]:
    """Every reading of a name starting at word `start`, longest first: with a level word after it, then bare.

    Lazily: the caller stops at the first reading that names a unit.
    """
    for n in range(min(_MAX_NAME_WORDS, len(words) - start), 0, -1):
        stem_words = words[start : start + n]
        key = "".join(stem_words)
        level = _level_at(words, start + n)
        if level:
            yield LatinSpan(" ".join(words[start : level[1]]).title(), key, level[0], start, level[1])
        yield LatinSpan(" ".join(stem_words).title(), key, None, start, start + n)
