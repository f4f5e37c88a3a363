"""Plain-text answer for pasting into an e-mail, in one language, naming the license and its clauses."""

from __future__ import annotations

import datetime as dt

from geo.check import CheckResult, Nearest
from geo.i18n import service_name, t
from geo.license import License
from geo.validity import validity

__all__ = ["email_summary", "nearest_text"]


def nearest_text(nearest: Nearest, lang: str) -> str:
    """What the distance measures, said with it: to the licensed city's boundary, or inside it."""
    if nearest.km < 0.5:
        return t("nearest.inside", lang, city=nearest.city)
    return t("nearest.boundary", lang, city=nearest.city, km=f"{nearest.km:.0f}")


def email_summary(result: CheckResult, lic: License, as_of: dt.date, lang: str = "zh") -> str:
    place = result.place.label(lang) if result.place else "—"
    lines = [
        t("summary.heading", lang, query=result.query, number=lic.number, holder=lic.holder),
        t("summary.place", lang, place=place),
        "",
    ]
    for service, answer in result.services.items():
        verdict = t("verdict." + answer.verdict, lang)
        lines.append(f"- {service_name(service, lang)}: {verdict} — {answer.reason.render(lang)}")
        lines.append("  " + t("summary.clause", lang, clause=answer.clause))
    for service, nearest in result.nearest.items():
        lines.append(f"- {service.upper()}: {nearest_text(nearest, lang)}")
    if result.status != "ok":
        lines.append(result.message.render(lang))
    lines += ["", validity(lic, as_of).render(lang)]
    return "\n".join(lines)
