"""Big batches: the local engine chunk by chunk, and the Dask engine on a LocalCluster, against the whole-table batch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.batch import BatchInputError, LocationColumns, check_table, read_table
from geo.batch._answers import AnswerMemo
from geo.batch._stream import MAX_LINE_BYTES, run_local

ROOT = Path(__file__).resolve().parents[1]
LATLNG = LocationColumns(lat="纬度", lng="经度")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Addresses (with bad rows and a formula) and coordinates (land, sea, abroad, junk), as CSV and Parquet."""
    folder = tmp_path_factory.mktemp("sites")
    rng = np.random.default_rng(7)
    n = 2_500
    names = [
        "广东省深圳市南山区科技园",
        "东莞松山湖",
        "朝阳",
        "Xi'an",
        "",
        "=1+1",
        "台北",
        "廣州市天河區",
        "😀",
        "39.9,116.4",
    ]
    text = pd.DataFrame({"编号": [f"T{i}" for i in range(n)], "地址": [names[i % len(names)] for i in range(n)]})
    lat = rng.uniform(15, 55, n).round(5).astype(str)
    lat[::97] = "not a number"
    points = pd.DataFrame(
        {"编号": [f"P{i}" for i in range(n)], "纬度": lat, "经度": rng.uniform(70, 140, n).round(5).astype(str)}
    )
    paths = {"text": folder / "text.csv", "points": folder / "points.csv", "points_parquet": folder / "points.parquet"}
    text.to_csv(paths["text"], index=False, encoding="utf-8-sig")
    points.to_csv(paths["points"], index=False, encoding="gb18030")  # as Excel in China saves it
    points.to_parquet(paths["points_parquet"], index=False)
    return paths


def _whole(checker, path: Path, columns: LocationColumns) -> pd.DataFrame:
    return check_table(checker, read_table(path), columns)


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.mark.parametrize(("kind", "columns"), [("text", LocationColumns(text="地址")), ("points", LATLNG)])
def test_chunks_answer_as_the_whole_table_does(checker, sites, tmp_path, kind, columns):
    out = tmp_path / "out.csv"
    rows = run_local(checker, sites[kind], out, columns, chunk_rows=333).rows  # many chunk borders
    whole = tmp_path / "whole.csv"
    _whole(checker, sites[kind], columns).to_csv(whole, index=False, encoding="utf-8-sig")
    expected = _csv(whole)
    got = _csv(out)
    assert rows == len(expected) == 2_500
    assert got.columns.tolist() == expected.columns.tolist()
    # the streamed CSV neutralises formulas as every written CSV does; otherwise cell for cell the same
    expected = expected.map(lambda v: "'" + v if v.startswith("=") else v)
    pd.testing.assert_frame_equal(got, expected)


def test_a_text_met_in_an_earlier_chunk_is_not_answered_again(checker, sites, tmp_path, monkeypatch):
    asked: list[str] = []
    check_many = checker.check_many
    monkeypatch.setattr(checker, "check_many", lambda texts, crs="wgs84": asked.extend(texts) or check_many(texts, crs))
    run_local(checker, sites["text"], tmp_path / "out.csv", LocationColumns(text="地址"), chunk_rows=333)
    assert sorted(asked) == sorted(set(_csv(sites["text"])["地址"]))  # 8 chunks, each text asked once


@pytest.mark.parametrize("limit", [1, 7, 40, 10_000])
def test_answers_kept_across_tables_are_the_answers_of_each_table(checker, limit):
    """Any limit (one text, a few, past every text): each table's answer is its answer alone."""
    rng = np.random.default_rng(limit)
    names = checker.units["name"].to_numpy()
    memo = AnswerMemo(limit)
    for size in (5, 30, 60, 30):
        table = pd.DataFrame({"地址": rng.choice(names[:80], size)})  # tables repeat each other's names
        kept = check_table(checker, table, LocationColumns(text="地址"), memo=memo)
        pd.testing.assert_frame_equal(kept, check_table(checker, table, LocationColumns(text="地址")))


def test_the_local_engine_finds_its_columns_and_writes_parquet_parts(checker, sites, tmp_path):
    out = tmp_path / "out.parquet"
    run = run_local(checker, sites["points_parquet"], out, None, chunk_rows=1_000)
    assert run.columns == LATLNG and run.rows == 2_500 and sum(run.statuses.values()) == 2_500
    assert len(list(out.glob("part-*.parquet"))) == 3
    table = pd.read_parquet(out)
    assert table["编号"].tolist() == [f"P{i}" for i in range(2_500)]  # order kept
    assert set(table["status"]) >= {"ok", "not_found", "invalid"}  # bad rows marked, not dropped


def test_a_failed_run_leaves_no_output(checker, sites, tmp_path):
    out = tmp_path / "out.csv"
    with pytest.raises(BatchInputError):
        run_local(checker, sites["text"], out, LocationColumns(text="no such column"))
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_one_giant_line_is_refused_before_parsing(checker, tmp_path):
    hostile = tmp_path / "one-line.csv"
    hostile.write_bytes(b"a," + b"x" * (MAX_LINE_BYTES + 10))
    with pytest.raises(BatchInputError, match="KB"):
        run_local(checker, hostile, tmp_path / "out.csv", None)


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


@pytest.mark.parametrize(
    ("kind", "columns", "suffix"),
    [("text", LocationColumns(text="地址"), ".csv"), ("points", None, ".csv"), ("points_parquet", LATLNG, ".parquet")],
)
def test_dask_gives_the_local_engine_result_row_for_row(checker, lic, sites, tmp_path, cluster, kind, columns, suffix):
    from geo.batch.dask_engine import run_dask

    local, remote = tmp_path / f"local{suffix}", tmp_path / f"dask{suffix}"
    run_local(checker, sites[kind], local, columns)
    run = run_dask(sites[kind], remote, columns, lic.number, checker, scheduler=cluster.scheduler_address)
    assert (
        run.rows == 2_500
        and run.statuses == run_local(checker, sites[kind], tmp_path / f"again{suffix}", columns).statuses
    )
    if suffix == ".csv":
        assert local.read_bytes() == remote.read_bytes()  # byte for byte
    else:
        pd.testing.assert_frame_equal(pd.read_parquet(local), pd.read_parquet(remote))


def test_the_command_runs_dask_on_its_own_local_cluster(sites, tmp_path):
    out = tmp_path / "out.csv"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "batch",
            str(sites["points"]),
            "-o",
            str(out),
            "--engine",
            "dask",
            "--workers",
            "2",
            "--lang",
            "en",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "2,500 rows" in proc.stderr and "rows/s" in proc.stderr
    assert _csv(out)["编号"].tolist() == [f"P{i}" for i in range(2_500)]


def test_dask_options_need_the_dask_engine(sites, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "batch", str(sites["points"]), "-o", str(tmp_path / "o.csv"), "--workers", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2 and "dask" in proc.stderr


def test_a_folder_of_csv_parts_answers_as_one_file(checker, lic, sites, tmp_path, cluster):
    from geo.batch.dask_engine import run_dask

    whole = pd.read_csv(sites["text"], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    folder = tmp_path / "parts"
    folder.mkdir()
    for i, start in enumerate(range(0, len(whole), 1_000)):  # part-0 … part-2, in name order
        whole.iloc[start : start + 1_000].to_csv(folder / f"part-{i}.csv", index=False, encoding="utf-8-sig")
    columns = LocationColumns(text="地址")
    run_local(checker, sites["text"], tmp_path / "one.csv", columns)
    run_local(checker, folder, tmp_path / "parts.csv", columns)
    run_dask(folder, tmp_path / "dask.csv", columns, lic.number, checker, scheduler=cluster.scheduler_address)
    assert (tmp_path / "parts.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()


def test_an_empty_folder_is_refused(checker, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(BatchInputError, match="holds no"):
        run_local(checker, tmp_path / "empty", tmp_path / "out.csv", None)
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]  # and nothing written
