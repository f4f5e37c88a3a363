"""The interpretation rules, stated so users can disagree knowingly (DESIGN.md §1)."""

from __future__ import annotations

__all__ = ["interpretation_rules"]

_RULES = [
    ("许可证列明的城市指该地级行政区全境 (如温州包括乐清市); 列明的直辖市或省指其全境。",
     "A named city means that prefecture-level unit's whole territory (温州 includes 乐清市); a named municipality or province means its whole territory."),
    ("「全国」指大陆 31 个省级行政区。香港、澳门、台湾在地图上绘出, 但不在本许可证管辖范围内, 任何业务均为「否」。",
     "全国 means the 31 mainland provincial units. Hong Kong, Macau and Taiwan are drawn on every map but are outside this license: every service is 'no' there."),
    ("查询单位大于许可单位时为「部分」: 如广东省的 IDC 仅广州、东莞获许可。区县沿用所在地级市的结论。",
     "A unit larger than the licensed units inside it is 'partial' (广东省 for IDC: only 广州 and 东莞). A county takes its prefecture's answer."),
    ("IDC 许可的是机房所在地: 任何地方的客户都可由许可地点的机房服务, 因此 IDC 与 VPN 的回答会给出最近的许可城市及距离。",
     "IDC is licensed by where data-centre rooms are; a customer anywhere can be served from a licensed site, so IDC and VPN answers name the nearest licensed city and its distance."),
    ("IDC 业务不含互联网资源协作服务 (云资源)。",
     "The IDC grant excludes internet resource collaboration (互联网资源协作服务, i.e. cloud resources)."),
    ("特别规定事项 (一至十八) 是义务, 原文展示, 软件不据此推导规则。",
     "The special provisions 一–十八 are obligations, shown as written; the software derives no rules from them."),
    ("有歧义的输入 (如「朝阳」) 会列出全部候选地点, 不会擅自选择。两个单位共用的边界点归属 adcode 较小的单位。",
     "Ambiguous input (朝阳) lists every candidate and never guesses. A point on a border shared by two units belongs to the one with the smaller adcode."),
]  # fmt: skip


def interpretation_rules(lang: str = "zh") -> list[str]:
    return [en if lang == "en" else zh for zh, en in _RULES]
