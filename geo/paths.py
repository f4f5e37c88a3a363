"""Where the project's own data lives."""

from pathlib import Path

__all__ = ["EXAMPLES", "EXAMPLE_SITES", "REPO_ROOT"]

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "data" / "examples"
EXAMPLE_SITES = EXAMPLES / "sites.csv"
