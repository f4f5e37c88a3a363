"""Tables offered for download (province × service matrix) and their CSV/XLSX bytes."""

from __future__ import annotations

import io

import pandas as pd

from geo.coverage import province_matrix
from geo.i18n import SERVICE_NAMES, t
from geo.license import SERVICE_KEYS, License
from geo.names import english_name

__all__ = ["matrix_table", "to_csv_bytes", "to_xlsx_bytes"]


def matrix_table(lic: License, units: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Province × service with status words in the chosen language."""
    matrix = province_matrix(lic, units).reset_index()
    names = [english_name(n, s) for n, s in zip(matrix["name"], matrix["short_name"], strict=True)]
    table = pd.DataFrame(
        {
            "adcode": matrix["adcode"],
            ("province" if lang == "en" else "省级单位"): names if lang == "en" else matrix["name"],
        }
    )
    for service in SERVICE_KEYS:
        table[SERVICE_NAMES[lang][service]] = [t("status_" + s, lang) for s in matrix[service]]
    return table


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False).encode("utf-8-sig")  # BOM: Excel opens Chinese text correctly


def to_xlsx_bytes(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()
