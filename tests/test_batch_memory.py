"""Bounded batch memory: the compact ways of reading, answering and writing give what the plain ways gave.

Each compact path (Arrow columns built a chunk of rows at a time, answers shared between equal texts,
answers and files made a slice at a time) is compared with the plain, whole-table way of doing the
same thing, on the real boundaries and license. The memory itself is measured in bench/bench_batch_memory.py.
"""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.batch import (
    LocationColumns,
    _sheets,
    _xlsx_strings,
    check_table,
    checked_slices,
    read_table,
    table_bytes,
    write_slices_to,
)
from geo.batch._answers import _point_of, _row_values, result_columns
from geo.batch._tables import neutralise_formulas, table_slices


def _every_kind_of_row(units: pd.DataFrame) -> list[str]:
    """Every unit's full and short name, coordinates, repeats, junk and formulas: what a site list holds."""
    names = [*units["name"], *units["short_name"].dropna()]
    points = [f"{22 + i * 0.37:.4f},{113 + i * 0.41:.4f}" for i in range(40)]
    odd = ["", "  ", "nowhere at all", '=HYPERLINK("x")', "朝阳区", "Gulou District", "999,999", "深圳"]
    return [*names, *points, *odd, *names[:50]]


def _answers_row_by_row(checker, texts: list[str], lang: str) -> pd.DataFrame:
    """The plain way: each row checked on its own, its answer a dict."""
    rows = []
    for text in texts:
        result = checker.check(text)
        rows.append(_row_values(result, lang, _point_of(checker, result)))
    return pd.DataFrame(rows, columns=list(result_columns(checker.license)))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_shared_answers_equal_each_row_checked_on_its_own(checker, units, lang):
    texts = _every_kind_of_row(units)
    table = pd.DataFrame({"地址": texts}, index=range(1000, 1000 + len(texts)), dtype=str)
    answered = check_table(checker, table, LocationColumns(text="地址"), lang=lang)
    assert answered.index.equals(table.index)
    plain = _answers_row_by_row(checker, texts, lang)
    ours = answered[plain.columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(ours.astype(object), plain.astype(object), check_dtype=False)


def test_checked_slices_are_the_whole_answer_cut_up(checker, units):
    texts = _every_kind_of_row(units)
    table = pd.DataFrame({"n": [str(i) for i in range(len(texts))], "地址": texts}, dtype=str)
    columns = LocationColumns(text="地址")
    whole = check_table(checker, table, columns, lang="en")
    sliced = list(checked_slices(checker, table, columns, lang="en", rows=97))
    assert len(sliced) == -(-len(table) // 97)
    pd.testing.assert_frame_equal(pd.concat(sliced), whole)


def test_checked_slices_of_coordinate_columns_are_the_whole_answer(checker):
    lat = [f"{18 + i * 0.05:.3f}" for i in range(500)] + ["x", ""]
    lng = [f"{100 + i * 0.07:.3f}" for i in range(500)] + ["1", "2"]
    table = pd.DataFrame({"lat": lat, "lng": lng}, dtype=str)
    columns = LocationColumns(lat="lat", lng="lng")
    whole = check_table(checker, table, columns)
    pd.testing.assert_frame_equal(pd.concat(checked_slices(checker, table, columns, rows=64)), whole)


_cell = st.one_of(
    st.text(alphabet="深圳aZ9 =+-\r\n,\"'", max_size=6), st.floats(allow_nan=True), st.integers(), st.none()
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_cell, min_size=1, max_size=4), min_size=0, max_size=9), st.integers(1, 4))
def test_a_table_written_in_slices_is_the_table_written_whole(rows, slice_rows):
    width = max(map(len, rows), default=1)
    table = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], columns=["a", "=b", "c", "d"][:width])
    csv = io.BytesIO()
    write_slices_to(table_slices(table, slice_rows), "csv", csv)
    whole = neutralise_formulas(table).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
    assert csv.getvalue() == whole


def test_an_xlsx_written_in_slices_reads_back_cell_for_cell(checker, units):
    texts = _every_kind_of_row(units)[:300]
    table = check_table(checker, pd.DataFrame({"地址": texts}, dtype=str), LocationColumns(text="地址"))
    out = io.BytesIO()
    write_slices_to(table_slices(table, 37), "xlsx", out)
    back = read_table(out.getvalue(), "back.xlsx")
    assert back.equals(read_table(table_bytes(table, "xlsx"), "whole.xlsx"))
    assert back.shape == table.shape
    assert back["地址"].tolist()[:5] == [("'" + t if t.startswith("=") else t) for t in texts[:5]]
    assert back["status"].tolist() == table["status"].tolist()


def _read_as_lists(data: bytes) -> pd.DataFrame:
    """The plain way the reader worked before: every row a list of text, the frame made at the end."""
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        used = next((i + 1 for i in range(len(row) - 1, -1, -1) if row[i] is not None), 0)
        rows.append([_sheets._text(v) for v in row[:used]])
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return pd.DataFrame()
    width = max(len(r) for r in rows)
    header = [h or f"Unnamed: {i}" for i, h in enumerate(rows[0] + [""] * (width - len(rows[0])))]
    body = [r + [""] * (width - len(r)) for r in rows[1:]]
    return pd.DataFrame(body, columns=_sheets._unique(header), dtype=str)


_sheet_cell = st.one_of(st.none(), st.none(), st.text(alphabet="深a1 ", min_size=1, max_size=3), st.integers(0, 99))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_sheet_cell, max_size=6), min_size=1, max_size=14))
def test_arrow_columns_built_in_chunks_read_as_the_whole_sheet_did(rows):
    """Columns that start late, empty rows inside and at the end, across chunk boundaries (3 rows a chunk)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    expected = _read_as_lists(data)
    chunk = _sheets._ROWS_PER_CHUNK
    _sheets._ROWS_PER_CHUNK = 3
    try:
        if expected.empty and not len(expected.columns):
            with pytest.raises(_sheets.BatchInputError):
                read_table(data, "t.xlsx")
            return
        got = read_table(data, "t.xlsx")
    finally:
        _sheets._ROWS_PER_CHUNK = chunk
    pd.testing.assert_frame_equal(got, expected)


def test_numbers_in_answers_stay_numbers(checker):
    table = pd.DataFrame({"地址": ["深圳", "拉萨", "深圳"]}, dtype=str)
    out = check_table(checker, table, LocationColumns(text="地址"))
    assert out["lng"].dtype == np.float64 and out["lng"].iloc[0] == out["lng"].iloc[2]


_TEXTS = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12), max_size=40
)


@settings(max_examples=40, deadline=None)
@given(_TEXTS)
def test_compact_shared_strings_are_openpyxls_own(texts):
    """Excel's table of distinct texts, with rich-text runs, escapes and empty items, read as openpyxl reads it."""
    from xml.sax.saxutils import escape

    from openpyxl.reader.strings import read_string_table

    items = [f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in texts]
    items += [
        "<si><r><t>深</t></r><r><rPr><b/></rPr><t>圳</t></r></si>",
        "<si><t>a_x005F_x000D_b</t></si>",
        "<si><t/></si>",
    ]
    sst = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + "".join(items) + "</sst>"
    ).encode()
    compact = _xlsx_strings.CompactStrings(io.BytesIO(sst))
    assert list(compact) == read_string_table(io.BytesIO(sst))
    with pytest.raises(IndexError):
        compact[len(compact)]


def test_an_upload_is_read_from_its_file_as_from_its_bytes(checker, units, tmp_path):
    texts = _every_kind_of_row(units)[:500]
    table = check_table(checker, pd.DataFrame({"地址": texts}, dtype=str), LocationColumns(text="地址"))
    for fmt in ("xlsx", "csv"):
        data = table_bytes(table, fmt)
        path = tmp_path / f"t.{fmt}"
        path.write_bytes(data)
        with path.open("rb") as handle:
            from_file = read_table(handle, f"t.{fmt}")
        assert from_file.equals(read_table(data, f"t.{fmt}")) and from_file.equals(read_table(path))
        assert from_file.shape == table.shape
