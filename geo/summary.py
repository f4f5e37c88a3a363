"""Plain-text answer for pasting into an e-mail, in one language, naming the license and its clauses."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from geo.check import CheckResult, Nearest
from geo.i18n import service_name, t
from geo.license import License, validity
from geo.verdict_line import verdict_line
from geo.verdicts import verdict_words

__all__ = ["email_summary", "nearest_text"]


def nearest_text(nearest: Nearest, lang: str, means: str = "service_area") -> str:
    """What the distance measures, said with it: inside the licensed city, bordering it, or km to its boundary."""
    room = "room_" if means == "facility_location" else ""
    if nearest.borders:
        return t(f"nearest.{room}borders", lang, city=nearest.city)
    if nearest.inside:
        return t("nearest.inside", lang, city=nearest.city)
    return t(f"nearest.{room}boundary", lang, city=nearest.city, km=f"{nearest.km:.0f}")


def email_summary(result: CheckResult, lic: License, as_of: dt.date, lang: str = "zh") -> str:
    place = result.place.label(lang) if result.place else "—"
    state = validity(lic, as_of)
    lines = [
        t("summary.heading", lang, query=result.query, number=lic.number, holder=lic.holder),
        t("summary.place", lang, place=place),
    ]
    if result.services:
        lines.append(verdict_line(result, state.basis, lang))
    lines.append("")
    for service, answer in result.services.items():
        verdict = verdict_words(answer, lang)
        lines.append(f"- {service_name(service, lang)}: {verdict} — {answer.reason.render(lang)}")
        lines.append("  " + t("summary.clause", lang, clause=answer.clause))
    for service, nearest in result.nearest.items():
        lines.append(f"- {service.upper()}: {nearest_text(nearest, lang, result.means(service))}")
    if result.status != "ok":
        lines.append(result.message.render(lang))
    lines += ["", state.render(lang)]
    return "\n".join(lines)


def share_link(page_url: str | None, params: dict[str, str]) -> str:
    """The address that reproduces this view (its query parameters on the page's own URL), to paste into a message."""
    base = (page_url or "").split("#", 1)[0].split("?", 1)[0]
    return f"{base}?{urlencode(params)}" if params else base
