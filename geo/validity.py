"""Is the license in force on a given day? Shown on every screen, never blocking use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from geo.i18n import Msg
from geo.license import License

__all__ = ["Validity", "validity"]


@dataclass(frozen=True)
class Validity:
    status: Literal["valid", "expired", "not_yet_valid"]
    days: int  # days since expiry, until expiry, or until it takes effect
    message: Msg  # the sentence for a banner
    short: Msg  # the few words for a map subtitle
    basis: Msg  # what an answer rests on, said with it wherever it travels ("按已于 … 到期的许可证 …")

    def render(self, lang: str) -> str:
        return self.message.render(lang)

    def markdown(self, lang: str) -> str:
        return self.message.markdown(lang)


def validity(lic: License, as_of: dt.date) -> Validity:
    if as_of > lic.valid_until:
        params = {"number": lic.number, "date": lic.valid_until, "as_of": as_of}
        short = Msg("validity.expired_short", {"date": lic.valid_until})
        basis = Msg("answer.basis.expired", {"number": lic.number, "date": lic.valid_until})
        return Validity("expired", (as_of - lic.valid_until).days, Msg("validity.expired", params), short, basis)
    if as_of < lic.issued:
        params = {"number": lic.number, "date": lic.issued, "as_of": as_of}
        short = Msg("validity.not_yet_valid_short", {"date": lic.issued})
        basis = Msg("answer.basis.not_yet_valid", {"number": lic.number, "date": lic.issued})
        message = Msg("validity.not_yet_valid", params)
        return Validity("not_yet_valid", (lic.issued - as_of).days, message, short, basis)
    short = Msg("validity.valid_short", {"date": lic.valid_until})
    message = Msg("validity.valid", {"number": lic.number, "date": lic.valid_until})
    basis = Msg("answer.basis.valid", {"number": lic.number, "date": lic.valid_until})
    return Validity("valid", (lic.valid_until - as_of).days, message, short, basis)
