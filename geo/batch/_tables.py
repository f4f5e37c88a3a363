"""Tables as files: the province × service matrix, and CSV/XLSX bytes for any table (one writer for both)."""

from __future__ import annotations

import io
import re

import pandas as pd

from geo.coverage import province_matrix
from geo.i18n import service_name, t
from geo.license import License
from geo.names import english_names

__all__ = ["TABLE_FORMATS", "TABLE_MIME", "matrix_table", "neutralise_formulas", "table_bytes"]

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


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP); the rest is untouched.

    '=HYPERLINK(…)' becomes "'=HYPERLINK(…)": shown as text, the original is the text without
    its first character. A cell that is a plain number (-33.86, +1e3) is a number, not a formula.
    Column names count as cells too.
    """
    text_columns = [c for c in table.columns if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])]
    out = table.copy()
    for column in text_columns:
        risky = out[column].map(_is_formula_like).astype(bool)
        if risky.any():
            out[column] = out[column].astype(object)
            out.loc[risky, column] = "'" + out.loc[risky, column].astype(str)
    out.columns = ["'" + c if _is_formula_like(c) else c for c in map(str, out.columns)]
    return out


def table_bytes(table: pd.DataFrame, fmt: str) -> bytes:
    """CSV (UTF-8 with BOM, so Excel opens Chinese text correctly) or XLSX, formulas neutralised.

    openpyxl stores a text cell as a formula only when it starts with "=": after neutralising,
    none does, so every text cell is stored as text.
    """
    safe = neutralise_formulas(table)
    if fmt == "csv":
        # CRLF, as Excel writes: the writer then quotes a cell holding a bare CR, which would otherwise end its row
        return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        safe.to_excel(buffer, index=False, engine="openpyxl")
        return buffer.getvalue()
    raise ValueError(f"`fmt` was {fmt!r} but is expected to be in {TABLE_FORMATS}")
