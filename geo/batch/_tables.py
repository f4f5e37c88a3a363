"""Tables as files: the province × service matrix, and CSV/XLSX bytes for any table (one writer for both)."""

from __future__ import annotations

import codecs
import io
import math
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import openpyxl
import pandas as pd

from geo.coverage import province_matrix
from geo.i18n import service_name, t
from geo.license import License
from geo.names import english_names

__all__ = [
    "TABLE_FORMATS",
    "TABLE_MIME",
    "matrix_table",
    "neutralise_formulas",
    "table_bytes",
    "table_slices",
    "write_slices_to",
    "write_table_to",
]

TABLE_FORMATS = ("csv", "xlsx")
TABLE_MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def matrix_table(lic: License, units: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Province × service with status words in the chosen language."""
    matrix = province_matrix(lic, units).reset_index()
    names = english_names(matrix)
    table = pd.DataFrame(
        {"adcode": matrix["adcode"], t("column.province", lang): names if lang == "en" else matrix["name"]}
    )
    for service in lic.service_keys:
        table[service_name(service, lang)] = [t("status." + s, lang) for s in matrix[service]]
    return table


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(value)


def _formula_like(values: pd.Series) -> pd.Series:
    """`_is_formula_like` per cell, vectorised: only cells whose first character starts a formula are read
    one by one (a batch's 2,000,000 answer cells cost 0.7 s cell by cell, most of writing them)."""
    try:
        first = values.str[:1]
    except AttributeError:  # no text in the column at all (numbers kept as objects)
        return pd.Series(False, index=values.index)
    risky = first.isin(FORMULA_START).fillna(False).astype(bool)
    if risky.any():
        risky[risky] = values[risky].map(_is_formula_like).astype(bool)
    return risky


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP); the rest is untouched.

    '=HYPERLINK(…)' becomes "'=HYPERLINK(…)": shown as text, the original is the text without
    its first character. A cell that is a plain number (-33.86, +1e3) is a number, not a formula.
    Column names count as cells too.
    """
    text_columns = [c for c in table.columns if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])]
    out = table.copy()
    for column in text_columns:
        risky = _formula_like(out[column])
        if risky.any():
            out[column] = out[column].astype(object)
            out.loc[risky, column] = "'" + out.loc[risky, column].astype(str)
    out.columns = ["'" + c if _is_formula_like(c) else c for c in map(str, out.columns)]
    return out


def table_bytes(table: pd.DataFrame, fmt: str) -> bytes:
    """The table as CSV or XLSX bytes (see `write_table_to`): for a download button; a large table goes to a file."""
    buffer = io.BytesIO()
    write_table_to(table, fmt, buffer)
    return buffer.getvalue()


ROWS_PER_WRITE = 5_000


def write_table_to(table: pd.DataFrame, fmt: str, out: BinaryIO) -> None:
    """The table as CSV or XLSX into `out`, a slice of rows at a time (see `write_slices_to`)."""
    write_slices_to(table_slices(table), fmt, out)


def table_slices(table: pd.DataFrame, rows: int = ROWS_PER_WRITE) -> Iterator[pd.DataFrame]:
    """The table `rows` rows at a time; a table with no rows is one empty slice (its header is still written)."""
    for start in range(0, max(len(table), 1), rows):
        yield table.iloc[start : start + rows]


def write_slices_to(slices: Iterable[pd.DataFrame], fmt: str, out: BinaryIO) -> None:
    """Consecutive slices of one table (the same columns) as one CSV or XLSX in `out`, formulas neutralised:
    memory holds one slice's text, never the whole file. CSV is UTF-8 with BOM, so Excel opens Chinese text
    correctly.

    openpyxl stores a text cell as a formula only when it starts with "=": after neutralising,
    none does, so every text cell is stored as text.
    """
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"`fmt` was {fmt!r} but is expected to be in {TABLE_FORMATS}")
    safe = (neutralise_formulas(part) for part in slices)
    if fmt == "csv":
        out.write(codecs.BOM_UTF8)
        for n, part in enumerate(safe):
            # CRLF, as Excel writes: the writer then quotes a cell holding a bare CR, which would otherwise end its row
            out.write(part.to_csv(index=False, header=n == 0, lineterminator="\r\n").encode("utf-8"))
        return
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for n, part in enumerate(safe):
        if n == 0:
            sheet.append(list(part.columns))
        for row in part.itertuples(index=False, name=None):
            sheet.append([None if _is_missing(v) else v for v in row])
    book.save(out)


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
