"""The answer in one line, for the top of every answer: "CDN ✔ · ISP ✔ · IDC ✘ 最近机房城市: 东莞 (接壤) · VPN ✔".

It names the license and its validity on the day first (an expired license's "yes" says so), then
each service's mark, and for a service not granted here the nearest licensed city. The same line
heads the check screen, the e-mail summary, the command line's answer and the API's `line`.
"""

from __future__ import annotations

import datetime as dt

from geo.check import CheckResult
from geo.i18n import Msg, t
from geo.license import License, license_json, validity
from geo.style import VERDICT_MARKS

__all__ = ["answer_json", "verdict_line"]


def verdict_line(result: CheckResult, basis: Msg, lang: str) -> str:
    parts = []
    for service, reply in result.services.items():
        part = f"{service.upper()} {VERDICT_MARKS[reply.verdict]}"
        near = result.nearest.get(service)
        if reply.verdict != "yes" and near is not None and not near.inside:
            room = "room_" if reply.means == "facility_location" else ""
            kind = "borders" if near.borders else "nearest"
            part += " " + t(f"line.{room}{kind}", lang, city=near.city, km=f"{near.km:.0f}")
        parts.append(part)
    return t("line.whole", lang, basis=basis, verdicts=" · ".join(parts))


def answer_json(result: CheckResult, key: str, lic: License, as_of: dt.date, lang: str) -> dict:
    """The check's JSON as the command line and the API send it: the answer, its license and its one line."""
    body = result.to_json(lang) | {"license": license_json(key, lic, as_of)}
    if result.services:
        body["line"] = verdict_line(result, validity(lic, as_of).basis, lang)
    return body
