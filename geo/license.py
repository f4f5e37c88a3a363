"""The license as validated data: one YAML file per license document under data/licenses/.

Validation happens in two steps: the file's shape (pydantic: unknown fields, bad
dates, missing keys) and its coverage against the boundary data (every unit's
adcode exists, its name matches, no duplicates). Either failure raises
LicenseDataError naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field, ValidationInfo, field_validator

from geo.boundaries import NOT_MAINLAND
from geo.data_files import Strict, load_model
from geo.errors import LicenseDataError
from geo.i18n import Msg, Name, t
from geo.paths import LICENSE_DIR

__all__ = [
    "NATIONWIDE",
    "OUTSIDE_LICENSE",
    "RULE_IDS",
    "SERVICE_KEYS",
    "AnnualInspection",
    "ChosenLicense",
    "CoverageUnit",
    "License",
    "LicenseFolder",
    "Provision",
    "ServiceGrant",
    "Validity",
    "chinese_numeral_value",
    "choose_license",
    "default_license_key",
    "interpretation_rules",
    "license_json",
    "load_license",
    "load_licenses",
    "outside_license",
    "parse_services",
    "read_license_folder",
    "validate_coverage",
    "validity",
]

SERVICE_KEYS = ("cdn", "isp", "idc", "vpn")
# The jurisdiction rule: a mainland value-added telecom license covers no unit in Hong Kong, Macau or Taiwan
# (status `outside`, every service no), whatever its clauses name.
OUTSIDE_LICENSE = NOT_MAINLAND


def outside_license(adcode: int) -> bool:
    """Is this unit (a province, or any unit inside one) in Hong Kong, Macau or Taiwan?"""
    return adcode // 10000 * 10000 in OUTSIDE_LICENSE


NATIONWIDE = 100000  # the adcode a clause uses for 全国


class CoverageUnit(Strict):
    """One administrative unit named in a coverage clause."""

    adcode: int
    name: str = Field(description="the name as the license writes it")


class Provision(Strict):
    """One numbered special provision (特别规定事项), kept as text."""

    number: str  # as the document numbers it: 一 … 十八
    text: str

    @property
    def label(self) -> Name:
        """The number in either language: 十四 / 14."""
        return Name(self.number, str(chinese_numeral_value(self.number)))


def chinese_numeral_value(numeral: str) -> int:
    """一 -> 1, 十 -> 10, 十四 -> 14, 二十一 -> 21 (the document numbers provisions below 100)."""
    digits = "一二三四五六七八九"
    if "十" not in numeral:
        return digits.index(numeral) + 1
    tens, units = numeral.split("十")
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(units) + 1 if units else 0)


class AnnualInspection(Strict):
    year: int
    stamped: dt.date
    number_printed: str


class ServiceGrant(Strict):
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

    @property
    def nationwide(self) -> bool:
        return any(u.adcode == NATIONWIDE for u in self.coverage)

    @property
    def by_city(self) -> bool:
        """Licensed city by city (a prefecture-level unit is named): the nearest licensed city means something."""
        return not self.nationwide and any(u.adcode % 10000 for u in self.coverage)

    @property
    def by_province(self) -> bool:
        """Licensed province by province only (ISP in B1-20070275)."""
        return not self.nationwide and not self.by_city


class Source(Strict):
    document: str
    note: str
    lines: dict[str, list[int]] = Field(
        default_factory=dict, description="field -> the document's line numbers it was read from (imported files)"
    )


class UnsupportedService(Strict):
    """A service the license grants that the atlas cannot answer for yet, kept so it is never dropped silently."""

    clause_number: str
    catalogue_code: str
    category: str
    coverage_clause: str


class License(Strict):
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
    services: dict[str, ServiceGrant] = Field(min_length=1)  # keys among SERVICE_KEYS (checked below)
    provisions: list[Provision]
    unsupported_services: list[UnsupportedService] = Field(default_factory=list)
    supersedes: str | None = Field(
        default=None, description="file name of the license document this one replaces, where both share a number"
    )
    draft_of: str | None = Field(
        default=None, description="a what-if draft (geo.draft), not a license document: the number of its base license"
    )

    @field_validator("valid_until")
    @classmethod
    def _after_issue(cls, valid_until: dt.date, info: ValidationInfo) -> dt.date:
        issued = info.data.get("issued")
        if issued and valid_until < issued:
            raise ValueError(f"{valid_until} is before the issue date {issued}")
        return valid_until

    @field_validator("services")
    @classmethod
    def _known_services(cls, services: dict[str, ServiceGrant]) -> dict[str, ServiceGrant]:
        unknown = [key for key in services if key not in SERVICE_KEYS]
        if unknown:
            raise ValueError(
                f"`services.{unknown[0]}` is not a service the atlas knows ({', '.join(SERVICE_KEYS)}); "
                "list other catalogue services under `unsupported_services`"
            )
        return services

    @property
    def service_keys(self) -> tuple[str, ...]:
        """The services this license grants, in the atlas's fixed order (cdn, isp, idc, vpn): a renewal may keep two."""
        return tuple(s for s in SERVICE_KEYS if s in self.services)

    def services_by_city(self) -> tuple[str, ...]:
        return tuple(s for s in self.service_keys if self.services[s].by_city)

    def services_by_province(self) -> tuple[str, ...]:
        return tuple(s for s in self.service_keys if self.services[s].by_province)

    def parse_services(self, text: str | None) -> list[str]:
        """'idc,vpn' -> this license's services among them, in order; empty means all it grants."""
        asked = parse_services(text)
        if not text:
            return list(self.service_keys)
        missing = [s for s in asked if s not in self.services]
        if missing:
            raise ValueError(f"this license grants {list(self.service_keys)}, not {missing}")
        return asked

    def general_provisions(self) -> list[Provision]:
        """The provisions no service claims as its own (一–十四 in B1-20070275): they apply to every service."""
        specific = {n for grant in self.services.values() for n in grant.provisions}
        return [p for p in self.provisions if p.number not in specific]

    def own_provisions(self, service: str) -> list[Provision]:
        """The provisions that name this service (十五 for IDC, ...), in document order."""
        own = set(self.services[service].provisions)
        return [p for p in self.provisions if p.number in own]


def parse_services(text: str | None) -> list[str]:
    """'idc,vpn' -> ['idc', 'vpn'] in license order; empty means all; unknown names raise naming them."""
    if not text:
        return list(SERVICE_KEYS)
    asked = [s.strip().lower() for s in text.split(",") if s.strip()]
    unknown = [s for s in asked if s not in SERVICE_KEYS]
    if unknown:
        raise ValueError(f"`services` had {unknown} but is expected to be among {list(SERVICE_KEYS)}")
    return [s for s in SERVICE_KEYS if s in asked]


MAX_LICENSE_BYTES = 2**20  # the real file is 20 KB


def _parse(path: Path) -> License:
    return load_model(path, License, MAX_LICENSE_BYTES, LicenseDataError)


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
            if outside_license(unit.adcode):
                raise LicenseDataError(
                    f"{file_name}: field `{field}`: {unit.name} ({unit.adcode}) is outside the jurisdiction of a "
                    "mainland value-added telecom license (Hong Kong, Macau and Taiwan are never covered)"
                )
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
    if lic.supersedes == path.name:
        raise LicenseDataError(f"{path.name}: field `supersedes`: names this file itself")
    if lic.draft_of == lic.number:
        raise LicenseDataError(f"{path.name}: field `draft_of`: names this draft's own number {lic.number}")
    validate_coverage(lic, units, path.name)
    return lic


def _clashing_numbers(licenses: dict[str, License]) -> dict[str, str]:
    """Files sharing a number where neither says it supersedes the other (an amendment): both, with why."""
    by_number: dict[str, list[str]] = {}
    for stem, lic in licenses.items():
        if lic.draft_of is None:  # drafts of one license may be many; each says it is a draft
            by_number.setdefault(lic.number, []).append(stem)
    clashes: dict[str, str] = {}
    for number, stems in by_number.items():
        for i, first in enumerate(stems):
            for second in stems[i + 1 :]:
                named = {licenses[first].supersedes, licenses[second].supersedes} - {None}
                if not named & {f"{first}.yaml", f"{second}.yaml"}:
                    why = (
                        f"{first}.yaml and {second}.yaml both hold license {number}; give the amendment its own "
                        f"document number, or field `supersedes:` naming the file it replaces"
                    )
                    clashes.setdefault(f"{first}.yaml", why)
                    clashes.setdefault(f"{second}.yaml", why)
    return clashes


@dataclass(frozen=True)
class LicenseFolder:
    """The license files of a folder: the valid ones by file stem (newest issue first), and each broken one's reason."""

    licenses: dict[str, License]
    broken: dict[str, str]  # file name -> one line: file, field, reason

    def usable(self) -> dict[str, License]:
        """The valid licenses; an error (every broken file's reason) when there is none."""
        if not self.licenses:
            raise LicenseDataError("; ".join(self.broken.values()) or "no license files (*.yaml) found")
        return self.licenses


def read_license_folder(units: pd.DataFrame, folder: Path | None = None) -> LicenseFolder:
    """Each file loaded on its own: a broken file is reported and left out, never taking the others down."""
    folder = folder or LICENSE_DIR
    licenses: dict[str, License] = {}
    broken: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            licenses[path.stem] = load_license(path, units)
        except LicenseDataError as exc:
            broken[path.name] = str(exc)
    clashes = _clashing_numbers(licenses)
    broken |= clashes
    valid = {stem: lic for stem, lic in licenses.items() if f"{stem}.yaml" not in clashes}
    return LicenseFolder(dict(sorted(valid.items(), key=lambda item: item[1].issued, reverse=True)), broken)


def default_license_key(licenses: dict[str, License], as_of: dt.date | None = None) -> str:
    """The license a user gets without choosing: the real one in force on `as_of`, else the newest real one
    issued by then, else the newest real one. A draft (or a file dated in the future) never wins by its date;
    a draft is used only when chosen by name."""
    as_of = as_of or dt.date.today()
    real = {key: lic for key, lic in licenses.items() if lic.draft_of is None} or licenses
    in_force = [key for key, lic in real.items() if lic.issued <= as_of <= lic.valid_until]
    issued = [key for key, lic in real.items() if lic.issued <= as_of]
    return max(in_force or issued or list(real), key=lambda key: (real[key].issued, key))


def license_json(key: str, lic: License, as_of: dt.date | None = None) -> dict:
    """Which license an answer used, and whether it was in force on the as-of date (every JSON answer says)."""
    as_of = as_of or dt.date.today()
    return {
        "file": f"{key}.yaml",
        "number": lic.number,
        "draft": lic.draft_of is not None,
        "valid_until": lic.valid_until.isoformat(),
        "in_force": lic.issued <= as_of <= lic.valid_until,
    }


@dataclass(frozen=True)
class ChosenLicense:
    key: str  # file stem
    path: Path
    license: License


def choose_license(
    choice: str | None, units: pd.DataFrame, folder: Path | None = None, found: LicenseFolder | None = None
) -> ChosenLicense:
    """`--license PATH|NUMBER|NAME`: a license file anywhere (validated as those in the folder are), a license
    number (the newest file holding it), or a file stem under the folder; nothing means the default license.
    An unknown choice raises naming the choices. `found`: the folder as the caller has read it already."""
    folder = folder or LICENSE_DIR
    if choice and (choice.endswith((".yaml", ".yml")) or "/" in choice or Path(choice).is_file()):
        path = Path(choice)
        if not path.is_file():
            raise LicenseDataError(f"{choice}: no such license file")
        return ChosenLicense(path.stem, path, load_license(path, units))
    found = found or read_license_folder(units, folder)
    if choice and f"{choice}.yaml" in found.broken:
        raise LicenseDataError(found.broken[f"{choice}.yaml"])
    licenses = found.usable()
    if choice and choice not in licenses:
        numbered = {key: lic for key, lic in licenses.items() if lic.number == choice}
        if not numbered:
            raise LicenseDataError(Msg("cli.no_license", {"key": choice, "choices": ", ".join(licenses)}))
        choice = default_license_key(numbered)
    key = choice or default_license_key(licenses)
    return ChosenLicense(key, folder / f"{key}.yaml", licenses[key])


def load_licenses(units: pd.DataFrame, folder: Path | None = None) -> dict[str, License]:
    """Every valid *.yaml license in the folder, keyed by file stem, newest issue first (see read_license_folder).

    Keyed by file rather than number because a renewal may keep its number (it then says `supersedes:`).
    An error only when no file is valid.
    """
    return read_license_folder(units, folder).usable()


# --- validity on a day: shown on every screen, never blocking use ---------------------------


@dataclass(frozen=True)
class Validity:
    status: Literal["valid", "expired", "not_yet_valid"]
    days: int  # days since expiry, until expiry, or until it takes effect
    message: Msg  # the sentence for a banner
    short: Msg  # the few words for a map subtitle
    basis: Msg  # what an answer rests on, said with it wherever it travels ("按已于 … 到期的许可证 …")

    def render(self, lang: str) -> str:
        return self.message.render(lang)

    def markdown(self, lang: str) -> str:
        return self.message.markdown(lang)


def validity(lic: License, as_of: dt.date) -> Validity:
    if as_of > lic.valid_until:
        params = {"number": lic.number, "date": lic.valid_until, "as_of": as_of}
        short = Msg("validity.expired_short", {"date": lic.valid_until})
        basis = Msg("answer.basis.expired", {"number": lic.number, "date": lic.valid_until})
        return Validity("expired", (as_of - lic.valid_until).days, Msg("validity.expired", params), short, basis)
    if as_of < lic.issued:
        params = {"number": lic.number, "date": lic.issued, "as_of": as_of}
        short = Msg("validity.not_yet_valid_short", {"date": lic.issued})
        basis = Msg("answer.basis.not_yet_valid", {"number": lic.number, "date": lic.issued})
        message = Msg("validity.not_yet_valid", params)
        return Validity("not_yet_valid", (lic.issued - as_of).days, message, short, basis)
    short = Msg("validity.valid_short", {"date": lic.valid_until})
    message = Msg("validity.valid", {"number": lic.number, "date": lic.valid_until})
    basis = Msg("answer.basis.valid", {"number": lic.number, "date": lic.valid_until})
    return Validity("valid", (lic.valid_until - as_of).days, message, short, basis)


# --- the interpretation rules, stated so users can disagree knowingly; text in the catalogue --


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
