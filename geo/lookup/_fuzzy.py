"""'Did you mean': the places whose names are spelt nearest to a text that named none.

A typo never answers: the check still says "not found", and offers these as choices. Names
are compared as pinyin letters, the one spelling every unit has (geo.latin indexes them), so
"Shenzhne" finds 深圳 and a homophone the input method offered (广洲) finds 广州. The matcher is
rapidfuzz's normalised Indel ratio over the gazetteer's own keys; nothing here lists places.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process

from geo.latin import LEVEL_WORDS, latin_words
from geo.lookup._gazetteer import UnitRef
from geo.names import sound_of

__all__ = ["MAX_SUGGESTIONS", "Spellings"]

MAX_SUGGESTIONS = 3
_CUTOFF = 80  # Indel ratio: one letter wrong or swapped in a name of five or more ("Beijng", "Shenzhne")
_MARGIN = 8  # a place far behind the best spelling is noise beside it
_SHORTEST = 4  # keys shorter than this match too much by chance ("an", "xian")
_PARTS = re.compile(r"[,，、;；/|()（）]+")
_LEVEL = {w for words in LEVEL_WORDS for w in words}
_RANK = {"province": 0, "prefecture": 1, "county": 2}


class Spellings:
    """The gazetteer's pinyin keys, searched for the ones nearest a misspelt name."""

    def __init__(self, keys: Mapping[str, Iterable[UnitRef]]) -> None:
        self._keys = [k for k in keys if len(k) >= _SHORTEST]
        self._refs = [frozenset(keys[k]) for k in self._keys]

    @staticmethod
    def key_of(text: str) -> str:
        """A part of a query as the index spells names: pinyin letters, level words dropped ('Guangzou City')."""
        return "".join(w for w in latin_words(sound_of(text)) if w not in _LEVEL)

    def near(self, text: str, limit: int = MAX_SUGGESTIONS) -> list[UnitRef]:
        """Up to `limit` units spelt nearest to the whole text or to one of its comma-separated parts.

        Best score first, none far behind the best; at equal scores the larger unit first.
        """
        best: dict[UnitRef, float] = {}
        for part in {text, *_PARTS.split(text)}:
            key = self.key_of(part)
            if len(key) < _SHORTEST:
                continue
            for _, score, i in process.extract(key, self._keys, scorer=fuzz.ratio, score_cutoff=_CUTOFF, limit=8):
                for ref in self._refs[i]:
                    best[ref] = max(best.get(ref, 0.0), score)
        top = max(best.values(), default=0.0)
        close = [r for r in best if best[r] >= top - _MARGIN]
        return sorted(close, key=lambda r: (-best[r], _RANK.get(r.level, 3), r.adcode))[:limit]
