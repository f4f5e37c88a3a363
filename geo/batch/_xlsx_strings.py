"""An XLSX's shared-string table kept as UTF-8 bytes, for openpyxl's read-only reader.

Excel stores each distinct text once, in xl/sharedStrings.xml, and cells point into it. openpyxl
reads that table whole as a list of Python strings before the first row: 1.4 million distinct
texts took ~150 MB of the server's memory. Here the same table (parsed by openpyxl's own rules,
with the same XML parser it uses) is one bytes buffer and an array of offsets, ~3 times smaller;
a cell's text is decoded when its row is read.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import IO, overload

from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.workbook import Workbook
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

__all__ = ["CompactStrings", "load_read_only"]

_STRING = f"{{{SHEET_MAIN_NS}}}si"


class CompactStrings(Sequence[str]):
    """The table's texts, in order, as openpyxl's read_string_table gives them."""

    def __init__(self, source: IO[bytes]) -> None:
        self._blob = bytearray()
        self._ends = array("I")  # offsets into at most MAX_UNPACKED_BYTES
        root = None
        for event, node in iterparse(source, events=("start", "end")):
            if root is None:
                root = node  # the <sst> element: emptied as we go, so parsed items do not pile up under it
            if event == "end" and node.tag == _STRING:
                text = Text.from_tree(node).content.replace("x005F_", "")
                self._blob += text.encode("utf-8", "surrogatepass")
                self._ends.append(len(self._blob))
                root.clear()

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not 0 <= index < len(self._ends):  # a cell pointing outside the table: the file is unreadable
            raise IndexError(index)
        start = self._ends[index - 1] if index else 0
        return self._blob[start : self._ends[index]].decode("utf-8", "surrogatepass")


class _CompactReader(ExcelReader):
    def read_strings(self) -> None:
        found = self.package.find(SHARED_STRINGS)
        if found is not None:
            with self.archive.open(found.PartName[1:]) as source:
                self.shared_strings = CompactStrings(source)


def load_read_only(source: IO[bytes], data_only: bool) -> Workbook:
    """openpyxl's load_workbook(read_only=True), its shared strings kept compact."""
    reader = _CompactReader(source, read_only=True, data_only=data_only)
    reader.read()
    return reader.wb
