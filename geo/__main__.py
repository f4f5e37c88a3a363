"""Command line: python -m geo {build,check,batch} ... (see README)."""

from geo.cli import main

raise SystemExit(main())
