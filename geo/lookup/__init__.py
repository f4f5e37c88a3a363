"""The place index: names and addresses in any script, coordinates as people paste them, and points in
polygons; what the check reads a query with. The answering engine (geo.check) stands on it."""

from __future__ import annotations

from geo.lookup._fuzzy import (
    MAX_SUGGESTIONS,
    Spellings,
)
from geo.lookup._gazetteer import (
    Gazetteer,
    LatinReading,
    UnitRef,
    latin_key,
)
from geo.lookup._locate import (
    PointGrid,
    PointIndex,
    points_of,
)
from geo.lookup._pasted import (
    PastedPoint,
    read_pasted,
    strip_datum_words,
)
from geo.lookup._query import (
    MAX_QUERY_LENGTH,
    ParsedQuery,
    parse_query,
)
from geo.lookup._traditional import (
    TraditionalConverter,
)

__all__ = [
    "MAX_QUERY_LENGTH",
    "MAX_SUGGESTIONS",
    "Gazetteer",
    "LatinReading",
    "ParsedQuery",
    "PastedPoint",
    "PointGrid",
    "PointIndex",
    "Spellings",
    "TraditionalConverter",
    "UnitRef",
    "latin_key",
    "parse_query",
    "points_of",
    "read_pasted",
    "strip_datum_words",
]
