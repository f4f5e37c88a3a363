"""The JSON API (/api/v1/...): the same answers as the command line, for CRMs and scripts.

Pure Starlette routes over whatever supplies the boundaries, licenses and checkers (`ApiData`):
server.py passes the dashboard's own cached ones, so the API and the screens share one copy
in one process. Limits and protections are the command line's: a query over 200 characters
or empty is a 400; an upload over 20 MB is refused from its Content-Length before it is read
(413), and is then read by the same hostile-file checks as every spreadsheet.

When COVERAGE_ATLAS_API_TOKEN is set, every route asks for `Authorization: Bearer <token>`
(compared in constant time); 401 otherwise.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from typing import BinaryIO, Protocol

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from geo.api._models import BoundariesInfo, BrokenLicense, CheckResponse, CoverageResponse, Health, LicenseSummary
from geo.api._openapi import openapi_document
from geo.batch import (
    MAX_FILE_BYTES,
    TABLE_MIME,
    BatchInputError,
    LocationColumns,
    checked_slices,
    find_location_columns,
    read_table,
    write_slices_to,
)
from geo.batch_queue import BatchQueue, Ticket
from geo.boundaries import Boundaries
from geo.check import Checker
from geo.coverage import unit_status
from geo.datum import DATUMS
from geo.errors import ApiRefusal, InputTooLarge
from geo.i18n import LANGS, t
from geo.license import License, default_license_key
from geo.lookup import MAX_QUERY_LENGTH
from geo.verdict_line import answer_json

__all__ = ["API_PREFIX", "TOKEN_VARIABLE", "ApiData", "api_routes"]

API_PREFIX = "/api/v1"
TOKEN_VARIABLE = "COVERAGE_ATLAS_API_TOKEN"
_MULTIPART_SLACK = 64 * 1024  # form boundaries and headers around the file


def _answer_file(
    ticket: Ticket, upload: UploadFile, checker: Checker, columns: LocationColumns, crs: str, lang: str, fmt: str
) -> BinaryIO:
    """The answered table in an unlinked temporary file, in its turn (this worker thread waits for it): read from
    the spooled upload, answered and written a slice at a time, so memory holds the table and one slice."""
    with ticket:
        table = read_table(upload.file, upload.filename or "upload.csv")
        if not (columns.text or columns.lat):
            columns = find_location_columns(table, checker)
        body = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _blocks once sent
        try:
            write_slices_to(checked_slices(checker, table, columns, crs, lang), fmt, body)
        except BaseException:
            body.close()
            raise
        body.seek(0)
        return body


def _blocks(body: BinaryIO) -> Iterator[bytes]:
    """A file's bytes a megabyte at a time, the file closed when sent or when the client went away."""
    try:
        while block := body.read(2**20):
            yield block
    finally:
        body.close()


class ApiData(Protocol):
    def boundaries(self) -> Boundaries: ...
    def licenses(self) -> dict[str, License]: ...
    def broken_licenses(self) -> dict[str, str]: ...
    def checker(self, license_key: str) -> Checker: ...


Handler = Callable[[Request], Awaitable[Response]]


def _guarded(handler: Handler) -> Handler:
    """The token check and the one error shape ({"error": ...}) for every route."""

    async def guarded(request: Request) -> Response:
        token = os.environ.get(TOKEN_VARIABLE)
        if token:
            given = request.headers.get("authorization", "")
            expected = f"Bearer {token}"
            if not hmac.compare_digest(given.encode(), expected.encode()):
                return JSONResponse(
                    {"error": "missing or wrong bearer token"}, 401, headers={"WWW-Authenticate": "Bearer"}
                )
        try:
            return await handler(request)
        except ApiRefusal as refused:
            return JSONResponse({"error": refused.text}, refused.status, headers=refused.headers)

    return guarded


def _shown(value: str, limit: int = 40) -> str:
    """A value echoed back in an error: quoted, and no longer than `limit` characters of it."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _choice(request: Request, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = request.query_params.get(name, default)
    if value not in allowed:
        raise ApiRefusal(400, f"{name} must be one of {', '.join(allowed)}; got {_shown(value)}")
    return value


def api_routes(data: ApiData, batches: BatchQueue | None = None) -> list[Route]:  # noqa: C901 - one small closure per route
    """The API's routes, answering from `data`; batches run through `batches` (one per core by default)."""
    queue = batches or BatchQueue()

    def license_key(request: Request, value: str | None = None) -> str:
        licenses = data.licenses()
        key = value or request.query_params.get("license") or default_license_key(licenses)
        broken = data.broken_licenses().get(f"{key}.yaml")
        if broken:  # asked for by name: the others still answer
            raise ApiRefusal(503, f"license file {key}.yaml cannot be used: {broken}")
        if key not in licenses:
            raise ApiRefusal(404, f"no license {_shown(key)}; known: {', '.join(licenses)}")
        return key

    async def health(request: Request) -> Response:
        provenance = data.boundaries().provenance
        broken = data.broken_licenses()
        body = Health(
            status="degraded" if broken else "ok",
            broken_licenses=[BrokenLicense(file=name, reason=reason) for name, reason in broken.items()],
            license=data.licenses()[license_key(request)].number,
            boundaries=BoundariesInfo(package=provenance["package"], version=provenance["version"]),
        )
        return JSONResponse(body.model_dump())

    async def check(request: Request) -> Response:
        lang = _choice(request, "lang", LANGS, "zh")
        crs = _choice(request, "crs", DATUMS, "wgs84")
        query = request.query_params.get("q", "")
        if not query.strip():
            raise ApiRefusal(400, t("query.empty", lang))
        if len(query) > MAX_QUERY_LENGTH:
            raise ApiRefusal(400, t("query.too_long", lang, length=len(query), limit=MAX_QUERY_LENGTH))
        key = license_key(request)
        checker = data.checker(key)
        result = await run_in_threadpool(checker.check, query, crs)
        body = answer_json(result, key, checker.license, dt.date.today(), lang)
        return JSONResponse(CheckResponse.model_validate(body).model_dump())

    async def batch(request: Request) -> Response:
        lang = _choice(request, "lang", LANGS, "zh")
        length = request.headers.get("content-length", "")
        if not length.isdigit():
            raise ApiRefusal(411, "send the file with a Content-Length")
        if int(length) > MAX_FILE_BYTES + _MULTIPART_SLACK:  # refused before a byte of the body is read
            limit = MAX_FILE_BYTES // 2**20
            raise ApiRefusal(413, t("batch.file_too_large", lang, name="file", mb=int(length) // 2**20, limit=limit))
        ticket = queue.admit()
        if ticket is None:  # refused before the body is read, with the time a place is likely free
            wait = queue.retry_after()
            text = f"{queue.workers} batches are running and {queue.waiting} waiting; try again in {wait} s"
            raise ApiRefusal(429, text, {"Retry-After": str(wait)})
        try:
            return await _answer_batch(request, lang, ticket)
        finally:
            ticket.close()

    async def _answer_batch(request: Request, lang: str, ticket: Ticket) -> Response:
        async with request.form(max_files=1, max_fields=8) as form:  # the upload spooled to disk, read from there
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise ApiRefusal(400, "send the spreadsheet as the multipart field `file`")
            fields = {
                k: v if isinstance(v := form.get(k), str) and v else None for k in ("column", "lat", "lng", "crs")
            }
            crs = fields["crs"] or "wgs84"
            if crs not in DATUMS:
                raise ApiRefusal(400, f"crs must be one of {', '.join(DATUMS)}; got {_shown(crs)}")
            if (fields["lat"] is None) != (fields["lng"] is None):
                raise ApiRefusal(400, "give both `lat` and `lng` columns, or neither")
            fmt = "xlsx" if TABLE_MIME["xlsx"] in request.headers.get("accept", "") else "csv"
            checker = data.checker(license_key(request))
            columns = LocationColumns(text=fields["column"], lat=fields["lat"], lng=fields["lng"])
            try:
                body = await run_in_threadpool(_answer_file, ticket, upload, checker, columns, crs, lang, fmt)
            except BatchInputError as exc:
                status = 413 if isinstance(exc, InputTooLarge) else 400
                raise ApiRefusal(status, exc.render(lang)) from exc
            except OSError as exc:  # the server's own disk (full): said, with no path
                reason = exc.strerror or type(exc).__name__
                raise ApiRefusal(507, f"the server could not write the answer: {reason}") from exc
        size = os.fstat(body.fileno()).st_size
        headers = {"Content-Disposition": f'attachment; filename="checked.{fmt}"', "Content-Length": str(size)}
        return StreamingResponse(_blocks(body), media_type=TABLE_MIME[fmt], headers=headers)

    async def licenses(request: Request) -> Response:
        listed = [
            LicenseSummary(
                number=lic.number,
                holder=lic.holder,
                issuer=lic.issuer,
                issued=lic.issued.isoformat(),
                valid_until=lic.valid_until.isoformat(),
                services=list(lic.services),
                url=f"{API_PREFIX}/licenses/{key}",
            ).model_dump()
            for key, lic in data.licenses().items()
        ]
        return JSONResponse(listed)

    async def one_license(request: Request) -> Response:
        key = license_key(request, request.path_params["number"])
        return JSONResponse(data.licenses()[key].model_dump(mode="json"))

    async def coverage(request: Request) -> Response:
        key = license_key(request)
        lic = data.licenses()[key]
        service = _choice(request, "service", lic.service_keys, lic.service_keys[0])  # the license's own services
        status = unit_status(lic, data.boundaries().units)
        units = status[["level", "adcode", "name", "province_adcode", service]].rename(columns={service: "status"})
        body = CoverageResponse.model_validate(
            {"license": lic.number, "service": service, "units": units.to_dict("records")}
        )
        return JSONResponse(body.model_dump())

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document())

    routes = {
        "/health": (health, ["GET"]),
        "/check": (check, ["GET"]),
        "/batch": (batch, ["POST"]),
        "/licenses": (licenses, ["GET"]),
        "/licenses/{number}": (one_license, ["GET"]),
        "/coverage": (coverage, ["GET"]),
        "/openapi.json": (openapi, ["GET"]),
    }
    every = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    known = [Route(API_PREFIX + path, _guarded(_only(fn, m)), methods=every) for path, (fn, m) in routes.items()]
    # anything else under /api (another version, a typo, /api itself) is a JSON 404, never the dashboard's page
    unknown = [Route(path, _unknown_route, methods=every) for path in ("/api", "/api/{rest:path}")]
    return [*known, *unknown]


def _only(handler: Handler, methods: list[str]) -> Handler:
    """The handler for its methods; any other is a JSON 405 naming them (Starlette's own is plain text)."""

    async def only(request: Request) -> Response:
        if request.method not in methods and not (request.method == "HEAD" and "GET" in methods):
            return JSONResponse(
                {"error": f"{request.method} is not allowed here; use {', '.join(methods)}"},
                405,
                headers={"Allow": ", ".join(methods)},
            )
        return await handler(request)

    return only


async def _unknown_route(request: Request) -> Response:
    return JSONResponse({"error": f"no API route {_shown(request.url.path, 80)}; see {API_PREFIX}/openapi.json"}, 404)
