"""The JSON API (Starlette, no streamlit): its routes, its pydantic models, and the OpenAPI document
written from them."""

from __future__ import annotations

from geo.api._models import (
    BoundariesInfo,
    CandidateAnswer,
    CheckResponse,
    CoverageResponse,
    CoverageUnitStatus,
    ErrorResponse,
    Health,
    License,
    LicenseSummary,
    LicenseUsed,
    NearestAnswer,
    PlaceJson,
    ServiceAnswerJson,
    SuggestedPlace,
)
from geo.api._openapi import (
    openapi_document,
)
from geo.api._routes import (
    API_PREFIX,
    TOKEN_VARIABLE,
    ApiData,
    api_routes,
)

__all__ = [
    "API_PREFIX",
    "TOKEN_VARIABLE",
    "ApiData",
    "BoundariesInfo",
    "CandidateAnswer",
    "CheckResponse",
    "CoverageResponse",
    "CoverageUnitStatus",
    "ErrorResponse",
    "Health",
    "License",
    "LicenseSummary",
    "LicenseUsed",
    "NearestAnswer",
    "PlaceJson",
    "ServiceAnswerJson",
    "SuggestedPlace",
    "api_routes",
    "openapi_document",
]
