"""What a number printed on an annual-inspection record says about the license it was stamped for.

The record pages print a license number; on a scanned document it may be the license's own,
an earlier number of the same license, a number from before the present numbering, or a
misread of the license's own (BBZ-20070275 for B1-20070275). A misreading is told apart by
edit distance: two characters or fewer from the license's own number.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from geo.i18n import Msg

__all__ = ["SCAN_ERROR_EDITS", "printed_number_note"]

SCAN_ERROR_EDITS = 2  # BBZ for B1 is two edits; any real other number differs in far more


def printed_number_note(printed: str, number: str, previous: tuple[str, ...] | list[str] = ()) -> Msg | None:
    """None when `printed` is the license's `number`; otherwise what it most likely is, said as such."""
    if printed == number:
        return None
    if printed in previous:
        return Msg("inspection.previous", {"number": number})
    if Levenshtein.distance(printed, number) <= SCAN_ERROR_EDITS:
        return Msg("inspection.scan_error", {"number": number})
    return Msg("inspection.other", {"number": number})
