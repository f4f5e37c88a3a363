"""The interpretation rules, stated so users can disagree knowingly (README, "How the license is read"); text in the catalogue."""

from __future__ import annotations

from geo.i18n import t

__all__ = ["RULE_IDS", "interpretation_rules"]

RULE_IDS = (
    "rule.named_city",
    "rule.nationwide",
    "rule.partial",
    "rule.idc_location",
    "rule.idc_cloud",
    "rule.provisions",
    "rule.ambiguous",
)


def interpretation_rules(lang: str = "zh") -> list[str]:
    return [t(rule, lang) for rule in RULE_IDS]
