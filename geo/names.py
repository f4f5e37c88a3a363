"""Short names of Chinese administrative units (深圳 for 深圳市, 内蒙古 for 内蒙古自治区).

Short names are for display and lookup only; joins always use adcodes.
"""

from __future__ import annotations

import re

__all__ = ["short_name"]

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
