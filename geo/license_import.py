"""A license document (MIIT's form, as text) -> a license file that passes data/licenses/'s validation.

Reads what the document holds and nothing else: the number (and the 变更为 note as the
previous number), holder and its spellings, kind, issuer, dates, each service block,
the special provisions, the inspection records. Every field keeps the lines it came
from, so a reviewer can hold the file against the document. The shareholder table and
every personal name are never read into the result; a string shaped like an ID number
anywhere in the output refuses the whole import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from geo.catalogue import catalogue_entry
from geo.errors import LicenseDataError
from geo.i18n import Msg, Quoted
from geo.inspections import printed_number_note
from geo.license import License, validate_coverage
from geo.license_places import CoverageReader, ImportProblem
from geo.license_text import DATE, NUMERAL, Paragraph, document_text, is_furniture, paragraphs
from geo.place_index import PlaceIndex

__all__ = ["ImportResult", "LicenseImporter", "SourceField", "license_yaml", "suggested_file_name", "superseding"]

_SERVICE_HEADING = re.compile(rf"^([{NUMERAL}]+)、(第[一二]类(?:增值|基础)电信业务)中的(.+?)$")
_FIELDS_IN_LINE = re.compile(r"(?<=.)(?=(?:服务项目|业务覆盖范围)(?:\([^)]{1,12}\))?:)")
_HEADING_NOTE = re.compile(r"\(([^)]*)\)$")
_PROVISION_HEADING = re.compile(rf"^([{NUMERAL}]+)、(.+)$")
_SUB_ITEM = re.compile(rf"^\(([{NUMERAL}]+)\)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
# a field's label, an optional note in brackets ("业务覆盖范围(机房所在地):"), then its value
_LABELLED = re.compile(
    r"^(经营许可证编号|公司名称|发证日期|有效期至|发证机关|服务项目|业务覆盖范围)(?:\(([^)]{1,12})\))?(?::\s*|\s+)(?P<value>.*)$"
)
_OWN_PROVISION = re.compile(r"在?经营(.{2,24}?业务)(?:时|,|应当|须)")  # 在经营…业务时 / 经营…业务, 应当…
_CHANGED = re.compile(r"([A-Z0-9][A-Z0-9-]{3,})\s*变更为\s*([A-Z0-9][A-Z0-9-]{3,})")
_INSPECTED = re.compile(r"你公司\s*(\d{4})\s*年度年检合格")
_KIND = re.compile(r"特颁发(\S+?许可证)")
_ISSUER = re.compile(r"(\S{2,8}?(?:省|自治区|市)通信管理局|工业和信息化部)")
_COMPANY_SUFFIX = re.compile(r"(?:有限责任公司|股份有限公司|有限公司)$")
ID_NUMBER = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")
MIIT = "中华人民共和国工业和信息化部"  # issues every 跨地区 license (电信业务经营许可管理办法, 第五条)


@dataclass(frozen=True)
class SourceField:
    """One field as read: its path in the license file, the value shown, the document lines."""

    path: str
    value: str
    lines: tuple[int, ...]


@dataclass
class ImportResult:
    """What an import found; `license` is None when a problem stops it (then `problems` says why)."""

    document: str
    fields: list[SourceField] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    unsupported: list[SourceField] = field(default_factory=list)  # services recognised but not answered for yet
    remarks: dict[str, Msg] = field(default_factory=dict)  # field path -> what a reader should know (scan errors)
    license: License | None = None

    @property
    def ok(self) -> bool:
        return self.license is not None and not self.problems


def _date(text: str) -> dt.date | None:
    """2017年09月18日, 17年5月23日, or 2017-09-18 / 2017.9.18 as some PDFs print it."""
    match = DATE.search(text) or _ISO_DATE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    year = year + 2000 if year < 100 else year  # the signature block writes 17年5月23日
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _value(para: Paragraph) -> str:
    """A labelled paragraph's value (the words after `label:`); the paragraph was taken by its label."""
    labelled = _LABELLED.match(para.text)
    assert labelled is not None
    return labelled["value"].strip()


def _section_entered(section: str, text: str) -> str | None:
    """The section a paragraph opens (the shareholder table, the annex, the provisions, the inspection records)."""
    if "股东的基本情况" in text:
        return "shareholders"
    if section == "shareholders" and text.startswith("注:"):
        return "cover"
    if "获准经营的业务种类" in text:
        return "annex"
    if section in ("cover", "annex") and (text == "特别规定事项" or text.startswith("《特别规定事项》")):
        return "provisions"
    if "年检情况记录表" in text and len(text) < 30:
        return "inspections"
    return None


def _cover_label(para: Paragraph, labelled: re.Match | None, labels: dict[str, Paragraph]) -> None:
    """The cover's fields, first occurrence kept (the annexes repeat some)."""
    if labelled and labelled.group(1) in ("公司名称", "发证日期", "有效期至", "发证机关"):
        labels.setdefault(labelled.group(1), para)
    elif _KIND.search(para.text):
        labels.setdefault("kind", para)
    elif "工业和信息化部" in para.text or "通信管理局" in para.text:
        labels.setdefault("issuer_named", para)


def _is_signature(text: str) -> bool:
    """A signatory's line: a name and a date, nothing else (隋利2017年4月27日)."""
    match = DATE.search(text)
    return match is not None and match.end() == len(text) and len(text[: match.start()]) <= 6


@dataclass
class _Service:
    number: str
    category_class: str
    name: str
    heading: Paragraph
    items: Paragraph | None = None
    coverage: Paragraph | None = None


class LicenseImporter:
    """Reads license documents against the boundary units, with the check's own place index."""

    def __init__(self, index: PlaceIndex) -> None:
        self.units = index.boundaries.units
        self.places = CoverageReader(self.units, index.gazetteer)

    def import_file(self, path: Path) -> ImportResult:
        return self.import_text(document_text(path), path.name)

    def import_text(self, text: str, document: str) -> ImportResult:
        result = ImportResult(document)
        data = _Reading(result, self.places).read(paragraphs(text))
        if result.problems:
            return result
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        data["source"] = {
            "document": document,
            "note": f"Imported by `coverage-atlas license import` from {document} (sha256 {digest}…).",
            "lines": _lines_by_field(result.fields),
        }
        try:
            lic = License.model_validate(data)
            validate_coverage(lic, self.units, document)
        except ValidationError as exc:
            for error in exc.errors():
                path = ".".join(str(p) for p in error["loc"])
                why = Msg("import.invalid", {"field": path, "error": error["msg"]})
                result.problems.append(ImportProblem(_lines_of(result, path), why))
            return result
        except LicenseDataError as exc:
            result.problems.append(ImportProblem((1,), Msg("import.license_data", {"error": str(exc)})))
            return result
        found = ID_NUMBER.search(license_yaml(lic))
        if found:
            result.problems.append(ImportProblem((1,), Msg("import.id_number")))
            return result
        result.license = lic
        return result


def _lines_by_field(fields: list[SourceField]) -> dict[str, list[int]]:
    """Field path -> every line it was read from (a list field such as holder_variants gathers its items')."""
    lines: dict[str, list[int]] = {}
    for f in fields:
        lines[f.path] = sorted({*lines.get(f.path, []), *f.lines})
    return lines


def _lines_of(result: ImportResult, path: str) -> tuple[int, ...]:
    for f in result.fields:
        if path.startswith(f.path):
            return f.lines
    return (1,)


class _Reading:
    """One pass over the paragraphs, section by section (cover, annex, provisions, inspections)."""

    def __init__(self, result: ImportResult, places: CoverageReader) -> None:
        self.result = result
        self.places = places

    def note(self, path: str, value: object, para: Paragraph | tuple[int, ...]) -> None:
        lines = para.lines if isinstance(para, Paragraph) else para
        self.result.fields.append(SourceField(path, str(value), lines))

    def problem(self, para: Paragraph, reason: str, **params: object) -> None:
        self.result.problems.append(ImportProblem(para.lines, Msg(f"import.{reason}", params)))

    def read(self, paras: list[Paragraph]) -> dict:
        data: dict = {"previous_numbers": [], "holder_variants": [], "provisions_signed": [], "annual_inspections": []}
        services: list[_Service] = []
        provisions: list[dict] = []
        provision_lines: list[tuple[int, ...]] = []
        section, page_number = "cover", None
        labels: dict[str, Paragraph] = {}
        for i, para in enumerate(paras):
            labelled = _LABELLED.match(para.text)
            if labelled and labelled.group(1) == "经营许可证编号":  # every page's header: the number printed there
                page_number = labelled["value"].strip()
                labels.setdefault("经营许可证编号", para)
                continue
            entered = _section_entered(section, para.text)
            if entered:
                section = entered
                continue
            if section == "shareholders":  # names, ID numbers, shares: never read
                continue
            if self._changed_number(para, data):
                continue
            if section == "cover":
                _cover_label(para, labelled, labels)
            elif section == "annex":
                self._annex(para, services)
            elif section == "provisions":
                self._provision(para, provisions, provision_lines, data)
            elif section == "inspections" or _INSPECTED.search(para.text):  # a record, wherever the page falls
                self._inspection(paras, i, page_number, data)
        self._cover(labels, data, paras)
        data["services"], data["unsupported_services"] = self._services(services)
        data["provisions"] = provisions
        for entry, lines in zip(provisions, provision_lines, strict=True):
            self.note(f"provisions.{entry['number']}", entry["text"].split("\n")[0][:40] + "…", lines)
        self._own_provisions(data, provisions, provision_lines)
        for inspection in data["annual_inspections"]:
            note = printed_number_note(inspection["number_printed"], data.get("number", ""), data["previous_numbers"])
            if note:  # BBZ-20070275 on a B1-20070275 record: a probable scan error, said beside the field
                self.result.remarks[f"annual_inspections.{inspection['year']}"] = note
        return self._finish(data)

    def _changed_number(self, para: Paragraph, data: dict) -> bool:
        """'B1-20060088 变更为 B1-20070275.': both numbers of the note, kept (those not this license's) as previous."""
        changed = _CHANGED.search(para.text)
        if changed:
            data.setdefault("_numbers_changed", []).append((changed.group(1), changed.group(2), para))
        return changed is not None

    # --- sections ------------------------------------------------------------------

    def _cover(self, labels: dict[str, Paragraph], data: dict, paras: list[Paragraph]) -> None:
        required = {"经营许可证编号": "number", "公司名称": "holder", "发证日期": "issued", "有效期至": "valid_until"}
        for label, path in required.items():
            if label not in labels:
                first = paras[0] if paras else Paragraph("", (1,))
                self.problem(first, "no_field", label=label)
                continue
            text = _value(labels[label])
            if path in ("issued", "valid_until"):
                day = _date(text)
                if day is None:
                    self.problem(labels[label], "bad_date", label=label, text=Quoted(text))
                    continue
                data[path] = day.isoformat()
            else:
                data[path] = text
            self.note(path, data[path], labels[label])
        self._previous_numbers(data)
        self._kind_and_issuer(labels, data)
        self._holder_variants(data, paras)

    def _previous_numbers(self, data: dict) -> None:
        """A chain of 变更为 notes: every number in them but this license's own, in order."""
        for before, after, para in data.pop("_numbers_changed", []):
            for number in (before, after):
                if number != data.get("number") and number not in data["previous_numbers"]:
                    data["previous_numbers"].append(number)
                    self.note("previous_numbers", number, para)

    def _kind_and_issuer(self, labels: dict[str, Paragraph], data: dict) -> None:
        if "kind" in labels:
            data["kind"] = _KIND.search(labels["kind"].text).group(1)  # type: ignore[union-attr]
            self.note("kind", data["kind"], labels["kind"])
        else:
            data["kind"] = "增值电信业务经营许可证"
        if "发证机关" in labels:
            data["issuer"] = _value(labels["发证机关"])
            self.note("issuer", data["issuer"], labels["发证机关"])
        elif data["kind"].startswith("跨地区"):
            data["issuer"] = MIIT
            self.note("issuer", MIIT, labels.get("kind", labels.get("经营许可证编号", Paragraph("", (1,)))))
        elif "issuer_named" in labels and (named := _ISSUER.search(labels["issuer_named"].text)):
            data["issuer"] = named.group(1)
            self.note("issuer", data["issuer"], labels["issuer_named"])
        else:
            self.problem(labels.get("kind", Paragraph("", (1,))), "no_issuer")

    def _holder_variants(self, data: dict, paras: list[Paragraph]) -> None:
        """The holder's other spellings in the document (有限责任公司 for 有限公司), each with its line."""
        holder = data.get("holder", "")
        stem = _COMPANY_SUFFIX.sub("", holder)
        if stem:
            spelled = re.compile(re.escape(stem) + r"(?:有限责任公司|股份有限公司|有限公司)")
            for para in paras:
                for variant in spelled.findall(para.text):
                    if variant != holder and variant not in data["holder_variants"]:
                        data["holder_variants"].append(variant)
                        self.note("holder_variants", variant, para)

    def _annex(self, para: Paragraph, services: list[_Service]) -> None:
        parts = _FIELDS_IN_LINE.split(para.text)
        if len(parts) > 1:  # "二、…内容分发网络业务, 业务覆盖范围: 全国。" on one line: each field read on its own
            for part in (p.strip(" ,;") for p in parts):
                if part:
                    self._annex(Paragraph(part, para.lines), services)
            return
        heading = _SERVICE_HEADING.match(para.text)
        if heading:
            name = heading.group(3).strip()
            note = _HEADING_NOTE.search(name)  # "…数据中心业务(不含互联网资源协作服务)": the items in the heading
            service = _Service(heading.group(1), heading.group(2), _HEADING_NOTE.sub("", name).strip(), para)
            if note:
                service.items = Paragraph(f"服务项目: {note.group(1)}", para.lines)
            services.append(service)
            return
        labelled = _LABELLED.match(para.text)
        if not services or not labelled:
            return
        if labelled.group(1) == "服务项目":
            services[-1].items = para
        elif labelled.group(1) == "业务覆盖范围":
            services[-1].coverage = para

    def _provision(self, para: Paragraph, provisions: list[dict], lines: list[tuple[int, ...]], data: dict) -> None:
        text = para.text
        if is_furniture(text):
            return
        signed = _date(text) if _is_signature(text) else None
        if signed:
            data["provisions_signed"].append(signed.isoformat())
            self.note("provisions_signed", signed, para)
            return
        heading = _PROVISION_HEADING.match(text)
        if heading and not _SERVICE_HEADING.match(text):
            provisions.append({"number": heading.group(1), "text": heading.group(2)})
            lines.append(para.lines)
        elif provisions:  # a sub-item on its own line; other words continue the provision
            provisions[-1]["text"] += "\n" + text if _SUB_ITEM.match(text) else text
            lines[-1] = (*lines[-1], *para.lines)

    def _inspection(self, paras: list[Paragraph], i: int, page_number: str | None, data: dict) -> None:
        """Each 'N 年度年检合格' record with the date stamped after it (two columns may share a line)."""
        para = paras[i]
        records = list(_INSPECTED.finditer(para.text))
        for n, inspected in enumerate(records):
            upto = records[n + 1].start() if n + 1 < len(records) else len(para.text)
            stamped, lines = _date(para.text[inspected.end() : upto]), para.lines
            if stamped is None and n + 1 == len(records) and i + 1 < len(paras):  # the stamp's date on the next line
                stamped, lines = _date(paras[i + 1].text), (*para.lines, *paras[i + 1].lines)
            if stamped is None:
                self.problem(para, "no_stamp", year=inspected.group(1))
                continue
            year = int(inspected.group(1))
            data["annual_inspections"].append(
                {"year": year, "stamped": stamped.isoformat(), "number_printed": page_number or ""}
            )
            self.note(f"annual_inspections.{year}", f"{stamped.isoformat()} · {page_number}", lines)

    def _services(self, services: list[_Service]) -> tuple[dict, list[dict]]:
        """The grants the atlas answers for, and the others (kept in the file: a grant is never lost)."""
        granted: dict[str, dict] = {}
        unsupported: list[dict] = []
        for service in services:
            category = f"{service.category_class}中的{service.name}"
            entry = catalogue_entry(service.name)
            if entry is None:
                self.problem(service.heading, "not_catalogue", name=Quoted(service.name))
                continue
            clause = service.coverage.text if service.coverage else ""
            if entry.key is None:
                self.result.unsupported.append(SourceField(f"{entry.code} {entry.name}", clause, service.heading.lines))
                unsupported.append(
                    {"clause_number": service.number, "catalogue_code": entry.code}
                    | {"category": category, "coverage_clause": clause}
                )
                continue
            if service.coverage is None:
                self.problem(service.heading, "no_clause", name=Quoted(service.name))
                continue
            if entry.key in granted:
                self.problem(service.heading, "granted_twice", name=Quoted(service.name))
                continue
            label = _LABELLED.match(clause)
            assert label is not None  # the paragraph was taken as this service's clause by its label
            words = label["value"] if label.group(2) != "机房所在地" else f"机房所在地为{label['value']}"
            reading = self.places.read(words, service.coverage.lines)
            self.result.problems.extend(reading.problems)
            items = _value(service.items) if service.items else None
            exclusions = [
                name
                for part in re.findall(r"不含(.+?)(?:。|;|$)", items or "")
                for name in re.split(r"[、,和及]", part)
            ]
            granted[entry.key] = {
                "clause_number": service.number,
                "catalogue_code": entry.code,
                "name_zh": entry.name,
                "name_en": entry.name_en,
                "category": category,
                "service_items": items,
                "exclusions": [e.strip() for e in exclusions if e.strip()],
                "coverage_means": reading.coverage_means,
                "coverage_clause": clause,
                "coverage": [u.model_dump() for u in reading.units],
                "provisions": [],
            }
            self.note(f"services.{entry.key}.category", f"{service.number}、{category}", service.heading)
            if service.items:
                self.note(f"services.{entry.key}.service_items", items, service.items)
            self.note(
                f"services.{entry.key}.coverage",
                "、".join(u.name for u in reading.units) or "—",
                service.coverage.lines,
            )
        if not granted and not self.result.problems:
            self.result.problems.append(ImportProblem((1,), Msg("import.no_service")))
        return granted, unsupported

    def _own_provisions(self, data: dict, provisions: list[dict], lines: list[tuple[int, ...]]) -> None:
        """A provision that opens 在经营…业务时 belongs to that service; the rest bind every service."""
        for provision, where in zip(provisions, lines, strict=True):
            own = _OWN_PROVISION.search(provision["text"].split("\n")[0])
            if not own:
                continue
            entry = catalogue_entry(own.group(1))
            if entry is None or entry.key is None:
                continue  # a service not answered for (reported with the services)
            if entry.key not in data["services"]:
                why = Msg("import.orphan_provision", {"number": provision["number"], "name": Quoted(own.group(1))})
                self.result.problems.append(ImportProblem(where, why))
                continue
            data["services"][entry.key]["provisions"].append(provision["number"])
            self.note(f"services.{entry.key}.provisions", provision["number"], where)

    def _finish(self, data: dict) -> dict:
        order = ("number", "previous_numbers", "kind", "holder", "holder_variants", "issuer", "issued", "valid_until")
        tail = ("provisions_signed", "annual_inspections", "services", "provisions", "unsupported_services")
        return {key: data[key] for key in (*order, *tail) if key in data}


def superseding(lic: License, on_file: dict[str, License]) -> License:
    """A renewal that keeps its number says which file it replaces (`supersedes:`), so that both stay usable in
    one folder: the newest file of that number issued before it. Unchanged when there is none."""
    older = [
        (other.issued, key)
        for key, other in on_file.items()
        if other.number == lic.number and other.issued < lic.issued
    ]
    if not older or lic.supersedes:
        return lic
    return lic.model_copy(update={"supersedes": f"{max(older)[1]}.yaml"})


def suggested_file_name(lic: License, on_file: dict[str, License]) -> str:
    """The number, or, where a file of that number is on file already, the number and the issue date."""
    taken = any(other.number == lic.number for other in on_file.values())
    return f"{lic.number}-{lic.issued.isoformat()}.yaml" if taken else f"{lic.number}.yaml"


def license_yaml(lic: License, header: str = "") -> str:
    """The license file's text: fields in the curated file's order, provisions as blocks of text."""

    class _Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    def flat(value: object) -> bool:
        return isinstance(value, (str, int, float)) and not (isinstance(value, str) and "\n" in value)

    def sequence(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
        return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=all(map(flat, value)))

    def mapping(dumper: yaml.SafeDumper, value: dict) -> yaml.MappingNode:
        short = len(value) <= 3 and all(
            flat(v) and len(str(v)) < 60 for v in value.values()
        )  # {adcode: 110000, name: 北京}
        return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=short)

    _Dumper.add_representer(str, text)
    _Dumper.add_representer(list, sequence)
    _Dumper.add_representer(dict, mapping)
    data = lic.model_dump(mode="json", exclude_defaults=True)
    data.setdefault("previous_numbers", [])
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200)
    return header + body
