"""Is the license in force on a given day? Shown on every screen, never blocking use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from geo.i18n import t
from geo.license import License

__all__ = ["Validity", "validity"]


@dataclass(frozen=True)
class Validity:
    status: Literal["valid", "expired", "not_yet_valid"]
    days: int  # days since expiry, until expiry, or until it takes effect
    message: str


def validity(lic: License, as_of: dt.date, lang: str = "zh") -> Validity:
    if as_of > lic.valid_until:
        message = t("expired", lang, number=lic.number, date=lic.valid_until, as_of=as_of)
        return Validity("expired", (as_of - lic.valid_until).days, message)
    if as_of < lic.issued:
        message = t("not_yet_valid", lang, number=lic.number, date=lic.issued, as_of=as_of)
        return Validity("not_yet_valid", (lic.issued - as_of).days, message)
    return Validity("valid", (lic.valid_until - as_of).days, t("valid", lang, number=lic.number, date=lic.valid_until))
