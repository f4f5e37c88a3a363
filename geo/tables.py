"""Tables as files: the province × service matrix, and CSV/XLSX bytes for any table (one writer for both)."""

from __future__ import annotations

import io

import pandas as pd

from geo.coverage import province_matrix
from geo.i18n import service_name, t
from geo.license import SERVICE_KEYS, License
from geo.names import english_name

__all__ = ["TABLE_FORMATS", "TABLE_MIME", "matrix_table", "table_bytes"]

TABLE_FORMATS = ("csv", "xlsx")
TABLE_MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def matrix_table(lic: License, units: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Province × service with status words in the chosen language."""
    matrix = province_matrix(lic, units).reset_index()
    names = [english_name(n, s) for n, s in zip(matrix["name"], matrix["short_name"], strict=True)]
    table = pd.DataFrame(
        {"adcode": matrix["adcode"], t("column.province", lang): names if lang == "en" else matrix["name"]}
    )
    for service in SERVICE_KEYS:
        table[service_name(service, lang)] = [t("status." + s, lang) for s in matrix[service]]
    return table


def table_bytes(table: pd.DataFrame, fmt: str) -> bytes:
    """CSV (UTF-8 with BOM, so Excel opens Chinese text correctly) or XLSX."""
    if fmt == "csv":
        return table.to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        table.to_excel(buffer, index=False, engine="openpyxl")
        return buffer.getvalue()
    raise ValueError(f"`fmt` was {fmt!r} but is expected to be in {TABLE_FORMATS}")
