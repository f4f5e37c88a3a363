"""Traditional Chinese characters to simplified, for lookups (customers in Hong Kong and Taiwan write 廣州).

OpenCC's t2s table converts; a character that some unit name in the data already uses is
kept as it is, since t2s would otherwise turn 乾县 into 干县.
"""

from __future__ import annotations

import opencc

__all__ = ["TraditionalConverter"]


class TraditionalConverter:
    def __init__(self, keep: str) -> None:
        self._converter = opencc.OpenCC("t2s.json")
        self._keep = frozenset(keep)

    def convert(self, text: str) -> str:
        converted = self._converter.convert(text)
        if len(converted) != len(text):  # a phrase rule changed the length: positions no longer align
            return converted
        return "".join(o if o in self._keep else c for o, c in zip(text, converted, strict=True))
