"""Domain exceptions: each names the file and field (or input) that was wrong."""

__all__ = ["BoundaryDataError", "CoverageAtlasError", "LicenseDataError"]


class CoverageAtlasError(Exception):
    """Base class for errors a user can act on (shown as a message, never a traceback)."""


class LicenseDataError(CoverageAtlasError):
    """A license file is malformed or disagrees with the boundary data."""


class BoundaryDataError(CoverageAtlasError):
    """The boundary package or its cache cannot be read."""
