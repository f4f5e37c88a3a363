"""The license as validated data: one YAML file per license document under data/licenses/.

Validation happens in two steps: the file's shape (pydantic: unknown fields, bad
dates, missing keys) and its coverage against the boundary data (every unit's
adcode exists, its name matches, no duplicates). Either failure raises
LicenseDataError naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from geo.boundaries import NATIONWIDE
from geo.errors import LicenseDataError

__all__ = [
    "SERVICE_KEYS",
    "AnnualInspection",
    "CoverageUnit",
    "License",
    "Provision",
    "ServiceGrant",
    "license_dir",
    "load_license",
    "load_licenses",
    "validate_coverage",
]

SERVICE_KEYS = ("cdn", "isp", "idc", "vpn")
_REPO_ROOT = Path(__file__).resolve().parent.parent


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CoverageUnit(_Strict):
    """One administrative unit named in a coverage clause."""

    adcode: int
    name: str = Field(description="the name as the license writes it")


class Provision(_Strict):
    """One numbered special provision (特别规定事项), kept as text."""

    number: str
    text: str


class AnnualInspection(_Strict):
    year: int
    stamped: dt.date
    number_printed: str


class ServiceGrant(_Strict):
    """One service of the license, with the clause its coverage rests on."""

    clause_number: str
    catalogue_code: str
    name_zh: str
    name_en: str
    category: str
    service_items: str | None
    exclusions: list[str]
    coverage_means: Literal["service_area", "facility_location"]
    coverage_clause: str
    coverage: list[CoverageUnit] = Field(min_length=1)
    provisions: list[str]


class Source(_Strict):
    document: str
    note: str


class License(_Strict):
    number: str
    previous_numbers: list[str]
    kind: str
    holder: str
    holder_variants: list[str]
    issuer: str
    issued: dt.date
    valid_until: dt.date
    provisions_signed: list[dt.date]
    source: Source
    annual_inspections: list[AnnualInspection]
    services: dict[Literal["cdn", "isp", "idc", "vpn"], ServiceGrant]
    provisions: list[Provision]

    def is_valid_on(self, day: dt.date) -> bool:
        return self.issued <= day <= self.valid_until

    def provisions_for(self, service: str) -> list[Provision]:
        """The general provisions (一–十四) plus the service's own ones, in document order."""
        own = set(self.services[service].provisions)
        specific = {n for grant in self.services.values() for n in grant.provisions}
        return [p for p in self.provisions if p.number in own or p.number not in specific]


class _TextDatesLoader(yaml.SafeLoader):
    """YAML without timestamp resolution: dates reach pydantic as text, so a bad one names its field."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def license_dir() -> Path:
    return _REPO_ROOT / "data" / "licenses"


def _field_path(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)


def _parse(path: Path) -> License:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDatesLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LicenseDataError(f"{path.name}: cannot be read as YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise LicenseDataError(f"{path.name}: expected a mapping of fields at the top level")
    try:
        return License.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"field `{_field_path(e['loc'])}`: {e['msg']}" for e in exc.errors())
        raise LicenseDataError(f"{path.name}: {problems}") from exc


def validate_coverage(lic: License, units: pd.DataFrame, file_name: str) -> None:
    """Check every coverage unit against the boundary data; raise naming the field on the first problem."""
    known = units[units["level"].isin(["province", "prefecture"])].drop_duplicates("adcode").set_index("adcode")
    for key, grant in lic.services.items():
        seen: set[int] = set()
        for i, unit in enumerate(grant.coverage):
            field = f"services.{key}.coverage.{i}"
            if unit.adcode in seen:
                raise LicenseDataError(f"{file_name}: field `{field}`: duplicate unit {unit.adcode} ({unit.name})")
            seen.add(unit.adcode)
            if unit.adcode == NATIONWIDE:
                if unit.name != "全国":
                    raise LicenseDataError(
                        f"{file_name}: field `{field}.name`: adcode 100000 is 全国, not {unit.name!r}"
                    )
                continue
            if unit.adcode not in known.index:
                raise LicenseDataError(
                    f"{file_name}: field `{field}.adcode`: {unit.adcode} is not a province or prefecture in the boundary data"
                )
            row = known.loc[unit.adcode]
            if unit.name not in (row["name"], row["short_name"]):
                raise LicenseDataError(
                    f"{file_name}: field `{field}.name`: {unit.name!r} does not match adcode {unit.adcode} "
                    f"({row['name']}, short {row['short_name']})"
                )


def load_license(path: Path, units: pd.DataFrame) -> License:
    """Read, validate and cross-check one license file."""
    lic = _parse(path)
    validate_coverage(lic, units, path.name)
    return lic


def load_licenses(units: pd.DataFrame, folder: Path | None = None) -> dict[str, License]:
    """Every *.yaml license in the folder, keyed by file stem, newest issue first.

    Keyed by file rather than number because a renewal may keep its number.
    """
    folder = folder or license_dir()
    licenses = {p.stem: load_license(p, units) for p in sorted(folder.glob("*.yaml"))}
    if not licenses:
        raise LicenseDataError(f"{folder}: no license files (*.yaml) found")
    return dict(sorted(licenses.items(), key=lambda item: item[1].issued, reverse=True))
