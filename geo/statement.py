"""A coverage statement for a customer: what one answered check rests on, in one language, ready to print.

The content only (geo.render.statement_pdf lays it out): the site as entered and as
resolved, a verdict per service with the clause in the license's own words and the rule
applied, the license header with its validity on the as-of date said plainly (an expired
license must not read as a current authorisation), the boundary data and its vintage, and
the SHA-256 of the license file the answer was computed from. Only an answered check
(status ok) gets a statement: for anything else the refusal says why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from geo.check import CheckResult
from geo.errors import StatementRefused
from geo.i18n import Listing, Msg, service_name, t
from geo.license import License, validity
from geo.summary import nearest_text
from geo.verdicts import verdict_words

__all__ = ["ServiceLine", "Statement", "StatementRefused", "coverage_statement", "file_sha256"]


@dataclass(frozen=True)
class ServiceLine:
    service: str  # key, for colours
    name: str
    verdict: str  # yes / no / partial
    verdict_text: str
    reason: str
    clause: str  # the license's own words


@dataclass(frozen=True)
class Statement:
    lang: str
    title: str
    validity: str
    not_current: str | None  # said on its own line when the license is not in force on the as-of date
    entered: str
    resolved: str
    coordinates: str | None
    services: tuple[ServiceLine, ...]
    rules: tuple[str, ...]
    license_lines: tuple[str, ...]
    boundaries: str
    generated: str
    fingerprint: str
    point: tuple[float, float] | None  # WGS-84, for the map pin


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refusal(result: CheckResult) -> Msg:
    if result.status == "ambiguous":
        places = Listing(tuple(c.place for c in result.candidates))
        return Msg("statement.ambiguous", {"query": result.query, "count": len(result.candidates), "places": places})
    return Msg("statement.unanswered", {"query": result.query, "why": result.message})


def _reason_with_nearest(result: CheckResult, service: str, lang: str) -> str:
    """The reason, and for a service not granted here the nearest licensed city (the rules section promises it)."""
    reply, near = result.services[service], result.nearest.get(service)
    reason = reply.reason.render(lang)
    if reply.verdict != "yes" and near is not None:
        reason += "; " + nearest_text(near, lang, reply.means)
    return reason


def coverage_statement(
    result: CheckResult,
    lic: License,
    license_file: Path,
    boundary_provenance: dict,
    as_of: dt.date,
    lang: str,
    generated: dt.datetime,
    crs: str = "wgs84",
) -> Statement:
    """The statement for an answered check; raises StatementRefused for anything else."""
    if result.status != "ok" or result.place is None:
        raise StatementRefused(_refusal(result))
    state = validity(lic, as_of)
    lines = tuple(
        ServiceLine(
            key,
            service_name(key, lang),
            reply.verdict,
            verdict_words(reply, lang),
            _reason_with_nearest(result, key, lang),
            reply.clause,
        )
        for key, reply in result.services.items()
    )
    rules = ["rule.named_city", "rule.nationwide"]
    if any(line.verdict == "partial" for line in lines):
        rules.append("rule.partial")
    rules += ["rule.idc_location", "rule.idc_cloud"]
    coordinates = None
    if result.point is not None:
        lng, lat = result.point
        coordinates = t(
            "statement.coordinates", lang, lat=f"{lat:.5f}", lng=f"{lng:.5f}", datum=t(f"datum.{crs}", lang)
        )
    header = {"number": lic.number, "holder": lic.holder, "issuer": lic.issuer}
    dates = {"issued": lic.issued, "valid_until": lic.valid_until}
    return Statement(
        lang=lang,
        title=t("statement.title", lang),
        validity=state.render(lang),
        not_current=None if state.status == "valid" else t("statement.not_current", lang),
        entered=result.query,
        resolved=result.place.label(lang),
        coordinates=coordinates,
        services=lines,
        rules=tuple(t(r, lang) for r in rules),
        license_lines=(t("statement.license", lang, **header), t("statement.license_dates", lang, **dates)),
        boundaries=t(
            "statement.boundaries",
            lang,
            package=boundary_provenance["package"],
            version=boundary_provenance["version"],
            datum=boundary_provenance["build"]["datum"],
        ),
        generated=t("statement.generated", lang, when=generated.strftime("%Y-%m-%d %H:%M %Z").strip(), as_of=as_of),
        fingerprint=t("statement.sha256", lang, file=license_file.name, sha=file_sha256(license_file)),
        point=result.point,
    )
