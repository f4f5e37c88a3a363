"""Reading a spreadsheet someone uploaded: CSV or XLSX, every cell as text, hostile files refused early.

Refused cheaply, before parsing: more rows than the limit (counted in the raw bytes, or as
an XLSX sheet declares them), an XLSX archive that unpacks to too much or at a ratio no
spreadsheet has (a decompression bomb). XLSX rows are then read streaming, with a row cap,
so memory stays bounded whatever the file claims.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd

from geo.errors import CoverageAtlasError
from geo.i18n import Msg

__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "MAX_UNPACKED_BYTES", "BatchInputError", "read_table", "sniff_delimiter"]

MAX_ROWS = 200_000
MAX_FILE_BYTES = 20 * 2**20  # the dashboard's upload limit, and the command line's
MAX_UNPACKED_BYTES = 256 * 2**20  # an XLSX of 200,000 rows unpacks to well under this
MAX_RATIO = 100  # XML compresses 5-20x; a part that unpacks to 100x its size and more is a bomb
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')


class BatchInputError(CoverageAtlasError):
    """The input file cannot be used (missing, unreadable, too large, hostile, no usable column)."""


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, a superset of the GBK that Excel in China writes."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BatchInputError(Msg("batch.encoding"))


def sniff_delimiter(text: str) -> str:
    """Comma unless the header line clearly uses tab, semicolon or pipe (pandas' sniffer guesses letters)."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def _too_many(name: str, rows: int) -> BatchInputError:
    return BatchInputError(Msg("batch.too_many_rows", {"name": name, "rows": f"{rows:,}", "limit": f"{MAX_ROWS:,}"}))


def _inspect_xlsx(archive: zipfile.ZipFile, name: str) -> str:
    """Refuse a bomb or an oversized sheet from the archive's directory and the sheet's first bytes; the sheet's part."""
    parts = archive.infolist()
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise BatchInputError(Msg("batch.xlsx_unpacks_large", {"name": name, "mb": unpacked // 2**20}))
    for part in parts:
        if part.file_size > 2**20 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            ratio = part.file_size // max(part.compress_size, 1)
            raise BatchInputError(Msg("batch.xlsx_bomb", {"name": name, "part": part.filename, "ratio": ratio}))
    sheets = sorted(p.filename for p in parts if re.match(r"xl/worksheets/sheet\d+\.xml$", p.filename))
    if not sheets:
        raise BatchInputError(Msg("batch.unreadable", {"name": name, "kind": "XLSX", "error": "no worksheet"}))
    with archive.open(sheets[0]) as sheet:
        declared = _DIMENSION.search(sheet.read(4096))
    if declared and int(declared.group(1)) > MAX_ROWS + 1:
        raise _too_many(name, int(declared.group(1)) - 1)
    return sheets[0]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes, name: str) -> pd.DataFrame:
    """The first sheet, rows streamed and capped, every cell as text (as pandas' dtype=str would give)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        _inspect_xlsx(archive, name)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        rows = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            if len(rows) > MAX_ROWS:
                raise _too_many(name, len(rows))
            rows.append([_text(v) for v in row])
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()  # trailing empty rows a sheet may declare
    if not rows:
        return pd.DataFrame()
    header = [h or f"Unnamed: {i}" for i, h in enumerate(rows[0])]
    width = len(header)
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    return pd.DataFrame(body, columns=_unique(header), dtype=str)


def _unique(names: list[str]) -> list[str]:
    """Repeated header names numbered as pandas does: a, a.1, a.2."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen.get(name, 0)
        out.append(name if count == 0 else f"{name}.{count}")
        seen[name] = count + 1
    return out


def read_table(source: str | Path | bytes, name: str | None = None) -> pd.DataFrame:
    """Read CSV or XLSX (by extension) with every cell as text; raise BatchInputError with a one-line reason."""
    name = name or str(source)
    suffix = Path(name).suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv"):
        raise BatchInputError(Msg("batch.unsupported", {"name": name, "suffix": suffix or "-"}))
    try:
        size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
        if size > MAX_FILE_BYTES:
            raise BatchInputError(
                Msg("batch.file_too_large", {"name": name, "mb": size // 2**20, "limit": MAX_FILE_BYTES // 2**20})
            )
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as exc:
        raise BatchInputError(Msg("batch.cannot_read", {"name": name, "reason": exc.strerror or exc})) from exc
    try:
        if suffix in (".xlsx", ".xlsm"):
            table = _read_xlsx(data, name)
        else:
            lines = data.count(b"\n")  # counted before decoding or parsing anything
            if lines > MAX_ROWS + 1:
                raise _too_many(name, lines - 1)
            text = _decode(data)
            table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sniff_delimiter(text))
    except BatchInputError:
        raise
    except Exception as exc:  # pandas/openpyxl/zipfile raise many types for a corrupt file
        kind = suffix.lstrip(".").upper()
        raise BatchInputError(
            Msg("batch.unreadable", {"name": name, "kind": kind, "error": type(exc).__name__})
        ) from exc
    if table.empty and not len(table.columns):
        raise BatchInputError(Msg("batch.no_columns", {"name": name}))
    if len(table) > MAX_ROWS:
        raise _too_many(name, len(table))
    table.columns = [str(c) for c in table.columns]
    return table
