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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pandas as pd
import pyarrow as pa

from geo.batch._xlsx_strings import load_read_only
from geo.errors import BatchInputError, InputTooLarge
from geo.i18n import Msg

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LINE_BYTES",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "BatchInputError",
    "read_table",
    "sniff_delimiter",
]

MAX_ROWS = 200_000
MAX_LINE_BYTES = 2**20  # no row of a site list is a megabyte long: the same rule read whole or streamed
MAX_FILE_BYTES = 20 * 2**20  # the dashboard's upload limit, and the command line's
MAX_UNPACKED_BYTES = 256 * 2**20  # an XLSX of 200,000 rows unpacks to well under this
MAX_COLUMNS = 1_000  # an XLSX row is read this wide; a value past it refuses the file (Excel allows 16,384)
MAX_CELLS = 2_000_000  # cells kept from an XLSX: 200,000 rows of 10 columns, kept as Arrow text (~40 MB of it distinct)
MAX_RATIO = 100  # XML compresses 5-20x; a part that unpacks to 100x its size and more is a bomb
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})\d')
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')


_CJK_UTF8_LINE = re.compile(rb"(?:[\x00-\x7f]|[\xe3-\xe9][\x80-\xbf]{2}|\xef[\xbc-\xbf][\x80-\xbf])*")
_CJK_UTF8 = re.compile(rb"[\xe3-\xe9][\x80-\xbf]{2}")


def utf8_lines(data: bytes, first_line: int = 1) -> list[int]:
    """Lines (numbered from `first_line`) that are UTF-8 Chinese: two or more CJK characters, and nothing but
    ASCII, CJK and full-width forms. A GBK line is such by chance almost never (its two-byte characters would
    read as UTF-8 Latin or Greek letters, or break it): beside lines that are not UTF-8, the file is mixed."""
    return [
        first_line + i
        for i, line in enumerate(data.split(b"\n"))
        if len(_CJK_UTF8.findall(line)) >= 2 and _CJK_UTF8_LINE.fullmatch(line) and _is_utf8(line)
    ]


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def mixed_encoding_error(name: str, lines: list[int]) -> BatchInputError:
    shown = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
    return BatchInputError(Msg("batch.mixed_encoding", {"name": name, "lines": shown}))


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, a superset of the GBK that Excel in China writes.

    A file that is neither as a whole but holds UTF-8 Chinese lines is both, mixed (rows pasted from two
    sources): refused, naming those lines, where GB18030 would read them as mojibake (深圳 as 娣卞湷)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = utf8_lines(data)
    if lines:
        raise mixed_encoding_error(name, lines)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise BatchInputError(Msg("batch.encoding")) from None


def sniff_delimiter(text: str) -> str:
    """Comma unless the header line clearly uses tab, semicolon or pipe (pandas' sniffer guesses letters)."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def _too_many(name: str, rows: int) -> InputTooLarge:
    return InputTooLarge(Msg("batch.too_many_rows", {"name": name, "rows": f"{rows:,}", "limit": f"{MAX_ROWS:,}"}))


def _inspect_xlsx(archive: zipfile.ZipFile, name: str) -> str:
    """Refuse a bomb or an oversized sheet from the archive's directory and the sheet's first bytes; the sheet's part."""
    parts = archive.infolist()
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputTooLarge(Msg("batch.xlsx_unpacks_large", {"name": name, "mb": unpacked // 2**20}))
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


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _scan_sheet(archive: zipfile.ZipFile, part: str, name: str) -> tuple[bool, int]:
    """Whether the sheet holds formulas, and how wide to read its rows: scanned in 1 MB blocks before any row is read.

    The width is the widest column a cell names when every cell names its own (as Excel and
    openpyxl write them), else MAX_COLUMNS + 1. A cell past MAX_COLUMNS, or more than MAX_CELLS
    values, refuses the file here.
    """
    formulas, rest, widest, cells, named, values = False, b"", 0, 0, 0, 0
    with archive.open(part) as sheet:
        while True:
            block = sheet.read(2**20)
            rest += block
            cut = rest.rfind(b"<") if block else len(rest)  # every pattern starts at "<": none is cut in two
            text, rest = rest[: max(cut, 0)], rest[max(cut, 0) :]
            formulas = formulas or b"<f>" in text or b"<f " in text
            columns = _CELL_COLUMN.findall(text)
            widest = max([widest, *(_column_number(c) for c in set(columns))])
            if widest > MAX_COLUMNS:
                raise BatchInputError(Msg("batch.too_many_columns", {"name": name, "limit": f"{MAX_COLUMNS:,}"}))
            cells += text.count(b"<c ") + text.count(b"<c>")
            named += len(columns)
            values += text.count(b"<v>") + text.count(b"<is>")
            if values > MAX_CELLS:  # refused before parsing: reading 2,000,000 cells takes ~20 s
                raise BatchInputError(Msg("batch.too_many_cells", {"name": name, "limit": f"{MAX_CELLS:,}"}))
            if not block:
                break
    exact = widest and named == cells
    return formulas, widest if exact else MAX_COLUMNS + 1


def _sheet_rows(data: IO[bytes], formulas: bool, width: int) -> Iterator[tuple[object, ...]]:
    """The first sheet's rows as values, `width` wide whatever the sheet declares (its dimension is ignored).

    With `formulas`, the formula text where the file saved no value for it (a sheet written by a
    program, never opened in Excel): kept, not lost; the output neutralises it.
    """
    books = [load_read_only(data, data_only=True)]
    if formulas:
        books.append(load_read_only(data, data_only=False))
    try:
        streams = [b.worksheets[0].iter_rows(max_row=MAX_ROWS + 2, max_col=width, values_only=True) for b in books]
        if not formulas:
            yield from streams[0]
            return
        for values, written in zip(*streams, strict=True):
            yield tuple(
                w if v is None and isinstance(w, str) and w.startswith("=") else v
                for v, w in zip(values, written, strict=True)
            )
    finally:
        for book in books:
            book.close()


def _read_xlsx(data: IO[bytes], name: str) -> pd.DataFrame:
    """The first sheet, rows streamed and capped, every cell as text (as pandas' dtype=str would give).

    Memory is bounded by what is kept: each row is read at most MAX_COLUMNS + 1 wide, trimmed
    to its last value, and the cells kept are counted against MAX_CELLS as they stream. Rows
    become Arrow text columns every _ROWS_PER_CHUNK rows, so Python holds one chunk's cells at a time.
    """
    with zipfile.ZipFile(data) as archive:
        formulas, width = _scan_sheet(archive, _inspect_xlsx(archive, name), name)
    columns = _ArrowColumns()
    chunk: list[list[str]] = []
    cells = 0
    for rows, row in enumerate(_sheet_rows(data, formulas, width)):
        if rows > MAX_ROWS:
            raise _too_many(name, rows)
        if len(row) > MAX_COLUMNS and row[-1] is not None:  # read wide: a cell that named no column
            raise BatchInputError(Msg("batch.too_many_columns", {"name": name, "limit": f"{MAX_COLUMNS:,}"}))
        used = next((i + 1 for i in range(len(row) - 1, -1, -1) if row[i] is not None), 0)
        cells += used
        if cells > MAX_CELLS:
            raise BatchInputError(Msg("batch.too_many_cells", {"name": name, "limit": f"{MAX_CELLS:,}"}))
        chunk.append([_text(v) for v in row[:used]])
        if len(chunk) == _ROWS_PER_CHUNK:
            columns.add(chunk)
            chunk = []
    columns.add(chunk)
    return columns.table()


_ROWS_PER_CHUNK = 2_000


class _ArrowColumns:
    """Rows of text, of any widths, kept as Arrow string columns: a cell takes its bytes, not a Python object.

    Trailing empty rows (a sheet may declare them) are dropped; a column without a header is
    kept, as "Unnamed: i"; repeated header names are numbered as pandas does.
    """

    def __init__(self) -> None:
        self._chunks: list[list[pa.Array]] = []  # per column, its chunks; a column that starts late is padded
        self._rows = 0
        self._last_used = 0  # rows up to the last one holding any text

    def add(self, rows: list[list[str]]) -> None:
        width = max((len(r) for r in rows), default=0)
        for _ in range(len(self._chunks), width):
            self._chunks.append([pa.array([""] * self._rows, pa.string())] if self._rows else [])
        for column, chunks in enumerate(self._chunks):
            chunks.append(pa.array([r[column] if column < len(r) else "" for r in rows], pa.string()))
        filled = [i for i, r in enumerate(rows) if any(r)]
        if filled:
            self._last_used = self._rows + filled[-1] + 1
        self._rows += len(rows)

    def table(self) -> pd.DataFrame:
        if not self._last_used:
            return pd.DataFrame()
        columns = [pa.chunked_array(c, pa.string()).slice(0, self._last_used) for c in self._chunks]
        header = [h or f"Unnamed: {i}" for i, h in enumerate(c[0].as_py() for c in columns)]
        body = pa.table([c.slice(1) for c in columns], names=[str(i) for i in range(len(columns))])
        frame = body.to_pandas()
        frame.columns = _unique(header)
        return frame


def _unique(names: list[str]) -> list[str]:
    """Repeated header names numbered as pandas does: a, a.1, a.2."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen.get(name, 0)
        out.append(name if count == 0 else f"{name}.{count}")
        seen[name] = count + 1
    return out


def line_too_long(name: str) -> BatchInputError:
    return BatchInputError(Msg("batch.line_too_long", {"name": name, "limit": MAX_LINE_BYTES // 1024}))


def _refuse_long_lines(data: bytes, name: str) -> None:
    if len(data) > MAX_LINE_BYTES and max(map(len, data.split(b"\n"))) > MAX_LINE_BYTES:
        raise line_too_long(name)


def _records(text: str) -> int:
    """Records in CSV text, a cell's quoted newlines not counted (only where the newlines are too many)."""
    return sum(1 for _ in csv.reader(io.StringIO(text, newline="")))


def _size(source: str | Path | bytes | IO[bytes]) -> int:
    if isinstance(source, bytes):
        return len(source)
    if isinstance(source, str | Path):
        return Path(source).stat().st_size
    source.seek(0, io.SEEK_END)
    return source.tell()


def _bytes(source: str | Path | bytes | IO[bytes]) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    source.seek(0)
    return source.read()


@contextmanager
def _opened(source: str | Path | bytes | IO[bytes]) -> Iterator[IO[bytes]]:
    if isinstance(source, bytes):
        yield io.BytesIO(source)
    elif isinstance(source, str | Path):
        with Path(source).open("rb") as handle:
            yield handle
    else:
        source.seek(0)
        yield source


def _read_csv(data: bytes, name: str) -> pd.DataFrame:
    _refuse_long_lines(data, name)
    lines = data.count(b"\n")  # counted before decoding or parsing anything
    text = _decode(data, name)
    if lines > MAX_ROWS + 1 and (rows := _records(text)) > MAX_ROWS + 1:  # quoted cells may hold newlines
        raise _too_many(name, rows - 1)
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sniff_delimiter(text))


def read_table(source: str | Path | bytes | IO[bytes], name: str | None = None) -> pd.DataFrame:
    """Read CSV or XLSX (by extension) with every cell as text; raise BatchInputError with a one-line reason."""
    name = name or str(source)
    suffix = Path(name).suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv"):
        raise BatchInputError(Msg("batch.unsupported", {"name": name, "suffix": suffix or "-"}))
    try:
        size = _size(source)
        if size > MAX_FILE_BYTES:
            raise InputTooLarge(
                Msg("batch.file_too_large", {"name": name, "mb": size // 2**20, "limit": MAX_FILE_BYTES // 2**20})
            )
        if suffix in (".xlsx", ".xlsm"):  # read from the file where there is one: the archive is never held whole
            with _opened(source) as handle:
                table = _read_xlsx(handle, name)
        else:
            table = _read_csv(_bytes(source), name)
    except BatchInputError:
        raise
    except OSError as exc:
        raise BatchInputError(Msg("batch.cannot_read", {"name": name, "reason": exc.strerror or exc})) from exc
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
