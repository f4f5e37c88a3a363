"""Boundary vintage: territory that joined a licensed city after the license was issued.

The license names cities as they were on its issue date; the boundary data is newer.
A county listed in data/reference/boundary-changes.yaml answers as part of its new city,
with a note that it joined after the issue date, so sales knows where to ask.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from geo.data_files import Strict, load_model
from geo.errors import CoverageAtlasError
from geo.history import FormerName
from geo.i18n import Msg, Name
from geo.paths import BOUNDARY_CHANGES

__all__ = ["BoundaryChange", "joined_note", "load_boundary_changes", "moved_counties"]


class Unit(Strict):
    adcode: int
    name: str


class Former(Strict):
    zh: str
    en: str


class BoundaryChange(Strict):
    counties: tuple[Unit, ...]
    former: Former  # the city the counties belonged to before
    joined: Unit  # the prefecture-level city they belong to now
    date: dt.date
    what: str
    source: str


class ChangeFile(Strict):
    changes: tuple[BoundaryChange, ...]


def load_boundary_changes(units: pd.DataFrame, path: Path = BOUNDARY_CHANGES) -> dict[int, BoundaryChange]:
    """County adcode -> the change that moved it; each county checked against the boundary data."""
    changes = load_model(path, ChangeFile).changes
    counties = units[units["level"] == "county"].set_index("adcode")
    by_county = {}
    for change in changes:
        for county in change.counties:
            ok = county.adcode in counties.index and counties.loc[county.adcode, "name"] == county.name
            if not ok or counties.loc[county.adcode, "parent_adcode"] != change.joined.adcode:
                raise CoverageAtlasError(
                    f"{path.name}: {county.adcode} {county.name} is not a county of {change.joined.name} in the boundary data"
                )
            by_county[county.adcode] = change
    return by_county


def joined_note(change: BoundaryChange, county: Name, city: Name, issued: dt.date) -> Msg | None:
    """The note for an answer resting on the new city's grant; None if the change predates the license."""
    if change.date <= issued:
        return None
    former = Name(change.former.zh, change.former.en)
    params = {"county": county, "former": former, "city": city, "date": change.date, "issued": issued}
    return Msg("reason.joined_after", params)


def moved_counties(changes: dict[int, BoundaryChange], units: pd.DataFrame) -> list[FormerName]:
    """Each moved county under its former city, for lookups (吉林省四平市公主岭市 is 长春's 公主岭市 today)."""
    prefectures = units[units["level"] == "prefecture"].drop_duplicates("name").set_index("name")["adcode"]
    former = []
    for adcode, change in sorted(changes.items()):
        then = prefectures.get(change.former.zh)
        county = next(c for c in change.counties if c.adcode == adcode)
        parent = ("prefecture", int(then)) if then is not None else None
        until = change.date.isoformat()
        former.append(FormerName(county.name, adcode, change.former.zh, parent, (("county", adcode),), until))
    return former
