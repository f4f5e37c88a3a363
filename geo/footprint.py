"""The coverage screen's footprint panel: per service, its share of the mainland, its units and its people.

One piece of page HTML, not four metric widgets and their eight captions: the screen that ten people
open at once loads no metric code and draws one element. Every text is escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from geo.i18n import service_name, t
from geo.license import SERVICE_KEYS
from geo.population import population_line
from geo.style import SERVICE_COLOURS

__all__ = ["FootprintCard", "footprint_cards", "footprint_html", "units_in_words"]


@dataclass(frozen=True)
class FootprintCard:
    service: str
    title: str
    share: str  # of the mainland's area
    units: str  # what the grant names, in words: "4 municipalities and 14 cities, all whole"
    people: str  # the population reach, or why it is not given


def footprint_cards(summary: pd.DataFrame, reach: pd.DataFrame, lang: str) -> list[FootprintCard]:
    """From geo.coverage.area_summary and geo.population.reach_table, in `lang`."""
    cards = []
    for service in (s for s in SERVICE_KEYS if s in summary.index):  # the license's own services
        row = summary.loc[service]
        units = units_in_words(row, lang)
        share = f"{row['share_of_mainland']:.1%}"
        people = population_line(reach.loc[service], lang)
        cards.append(FootprintCard(service, service_name(service, lang), share, units, people))
    return cards


def units_in_words(row: pd.Series, lang: str) -> str:
    """The units a grant names, said as a planner would: how many municipalities, provinces and cities, and how
    many of those cities today's map covers whole (`row`: one service of geo.coverage.area_summary)."""
    if row["nationwide"]:
        return t("units.nationwide", lang, n=int(row["provinces_full"]))
    parts = []
    for column, key in (("municipalities", "units.municipalities"), ("provinces_named", "units.provinces")):
        n = int(row[column])
        if n:
            parts.append(t(key + (".one" if n == 1 else ""), lang, n=n))
    cities, whole = int(row["cities_named"]), int(row["cities_full"])
    if cities:
        key = "units.cities_whole" if whole == cities else "units.cities_in_part"
        parts.append(t(key, lang, n=cities, whole=whole, part=cities - whole))
    return t("units.and", lang).join(parts) if len(parts) < 3 else t("units.comma", lang).join(parts)


_GRID = "display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.75rem 1rem;margin:.25rem 0 .5rem"
_CARD = "border-left:4px solid {colour};padding:.1rem 0 .1rem .6rem"
_SMALL = "font-size:.85rem;opacity:.75;line-height:1.35"
_SHARE = "font-size:2rem;line-height:1.2"


def footprint_html(cards: list[FootprintCard]) -> str:
    """The cards two by two (on a wide screen three and one read badly), each edged in its map colour."""
    parts = []
    for card in cards:
        edge = _CARD.format(colour=SERVICE_COLOURS[card.service])
        parts.append(
            f'<div class="atlas-footprint" data-service="{card.service}" style="{edge}">'
            f'<div style="{_SMALL}">{html.escape(card.title)}</div>'
            f'<div style="{_SHARE}">{html.escape(card.share)}</div>'
            f'<div style="{_SMALL}">{html.escape(card.units)}<br>{html.escape(card.people)}</div></div>'
        )
    return f'<div style="{_GRID}">{"".join(parts)}</div>'
