"""Big batches: read CSV or Parquet in chunks, answer each chunk, write as you go (memory stays flat).

The command line's batch engine for files of any size (the 200,000-row limit is the dashboard's
and the API's, for uploads held in memory). Each chunk goes through the same `check_table` as
every other batch, so results are the same row for row; geo.batch.dask_engine runs that same step over
a Dask cluster.

CSV input is scanned once before parsing, in 1 MB blocks: its encoding (UTF-8, else GB18030) and
its longest line, so that a file that is one giant line is refused before pandas holds it.
"""

from __future__ import annotations

import codecs
import os
import shutil
import signal
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from geo.batch._answers import AnswerMemo, LocationColumns, Progress, answer_columns, check_table, find_location_columns
from geo.batch._sheets import (
    MAX_LINE_BYTES,
    BatchInputError,
    line_too_long,
    mixed_encoding_error,
    read_table,
    sniff_delimiter,
    utf8_lines,
)
from geo.batch._tables import neutralise_formulas
from geo.check import Checker
from geo.files import put_in_place
from geo.i18n import Msg

__all__ = [
    "CHUNK_ROWS",
    "STREAMED",
    "ChunkWriter",
    "CsvScan",
    "StreamedRun",
    "input_parts",
    "is_parquet",
    "iter_chunks",
    "run_local",
    "scan_csv",
]

CHUNK_ROWS = 25_000
_BLOCK = 2**20
STREAMED = (".csv", ".txt", ".tsv", ".parquet")


@dataclass(frozen=True)
class CsvScan:
    """What one pass over a CSV's bytes found (a line over MAX_LINE_BYTES refuses it): encoding and delimiter."""

    encoding: str
    delimiter: str


def scan_csv(path: Path) -> CsvScan:
    """Encoding (utf-8-sig, else gb18030), longest line and delimiter, reading 1 MB at a time; raise on neither."""
    decoders = {name: codecs.getincrementaldecoder(name)() for name in ("utf-8-sig", "gb18030")}
    alive = dict.fromkeys(decoders, True)
    longest = current = 0
    line, utf8 = 1, list[int]()  # lines that are UTF-8 Chinese: beside GBK lines, a mixed file
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            if len(utf8) < 6 and not (alive["utf-8-sig"] and utf8):  # a UTF-8 file: scanned until its first
                utf8 += utf8_lines(block, line)  # Chinese line; past a non-UTF-8 byte, until a few are named
            line += block.count(b"\n")
            for name, decoder in decoders.items():
                if alive[name]:
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError:
                        alive[name] = False
            pieces = block.split(b"\n")
            current += len(pieces[0])
            if len(pieces) > 1:
                longest = max(longest, current, *(len(p) for p in pieces[1:-1]))
                current = len(pieces[-1])
            if max(longest, current) > MAX_LINE_BYTES:
                raise line_too_long(path.name)
    for name, decoder in decoders.items():  # a multi-byte character cut off by the end of the file
        if alive[name]:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                alive[name] = False
    encoding = next((name for name, ok in alive.items() if ok), None)
    if encoding != "utf-8-sig" and utf8:
        raise mixed_encoding_error(path.name, utf8)
    if encoding is None:
        raise BatchInputError(Msg("batch.encoding"))
    with path.open(encoding=encoding, errors="replace") as head:
        delimiter = sniff_delimiter(head.read(4096))
    return CsvScan(encoding, delimiter)


_CSV_SUFFIXES = (".csv", ".txt", ".tsv")


def input_parts(path: Path) -> list[Path]:
    """A file, or a folder's parts in name order: its Parquet files, else its CSV files."""
    if not path.is_dir():
        return [path]
    parts = sorted(path.glob("*.parquet")) or sorted(p for p in path.iterdir() if p.suffix.lower() in _CSV_SUFFIXES)
    if not parts:
        raise BatchInputError(Msg("batch.no_parts", {"name": str(path)}))
    return parts


def is_parquet(path: Path) -> bool:
    return input_parts(path)[0].suffix.lower() == ".parquet"


def iter_chunks(path: str | Path, chunk_rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """The input's rows in order, `chunk_rows` at a time, each chunk indexed from 0.

    CSV cells are text (as everywhere in batch); Parquet keeps its column types. XLSX is read
    whole by geo.batch._sheets (with its limits) and given as one chunk.
    """
    path = Path(path)
    if not path.exists():
        raise BatchInputError(Msg("batch.cannot_read", {"name": str(path), "reason": "no such file or folder"}))
    for part in input_parts(path):  # in name order, then row order
        if part.suffix.lower() == ".parquet":
            yield from _parquet_chunks(part, chunk_rows)
        elif part.suffix.lower() in _CSV_SUFFIXES:
            yield from _csv_chunks(part, chunk_rows)
        else:
            yield read_table(part)


def _unreadable(part: Path, kind: str, exc: BaseException) -> BatchInputError:
    return BatchInputError(Msg("batch.unreadable", {"name": part.name, "kind": kind, "error": type(exc).__name__}))


def _parquet_chunks(part: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """A truncated, random, empty or sparse file is one line (pyarrow raises ArrowInvalid, OSError and others)."""
    try:
        source = pq.ParquetFile(part, pre_buffer=False, buffer_size=2**20)  # stream pages, not whole row groups
        batches = source.iter_batches(batch_size=chunk_rows, use_threads=False)
        for batch in batches:
            if batch.num_rows:
                chunk = batch.to_pandas().reset_index(drop=True)
                del batch
                pa.default_memory_pool().release_unused()  # Arrow's pool would keep every decoded batch's pages
                yield chunk
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise _unreadable(part, "Parquet", exc) from exc


def _csv_chunks(part: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    scan = scan_csv(part)
    try:
        reader = pd.read_csv(
            part, dtype=str, keep_default_na=False, encoding=scan.encoding, chunksize=chunk_rows, sep=scan.delimiter
        )
        for chunk in reader:
            yield chunk.reset_index(drop=True)
    except pd.errors.EmptyDataError:  # empty, or a byte-order mark alone
        raise BatchInputError(Msg("batch.no_columns", {"name": part.name})) from None
    except (pd.errors.ParserError, ValueError) as exc:  # an unterminated quote, among others
        raise _unreadable(part, "CSV", exc) from exc


@dataclass(frozen=True)
class StreamedRun:
    """What a streamed batch did: the location columns it used, the rows written, and their statuses."""

    columns: LocationColumns
    rows: int
    statuses: Counter


@contextmanager
def _stops_held() -> Iterator[None]:
    """SIGTERM and SIGINT held back for a moment (main thread; elsewhere signals never arrive anyway)."""
    held = {signal.SIGTERM, signal.SIGINT}
    masking = threading.current_thread() is threading.main_thread() and hasattr(signal, "pthread_sigmask")
    if masking:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        if masking:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


class ChunkWriter:
    """Writes answered chunks in order to a CSV file or a Parquet folder of parts; the target appears whole or not at all.

    CSV: UTF-8 with BOM, CRLF, formulas neutralised (as every CSV the project writes). Parquet:
    one part per chunk, data as answered (not a spreadsheet: nothing is neutralised).
    """

    def __init__(self, target: str | Path) -> None:
        self.target = Path(target)
        self.kind = self.target.suffix.lower().lstrip(".")
        if self.kind not in ("csv", "parquet"):
            raise BatchInputError(Msg("batch.stream_output_suffix", {"name": self.target.name}))
        self._temp: Path | None = None  # made by the first write: inside the caller's try, so abort() removes it
        self._csv: TextIO | None = None
        self._parts = 0
        self.rows = 0
        self.statuses: Counter = Counter()
        try:  # can the folder take it? said before any row is answered
            with _stops_held():
                os.rmdir(tempfile.mkdtemp(prefix=f".{self.target.name}.", dir=self.target.parent))
        except OSError as exc:
            raise self._cannot_write(exc) from exc

    def _folder(self) -> Path:
        """The temporary folder beside the target (one file system for the final rename), made once."""
        if self._temp is None:
            with _stops_held():  # made and recorded at once: a stop in between would leave it behind
                self._temp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.", dir=self.target.parent))
                if self.kind == "csv":
                    self._csv = (self._temp / "whole.csv").open("w", encoding="utf-8-sig", newline="")
        return self._temp

    def _cannot_write(self, exc: OSError) -> BatchInputError:
        """A full disk or a file-size limit mid-run: one line naming the target, as every write error."""
        return BatchInputError(Msg("batch.cannot_write", {"name": str(self.target), "reason": exc.strerror or exc}))

    def write(self, chunk: pd.DataFrame, status_column: str) -> None:
        try:
            self._write(chunk)
        except OSError as exc:
            raise self._cannot_write(exc) from exc
        self.rows += len(chunk)
        self.statuses.update(chunk[status_column].astype(str).tolist())

    def _write(self, chunk: pd.DataFrame) -> None:
        folder = self._folder()
        if self._csv is not None:
            neutralise_formulas(chunk).to_csv(self._csv, index=False, header=self._parts == 0, lineterminator="\r\n")
        else:
            # without pandas' metadata: the same data reads back the same, whichever engine's pandas dtypes made it
            table = pa.Table.from_pandas(chunk, preserve_index=False).replace_schema_metadata(None)
            pq.write_table(table, folder / f"part-{self._parts:05d}.parquet")
        self._parts += 1

    def close(self) -> None:
        """Move the finished output into place (replacing an older one)."""
        try:
            self._close()
        except OSError as exc:
            raise self._cannot_write(exc) from exc

    def _close(self) -> None:
        folder = self._folder()
        if self._csv is not None:
            self._csv.close()
            put_in_place(folder / "whole.csv", self.target)
            shutil.rmtree(folder, ignore_errors=True)
        else:
            put_in_place(folder, self.target)  # a folder of parts

    def abort(self) -> None:
        """Remove what this run wrote; closing may fail again on a full disk, the removal still runs."""
        try:
            if self._csv is not None:
                self._csv.close()
        except OSError:
            pass
        finally:
            if self._temp is not None:
                shutil.rmtree(self._temp, ignore_errors=True)


def run_local(
    checker: Checker,
    source: str | Path,
    target: str | Path,
    columns: LocationColumns | None,
    crs: str = "wgs84",
    lang: str = "zh",
    progress: Progress | None = None,
    chunk_rows: int = CHUNK_ROWS,
    memo: AnswerMemo | None = None,
) -> StreamedRun:
    """Answer every row of `source` into `target` chunk by chunk, in this process.

    `memo` (default: a new one) keeps answers from chunk to chunk: a text met in an earlier chunk is not
    answered again. `AnswerMemo(0)` answers each chunk on its own."""
    writer = ChunkWriter(target)
    memo = AnswerMemo() if memo is None else memo
    try:
        for chunk in iter_chunks(source, chunk_rows):
            if chunk.empty:  # a header alone
                continue
            if columns is None:
                columns = find_location_columns(chunk, checker)
            answered = check_table(checker, chunk, columns, crs, lang=lang, memo=memo)
            writer.write(answered, answer_columns(chunk.columns)["status"])
            if progress:
                progress(writer.rows, 0)
        if writer.rows == 0:  # no row at all (a header alone, a 0-row Parquet): said, as the Dask engine says it
            raise BatchInputError(Msg("batch.no_rows", {"name": Path(source).name}))
        writer.close()
    except BaseException:
        writer.abort()
        raise
    assert columns is not None  # found in the first chunk with rows; no rows at all raised above
    return StreamedRun(columns, writer.rows, writer.statuses)
