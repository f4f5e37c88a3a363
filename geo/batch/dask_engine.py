"""Batches past one machine: the same per-chunk answer as geo.batch._stream, over partitions on a Dask cluster.

dask.dataframe reads the input (CSV or Parquet, a file or a folder of parts) into partitions on
the workers; each worker builds one Checker (boundaries from its own cache) and answers its
partitions with `check_table`, exactly as the local engine answers a chunk. The client then takes
the answered partitions in input order and writes them with the local engine's ChunkWriter, so the
output (row order, columns, CSV neutralising) is the local engine's, row for row.

A LocalCluster by default (`workers` processes on this machine); or an existing cluster by its
scheduler address. Workers elsewhere need this package installed and the input path readable
(shared storage, or any URL fsspec reads).
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator
from functools import cache
from itertools import islice
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
from distributed import Client, LocalCluster

from geo.batch._answers import LocationColumns, Progress, answer_columns, check_table, find_location_columns
from geo.batch._sheets import BatchInputError
from geo.batch._stream import ChunkWriter, StreamedRun, input_parts, is_parquet, iter_chunks, scan_csv
from geo.boundaries import load_boundaries
from geo.check import Checker
from geo.i18n import Msg
from geo.license import choose_license

__all__ = ["run_dask"]

_BLOCK_BYTES = "8MB"  # ~250,000 coordinate rows: enough partitions to keep every worker busy


@cache
def _worker_checker(license_key: str) -> Checker:
    """One Checker per worker process, built on first use."""
    boundaries = load_boundaries()
    return Checker(boundaries, choose_license(license_key, boundaries.units).license)


def _answer_partition(
    part: pd.DataFrame, columns: LocationColumns, crs: str, lang: str, license_key: str
) -> pd.DataFrame:
    return check_table(_worker_checker(license_key), part.reset_index(drop=True), columns, crs, lang=lang)


def _read(source: Path) -> tuple[dd.DataFrame, pd.DataFrame]:
    """The input as partitions, and its first rows as the local engine reads them (to find columns and types)."""
    parts = input_parts(source)
    if is_parquet(source):
        first = next(iter_chunks(parts[0], 1000), pd.DataFrame())  # the local engine's refusals, before Dask reads
        try:
            return dd.read_parquet([str(p) for p in parts]), first
        except (pa.ArrowException, OSError, ValueError) as exc:  # a later part that is no Parquet file
            raise BatchInputError(
                Msg("batch.unreadable", {"name": str(source), "kind": "Parquet", "error": type(exc).__name__})
            ) from exc
    scans = {scan_csv(p) for p in parts}  # the same refusals as the local engine, before any worker parses
    formats = {(scan.encoding, scan.delimiter) for scan in scans}
    if len(formats) > 1:
        raise BatchInputError(Msg("batch.parts_differ", {"name": str(source)}))
    encoding, delimiter = formats.pop()
    options = {"dtype": str, "keep_default_na": False, "encoding": encoding, "sep": delimiter}
    first = next(iter_chunks(parts[0], 1000), pd.DataFrame())  # already scanned: the local engine's refusals
    return dd.read_csv([str(p) for p in parts], blocksize=_BLOCK_BYTES, **options), first


@contextlib.contextmanager
def _client(workers: int | None, scheduler: str | None) -> Iterator[Client]:
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _partition_result(future, source: Path) -> pd.DataFrame:
    """A worker's answered partition; a part it could not parse (an unterminated quote) is one line, as locally."""
    try:
        return future.result()
    except (pd.errors.ParserError, pa.ArrowException, UnicodeDecodeError) as exc:
        kind = "Parquet" if is_parquet(source) else "CSV"
        raise BatchInputError(
            Msg("batch.unreadable", {"name": source.name, "kind": kind, "error": type(exc).__name__})
        ) from exc


def run_dask(
    source: str | Path,
    target: str | Path,
    columns: LocationColumns | None,
    license_key: str,
    checker: Checker,
    crs: str = "wgs84",
    lang: str = "zh",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> StreamedRun:
    """Answer every row of `source` into `target` on a Dask cluster.

    `checker` (the client's own) only finds the location columns from the first rows when none are given.
    """
    source = Path(source)
    frame, first = _read(source)
    if first.empty:  # as the local engine says it
        raise BatchInputError(Msg("batch.no_rows", {"name": source.name}))
    if columns is None:
        columns = find_location_columns(first, checker)
    meta = check_table(checker, first.head(1), columns, crs, lang=lang).iloc[:0]  # the answered columns' types
    answered = frame.map_partitions(_answer_partition, columns, crs, lang, license_key, meta=meta)
    status_column = answer_columns(first.columns)["status"]
    writer = ChunkWriter(target)
    try:
        with _client(workers, scheduler) as client:
            # a window of partitions in flight (two per worker), taken back in input order: the cluster
            # stays busy while answered partitions do not pile up in its memory ahead of the writer
            parts = iter(answered.to_delayed())
            window = 2 * max(1, len(client.scheduler_info()["workers"]))
            pending = deque(client.compute(part) for part in islice(parts, window))
            while pending:
                future = pending.popleft()
                writer.write(_partition_result(future, source), status_column)
                future.release()
                following = next(parts, None)
                if following is not None:
                    pending.append(client.compute(following))
                if progress:
                    progress(writer.rows, 0)
        writer.close()
    except BaseException:
        writer.abort()
        raise
    return StreamedRun(columns, writer.rows, writer.statuses)
