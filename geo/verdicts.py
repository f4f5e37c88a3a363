"""Per-service answers for one place: yes / no / partial, the clause, and the reason as a message.

The verdict comes from the unit's coverage status (geo.coverage); the reason says which
part of the clause decided it. Reasons are message ids with parameters (geo.i18n), so
the reader's language decides how they read; the clause stays in the license's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from geo.i18n import Msg, Name, t
from geo.license import NATIONWIDE, License, ServiceGrant
from geo.names import english_name
from geo.places import Place
from geo.style import VERDICT_MARKS

__all__ = [
    "VERDICT_OF_STATUS",
    "ServiceAnswer",
    "answer",
    "clause_text",
    "grant_unit_names",
    "marked_verdict",
    "verdict_word",
    "verdict_words",
]

Verdict = Literal["yes", "no", "partial"]
VERDICT_OF_STATUS: dict[str, Verdict] = {"full": "yes", "partial": "partial", "none": "no", "outside": "no"}


@dataclass(frozen=True)
class ServiceAnswer:
    verdict: Verdict
    clause: str  # the license's own words, never translated
    reason: Msg
    means: str = "service_area"  # what the coverage is of: where customers are, or where rooms may be (IDC)


def verdict_words(reply: ServiceAnswer, lang: str) -> str:
    """The verdict as what it means for selling: for a facility-location grant, whether a room may be here."""
    return verdict_word(reply.verdict, reply.means, lang)


def verdict_word(verdict: str, means: str, lang: str) -> str:
    """`verdict_words` for a verdict code and what its grant's coverage means (a batch table's cell)."""
    prefix = "verdict.room." if means == "facility_location" else "verdict."
    return t(prefix + verdict, lang)


def marked_verdict(verdict: str, means: str, lang: str) -> str:
    """The verdict as cards, tables and the command line show it: its mark first, then its words (✔ 可设机房)."""
    return f"{VERDICT_MARKS[verdict]} {verdict_word(verdict, means, lang)}"


def clause_text(grant: ServiceGrant) -> str:
    """The coverage clause as the license writes it, with its heading in the annex."""
    return f"{grant.clause_number}、{grant.category} {grant.coverage_clause}"


def grant_unit_names(grant: ServiceGrant, units: pd.DataFrame) -> dict[int, Name]:
    """Each licensed unit's name as the clause writes it, with its English name (全国: nationwide)."""
    full_names = units.drop_duplicates("adcode").set_index("adcode")["name"]
    return {
        u.adcode: Name(u.name, "nationwide" if u.adcode == NATIONWIDE else english_name(full_names[u.adcode], u.name))
        for u in grant.coverage
    }


def _licensed_within(
    grant: ServiceGrant, province_adcode: int, units: pd.DataFrame, names: dict[int, Name]
) -> tuple[Name, ...]:
    """The licensed cities inside a province, as the clause names them (for a 'partial' answer)."""
    inside = set(units.loc[(units["level"] == "prefecture") & (units["province_adcode"] == province_adcode), "adcode"])
    return tuple(names[u.adcode] for u in grant.coverage if u.adcode in inside)


def answer(
    lic: License,
    service: str,
    status: str,
    place: Place,
    chain_adcodes: set[int],
    units: pd.DataFrame,
    names: dict[int, Name] | None = None,
) -> ServiceAnswer:
    """The answer for one service at a place whose coverage status is known; `chain_adcodes` are it and its parents.

    `names`: the service's grant_unit_names, when the caller answers many places and has them already.
    """
    grant = lic.services[service]
    names = names if names is not None else grant_unit_names(grant, units)
    if status == "outside":
        reason = Msg("reason.outside", {"place": place.name})
    elif status == "full" and NATIONWIDE in names:
        reason = Msg("reason.nationwide", {"place": place.name})
    elif status == "full":
        matched = tuple(names[c] for c in sorted(chain_adcodes) if c in names)
        reason = Msg("reason.named", {"place": place.name, "units": matched})
    elif status == "partial":
        reason = Msg(
            "reason.partial",
            {"place": place.name, "units": _licensed_within(grant, place.province_adcode, units, names)},
        )
    else:
        reason = Msg("reason.not_covered", {"place": place.name})
    if service == "idc":  # the IDC clause's own exclusion (互联网资源协作服务), besides what its coverage means
        reason = reason + Msg("reason.idc_note")
    return ServiceAnswer(VERDICT_OF_STATUS[status], clause_text(grant), reason, grant.coverage_means)
