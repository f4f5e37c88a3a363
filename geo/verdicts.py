"""Per-service answers for one unit: yes / no / partial, the clause, and a one-line reason.

The verdict comes from the unit's coverage status (geo.coverage); the reason says
which part of the clause decided it, in Chinese and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from geo.boundaries import NATIONWIDE
from geo.license import License, ServiceGrant

__all__ = ["VERDICT_OF_STATUS", "ServiceAnswer", "answer", "clause_text"]

Verdict = Literal["yes", "no", "partial"]
VERDICT_OF_STATUS: dict[str, Verdict] = {"full": "yes", "partial": "partial", "none": "no", "outside": "no"}
IDC_NOTE_ZH = "许可的是机房所在地; 不含互联网资源协作服务"
IDC_NOTE_EN = "the grant is for data-centre locations; internet resource collaboration (cloud) is excluded"


@dataclass(frozen=True)
class ServiceAnswer:
    verdict: Verdict
    clause: str
    reason: str
    reason_en: str


def clause_text(grant: ServiceGrant) -> str:
    """The coverage clause as the license writes it, with its heading in the annex."""
    return f"{grant.clause_number}、{grant.category} {grant.coverage_clause}"


def _licensed_names_within(grant: ServiceGrant, province_adcode: int, units) -> list[str]:
    """The licensed cities inside a province, as the clause names them (for a 'partial' answer)."""
    inside = set(units.loc[(units["level"] == "prefecture") & (units["province_adcode"] == province_adcode), "adcode"])
    return [u.name for u in grant.coverage if u.adcode in inside]


def answer(
    lic: License,
    service: str,
    status: str,
    names: tuple[str, str],
    chain_adcodes: set[int],
    province_adcode: int,
    units,
) -> ServiceAnswer:
    """The answer for one service at a place (names: Chinese, English) whose coverage status is known."""
    place_label, label_en = names
    grant = lic.services[service]
    verdict = VERDICT_OF_STATUS[status]
    granted = {u.adcode: u.name for u in grant.coverage}
    matched = [granted[c] for c in chain_adcodes if c in granted]
    if status == "outside":
        zh = f"{place_label}不在本许可证管辖范围内(香港、澳门、台湾)"
        en = f"{label_en} is outside this license's jurisdiction (Hong Kong, Macau, Taiwan)"
    elif status == "full" and NATIONWIDE in granted:
        zh, en = f"覆盖范围为全国, 含{place_label}", f"coverage is nationwide (全国), which includes {label_en}"
    elif status == "full":
        zh = f"{place_label}属于许可证列明的「{'、'.join(matched)}」"
        en = f"{label_en} lies in {', '.join(matched)}, named in the clause"
    elif status == "partial":
        licensed = _licensed_names_within(grant, province_adcode, units)
        zh = f"{place_label}只有部分地区在覆盖范围内: {'、'.join(licensed)}"
        en = f"only part of {label_en} is covered: {', '.join(licensed)}"
    else:
        zh = f"{place_label}不在该业务的覆盖范围内"
        en = f"{label_en} is not in this service's coverage"
    if service == "idc":
        zh, en = f"{zh}; {IDC_NOTE_ZH}", f"{en}; {IDC_NOTE_EN}"
    return ServiceAnswer(verdict, clause_text(grant), zh, en)
