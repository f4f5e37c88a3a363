"""A license document's text as numbered paragraphs: the form the importer reads fields from.

PDF-to-text and scans break a clause over lines and pages, and mix full- and half-width
punctuation. Here every line is folded to one width (NFKC), markup is dropped, and a
line that does not end its sentence continues onto the next content line, past page
furniture (signature blocks, the page header), unless that line starts a field of its
own. Each paragraph keeps the numbers of the lines it was made from.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from geo.errors import LicenseDataError

__all__ = [
    "DATE",
    "MAX_TEXT_BYTES",
    "Paragraph",
    "document_text",
    "is_furniture",
    "normalise",
    "paragraphs",
    "uploaded_text",
]

MAX_TEXT_BYTES = 2**20  # the seed document is 25 KB of text
MAX_PDF_BYTES = 50 * 2**20  # a scanned license of a dozen pages is a few MB
NUMERAL = "一二三四五六七八九十"

_TAGS = re.compile(r"<[^>]{0,40}>")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_ENDS = ("。", ":", ";", ".", "!", "?")
_LABELS = "经营许可证编号|公司名称|法定代表人|注册资本|注册住所|业务种类|业务覆盖范围|服务项目|签发人|发证日期|有效期至"
_FIELD_START = re.compile(rf"^(?:{_LABELS}|[{NUMERAL}]+、|\([{NUMERAL}]+\)|注:|根据|经审核|股东姓名|《特别规定事项》)")
_LABEL_ONLY = re.compile(rf"^(?:{_LABELS})(?:\([^)]{{1,12}}\))?:$")  # 发证日期: with its date on the next line
_ONE_LINE_FIELD = re.compile(
    r"^(?:经营许可证编号|公司名称|法定代表人|注册资本|注册住所|业务种类|签发人|发证日期|有效期至)(?::\s*|\s+)\S"
)
_PAGE_HEADER = re.compile(r"^经营许可证编号(?::|\s)")  # repeated on every page: a clause broken by a page break goes on
_HEADING = re.compile(rf"^[{NUMERAL}]+、第[一二]类\S*中的\S*业务$")  # a service block's heading ends at its 业务
DATE = re.compile(r"(\d{2,4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日")  # 2017年09月18日, 17年5月23日
_DATE_END = re.compile(DATE.pattern + "$")
_FURNITURE = re.compile(
    r"^(?:司\(局\)负责人:?|公司代表:?|年 ?月 ?日|特别规定事项|\(附 ?页\)"
    r"|中华人民共和国 ?(?:跨地区)?增值电信业务经营许可证(?: ?\(附 ?页\))?|发证机关 ?\(盖章\))$"
)


@dataclass(frozen=True)
class Paragraph:
    text: str
    lines: tuple[int, ...]  # 1-based line numbers of the document


def normalise(line: str) -> str:
    """One width (NFKC: '：' -> ':', '（' -> '('), no markup, single spaces, trimmed."""
    return _SPACES.sub(" ", _TAGS.sub(" ", unicodedata.normalize("NFKC", line))).strip()


def is_furniture(text: str) -> bool:
    """Page furniture: signature labels, blank date lines, page titles and headers; never a field's words."""
    return bool(_FURNITURE.match(text) or _PAGE_HEADER.match(text))


def _joined(left: str, right: str) -> str:
    """Chinese text and a number broken in two join without a space; two Latin words keep one."""
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return f"{left} {right}"
    return left + right


def _is_open(text: str) -> bool:
    if _LABEL_ONLY.match(text):
        return True
    closed = text.endswith(_ENDS) or _DATE_END.search(text) or _HEADING.match(text)
    return not (closed or _FURNITURE.match(text) or _ONE_LINE_FIELD.match(text))


def paragraphs(text: str) -> list[Paragraph]:
    """The document's paragraphs in order; furniture lines stay as paragraphs of their own."""
    result: list[Paragraph] = []
    open_at: int | None = None  # index in result of the paragraph still waiting for its end
    for number, raw in enumerate(text.splitlines(), start=1):
        for cell in raw.split("\t"):  # the inspection table's two columns
            line = normalise(cell)
            if not line:
                continue
            if _FURNITURE.match(line) or (open_at is not None and _PAGE_HEADER.match(line)):
                result.append(Paragraph(line, (number,)))
                continue
            if open_at is not None and not _FIELD_START.match(line):
                head = result[open_at]
                result[open_at] = Paragraph(_joined(head.text, line), (*head.lines, number))
            else:
                result.append(Paragraph(line, (number,)))
                open_at = len(result) - 1
            open_at = open_at if _is_open(result[open_at].text) else None
    return result


def document_text(path: Path) -> str:
    """A license document's text: a .txt as UTF-8 (or GB18030), a PDF through poppler's pdftotext."""
    if path.stat().st_size > MAX_PDF_BYTES:
        raise LicenseDataError(f"{path.name}: {path.stat().st_size:,} bytes; a license document is far smaller")
    return uploaded_text(path.read_bytes(), path.name)


def uploaded_text(data: bytes, name: str) -> str:
    """The same for bytes held in memory (an upload): a PDF is piped through pdftotext, nothing is written.

    A PDF without a text layer (a scan) is refused: reading it needs OCR first."""
    if name.lower().endswith(".pdf") or data.startswith(b"%PDF"):
        if len(data) > MAX_PDF_BYTES:
            raise LicenseDataError(f"{name}: {len(data):,} bytes; a license document is far smaller")
        try:
            done = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, timeout=60, check=False
            )
        except FileNotFoundError as exc:
            raise LicenseDataError("pdftotext (poppler-utils) is not installed: cannot read a PDF") from exc
        if done.returncode != 0:
            raise LicenseDataError(f"{name}: not a readable PDF ({done.stderr.decode(errors='replace').strip()})")
        text = done.stdout.decode("utf-8", errors="replace")
        if sum(ch.isalnum() for ch in text) < 20:
            raise LicenseDataError(f"{name}: no text layer: run OCR first (this PDF holds only images)")
        return text
    if len(data) > MAX_TEXT_BYTES:
        raise LicenseDataError(f"{name}: {len(data):,} bytes; a license text is under {MAX_TEXT_BYTES:,}")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LicenseDataError(f"{name}: not text in UTF-8 or GB18030")
