"""Hostile files, killed processes and broken caches: refused early, nothing lost, nothing crashed."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.batch import MAX_ROWS, BatchInputError, neutralise_formulas, read_table, table_bytes
from geo.errors import LicenseDataError
from geo.files import write_bytes_atomic
from geo.license import load_licenses
from geo.paths import LICENSE_DIR
from geo.render.folium_map import point_marker, template_literal_text

ROOT = Path(__file__).resolve().parents[1]


def _small_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["地址"])
    book.active.append(["深圳"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewritten(workbook: bytes, replace: dict[str, bytes]) -> bytes:
    """The workbook with some parts replaced (or added), everything else as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.pop(item.filename, source.read(item.filename)))
        for name, data in replace.items():
            target.writestr(name, data)
    return out.getvalue()


# --- 1. decompression bombs and oversized sheets -----------------------------------------


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A 1 MB-class XLSX whose shared strings unpack to 200 MB (a ratio of about 1000 to 1)."""
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + b"A" * (200 * 2**20)
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    path.write_bytes(_rewritten(_small_workbook(), {"xl/sharedStrings.xml": strings + b"</t></si></sst>"}))
    assert path.stat().st_size < 2**20
    return path


def test_a_decompression_bomb_is_refused_in_under_a_second_with_little_memory(bomb):
    script = (
        "import sys, time\n"
        "from geo.batch import read_table, BatchInputError\n"
        "start = time.perf_counter()\n"
        "try:\n    read_table(sys.argv[1])\nexcept BatchInputError as exc:\n    print(exc)\n"
        "print(time.perf_counter() - start)\n"
        "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(int(peak) / 1024)\n"  # this process's own peak (ru_maxrss would carry pytest's over exec)
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(bomb)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    message, seconds, peak_mb = proc.stdout.strip().splitlines()
    assert "decompression bomb" in message
    assert float(seconds) < 1.0
    assert float(peak_mb) < 250  # the interpreter with pandas is ~110 MB of it; nothing was unpacked


def test_the_command_line_refuses_a_bomb_with_one_line_and_exit_2(geo_command, bomb, tmp_path):
    proc = geo_command("batch", str(bomb), "-o", str(tmp_path / "out.csv"), "--lang", "en")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "bomb" in proc.stderr and not (tmp_path / "out.csv").exists()


def test_a_sheet_declaring_a_million_rows_is_refused_before_reading_it():
    sheet = zipfile.ZipFile(io.BytesIO(_small_workbook())).read("xl/worksheets/sheet1.xml")
    declared = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B1044481"', sheet)
    assert declared != sheet
    data = _rewritten(_small_workbook(), {"xl/worksheets/sheet1.xml": declared})
    start = time.perf_counter()
    with pytest.raises(BatchInputError, match="1,044,480 rows"):
        read_table(data, "million.xlsx")
    assert time.perf_counter() - start < 1.0


def test_a_csv_over_the_row_limit_is_refused_before_parsing():
    data = ("地址\n" + "深圳\n" * (MAX_ROWS + 5)).encode()
    with pytest.raises(BatchInputError, match="200,000"):
        read_table(data, "many.csv")


def test_a_good_workbook_still_reads_every_cell_as_text():
    book = openpyxl.Workbook()
    for row in (["地址", "纬度", "n"], ["深圳", 22.5431, 3], [None, 31.0, None]):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "ok.xlsx")
    assert table.to_dict("list") == {"地址": ["深圳", ""], "纬度": ["22.5431", "31"], "n": ["3", ""]}


def test_a_mixed_encoding_csv_names_the_encoding():
    data = "地址\n深圳\n".encode() + "广州\n".encode("gbk") + b"\xff\xfe\xfa\n"
    with pytest.raises(BatchInputError) as caught:
        read_table(data, "mixed.csv")
    assert "GBK" in caught.value.render("en") and "UTF-8" in caught.value.render("en")


# --- 2. formula injection ------------------------------------------------------------------

HOSTILE_CELLS = ['=HYPERLINK("http://x","y")', "-2+3+cmd|' /C calc'!A0", "@SUM(1)", "+1+1", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cells_a_spreadsheet_would_run_are_neutralised(fmt):
    table = pd.DataFrame({"note": [*HOSTILE_CELLS, "-33.86", "plain"], "km": [1.5] * 8, "=evil": ["x"] * 8})
    payload = table_bytes(table, fmt)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline="")))
        notes, header = [r[0] for r in rows[1:]], rows[0]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(payload)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]  # nothing stored as a formula
        assert all(isinstance(sheet.cell(row=r, column=2).value, float) for r in range(2, 10))  # km stays a number
        notes = [sheet.cell(row=r, column=1).value.replace("\n", "\r") for r in range(2, 10)]  # XML reads CR as LF
        header = [c.value for c in sheet[1]]
    assert notes[:6] == ["'" + cell for cell in HOSTILE_CELLS[:4]] + ["'\tcmd", "'\rcmd"]
    assert notes[6:] == ["-33.86", "plain"]  # a number is no formula; plain text untouched
    assert [n[1:] for n in notes[:6]] == HOSTILE_CELLS  # the original text is recoverable
    assert header[2] == "'=evil"


def test_batch_output_neutralises_input_cells(geo_command, tmp_path):
    source = tmp_path / "sites.csv"
    pd.DataFrame({"地址": ["深圳", "广州"], "备注": ['=HYPERLINK("http://x")', "ok"]}).to_csv(source, index=False)
    proc = geo_command("batch", str(source), "--column", "地址", "-o", str(tmp_path / "out.xlsx"))
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert sheet["B2"].value == '\'=HYPERLINK("http://x")'


def test_neutralising_leaves_a_safe_table_alone():
    table = pd.DataFrame({"a": ["深圳", "22.5"], "b": [1, 2]})
    assert neutralise_formulas(table).equals(table)


_formula_cells = st.one_of(
    st.text(alphabet="=+-@\t\r0123456789.eE深圳 (A1)", max_size=6),
    st.sampled_from(['=HYPERLINK("http://x")', "-33.86", "+1e3", "@SUM(A1)", "\t=1", "-", "+", "", "1e", ".5"]),
    st.none(),
    st.integers(-5, 5),
    st.floats(allow_nan=True),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_formula_cells, min_size=1, max_size=8), st.sampled_from(["object", "string"]))
def test_neutralising_marks_exactly_the_cells_a_spreadsheet_would_run(cells, dtype):
    """The vectorised rule marks the same cells as reading each one: text starting with = + - @ tab or CR
    that is not a plain number gets its apostrophe; numbers, empty cells and other text are left alone."""
    from geo.batch._tables import _is_formula_like

    column = pd.Series(cells, dtype=object)
    if dtype == "string":
        column = pd.Series([c if isinstance(c, str) else None for c in cells], dtype="string")
    out = neutralise_formulas(pd.DataFrame({"cell": column}))["cell"]
    for before, after in zip(column, out, strict=True):
        expected = "'" + before if _is_formula_like(before) else before
        assert after is expected or after == expected or (pd.isna(after) and pd.isna(expected))


# --- 3. crashes on legitimate input ----------------------------------------------------------


def test_output_into_a_missing_folder_is_one_line_and_exit_2(geo_command, tmp_path):
    source = tmp_path / "sites.csv"
    source.write_text("地址\n深圳\n", encoding="utf-8")
    proc = geo_command(
        "batch", str(source), "--column", "地址", "-o", str(tmp_path / "no" / "such" / "out.csv"), "--lang", "en"
    )
    assert proc.returncode == 2 and proc.stderr.startswith("error: Cannot write") and "Traceback" not in proc.stderr


def test_an_unwritable_cache_folder_is_one_line_and_exit_2(geo_command, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = geo_command("check", "深圳", env={"COVERAGE_ATLAS_CACHE": str(blocker / "cache")})
    assert proc.returncode == 2 and "COVERAGE_ATLAS_CACHE" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("args", [["-33.86,151.2"], ["-33.86,151.2", "--json"], ["--json", "-33.86,151.2"]])
def test_a_negative_first_coordinate_is_a_query_not_an_option(geo_command, args):
    proc = geo_command("check", *args, "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "abroad" in proc.stdout  # Sydney


def test_escape_sequences_in_a_query_never_reach_the_terminal(geo_command):
    proc = geo_command("check", "\x1b[2J\x1b]0;owned\x07深圳")
    assert proc.returncode == 0 and "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "深圳" in proc.stdout


def test_huge_numbers_are_invalid_coordinates_not_an_unknown_place(checker):
    assert checker.check("1e308,1e308").status == "invalid"
    assert checker.check("2.25431e1,1.140579e2").place.county.zh == "福田区"  # exponents are numbers too


# --- 4. atomic writes ---------------------------------------------------------------------------


@pytest.fixture()
def cache_copy(boundaries, tmp_path) -> Path:
    folder = tmp_path / "cache"
    shutil.copytree(boundaries.folder, folder, ignore=shutil.ignore_patterns("layers"))
    return folder


def test_a_truncated_cache_is_rebuilt_once_and_said_so(geo_process, cache_copy):
    full = cache_copy / "full.parquet"
    full.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    proc = geo_process("check", "22.5431,114.0579", "--json", env={"COVERAGE_ATLAS_CACHE": str(cache_copy)})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["county"] == "福田区"
    assert "rebuild" in proc.stderr.lower() or "unreadable" in proc.stderr.lower() or "stale" in proc.stderr.lower()


def test_a_build_killed_midway_leaves_the_old_cache_usable(geo_process, cache_copy):
    env = {**os.environ, "COVERAGE_ATLAS_CACHE": str(cache_copy)}
    build = subprocess.Popen([sys.executable, "-m", "geo", "build"], cwd=ROOT, env=env)
    time.sleep(4)  # a moment into the build: reading the package, converting datums
    build.send_signal(signal.SIGKILL)
    build.wait()
    proc = geo_process("check", "22.5431,114.0579", "--json", env={"COVERAGE_ATLAS_CACHE": str(cache_copy)})
    assert proc.returncode == 0 and json.loads(proc.stdout)["county"] == "福田区"
    assert "unreadable" not in proc.stderr  # the old cache was whole: nothing to repair


def test_a_killed_writer_leaves_the_old_file_and_no_part(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old, complete\n")

    def killed(*_args):
        raise KeyboardInterrupt  # the process dies between writing and renaming

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old, complete\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


# --- 5. license files -----------------------------------------------------------------------------


def _license_folder(tmp_path: Path, edit=None, name: str = "B1-20070275.yaml") -> Path:
    folder = tmp_path / "licenses"
    folder.mkdir(exist_ok=True)
    text = (LICENSE_DIR / "B1-20070275.yaml").read_text(encoding="utf-8")
    (folder / name).write_text(edit(text) if edit else text, encoding="utf-8")
    return folder


def _no_services(text: str) -> str:
    data = yaml.safe_load(text)
    data["services"] = {}
    return yaml.safe_dump(data, allow_unicode=True)


def _unknown_service(text: str) -> str:
    data = yaml.safe_load(text)
    data["services"]["iptv"] = data["services"]["cdn"]
    return yaml.safe_dump(data, allow_unicode=True)


def test_a_license_granting_fewer_services_loads_with_just_those(tmp_path, units):
    """A renewal may keep only some services: it loads, and says which (issue: any set of services)."""

    def only_cdn(text: str) -> str:
        data = yaml.safe_load(text)
        data["services"] = {"cdn": data["services"]["cdn"]}
        return yaml.safe_dump(data, allow_unicode=True)

    (lic,) = load_licenses(units, _license_folder(tmp_path, only_cdn)).values()
    assert lic.service_keys == ("cdn",) and lic.services_by_city() == ()


@pytest.mark.parametrize(
    "edit, field",
    [
        (_no_services, "services"),
        (_unknown_service, "services.iptv"),
        (lambda t: t.replace("valid_until: 2022-09-18", "valid_until: 2016-09-18"), "valid_until"),
        (lambda t: t + "\nextra: " + "[" * 20_000 + "]" * 20_000 + "\n", "nested"),
    ],
)
def test_a_broken_license_file_names_the_file_and_the_field(tmp_path, units, edit, field):
    folder = _license_folder(tmp_path, edit)
    with pytest.raises(LicenseDataError, match=rf"B1-20070275\.yaml: .*{field}"):
        load_licenses(units, folder)


def test_two_files_with_one_number_are_an_error_naming_both(tmp_path, units):
    folder = _license_folder(tmp_path)
    _license_folder(tmp_path, lambda t: t.replace("holder: 北京蓝汛通信技术有限公司", "holder: 冒名公司"), "copy.yaml")
    with pytest.raises(LicenseDataError, match=r"B1-20070275\.yaml and copy\.yaml both hold license B1-20070275"):
        load_licenses(units, folder)


def test_an_amendment_may_keep_the_number_when_it_says_what_it_supersedes(tmp_path, units):
    folder = _license_folder(tmp_path)
    _license_folder(tmp_path, lambda t: t + "\nsupersedes: B1-20070275.yaml\n", "amendment.yaml")
    assert set(load_licenses(units, folder)) == {"B1-20070275", "amendment"}


# --- 7. smaller ones ------------------------------------------------------------------------------


def test_a_tooltip_label_cannot_run_script_in_its_template_literal():
    label = "${alert(1)}`</div><script>alert(2)</script>\\"
    safe = template_literal_text(label)
    assert "${" not in safe and "`" not in safe and "<script>" not in safe and "\\" not in safe
    rendered = folium_render(point_marker(114.0, 22.5, label))
    assert "${alert(1)}" not in rendered and "&#36;{alert(1)}" in rendered


def folium_render(marker) -> str:
    import folium

    m = folium.Map()
    marker.add_to(m)
    return m.get_root().render()


# --- round 2, item 1: the cache setting never deletes what the project did not make --------------


def test_a_cache_setting_naming_a_folder_of_the_users_refuses_and_keeps_its_files(geo_command, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"years of work")
    (folder / "notes.txt").write_text("keep me")
    proc = geo_command("check", "深圳", env={"COVERAGE_ATLAS_CACHE": str(folder)})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert str(folder) in proc.stderr and "COVERAGE_ATLAS_CACHE" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no staging or retired folder left beside it
    assert (folder / "thesis.docx").read_bytes() == b"years of work" and (folder / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "thesis.docx"]


def test_a_cache_setting_naming_a_file_refuses_and_keeps_it(geo_command, tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF-1.7 mine")
    proc = geo_command("build", env={"COVERAGE_ATLAS_CACHE": str(target)})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and str(target) in proc.stderr
    assert target.read_bytes() == b"%PDF-1.7 mine"


def test_an_empty_folder_or_an_old_cache_is_still_built_into(tmp_path, cache_copy):
    from geo.boundaries import refuse_foreign_cache

    (tmp_path / "empty").mkdir()
    refuse_foreign_cache(tmp_path / "empty")  # nothing to lose: allowed
    refuse_foreign_cache(tmp_path / "new")
    refuse_foreign_cache(cache_copy)  # the project's own marker is there


def test_a_draft_or_a_file_dated_in_the_future_never_becomes_the_default_license(tmp_path, lic, units):
    """Issue 23 item 2: files were sorted by issue date, so a draft (tying with its base) or a 2030 file won."""
    import datetime as dt

    from geo.draft import draft_license, draft_yaml
    from geo.license import default_license_key, load_licenses
    from geo.paths import LICENSE_DIR

    real = (LICENSE_DIR / "B1-20070275.yaml").read_text(encoding="utf-8")
    (tmp_path / "B1-20070275.yaml").write_text(real, encoding="utf-8")
    lhasa_isp = draft_license(lic, {"isp": [*(u.adcode for u in lic.services["isp"].coverage), 540000]}, units)
    (tmp_path / "B1-20070275-draft.yaml").write_bytes(draft_yaml(lhasa_isp))
    future = real.replace("number: B1-20070275", "number: B1-20300001").replace(
        "issued: 2017-09-18", "issued: 2030-01-01"
    )
    (tmp_path / "B1-20300001.yaml").write_text(future.replace("valid_until: 2022-09-18", "valid_until: 2035-01-01"))
    licenses = load_licenses(units, tmp_path)
    assert default_license_key(licenses, dt.date(2026, 12, 2)) == "B1-20070275"  # neither the draft nor 2030
    assert default_license_key(licenses, dt.date(2020, 1, 1)) == "B1-20070275"  # in force then
    assert default_license_key(licenses, dt.date(2031, 1, 1)) == "B1-20300001"  # in force then
    drafts_only = {"B1-20070275-draft": licenses["B1-20070275-draft"]}
    assert default_license_key(drafts_only) == "B1-20070275-draft"  # chosen because it is all there is


def test_every_json_answer_names_the_license_it_used(geo_command):
    proc = geo_command("check", "拉萨", "--json")
    used = json.loads(proc.stdout)["license"]
    assert used == {
        "file": "B1-20070275.yaml",
        "number": "B1-20070275",
        "draft": False,
        "valid_until": "2022-09-18",
        "in_force": False,
    }


# --- round 2, items 3, 4 and 12: an XLSX is read as it is, in memory bounded by what is kept ------


def _with_sheet(workbook: bytes, edit) -> bytes:
    sheet = zipfile.ZipFile(io.BytesIO(workbook)).read("xl/worksheets/sheet1.xml")
    edited = edit(sheet)
    assert edited != sheet
    return _rewritten(workbook, {"xl/worksheets/sheet1.xml": edited})


def _workbook(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_cells_in_column_xfd_without_a_dimension_are_refused_with_little_memory(tmp_path):
    """15,000 rows of one cell in column XFD: 110 KB that took 2.2-3.6 GB when each row was built 16,384 wide."""
    rows = "".join(f'<row r="{i}"><c r="XFD{i}" t="inlineStr"><is><t>x</t></is></c></row>' for i in range(1, 15_001))
    data = _with_sheet(
        _small_workbook(),
        lambda s: re.sub(
            rb"<sheetData>.*</sheetData>",
            f"<sheetData>{rows}</sheetData>".encode(),
            re.sub(rb"<dimension[^>]*/>", b"", s),
            flags=re.S,
        ),
    )
    path = tmp_path / "xfd.xlsx"
    path.write_bytes(data)
    script = (
        "import sys\nfrom geo.batch import read_table, BatchInputError\n"
        "try:\n    read_table(sys.argv[1])\nexcept BatchInputError as exc:\n    print(exc.render('en'))\n"
        "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    message, peak_kb = proc.stdout.strip().splitlines()
    assert "past column 1,000" in message
    assert int(peak_kb) / 1024 < 250  # the interpreter with pandas is ~115 MB of it


def test_a_sheet_declaring_fewer_rows_and_columns_than_it_holds_is_read_whole():
    """1,000 rows of three columns declaring A1:B10 came back as 9 rows of two columns."""
    rows = [["地址", "n", "m"], *[["深圳", i, -i] for i in range(1000)]]
    data = _with_sheet(_workbook(rows), lambda s: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B10"', s))
    table = read_table(data, "declared.xlsx")
    assert table.shape == (1000, 3)
    assert table["m"].iloc[-1] == "-999"


def test_a_sheet_declaring_two_rows_cannot_slip_past_the_row_limit(monkeypatch):
    monkeypatch.setattr("geo.batch._sheets.MAX_ROWS", 50)
    data = _with_sheet(
        _workbook([["地址"], *[["深圳"]] * 120]),
        lambda s: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A2"', s),
    )
    with pytest.raises(BatchInputError, match="limit is 50"):
        read_table(data, "many.xlsx")


def test_more_values_than_the_cell_budget_are_refused_before_parsing(monkeypatch):
    monkeypatch.setattr("geo.batch._sheets.MAX_CELLS", 100)
    data = _workbook([["地址", "n"], *[["深圳", i] for i in range(60)]])
    start = time.perf_counter()
    with pytest.raises(BatchInputError, match="more than 100 cells"):
        read_table(data, "cells.xlsx")
    assert read_table(_workbook([["地址", "n"], *[["深圳", i] for i in range(40)]]), "ok.xlsx").shape == (40, 2)
    assert time.perf_counter() - start < 5


def test_a_formula_without_a_saved_value_comes_back_as_its_text_and_is_neutralised_on_output(geo_command, tmp_path):
    """A sheet written by a program and never opened in Excel: the formula's cell came back empty."""
    data = _with_sheet(
        _workbook([["地址", "f"], ["深圳", 1]]),
        lambda s: re.sub(rb'<c r="B2"[^>]*><v>1</v></c>', b'<c r="B2"><f>SUM(1,2)</f></c>', s),
    )
    assert read_table(data, "formula.xlsx").to_dict("list") == {"地址": ["深圳"], "f": ["=SUM(1,2)"]}
    source = tmp_path / "formula.xlsx"
    source.write_bytes(data)
    proc = geo_command("batch", str(source), "--column", "地址", "-o", str(tmp_path / "out.csv"))
    assert proc.returncode == 0, proc.stderr
    out = pd.read_csv(tmp_path / "out.csv", dtype=str)
    assert out["f"].tolist() == ["'=SUM(1,2)"] and out["status"].tolist() == ["ok"]


# --- round 2, item 8: the output never destroys the input, and keeps the permissions it had -------


@pytest.mark.parametrize("spelling", ["in.csv", "link.csv", "./sub/../in.csv"])
def test_an_output_that_is_the_input_is_refused_and_the_input_kept(geo_command, tmp_path, spelling):
    source = tmp_path / "in.csv"
    source.write_text("地址\n深圳\n", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(source)
    (tmp_path / "sub").mkdir()
    proc = geo_command("batch", "in.csv", "-o", spelling, "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 2 and "the output is the input" in proc.stderr
    assert source.read_text(encoding="utf-8") == "地址\n深圳\n"


@pytest.mark.parametrize("name", ["out.csv", "out.xlsx", "out.parquet"])
def test_an_output_keeps_the_permissions_it_had_else_the_umask(geo_command, tmp_path, name):
    source = tmp_path / "in.csv"
    source.write_text("地址\n深圳\n", encoding="utf-8")
    target = tmp_path / name
    assert geo_command("batch", str(source), "-o", str(target)).returncode == 0
    usual = 0o777 if target.is_dir() else 0o666
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == usual & ~umask  # was 0600 / 0700, as mkstemp made it
    os.chmod(target, 0o750 if target.is_dir() else 0o640)
    assert geo_command("batch", str(source), "-o", str(target)).returncode == 0
    assert target.stat().st_mode & 0o777 == (0o750 if target.is_dir() else 0o640)


# --- round 2, item 11: a license file says each thing once, inside the jurisdiction, never of itself ---


def _second_isp_coverage(text: str) -> str:
    """A second `coverage:` under ISP, after the first: YAML would keep it and make 西藏 ISP yes."""
    head, isp = text.split("\n  isp:\n")
    return (
        head
        + "\n  isp:\n"
        + isp.replace("\n    coverage:\n", "\n    coverage:\n      - {adcode: 100000, name: 全国}\n    coverage:\n", 1)
    )


@pytest.mark.parametrize(
    "edit, problem",
    [
        (
            lambda t: t.replace("valid_until: 2022-09-18", "valid_until: 2022-09-18\nvalid_until: 2099-12-31"),
            r"line 14: key `valid_until` given twice \(first on line 13\)",
        ),
        (_second_isp_coverage, r"line 113: key `coverage` given twice \(first on line 111\)"),
        (lambda t: t + "\nsupersedes: B1-20070275.yaml\n", r"field `supersedes`: names this file itself"),
        (lambda t: t + "\ndraft_of: B1-20070275\n", r"field `draft_of`: names this draft's own number"),
    ],
)
def test_a_license_file_that_says_a_thing_twice_or_names_itself_is_refused(tmp_path, units, edit, problem):
    folder = _license_folder(tmp_path, edit)
    with pytest.raises(LicenseDataError, match=rf"B1-20070275\.yaml: {problem}"):
        load_licenses(units, folder)


@pytest.mark.parametrize(
    "unit",
    [
        "{adcode: 810000, name: 香港特别行政区}",
        "{adcode: 710000, name: 台湾省}",
        "{adcode: 820000, name: 澳门特别行政区}",
    ],
)
def test_coverage_outside_the_jurisdiction_is_refused(tmp_path, units, unit):
    def edit(text: str) -> str:
        head, isp = text.split("\n  isp:\n")
        return head + "\n  isp:\n" + isp.replace("\n    coverage:\n", f"\n    coverage:\n      - {unit}\n", 1)

    with pytest.raises(LicenseDataError, match=r"coverage\.0`: .* outside the jurisdiction"):
        load_licenses(units, _license_folder(tmp_path, edit))


# --- round 2, item 6: one bad license file never takes the others down ------------------------------


def _with_broken_file(tmp_path: Path) -> Path:
    """The real license beside a renewal whose ISP coverage names an adcode no unit has."""
    folder = _license_folder(tmp_path)
    _license_folder(
        tmp_path,
        lambda t: t.replace("number: B1-20070275", "number: B1-20990001", 1).replace(
            "{adcode: 140000, name: 山西}", "{adcode: 149999, name: 山西}"
        ),
        "renewal.yaml",
    )
    return folder


def test_a_broken_file_is_reported_and_the_valid_ones_still_load(tmp_path, units):
    from geo.license import read_license_folder

    read = read_license_folder(units, _with_broken_file(tmp_path))
    assert list(read.licenses) == ["B1-20070275"]
    assert list(read.broken) == ["renewal.yaml"] and "149999" in read.broken["renewal.yaml"]


def test_the_command_line_warns_of_a_broken_file_and_fails_only_when_it_is_asked_for(tmp_path, monkeypatch, capsys):
    from geo import cli

    monkeypatch.setattr("geo.license.LICENSE_DIR", _with_broken_file(tmp_path))
    assert cli.main(["check", "深圳", "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["license"]["file"] == "B1-20070275.yaml"
    assert "warning: a license file was skipped: renewal.yaml" in out.err
    assert cli.main(["check", "深圳", "--license", "B1-20070275"]) == 0
    assert cli.main(["check", "深圳", "--license", "renewal"]) == 2
    assert "renewal.yaml: field `services.isp.coverage" in capsys.readouterr().err


def test_the_api_says_degraded_and_answers_from_the_valid_files(tmp_path, boundaries, units, checker):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from geo.api import api_routes
    from geo.license import read_license_folder

    read = read_license_folder(units, _with_broken_file(tmp_path))

    class Data:
        def boundaries(self):
            return boundaries

        def licenses(self):
            return read.usable()

        def broken_licenses(self):
            return read.broken

        def checker(self, key):
            return checker

    with TestClient(Starlette(routes=api_routes(Data()))) as client:
        health = client.get("/api/v1/health").json()
        assert health["status"] == "degraded" and health["broken_licenses"][0]["file"] == "renewal.yaml"
        assert client.get("/api/v1/check", params={"q": "深圳"}).status_code == 200
        asked = client.get("/api/v1/check", params={"q": "深圳", "license": "renewal"})
        assert asked.status_code == 503 and "149999" in asked.json()["error"]


# --- round 2, item 10: a CSV mixing UTF-8 and GBK is refused, never read as mojibake ----------------


def test_a_csv_mixing_utf8_and_gbk_is_refused_naming_the_utf8_lines(geo_command, tmp_path):
    data = "地址\n深圳\n".encode() + "广州\n".encode("gbk")  # was read as GB18030: 深圳 -> 娣卞湷
    with pytest.raises(BatchInputError, match=r"mixes UTF-8 \(lines 1, 2\) with GBK"):
        read_table(data, "mixed.csv")
    (tmp_path / "mixed.csv").write_bytes(data)
    proc = geo_command(
        "batch", str(tmp_path / "mixed.csv"), "-o", str(tmp_path / "out.csv"), "--lang", "en"
    )  # streamed
    assert proc.returncode == 2 and "mixes UTF-8 (lines 1, 2) with GBK" in proc.stderr
    assert not (tmp_path / "out.csv").exists()


def test_no_unit_name_written_in_gbk_is_taken_for_utf8_and_every_one_in_utf8_is(units):
    """The mixed-file rule over every name in the boundary data: a GBK file of them is read, never refused."""
    from geo.batch._sheets import utf8_lines

    names = sorted({*units["name"], *units["short_name"]} - {""})
    assert not [n for n in names if utf8_lines(n.encode("gb18030"))]
    assert not [n for n in names if len(n) >= 2 and not utf8_lines(n.encode("utf-8"))]
    table = read_table(("地址\n" + "\n".join(names) + "\n").encode("gb18030"), "gbk.csv")
    assert table["地址"].tolist() == names


# --- round 2, item 9: every unreadable input is one line and exit 2, under either engine --------------


def _broken_inputs(folder: Path) -> dict[str, Path]:
    good = folder / "good.parquet"
    pd.DataFrame({"地址": ["深圳", "广州"]}).to_parquet(good)
    data = good.read_bytes()
    files = {
        "truncated.parquet": data[: len(data) // 2],
        "random.parquet": bytes(range(256)) * 20,
        "empty.parquet": b"",
        "empty.csv": b"",
        "bom.csv": b"\xef\xbb\xbf",
        "quote.csv": '地址\n"深圳\n广州\n'.encode(),
        "header.csv": "地址\n".encode(),
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    pd.DataFrame({"地址": pd.Series([], dtype=str)}).to_parquet(folder / "zero.parquet")
    with (folder / "sparse.parquet").open("wb") as sparse:
        sparse.truncate(2 * 2**30)  # 2 GB of holes: no disk used
    return {p.name: p for p in folder.iterdir() if p.name != "good.parquet"}


@pytest.mark.parametrize(
    "name, reason",
    [
        ("truncated.parquet", "not a readable Parquet file"),
        ("random.parquet", "not a readable Parquet file"),
        ("empty.parquet", "not a readable Parquet file"),
        ("sparse.parquet", "not a readable Parquet file"),
        ("zero.parquet", "no rows to check"),
        ("empty.csv", "the file has no columns"),
        ("bom.csv", "the file has no columns"),
        ("quote.csv", "not a readable CSV file"),
        ("header.csv", "no rows to check"),
    ],
)
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_an_unreadable_input_is_one_line_and_exit_2_under_either_engine(tmp_path, capsys, name, reason, engine):
    """Each was a traceback and exit 1 (Dask: a 0-row file was an error where the local engine wrote 0 bytes)."""
    from geo import cli

    source = _broken_inputs(tmp_path)[name]
    argv = [
        "batch",
        str(source),
        "-o",
        str(tmp_path / "out.csv"),
        "--column",
        "地址",
        "--lang",
        "en",
        "--engine",
        engine,
    ]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and reason in err[0] and "Traceback" not in err[0], err
    assert not (tmp_path / "out.csv").exists() and not list(tmp_path.glob(".out.csv*"))


def test_a_line_past_the_limit_is_refused_alike_whole_or_streamed(geo_command, tmp_path):
    """The API read a 10 MB line that the command line refused: now one rule, one message."""
    from geo.batch import MAX_LINE_BYTES

    data = "地址,备注\n深圳,".encode() + b"x" * (MAX_LINE_BYTES + 1) + "\n广州,y\n".encode()
    with pytest.raises(BatchInputError, match="KB") as whole:
        read_table(data, "long.csv")
    source = tmp_path / "long.csv"
    source.write_bytes(data)
    streamed = geo_command("batch", str(source), "-o", str(tmp_path / "out.csv"), "--lang", "en")
    assert streamed.returncode == 2 and whole.value.render("en") in streamed.stderr
    just_under = "地址,备注\n深圳,".encode() + b"x" * (MAX_LINE_BYTES - 100) + b"\n"
    assert len(read_table(just_under, "under.csv")) == 1


def test_quoted_cells_with_newlines_are_rows_not_lines():
    """A file of 150,000 rows whose notes hold a newline was refused as 300,000 rows."""
    rows = "".join(f'S{i},深圳,"第一行\n第二行"\n' for i in range(150_000))
    table = read_table(("编号,地址,备注\n" + rows).encode(), "notes.csv")
    assert len(table) == 150_000 and table.loc[0, "备注"] == "第一行\n第二行"
    over = "".join(f'S{i},深圳,"a\nb"\n' for i in range(MAX_ROWS + 1))
    with pytest.raises(BatchInputError, match="200,001"):
        read_table(("编号,地址,备注\n" + over).encode(), "over.csv")


def _big_sites(path: Path, rows: int = 120_000) -> Path:
    names = ["广东省深圳市南山区", "上海市浦东新区", "Kunshan", "拉萨", "成都市武侯区"]
    path.write_text("编号,地址\n" + "".join(f"S{i},{names[i % 5]}\n" for i in range(rows)), encoding="utf-8")
    return path


def _no_bigger_than(limit: int):
    def limit_files() -> None:  # in the child: a file-size limit, met as a full disk is (the write fails)
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_files


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_full_disk_mid_batch_is_one_line_exit_2_and_leaves_nothing(tmp_path, engine):
    """Was a traceback (exit 1) and an 11 MB temporary folder whose clean-up failed too."""
    source = _big_sites(tmp_path / "sites.csv")
    out = tmp_path / "out" / "checked.csv"
    out.parent.mkdir()
    command = [sys.executable, "-m", "geo", "batch", str(source), "-o", str(out), "--engine", engine, "--lang", "en"]
    run = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, preexec_fn=_no_bigger_than(2 * 2**20)
    )
    assert run.returncode == 2, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "Cannot write" in run.stderr and str(out) in run.stderr
    assert list(out.parent.iterdir()) == []  # no output, no temporary folder


def test_sigterm_mid_batch_removes_its_temporary_folder(tmp_path):
    source = _big_sites(tmp_path / "sites.csv", rows=400_000)
    out = tmp_path / "out" / "checked.csv"
    out.parent.mkdir()
    batch = subprocess.Popen(
        [sys.executable, "-m", "geo", "batch", str(source), "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 300
    while not list(out.parent.iterdir()) and batch.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # until the run has made its temporary folder (a condition, not a timing)
    assert batch.poll() is None, "the batch ended before it could be stopped"
    batch.send_signal(signal.SIGTERM)
    assert batch.wait(timeout=60) == 128 + signal.SIGTERM
    assert list(out.parent.iterdir()) == []  # was: the .checked.csv.* folder left behind
