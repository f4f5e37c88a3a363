"""The JSON API's objects as pydantic models: the OpenAPI description is written from them.

`CheckResponse` is the object `python -m geo check --json` prints (CheckResult.to_json); a test
validates real answers against it, so the description cannot drift from what is sent.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from geo.license import License

__all__ = [
    "BoundariesInfo",
    "CandidateAnswer",
    "CheckResponse",
    "CoverageResponse",
    "CoverageUnitStatus",
    "ErrorResponse",
    "Health",
    "License",
    "LicenseSummary",
    "LicenseUsed",
    "NearestAnswer",
    "PlaceJson",
    "ServiceAnswerJson",
    "SuggestedPlace",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ServiceAnswerJson(_Model):
    verdict: Literal["yes", "no", "partial"]
    clause: str = Field(description="the coverage clause in the license's own words")
    reason: str = Field(description="why, in the requested language")
    means: Literal["service_area", "facility_location"] = Field(
        description="what the coverage is of: where customers may be served, or where rooms (机房) may be (IDC)"
    )
    verdict_text: str = Field(description="the verdict as it reads for selling ('no room may be located here')")


class NearestAnswer(_Model):
    city: str = Field(description="the licensed city as the license names it")
    km: float = Field(description="great-circle km to its boundary; 0 inside it or bordering it")
    borders: bool = Field(description="the answered unit shares a border with the licensed city")


class PlaceJson(_Model):
    """A place as Place.to_json writes it: Chinese names as data, plus the English ones."""

    level: Literal["province", "prefecture", "county"]
    adcode: int
    province: str
    city: str | None
    county: str | None
    province_adcode: int
    name: str
    name_en: str
    label: str
    label_en: str


class CandidateAnswer(PlaceJson):
    services: dict[str, ServiceAnswerJson]
    nearest: dict[str, NearestAnswer]


class SuggestedPlace(PlaceJson):
    query: str = Field(description="a query that names this place alone: send it to check it")


class LicenseUsed(_Model):
    file: str = Field(description="the license file the answer was computed from")
    number: str
    draft: bool = Field(description="a what-if draft, used only when asked for by name")
    valid_until: str
    in_force: bool = Field(description="whether the license was in force on the day of the answer")


class CheckResponse(_Model):
    query: str
    status: Literal["ok", "ambiguous", "not_found", "invalid"]
    province: str | None
    city: str | None
    county: str | None
    adcode: int | None
    services: dict[str, ServiceAnswerJson] = Field(
        description="per service; while ambiguous, only the services all candidates agree on"
    )
    nearest: dict[str, NearestAnswer]
    candidates: list[CandidateAnswer]
    message: str
    datum: Literal["wgs84", "gcj02", "bd09"] | None = Field(
        description="for coordinates: the datum they were read in (the one the text or link names, else the request's)"
    )
    license: LicenseUsed | None = Field(default=None, description="the license this answer rests on")
    line: str | None = Field(
        default=None, description="the answer in one line, led by the license and its validity on the day"
    )
    suggestions: list[SuggestedPlace] = Field(
        description="for a name that matched nothing: up to three places spelt like it ('did you mean'); never an answer"
    )


class ErrorResponse(_Model):
    error: str


class BoundariesInfo(_Model):
    package: str
    version: str


class BrokenLicense(_Model):
    file: str
    reason: str = Field(description="file, field and reason: the file is left out, the others answer")


class Health(_Model):
    status: Literal["ok", "degraded"] = Field(description="degraded: a license file is broken and left out")
    broken_licenses: list[BrokenLicense]
    license: str = Field(description="the default license's number")
    boundaries: BoundariesInfo


class LicenseSummary(_Model):
    number: str
    holder: str
    issuer: str
    issued: str
    valid_until: str
    services: list[str]
    url: str


class CoverageUnitStatus(_Model):
    level: Literal["province", "prefecture", "county"]
    adcode: int
    name: str
    province_adcode: int
    status: Literal["full", "partial", "none", "outside"]


class CoverageResponse(_Model):
    license: str
    service: Literal["cdn", "isp", "idc", "vpn"]
    units: list[CoverageUnitStatus]
