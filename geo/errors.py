"""Domain exceptions: each names the file and field (or input) that was wrong."""

from __future__ import annotations

from geo.i18n import Msg, escape_markdown

__all__ = [
    "ApiRefusal",
    "BatchInputError",
    "BoundaryDataError",
    "CoverageAtlasError",
    "InputTooLarge",
    "LicenseDataError",
    "StatementRefused",
]


class CoverageAtlasError(Exception):
    """Base class for errors a user can act on (shown as a message, never a traceback).

    Raised with a catalogue message (shown in the user's language) or, for errors that
    only the people editing data files see, with plain English text.
    """

    def __init__(self, message: Msg | str) -> None:
        self.message = message
        super().__init__(message.render("en") if isinstance(message, Msg) else message)

    def render(self, lang: str) -> str:
        return self.message.render(lang) if isinstance(self.message, Msg) else str(self.message)

    def markdown(self, lang: str) -> str:
        """For a screen: file names and file text in the message shown as plain text."""
        return self.message.markdown(lang) if isinstance(self.message, Msg) else escape_markdown(str(self.message))


class LicenseDataError(CoverageAtlasError):
    """A license file is malformed or disagrees with the boundary data."""


class BoundaryDataError(CoverageAtlasError):
    """The boundary package or its cache cannot be read."""


class BatchInputError(CoverageAtlasError):
    """The input file cannot be used (missing, unreadable, too large, hostile, no usable column)."""


class InputTooLarge(BatchInputError):
    """The input is past a size limit (bytes, rows, unpacked size): the API answers 413, not 400."""


class StatementRefused(CoverageAtlasError):
    """The check did not name one place: no statement, and the message says why."""


class ApiRefusal(Exception):
    """An API request refused with an HTTP status and a one-line reason (and headers, such as Retry-After)."""

    def __init__(self, status: int, text: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(text)
        self.status, self.text, self.headers = status, text, headers
