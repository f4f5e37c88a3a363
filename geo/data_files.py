"""One loader for the validated data files under data/ (licenses, census, boundary changes, places, catalogue).

Every file is read the same way: a size guard and a nesting guard before parsing (a parser
recurses), dates kept as text (so a bad one names its field), a key given twice refused (YAML
would keep the last silently), and both kinds of failure said alike:
`file.yaml: field `a.b`: message`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from geo.errors import CoverageAtlasError

__all__ = ["MAX_DATA_BYTES", "MAX_NESTING", "Strict", "field_problems", "load_model", "read_yaml", "validated"]

MAX_DATA_BYTES = 2**20  # the license file is 20 KB, the census 6 KB
MAX_NESTING = 32  # the license file nests 5 deep
M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """A data file's model: unknown fields refused, values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DuplicateKey(yaml.YAMLError):
    """A mapping names one key twice: YAML would keep the last silently (a second `valid_until: 2099`)."""


class _TextDatesLoader(yaml.SafeLoader):
    """YAML without timestamp resolution (dates reach pydantic as text, so a bad one names its field),
    and a key given twice in one mapping refused."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        first: dict[object, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, yaml.ScalarNode):
                continue
            line = key_node.start_mark.line + 1
            if key_node.value in first:
                raise DuplicateKey(
                    f"line {line}: key `{key_node.value}` given twice (first on line {first[key_node.value]})"
                )
            first[key_node.value] = line
        return super().construct_mapping(node, deep)


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _nesting_depth(text: str) -> int:
    """How deep the YAML nests, by flow brackets and by indentation, read before parsing (a parser recurses)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    indents = (len(line) - len(line.lstrip(" -")) for line in text.splitlines())
    return max(deepest, max(indents, default=0) // 2)


def read_yaml(
    path: Path, max_bytes: int = MAX_DATA_BYTES, error: type[CoverageAtlasError] = CoverageAtlasError
) -> object:
    """The file's YAML, guarded; any failure raises `error` naming the file."""
    try:
        if path.stat().st_size > max_bytes:
            raise error(f"{path.name}: {path.stat().st_size:,} bytes; a data file here is under {max_bytes:,}")
        text = path.read_text(encoding="utf-8")
        if _nesting_depth(text) > MAX_NESTING:
            raise error(f"{path.name}: nested deeper than {MAX_NESTING} levels; not a data file")
        return yaml.load(text, Loader=_TextDatesLoader)
    except RecursionError as exc:  # a guard behind the depth check
        raise error(f"{path.name}: nested too deeply to read") from exc
    except DuplicateKey as exc:
        raise error(f"{path.name}: {exc}") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise error(f"{path.name}: cannot be read as YAML: {exc}") from exc


def field_problems(exc: ValidationError) -> str:
    """pydantic's errors as one line: field `a.b`: message; …"""
    return "; ".join(f"field `{'.'.join(str(part) for part in e['loc'])}`: {e['msg']}" for e in exc.errors())


def validated(path: Path, data: object, model: type[M], error: type[CoverageAtlasError] = CoverageAtlasError) -> M:
    if not isinstance(data, dict):
        raise error(f"{path.name}: expected a mapping of fields at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:  # seen by data editors: plain English, one line, the field named
        raise error(f"{path.name}: {field_problems(exc)}") from exc


def load_model(
    path: Path,
    model: type[M],
    max_bytes: int = MAX_DATA_BYTES,
    error: type[CoverageAtlasError] = CoverageAtlasError,
) -> M:
    """Read, guard and validate one data file."""
    return validated(path, read_yaml(path, max_bytes, error), model, error)
