"""The license importer: the seed's text gives the curated file; renewals, breaks and mistakes are read or named.

The texts besides the seed are the seed edited as a renewal would be (other dates and number,
changed city lists, services dropped), with full-width punctuation and clauses broken over
lines as PDF-to-text leaves them. Place tests run over every province and city of the data.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from geo.check import Checker
from geo.errors import CoverageAtlasError
from geo.license import OUTSIDE_LICENSE, load_license, read_license_folder
from geo.license_import import LicenseImporter, license_yaml
from geo.paths import LICENSE_DIR
from geo.place_index import PlaceIndex

SEED = Path(__file__).resolve().parents[2] / "shared" / "source" / "license-B1-20070275.txt"


@pytest.fixture(scope="module")
def seed() -> str:
    assert SEED.exists(), f"the license transcription is missing: {SEED} (shared/ must sit beside the checkout)"
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def importer(boundaries) -> LicenseImporter:
    return LicenseImporter(PlaceIndex(boundaries))


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def _without_services(text: str, *names: str) -> str:
    """The seed with whole service blocks taken out, and the special provisions written for them."""
    for name in names:
        text, blocks = re.subn(
            rf"[一二三四]、第一类增值电信业务中的{name}\n(?:\n服务项目[^\n]*\n)?\n业务覆盖范围[^\n]*\n", "", text
        )
        assert blocks == 1, name
        own = re.search(rf"[一二三四五六七八九十]+、你公司在经营{name}时.*?(?=\n[一二三四五六七八九十]+、)", text, re.S)
        assert own, name
        text = text.replace(own.group(0), "")
    return text


def _renewal(seed: str) -> str:
    """A renewal as MIIT would print it: new number and dates, a changed IDC list, full-width colons,
    the IDC clause broken over two lines in the middle of a name."""
    text = seed.replace("B1-20070275", "B1-20220275").replace("B1-20060088 变更为", "B1-20070275 变更为")
    text = text.replace("有效期至:\n\n2022年09月18日", "有效期至：\n\n2027年09月18日")
    text = text.replace("发证日期:\n\n2017年09月18日", "发证日期：\n\n2022年09月18日")
    old = "大同、长春、哈尔滨、南京、温州、厦门、九江、济南、郑州、武汉、长沙、广州、东莞、昆明 14 城市"
    new = "长春、哈尔\n滨、南京、温州、厦门、九江、济南、郑州、武汉、长沙、广州、东莞、昆明、成都、吉林 15 城市"
    assert old in text
    return text.replace(old, new).replace("业务覆盖范围: 机房所在地为", "业务覆盖范围：机房所在地为")


# --- the seed ------------------------------------------------------------------------------------


def test_the_seed_text_gives_the_curated_license(importer, seed, units):
    result = importer.import_text(seed, SEED.name)
    assert result.ok, [p.render() for p in result.problems]
    got, curated = result.license, load_license(LICENSE_DIR / "B1-20070275.yaml", units)
    assert got is not None
    for key, grant in curated.services.items():
        assert [u.adcode for u in got.services[key].coverage] == [u.adcode for u in grant.coverage], key
        assert got.services[key] == grant, key  # clause, code, means, exclusions, provisions: all of it
    for field in ("number", "previous_numbers", "holder", "holder_variants", "kind", "issuer", "issued"):
        assert getattr(got, field) == getattr(curated, field), field
    assert (got.valid_until, got.provisions_signed) == (curated.valid_until, curated.provisions_signed)
    assert got.annual_inspections == curated.annual_inspections
    assert got.provisions == curated.provisions  # 一–十八 with their sub-items, joined across page breaks


def test_every_field_names_the_lines_it_came_from(importer, seed):
    result = importer.import_text(seed, SEED.name)
    lines = seed.splitlines()
    for field in result.fields:
        assert field.lines, field
        read = "".join(lines[n - 1] for n in field.lines)
        if field.path in ("number", "holder", "holder_variants", "previous_numbers"):
            assert field.value in read, field
        if field.path in ("issued", "valid_until"):
            assert re.sub(r"\D", "", field.value) in re.sub(r"\D", "", read), field
    coverage = {f.path: f.lines for f in result.fields if f.path.endswith(".coverage")}
    assert coverage["services.idc.coverage"] == (_line_of(seed, "机房所在地为"),)
    assert result.license is not None
    assert result.license.source.lines["number"] == [_line_of(seed, "经营许可证编号:B1-20070275")]


def test_a_misprinted_inspection_number_is_called_a_probable_scan_error(importer, seed):
    result = importer.import_text(seed, SEED.name)
    scan_errors = {path for path, note in result.remarks.items() if note.id == "inspection.scan_error"}
    misprinted = {f"annual_inspections.{y}" for y in (2013, 2014, 2015, 2016)}  # BBZ-20070275 pages
    assert scan_errors == misprinted


def test_no_personal_data_reaches_the_file(importer, seed):
    lines = seed.splitlines()
    table = lines[next(i for i, line in enumerate(lines) if "股东姓名" in line) + 1 :]
    shareholders = [row.split("\t")[0] for row in table[: next(i for i, r in enumerate(table) if not r.strip())]]
    representative = re.search(r"法定代表人[:：]\s*(\S+)", seed).group(1)
    assert shareholders and representative
    result = importer.import_text(seed, SEED.name)
    text = license_yaml(result.license)
    for name in (*shareholders, representative, "[REDACTED-ID]"):
        assert name not in text, name
    shaped_like_an_id = "9" * 17 + "X"  # the ID number's shape (17 digits and a check character), no one's number
    with_id = seed.replace("年检。", "年检。" + shaped_like_an_id, 1)
    refused = importer.import_text(with_id, "id.txt")
    assert refused.license is None
    assert [p.reason.id for p in refused.problems] == ["import.id_number"]


# --- renewals, fewer services, problems ------------------------------------------------------------


def test_a_renewal_with_broken_lines_and_full_width_colons_reaches_the_license_chooser(importer, seed, units, tmp_path):
    text = _renewal(seed)
    result = importer.import_text(text, "renewal.txt")
    assert result.ok, [p.render() for p in result.problems]
    lic = result.license
    prefecture = units[units["level"] == "prefecture"].set_index("short_name")["adcode"]
    idc = [u.adcode for u in lic.services["idc"].coverage]
    assert prefecture["成都"] in idc and prefecture["吉林"] in idc and prefecture["哈尔滨"] in idc
    assert prefecture["大同"] not in idc
    assert (lic.number, str(lic.issued), str(lic.valid_until)) == ("B1-20220275", "2022-09-18", "2027-09-18")
    assert lic.previous_numbers == ["B1-20070275"]
    (tmp_path / "B1-20220275.yaml").write_text(license_yaml(lic), encoding="utf-8")
    for existing in LICENSE_DIR.glob("*.yaml"):
        (tmp_path / existing.name).write_bytes(existing.read_bytes())
    chooser = read_license_folder(units, tmp_path)
    assert not chooser.broken and "B1-20220275" in chooser.licenses


def test_a_license_that_keeps_two_services_loads_and_answers_those_two(importer, seed, boundaries):
    from geo.batch import LocationColumns, check_table
    from geo.mapdata import map_data

    text = _without_services(seed, "内容分发网络业务", "国内互联网虚拟专用网业务")
    result = importer.import_text(text, "two.txt")
    assert result.ok, [p.render() for p in result.problems]
    lic = result.license
    assert lic.service_keys == ("isp", "idc")
    assert lic.services_by_city() == ("idc",) and lic.services_by_province() == ("isp",)
    checker = Checker(boundaries, lic)
    answer = checker.check("大同")
    assert set(answer.services) == {"isp", "idc"} and set(answer.nearest) <= {"idc"}
    import pandas as pd

    table = check_table(checker, pd.DataFrame({"site": ["大同", "成都"]}), LocationColumns(text="site"))
    assert "vpn" not in table.columns and "cdn" not in table.columns and {"isp", "idc", "idc_km"} <= set(table.columns)
    data = map_data(lic, boundaries)
    assert set(data.footprints) == {"isp", "idc"}


def test_a_place_that_matches_nothing_is_an_error_naming_its_line(importer, seed):
    text = seed.replace("九江、济南", "九龙江、济南")
    result = importer.import_text(text, "typo.txt")
    assert result.license is None
    (problem,) = [p for p in result.problems if "九龙江" in p.render("en")]
    assert problem.lines == (_line_of(text, "九龙江"),)
    assert problem.render().startswith(f"line {_line_of(text, '九龙江')}:")


def test_a_stated_count_that_disagrees_with_its_list_is_an_error_naming_the_clause(importer, seed):
    text = seed.replace("6 城市", "7 城市")
    result = importer.import_text(text, "count.txt")
    assert result.license is None
    (problem,) = result.problems
    assert problem.lines == (_line_of(text, "7 城市"),) and problem.reason.id == "import.count"
    assert "says 7 城市 but lists 6" in problem.render("en") and "7 城市, 却列出 6 个" in problem.render("zh")


def test_a_service_the_atlas_cannot_answer_is_reported_not_dropped(importer, seed):
    extra = "五、第二类增值电信业务中的信息服务业务\n\n业务覆盖范围: 全国。\n\n"
    text = seed.replace(
        "经营许可证编号: B1-20070275\n\n特别规定事项", extra + "经营许可证编号: B1-20070275\n\n特别规定事项", 1
    )
    result = importer.import_text(text, "b25.txt")
    assert result.ok
    (unsupported,) = result.unsupported
    assert unsupported.path.startswith("B25") and unsupported.lines == (_line_of(text, "信息服务业务"),)
    (kept,) = result.license.unsupported_services  # and kept in the file
    assert (kept.catalogue_code, kept.coverage_clause) == ("B25", "业务覆盖范围: 全国。")
    unknown = text.replace("第二类增值电信业务中的信息服务业务", "第一类增值电信业务中的量子通信业务")
    assert not importer.import_text(unknown, "unknown.txt").ok


# --- places, over the whole boundary data ------------------------------------------------------------


def _clause_result(importer, clause: str):
    return importer.places.read(clause, (1,))


def test_every_province_is_read_by_full_and_short_name(importer, units):
    provinces = units[(units["level"] == "province") & ~units["adcode"].isin(OUTSIDE_LICENSE)]
    for column in ("name", "short_name"):
        names = provinces[column].tolist()
        reading = _clause_result(importer, f"{'、'.join(names)} {len(names)} 省(自治区、直辖市)。")
        assert not reading.problems, reading.problems[:3]
        assert [u.adcode for u in reading.units] == provinces["adcode"].tolist()


def test_every_city_is_read_or_refused_with_its_candidates(importer, units):
    """Each prefecture-level city by its short name in a list of cities: its own adcode, or, where the name is
    shared, an error listing every unit it could be; never another unit."""
    prefectures = units[(units["level"] == "prefecture") & ~units["province_adcode"].isin(OUTSIDE_LICENSE)]
    prefectures = prefectures[~prefectures["province_adcode"].isin([110000, 120000, 310000, 500000])]
    shared = prefectures["short_name"].duplicated(keep=False)
    for row in prefectures.itertuples():
        for written in (row.short_name, row.name):
            got = importer.places.unit(written, "city", (7,))
            if shared[row.Index] and written == row.short_name:
                assert got.lines == (7,) and any(str(row.adcode) in c for c in got.candidates), (written, got)
            else:
                assert getattr(got, "adcode", None) == row.adcode, (written, got)


def test_a_name_two_levels_share_follows_the_clause_s_kind_words(importer, units):
    """吉林 in a list of provinces is the province, in a list of cities the city; with no kind word, a question."""
    mainland = ~(units["province_adcode"].isin(OUTSIDE_LICENSE))
    provinces = units[(units["level"] == "province") & mainland]
    prefectures = units[(units["level"] == "prefecture") & mainland]
    both = sorted(set(provinces["short_name"]) & set(prefectures["short_name"]) - {"北京", "天津", "上海", "重庆"})
    assert both  # 吉林, 海南 ...
    for name in both:
        province = int(provinces.loc[provinces["short_name"] == name, "adcode"].iloc[0])
        as_province = _clause_result(importer, f"{name} 1 省")
        assert [u.adcode for u in as_province.units] == [province]
        as_city = _clause_result(importer, f"{name} 1 城市")
        cities = set(prefectures.loc[prefectures["short_name"] == name, "adcode"])
        assert as_city.problems or {u.adcode for u in as_city.units} <= cities
        bare = _clause_result(importer, name)
        assert bare.problems and not bare.units


def test_punctuation_of_either_width_and_spacing_read_alike(importer):
    forms = [
        "北京、上海 2 直辖市以及南京、武汉 2 城市。",
        "北京，上海2直辖市以及南京，武汉2城市。",
        "北京、上海  2 直辖市及 南京、 武汉 2 个城市",
    ]
    readings = [[u.adcode for u in _clause_result(importer, f).units] for f in forms]
    assert readings[0] and all(r == readings[0] for r in readings)


def test_hong_kong_is_refused_as_outside_the_jurisdiction(importer):
    reading = _clause_result(importer, "香港、北京 2 省(自治区、直辖市)")
    assert [p.reason.id for p in reading.problems] == ["import.outside"]


# --- files ---------------------------------------------------------------------------------------


def _pdf(path: Path, lines: list[str]) -> Path:
    """A PDF of `lines` as text, 60 to a page; with no lines, one page holding only an image (a scan)."""
    import numpy as np
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    from geo.render.fonts import cjk_font

    with PdfPages(path) as pdf:
        if not lines:
            figure = Figure(figsize=(8.27, 11.69))
            figure.figimage(np.random.default_rng(0).random((300, 200)), cmap="gray")
            pdf.savefig(figure)
        for start in range(0, len(lines), 60):
            figure = Figure(figsize=(8.27, 11.69))
            for i, line in enumerate(lines[start : start + 60]):
                figure.text(0.04, 0.97 - i * 0.0158, line, fontsize=6, family=[cjk_font()], parse_math=False)
            pdf.savefig(figure)
    return path


def test_a_text_pdf_reads_as_its_text_and_a_scan_is_refused(importer, seed, tmp_path):
    import matplotlib

    matplotlib.rcParams["pdf.fonttype"] = 42  # embedded TrueType: the text layer a real PDF has
    printed = [re.sub(r"</?p>", " ", line).replace("\t", "    ") for line in seed.splitlines() if line.strip()]
    result = importer.import_file(_pdf(tmp_path / "license.pdf", printed))
    assert result.ok, [p.render() for p in result.problems][:5]
    curated = importer.import_text(seed, SEED.name).license
    for key, grant in curated.services.items():
        assert [u.adcode for u in result.license.services[key].coverage] == [u.adcode for u in grant.coverage]
    assert result.license.annual_inspections == curated.annual_inspections
    assert (result.license.number, result.license.valid_until) == (curated.number, curated.valid_until)
    scan = _pdf(tmp_path / "scan.pdf", [])
    from geo.errors import LicenseDataError

    with pytest.raises(LicenseDataError, match="no text layer: run OCR first"):
        importer.import_file(scan)


def test_the_command_writes_a_file_the_check_takes_by_path(geo_command, geo_process, tmp_path):
    out = tmp_path / "imported.yaml"
    done = geo_process("license", "import", str(SEED), "-o", str(out), "--lang", "en")  # as a user runs it
    assert done.returncode == 0, done.stderr
    assert "license B1-20070275 read" in done.stderr
    checked = geo_command("check", "成都", "--license", str(out), "--json")
    assert checked.returncode == 0, checked.stderr
    assert '"vpn": {"verdict": "yes"' in checked.stdout.replace("\n", "")


def test_the_command_names_the_line_of_a_problem_and_writes_nothing(geo_command, seed, tmp_path):
    source = tmp_path / "typo.txt"
    source.write_text(seed.replace("九江、济南", "九龙江、济南"), encoding="utf-8")
    out = tmp_path / "never.yaml"
    done = geo_command("license", "import", str(source), "-o", str(out), "--lang", "en")
    assert done.returncode == 2 and not out.exists()
    assert f"line {_line_of(source.read_text(encoding='utf-8'), '九龙江')}:" in done.stderr
    assert "Traceback" not in done.stderr


def test_pdftotext_is_what_reads_pdfs():
    assert subprocess.run(["pdftotext", "-v"], capture_output=True, check=False).returncode == 0


def test_a_service_block_broken_at_any_point_reads_as_one(seed):
    """PDF-to-text breaks lines anywhere: a heading or a coverage clause cut at every position, on a new
    line or after a blank one, gives the same paragraphs as the unbroken block."""
    from geo.license_text import paragraphs

    blocks = re.findall(
        r"[一二三四]、第一类增值电信业务中的[^\n]+\n(?:\n服务项目[^\n]*\n)?\n业务覆盖范围[^\n]*\n", seed
    )
    assert len(blocks) == 4
    for block in blocks:
        whole = [p.text.replace(" ", "") for p in paragraphs(block)]
        for line in (line for line in block.splitlines() if line.strip()):
            for cut in range(1, len(line)):
                for gap in ("\n", "\n\n"):
                    broken = block.replace(line, line[:cut] + gap + line[cut:], 1)
                    assert [p.text.replace(" ", "") for p in paragraphs(broken)] == whole, (line[:cut], line[cut:])


def test_the_import_screen_s_field_table_follows_the_document_and_shows_no_signatory(importer, seed):
    from geo.import_view import field_table

    result = importer.import_text(seed, SEED.name)
    table = field_table(result, seed, "en")
    firsts = [int(str(v).split("–")[0]) for v in table["Lines"]]
    assert firsts == sorted(firsts) and table["Field"].iloc[0] == "number"
    signed = table[table["Field"] == "provisions_signed"]["The document's words"].tolist()
    assert signed == ["2017年4月27日", "17年5月23日"]  # the dates only: the names beside them stay in the document


def test_a_joining_word_before_a_name_is_not_read_as_part_of_it(importer, units):
    """以及/及/和/与 join the lists ("… 2 直辖市以及南京 …"), yet 和田 begins with 和: both read right, for every
    prefecture-level city whose name begins with one of those words."""
    prefectures = units[(units["level"] == "prefecture") & ~units["province_adcode"].isin(OUTSIDE_LICENSE)]
    starting = prefectures[prefectures["short_name"].str.match(r"^(?:和|及|与)")]
    assert len(starting)  # 和田 at least
    for row in starting.itertuples():
        for joined in (f"北京 1 直辖市以及{row.short_name} 1 城市", f"北京 1 直辖市和{row.short_name} 1 城市"):
            reading = importer.places.read(joined, (1,))
            assert not reading.problems and [u.adcode for u in reading.units] == [110000, row.adcode], joined
        alone = importer.places.read(f"{row.short_name} 1 城市", (1,))
        assert [u.adcode for u in alone.units] == [row.adcode]


def test_the_room_location_may_be_said_in_the_label(importer, seed, units):
    """'业务覆盖范围（机房所在地）：北京、…' (the form some licenses print) reads as the seed's '机房所在地为北京、…',
    on one line or with the list on the next."""
    curated = importer.import_text(seed, SEED.name).license
    for gap in ("", "\n"):
        text = seed.replace("业务覆盖范围: 机房所在地为", "业务覆盖范围（机房所在地）：" + gap)
        result = importer.import_text(text, "label.txt")
        assert result.ok, [p.render() for p in result.problems]
        idc = result.license.services["idc"]
        assert idc.coverage_means == "facility_location"
        assert [u.adcode for u in idc.coverage] == [u.adcode for u in curated.services["idc"].coverage]


def test_a_service_block_written_on_one_line_or_with_its_items_in_the_heading_reads_alike(importer, seed):
    curated = importer.import_text(seed, SEED.name).license
    compact = re.sub(r"(第一类增值电信业务中的[^\n]+业务)\n\n(服务项目[^\n]*)?\n?\n?(业务覆盖范围)", r"\1, \2\3", seed)
    bracketed = seed.replace(
        "互联网数据中心业务\n\n服务项目: 不含互联网资源协作服务。", "互联网数据中心业务（不含互联网资源协作服务）"
    )
    for text in (compact, bracketed):
        assert text != seed
        result = importer.import_text(text, "compact.txt")
        assert result.ok, [p.render() for p in result.problems]
        for key, grant in curated.services.items():
            got = result.license.services[key]
            assert [u.adcode for u in got.coverage] == [u.adcode for u in grant.coverage], key
            assert (got.coverage_means, got.exclusions) == (grant.coverage_means, grant.exclusions), key


@pytest.mark.parametrize(
    "word", ["省(自治区、直辖市)", "省、自治区、直辖市", "省(区、市)", "个省(直辖市)", "省市", "个省份"]
)
def test_every_way_a_license_counts_provinces_reads_the_same(importer, word):
    reading = importer.places.read(f"北京、山西、吉林 3 {word}以及大同 1 城市", (1,))
    assert not reading.problems, [p.render() for p in reading.problems]
    assert [u.adcode for u in reading.units] == [110000, 140000, 220000, 140200]


def test_license_is_chosen_by_path_number_or_file_name(importer, seed, units, tmp_path):
    from geo.license import choose_license

    text = seed.replace("B1-20070275", "B1-20220275").replace("B1-20060088 变更为", "B1-20070275 变更为")
    lic = importer.import_text(text, "renewal.txt").license
    (tmp_path / "renewal-2022.yaml").write_text(license_yaml(lic), encoding="utf-8")
    assert choose_license("B1-20220275", units, tmp_path).key == "renewal-2022"  # by its number
    assert choose_license("renewal-2022", units, tmp_path).license.number == "B1-20220275"  # by file name
    by_path = choose_license(str(tmp_path / "renewal-2022.yaml"), units)  # anywhere, by path
    assert by_path.license.number == "B1-20220275" and by_path.path == tmp_path / "renewal-2022.yaml"
    with pytest.raises(CoverageAtlasError, match="B1-99999999"):
        choose_license("B1-99999999", units, tmp_path)


def _same_number_renewal(seed: str) -> str:
    """The renewal MIIT most often issues: the same number, new dates, a city more for VPN."""
    text = seed.replace("有效期至:\n\n2022年09月18日", "有效期至:\n\n2027年09月18日")
    text = text.replace("发证日期:\n\n2017年09月18日", "发证日期:\n\n2022年09月18日")
    return text.replace("、深圳、成都、西安 6 城市", "、深圳、成都、西安、杭州 7 城市")


def test_a_renewal_keeping_its_number_sits_beside_the_license_it_replaces(geo_command, seed, units, tmp_path):
    """Written with -o beside the file of the same number, the import says it supersedes it: both load, and the
    one in force is the default (without it, two files of one number were both refused)."""
    import datetime as dt

    from geo.license import default_license_key

    for existing in LICENSE_DIR.glob("*.yaml"):
        (tmp_path / existing.name).write_bytes(existing.read_bytes())
    source = tmp_path / "renewal.txt"
    source.write_text(_same_number_renewal(seed), encoding="utf-8")
    done = geo_command("license", "import", str(source), "-o", str(tmp_path / "B1-20070275-2022.yaml"), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "replaces B1-20070275.yaml" in done.stderr
    folder = read_license_folder(units, tmp_path)
    assert not folder.broken and set(folder.licenses) == {"B1-20070275", "B1-20070275-2022"}
    assert folder.licenses["B1-20070275-2022"].supersedes == "B1-20070275.yaml"
    assert default_license_key(folder.licenses, dt.date(2026, 12, 3)) == "B1-20070275-2022"


def test_a_chain_of_number_changes_keeps_every_earlier_number(importer, seed):
    text = seed.replace("B1-20070275", "B1-20220275").replace(
        "B1-20060088 变更为 B1-20220275.", "B1-20060088 变更为 B1-20070275.\n\nB1-20070275 变更为 B1-20220275."
    )
    result = importer.import_text(text, "chain.txt")
    assert result.ok, [p.render() for p in result.problems]
    assert result.license.previous_numbers == ["B1-20060088", "B1-20070275"]


def test_the_import_screen_names_a_same_number_renewal_apart_from_the_file_it_replaces(importer, seed, lic):
    from geo.license_import import suggested_file_name, superseding

    renewal = importer.import_text(_same_number_renewal(seed), "renewal.txt").license
    on_file = {"B1-20070275": lic}
    assert suggested_file_name(renewal, on_file) == "B1-20070275-2022-09-18.yaml"
    assert superseding(renewal, on_file).supersedes == "B1-20070275.yaml"
    older = importer.import_text(seed, SEED.name).license
    assert superseding(older, on_file).supersedes is None  # the same document again replaces nothing


def test_dates_written_with_dashes_and_labels_without_a_colon_read_alike(importer, seed):
    """As OCR and some PDFs leave a cover: '经营许可证编号 B1-20070275', '有效期至: 2022-09-18'."""
    curated = importer.import_text(seed, SEED.name).license
    text = seed.replace("经营许可证编号:B1-20070275", "经营许可证编号 B1-20070275", 1)
    text = text.replace("有效期至:\n\n2022年09月18日", "有效期至: 2022-09-18").replace("2017年09月18日", "2017.9.18", 1)
    result = importer.import_text(text, "ocr.txt")
    assert result.ok, [p.render() for p in result.problems]
    got = result.license
    assert (got.number, got.issued, got.valid_until) == (curated.number, curated.issued, curated.valid_until)


def test_a_provision_for_one_service_is_found_however_its_opening_is_worded(importer, seed):
    curated = importer.import_text(seed, SEED.name).license
    text = seed.replace(
        "十五、你公司在经营互联网数据中心业务时应当遵守下列规定:",
        "十五、你公司经营互联网数据中心业务,应当遵守下列规定:",
    )
    result = importer.import_text(text, "worded.txt")
    assert result.ok
    assert {k: g.provisions for k, g in result.license.services.items()} == {
        k: g.provisions for k, g in curated.services.items()
    }
    assert [p.number for p in result.license.general_provisions()] == [p.number for p in curated.general_provisions()]
