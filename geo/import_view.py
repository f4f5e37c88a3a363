"""What the import screen shows of an import: each field beside the document lines it came from, and the changes
against a license already on file. Pure functions over geo.license_import.ImportResult."""

from __future__ import annotations

import pandas as pd

from geo.compare import date_changes
from geo.i18n import t
from geo.license import License
from geo.license_import import ImportResult
from geo.license_text import DATE, normalise

__all__ = ["dates_table", "field_table"]

SOURCE_CHARS = 90  # of the document's words shown beside a field


def _lines_label(lines: tuple[int, ...]) -> str:
    first, last = min(lines), max(lines)
    return str(first) if first == last else f"{first}–{last}"


def field_table(result: ImportResult, text: str, lang: str) -> pd.DataFrame:
    """One row per field read: its path in the license file, the value, the lines, the document's own words."""
    document = text.splitlines()
    rows = []
    for field in sorted(result.fields, key=lambda f: min(f.lines)):  # in the document's order
        words = " ".join(normalise(document[n - 1]) for n in sorted(set(field.lines)) if 0 < n <= len(document))
        if field.path == "provisions_signed":  # a signature line: its date, never the signatory's name
            words = " ".join(m.group(0) for m in DATE.finditer(words))
        remark = result.remarks.get(field.path)
        rows.append(
            {
                t("import_column.field", lang): field.path,
                t("import_column.value", lang): field.value,
                t("import_column.lines", lang): _lines_label(field.lines),
                t("import_column.source", lang): words[:SOURCE_CHARS] + ("…" if len(words) > SOURCE_CHARS else ""),
                t("import_column.remark", lang): remark.render(lang) if remark else "",
            }
        )
    return pd.DataFrame(rows)


def dates_table(old: License, new: License, lang: str) -> pd.DataFrame:
    """The dates a renewal changes against a license on file, before and after."""
    rows = [
        {t("column.field", lang): t(f"license_field.{field}", lang), t("import_column.before", lang): before}
        | {t("import_column.after", lang): after}
        for field, (before, after) in date_changes(old, new).items()
    ]
    return pd.DataFrame(rows)
