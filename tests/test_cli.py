"""The command line contract: check and batch, as scripts call them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geo.batch import RESULT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
JSON_KEYS = {
    "query",
    "status",
    "province",
    "city",
    "county",
    "adcode",
    "services",
    "nearest",
    "candidates",
    "message",
    "datum",
    "suggestions",
    "license",
    "line",
}


def test_check_json_contract(geo_process):
    proc = geo_process("check", "深圳", "--json")  # a real process: the smoke test of the command itself
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert set(answer) == JSON_KEYS
    assert (answer["status"], answer["city"], answer["adcode"]) == ("ok", "深圳市", 440300)
    assert set(answer["services"]) == {"cdn", "isp", "idc", "vpn"}
    assert set(answer["services"]["vpn"]) == {"verdict", "clause", "reason", "means", "verdict_text"}
    assert answer["services"]["vpn"]["verdict"] == "yes" and answer["services"]["idc"]["verdict"] == "no"
    assert answer["nearest"]["idc"]["city"] == "东莞" and set(answer["nearest"]) == {"idc", "vpn"}


def test_check_readable_and_datum(geo_command):
    proc = geo_command("check", "114.0623,22.5400", "--crs", "gcj02")
    assert proc.returncode == 0
    assert "福田区" in proc.stdout and "VPN" in proc.stdout


def test_check_bad_query_is_answered_not_raised(geo_command):
    proc = geo_command("check", "91,181", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["status"] == "invalid"
    assert "Traceback" not in proc.stderr


SITES = pd.DataFrame(
    {
        "编号": ["S1", "S2", "S3", "S4", "S5"],
        "客户地址": ["广东省深圳市南山区粤海街道科技园", "东莞松山湖", "😀 <b>bad</b>", "Suzhou, Jiangsu", "香港"],
        "备注": ["a", "b", "bad row in the middle", "d", "e"],
    }
)


def _write(tmp_path: Path, kind: str) -> Path:
    if kind == "xlsx":
        path = tmp_path / "sites.xlsx"
        SITES.to_excel(path, index=False)
    else:
        path = tmp_path / f"sites-{kind}.csv"
        encoding = {"gbk": "gbk", "utf8-bom": "utf-8-sig", "utf8": "utf-8"}[kind]
        path.write_bytes(
            SITES.assign(客户地址=SITES["客户地址"].str.replace("😀 ", "")).to_csv(index=False).encode(encoding)
        )
    return path


@pytest.mark.parametrize("kind, out_ext", [("gbk", "csv"), ("utf8-bom", "xlsx"), ("xlsx", "csv"), ("utf8", "xlsx")])
def test_batch_round_trip_keeps_every_row_in_order(tmp_path, kind, out_ext, geo_command):
    source = _write(tmp_path, kind)
    output = tmp_path / f"out.{out_ext}"
    proc = geo_command("batch", str(source), "-o", str(output))
    assert proc.returncode == 0, proc.stderr
    assert "客户地址" in proc.stderr  # it found the location column itself
    result = (
        pd.read_excel(output, dtype=str) if out_ext == "xlsx" else pd.read_csv(output, dtype=str, encoding="utf-8-sig")
    )
    assert list(result.columns) == [*SITES.columns, *RESULT_COLUMNS]
    assert result["编号"].tolist() == SITES["编号"].tolist()
    assert result["备注"].tolist() == SITES["备注"].tolist()
    assert result["status"].tolist() == ["ok", "ok", "not_found", "ok", "ok"]
    assert result.loc[2, "message"]  # the bad row is marked, with a reason
    assert result.loc[0, ["vpn", "idc", "idc_nearest"]].tolist() == ["yes", "no", "广州"]
    assert result.loc[1, "idc"] == "yes" and result.loc[4, "cdn"] == "no"


def test_batch_lat_lng_columns(tmp_path, geo_command):
    source = tmp_path / "points.csv"
    source.write_text("name,lat,lng\nfutian,22.5431,114.0579\nsea,21.0,115.0\nbroken,abc,\nparis,48.85,2.35\n")
    output = tmp_path / "points-out.csv"
    proc = geo_command("batch", str(source), "--lat", "lat", "--lng", "lng", "-o", str(output))
    assert proc.returncode == 0, proc.stderr
    result = pd.read_csv(output, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert result["status"].tolist() == ["ok", "not_found", "invalid", "not_found"]
    assert result.loc[0, ["city", "vpn", "vpn_nearest", "vpn_km"]].tolist() == ["深圳市", "yes", "深圳", "0.0"]


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["batch", "/no/such/file.csv", "-o", "x.csv"], "Cannot read"),
        (["batch", str(ROOT / "README.md"), "-o", "x.csv"], "unsupported file type"),
        (["batch", str(ROOT / "data/licenses/B1-20070275.yaml"), "-o", "x.csv"], "unsupported file type"),
    ],
)
def test_batch_unreadable_input_exits_2_with_one_line(args, fragment, geo_command):
    proc = geo_command(*args, "--lang", "en")
    assert proc.returncode == 2
    assert fragment in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_batch_without_usable_column_exits_2(tmp_path, geo_command):
    source = tmp_path / "numbers.csv"
    source.write_text("a,b\n1,2\n3,4\n")
    proc = geo_command("batch", str(source), "-o", str(tmp_path / "o.csv"), "--lang", "en")
    assert proc.returncode == 2 and "No column looks like" in proc.stderr


def test_batch_corrupt_xlsx_exits_2(tmp_path, geo_command):
    source = tmp_path / "corrupt.xlsx"
    source.write_bytes(b"this is not a zip file")
    proc = geo_command("batch", str(source), "-o", str(tmp_path / "o.csv"), "--lang", "en")
    assert proc.returncode == 2 and "not a readable XLSX" in proc.stderr
    chinese = geo_command("batch", str(source), "-o", str(tmp_path / "o.csv"))  # the default language is 中文
    assert chinese.returncode == 2 and chinese.stderr.startswith("错误:") and "不是可读取的 XLSX" in chinese.stderr


def test_batch_shows_progress_for_large_inputs(tmp_path, geo_command):
    source = tmp_path / "many.csv"
    source.write_text("city\n" + "深圳\n温州乐清\n" * 3000, encoding="utf-8")
    proc = geo_command("batch", str(source), "--column", "city", "-o", str(tmp_path / "o.csv"), "--lang", "en")
    assert proc.returncode == 0
    assert "checked 6,000 rows" in proc.stderr and "ok 6000" in proc.stderr  # streamed: after each chunk


def test_answer_columns_are_unique_whatever_the_input_has(tmp_path, geo_command):
    source = tmp_path / "clash.csv"
    source.write_text("地址,status,status_check\n深圳,a,b\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    proc = geo_command("batch", str(source), "--column", "地址", "-o", str(output))
    assert proc.returncode == 0, proc.stderr
    result = pd.read_csv(output, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert list(result.columns[:4]) == ["地址", "status", "status_check", "status_check2"]
    assert result.loc[0, ["status", "status_check", "status_check2"]].tolist() == ["a", "b", "ok"]
    assert result.columns.is_unique


def test_a_distance_says_what_it_measures(geo_command):
    proc = geo_command("check", "深圳", "--lang", "en")
    assert "IDC: borders Dongguan, a licensed room city" in proc.stdout  # was "3 km", from Shenzhen's middle
    assert "VPN: inside the licensed city Shenzhen" in proc.stdout


def test_a_negative_coordinate_is_echoed_as_typed(capsys):
    """'-33.86,151.2' is kept from argparse's options by a leading space; the JSON contract never shows it."""
    from geo.cli import main

    assert main(["check", "-33.86,151.2", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["query"] == "-33.86,151.2"
