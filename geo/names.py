"""Short names of Chinese administrative units (深圳 for 深圳市, 内蒙古 for 内蒙古自治区).

Short names are for display and lookup only; joins always use adcodes.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from geo.paths import cache_dir

__all__ = [
    "CHARS_FILE",
    "DISPLAY_EXONYMS",
    "LOOKUP_ALIASES",
    "PINYIN_FILE",
    "PINYIN_FIXES",
    "READINGS_FILE",
    "char_pinyin_table",
    "english_name",
    "english_names",
    "pinyin",
    "pinyin_table",
    "readings",
    "readings_table",
    "short_name",
    "sound_of",
]

# English names that are not plain pinyin, used for display and accepted in lookups.
DISPLAY_EXONYMS = {
    "哈尔滨市": "Harbin",
    "乌鲁木齐市": "Urumqi",
    "拉萨市": "Lhasa",
    "呼和浩特市": "Hohhot",
    "内蒙古自治区": "Inner Mongolia",
    "西藏自治区": "Tibet",
    "香港特别行政区": "Hong Kong",
    "澳门特别行政区": "Macau",
    "陕西省": "Shaanxi",  # official spelling keeps 陕西 apart from 山西 Shanxi
}
# Further names accepted in lookups only (historic or alternative spellings).
LOOKUP_ALIASES = {
    "canton": "广州市",
    "amoy": "厦门市",
    "peking": "北京市",
    "macao": "澳门特别行政区",
    "hk": "香港特别行政区",
    "shanxi": "山西省",
}
PINYIN_FILE = "pinyin.json"  # in the boundary cache folder
READINGS_FILE = "readings.json"  # other readings of polyphones, beside it
CHARS_FILE = "chars.json"  # each common character's first reading, for spelling a text that named nothing
# pypinyin reads these place names with the wrong reading of a polyphone.
PINYIN_FIXES = {
    "漯河": ["luo", "he"],
    "朝阳": ["chao", "yang"],
    "长治": ["chang", "zhi"],
    "长春": ["chang", "chun"],
    "曾都": ["zeng", "du"],
}
# In a place name 都 is always read du (成都 Chengdu, 昌都 Qamdo/Changdu, 都匀 Duyun); pypinyin often says dou.
_PLACE_CHAR_READINGS = {"都": "du"}

# Ethnic groups that appear in autonomous-unit names, longest first so that
# 柯尔克孜 is stripped before 克孜 could match anything shorter.
_ETHNIC = sorted(
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 "
    "塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各".split(),
    key=len,
    reverse=True,
)
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "新区",
    "省",
    "市",
    "盟",
    "州",
    "县",
    "区",
    "旗",
)
_ETHNIC_TAIL = re.compile("(?:" + "|".join(_ETHNIC) + ")族?$")


def short_name(full_name: str) -> str:
    """Drop the unit suffix and any ethnic qualifiers; keep the full name if under two characters remain."""
    name = full_name
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    if full_name.endswith(("自治区", "自治州", "自治县", "自治旗")):
        while True:
            stripped = _ETHNIC_TAIL.sub("", name)
            if stripped == name or len(stripped) < 2:
                break
            name = stripped
    return name if len(name) >= 2 else full_name


@cache
def _built_table(file: str = PINYIN_FILE) -> dict[str, Any]:
    """Pinyin of every unit's short name, written with the boundary cache: pypinyin's 57 MB of
    dictionaries then stay out of every process that only reads the data."""
    try:
        return json.loads((cache_dir() / file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _other_readings(short: str) -> list[str]:
    """Keys with one character read another way it can be read (闵行: minxing -> minhang; 朝阳: zhaoyang)."""
    from pypinyin import Style
    from pypinyin import pinyin as heteronyms

    primary = _syllables(short)
    options = heteronyms(short, style=Style.NORMAL, heteronym=True)
    if len(options) != len(primary):
        return []
    keys = []
    for i, choices in enumerate(options):
        for choice in choices:
            if choice != primary[i]:
                keys.append("".join([*primary[:i], choice, *primary[i + 1 :]]))
    return sorted(set(keys) - {"".join(primary)})


def readings_table(shorts: set[str]) -> dict[str, list[str]]:
    """The other readings the cache build writes, for names that have any."""
    table = {short: _other_readings(short) for short in sorted(shorts)}
    return {short: keys for short, keys in table.items() if keys}


def readings(short: str) -> tuple[str, ...]:
    """Every key a name may be written as in pinyin: its reading first, then other readings of its polyphones."""
    in_cache = short in _built_table()  # the build wrote its readings (none written: it has no others)
    others = _built_table(READINGS_FILE).get(short, []) if in_cache else _other_readings(short)
    return (pinyin(short), *others)


def _syllables(short: str) -> list[str]:
    return PINYIN_FIXES.get(short) or _built_table().get(short) or _pypinyin(short)


def _pypinyin(short: str) -> list[str]:
    from pypinyin import lazy_pinyin  # only for a name the built table lacks (or while building it)

    syllables = lazy_pinyin(short)
    if len(syllables) != len(short):
        return syllables
    return [_PLACE_CHAR_READINGS.get(char, syllable) for char, syllable in zip(short, syllables, strict=True)]


def pinyin_table(shorts: set[str]) -> dict[str, list[str]]:
    """The table the cache build writes: each short name's syllables, read by pypinyin (fixes applied)."""
    return {short: PINYIN_FIXES.get(short) or _pypinyin(short) for short in sorted(shorts)}


def char_pinyin_table() -> dict[str, str]:
    """The table the cache build writes: every GB 2312 character (the 6,763 in everyday use) -> its reading."""
    from pypinyin import lazy_pinyin

    chars = [bytes([hi, lo]).decode("gb2312", errors="ignore") for hi in range(0xB0, 0xF8) for lo in range(0xA1, 0xFF)]
    return {c: lazy_pinyin(c)[0] for c in chars if c}


def sound_of(text: str) -> str:
    """A text as pinyin letters, character by character (广洲 -> guangzhou); other characters as they are.

    For 'did you mean': a typo in characters is most often a homophone the input method offered.
    """
    table = _built_table(CHARS_FILE)
    return "".join(table.get(c, c) for c in text)


def pinyin(short: str) -> str:
    """Toneless pinyin as one lower-case word, the lookup key: 西安 -> xian."""
    return "".join(_syllables(short))


@cache
def _unit_latin_names() -> dict[int, str]:
    """Hong Kong's districts and Macau's parishes as they are written in Latin letters (data/places/)."""
    from geo.aliases import load_unit_names  # the data file's loader; imported late to keep this module light

    return {unit.adcode: unit.en for unit in load_unit_names()}


def english_name(full_name: str, short: str, adcode: int | None = None) -> str:
    """Display name in English: the unit's own Latin name (Yau Tsim Mong), an official exonym (Harbin),
    else pinyin (Xi'an, Dongguan)."""
    if adcode is not None and adcode in _unit_latin_names():
        return _unit_latin_names()[adcode]
    if full_name in DISPLAY_EXONYMS:
        return DISPLAY_EXONYMS[full_name]
    syllables = _syllables(short)
    word = syllables[0] + "".join(("'" + s) if s[:1] in "aeo" else s for s in syllables[1:])
    return word[:1].upper() + word[1:]


def english_names(frame) -> list[str]:
    """English names for the rows of a frame with `name` and `short_name` columns."""
    codes = frame["adcode"] if "adcode" in frame else [None] * len(frame)
    return [english_name(n, s, c) for n, s, c in zip(frame["name"], frame["short_name"], codes, strict=True)]
