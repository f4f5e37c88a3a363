"""The license file as data: what B1-20070275 grants, and clear errors for broken files."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from geo.errors import LicenseDataError
from geo.license import SERVICE_KEYS, load_license, load_licenses, validity
from geo.paths import LICENSE_DIR

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "source" / "license-B1-20070275.txt"
ISP_PROVINCES = "北京 天津 山西 吉林 黑龙江 上海 江苏 浙江 福建 江西 山东 河南 湖北 湖南 广东 重庆 云南".split()
IDC_UNITS = "北京 天津 上海 重庆 大同 长春 哈尔滨 南京 温州 厦门 九江 济南 郑州 武汉 长沙 广州 东莞 昆明".split()
VPN_UNITS = "北京 上海 南京 武汉 广州 深圳 成都 西安".split()


def test_header_facts(lic):
    assert lic.number == "B1-20070275"
    assert lic.previous_numbers == ["B1-20060088"]
    assert lic.holder == "北京蓝汛通信技术有限公司"
    assert "北京蓝汛通信技术有限责任公司" in lic.holder_variants
    assert (lic.issued, lic.valid_until) == (dt.date(2017, 9, 18), dt.date(2022, 9, 18))
    assert validity(lic, dt.date(2026, 11, 28)).status == "expired"
    assert validity(lic, dt.date(2020, 1, 1)).status == "valid"


@pytest.fixture(scope="module")
def source() -> str:
    """The transcribed license; CI lays shared/ beside the checkout, so its absence is an error, not a skip."""
    assert SOURCE.exists(), f"the license transcription is missing: {SOURCE} (shared/ must sit beside the checkout)"
    return SOURCE.read_text(encoding="utf-8")


def test_annual_inspections_match_the_record_pages(lic, source):
    years = [r.year for r in lic.annual_inspections]
    assert years == [2002, *range(2004, 2017)]  # 2003 is absent from the document
    for record in lic.annual_inspections:
        assert record.stamped.year == record.year + 1
        stamp = rf"{record.stamped.year}\s*年\s*{record.stamped.month}\s*月\s*{record.stamped.day}\s*日"
        assert re.search(rf"{record.year} 年度年检合格。.*?{stamp}", source), record


@pytest.mark.parametrize(
    "service, names",
    [("isp", ISP_PROVINCES), ("idc", IDC_UNITS), ("vpn", VPN_UNITS), ("cdn", ["全国"])],
)
def test_coverage_names_as_the_license_writes_them(lic, service, names):
    assert [u.name for u in lic.services[service].coverage] == names


@pytest.mark.parametrize("service", SERVICE_KEYS)
def test_clause_text_is_quoted_from_the_source(lic, service, source):
    grant = lic.services[service]
    assert grant.coverage_clause in source
    assert grant.category in source
    for unit in grant.coverage:
        assert unit.name in grant.coverage_clause


def test_provisions_text_is_from_the_source(lic, source):
    flat = re.sub(r"\s+", "", source)
    page_furniture = "司(局)负责人:公司代表:年月日年月日经营许可证编号:B1-20070275特别规定事项"
    flat = flat.replace(page_furniture, "")
    numbers = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八".split()
    assert [p.number for p in lic.provisions] == numbers
    assert [p.label.en for p in lic.provisions] == [str(n) for n in range(1, 19)]
    for provision in lic.provisions:
        # the whole provision, as written, with only whitespace and page furniture removed
        assert provision.number + "、" + re.sub(r"\s+", "", provision.text) in flat, provision.number


@pytest.mark.parametrize("service, own", [("idc", "十五"), ("cdn", "十六"), ("vpn", "十七"), ("isp", "十八")])
def test_provisions_per_service(lic, service, own):
    numbers = [p.number for p in (*lic.general_provisions(), *lic.own_provisions(service))]
    assert numbers[:14] == "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四".split()
    assert numbers[14:] == [own]


def test_idc_excludes_resource_collaboration(lic):
    assert lic.services["idc"].exclusions == ["互联网资源协作服务"]
    assert lic.services["idc"].coverage_means == "facility_location"


def test_no_personal_id_numbers_in_data():
    id_pattern = re.compile(r"[1-9]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx]")
    for path in LICENSE_DIR.rglob("*"):
        if path.is_file():
            assert not id_pattern.search(path.read_text(encoding="utf-8", errors="ignore")), path


# --- broken files: each names the file and the field -------------------------------------


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = (LICENSE_DIR / "B1-20070275.yaml").read_text(encoding="utf-8")
    assert old in text, old
    target = tmp_path / "broken.yaml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("issued: 2017-09-18", "issued: 2017-13-45", r"broken\.yaml: field `issued`"),
        ("kind: ", "colour: blue\nkind: ", r"broken\.yaml: field `colour`: Extra inputs"),
        ("{adcode: 440300, name: 深圳}", "{adcode: 440399, name: 深圳}", r"field `services\.vpn\.coverage\.5\.adcode`"),
        (
            "{adcode: 440300, name: 深圳}",
            "{adcode: 440300, name: 珠海}",
            r"field `services\.vpn\.coverage\.5\.name`.*珠海",
        ),
        (
            "{adcode: 440300, name: 深圳}",
            "{adcode: 440100, name: 广州}",
            r"services\.vpn\.coverage\.5`: duplicate unit 440100",
        ),
        (
            "  cdn:\n    clause_number: 二",
            "  cdx:\n    clause_number: 二",
            r"`services\.cdx` is not a service the atlas knows \(cdn, isp, idc, vpn\)",
        ),
    ],
)
def test_broken_license_names_file_and_field(tmp_path, units, old, new, expected):
    with pytest.raises(LicenseDataError, match=expected):
        load_license(_broken_copy(tmp_path, old, new), units)


def test_second_license_file_is_picked_up(tmp_path, units):
    shutil.copy(LICENSE_DIR / "B1-20070275.yaml", tmp_path / "B1-20070275.yaml")
    renewal = _broken_copy(tmp_path, "valid_until: 2022-09-18", "valid_until: 2027-09-18")
    renewal = renewal.rename(tmp_path / "B1-20070275-renewal.yaml")
    text = renewal.read_text(encoding="utf-8").replace("issued: 2017-09-18", "issued: 2022-09-10")
    renewal.write_text(text + "\nsupersedes: B1-20070275.yaml\n", encoding="utf-8")  # keeps the number: says so
    licenses = load_licenses(units, tmp_path)
    assert list(licenses) == ["B1-20070275-renewal", "B1-20070275"]  # newest first
    assert licenses["B1-20070275-renewal"].valid_until == dt.date(2027, 9, 18)


def test_general_and_own_provisions(lic):
    general = [p.number for p in lic.general_provisions()]
    assert general == "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四".split()
    assert [p.number for p in lic.own_provisions("idc")] == ["十五"]


def test_every_printed_number_is_explained_and_only_near_misses_are_called_scan_errors(lic):
    from geo.inspections import printed_number_note

    notes = {
        r.number_printed: printed_number_note(r.number_printed, lic.number, lic.previous_numbers)
        for r in lic.annual_inspections
    }
    assert notes[lic.number] is None  # the license's own number needs no note
    assert notes["BBZ-20070275"].id == "inspection.scan_error"  # two characters misread
    assert notes["2-4-1-2002001"].id == "inspection.other"  # a different number, never a "scan error"
    for previous in lic.previous_numbers:
        assert printed_number_note(previous, lic.number, lic.previous_numbers).id == "inspection.previous"
    for i in range(len(lic.number)):  # any one character misread, anywhere, is a probable scan error
        misread = lic.number[:i] + ("X" if lic.number[i] != "X" else "Y") + lic.number[i + 1 :]
        assert printed_number_note(misread, lic.number).id == "inspection.scan_error", misread
