"""Spreadsheets of sites checked: reading them (hostile files refused early), answering every row,
writing CSV/XLSX, and big inputs chunk by chunk. `geo.batch.dask_engine` (the same step over a Dask
cluster) is imported on its own, so that dask loads only for that engine."""

from __future__ import annotations

from geo.batch._answers import (
    PLACE_COLUMNS,
    RESULT_COLUMNS,
    LocationColumns,
    Progress,
    answer_columns,
    check_table,
    find_location_columns,
    result_columns,
    result_points,
    write_table,
)
from geo.batch._sheets import (
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    BatchInputError,
    read_table,
    sniff_delimiter,
)
from geo.batch._stream import (
    CHUNK_ROWS,
    STREAMED,
    ChunkWriter,
    CsvScan,
    StreamedRun,
    input_parts,
    is_parquet,
    iter_chunks,
    run_local,
    scan_csv,
)
from geo.batch._tables import (
    TABLE_FORMATS,
    TABLE_MIME,
    matrix_table,
    neutralise_formulas,
    table_bytes,
)

__all__ = [
    "CHUNK_ROWS",
    "MAX_FILE_BYTES",
    "MAX_LINE_BYTES",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "PLACE_COLUMNS",
    "RESULT_COLUMNS",
    "STREAMED",
    "TABLE_FORMATS",
    "TABLE_MIME",
    "BatchInputError",
    "ChunkWriter",
    "CsvScan",
    "LocationColumns",
    "Progress",
    "StreamedRun",
    "answer_columns",
    "check_table",
    "find_location_columns",
    "input_parts",
    "is_parquet",
    "iter_chunks",
    "matrix_table",
    "neutralise_formulas",
    "read_table",
    "result_columns",
    "result_points",
    "run_local",
    "scan_csv",
    "sniff_delimiter",
    "table_bytes",
    "write_table",
]
