"""Writing files so that a reader never sees half of one: a temporary name beside the target, then a rename."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["is_same_path", "keep_mode", "put_in_place", "write_atomic", "write_bytes_atomic"]


def _default_mode(directory: bool) -> int:
    """What a plain open() or mkdir() would give here (the umask applied); mkstemp and mkdtemp give 0600/0700."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def keep_mode(made: Path, target: Path) -> None:
    """Give `made` (about to replace `target`) the permissions `target` had, else the usual ones."""
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = _default_mode(made.is_dir())
    os.chmod(made, mode)


def is_same_path(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file or folder (also through links, or two spellings of one path)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def put_in_place(made: Path, target: Path) -> None:
    """Move `made` (a finished file or folder beside `target`) to `target`, with the permissions `target` had.

    A file, or a folder where there was none, takes its place in one rename. A rename cannot replace a folder
    that holds files, so an old one is first renamed aside and removed after: a reader sees the old or the new.
    """
    keep_mode(made, target)
    if not (made.is_dir() and target.exists()):
        os.replace(made, target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)
    os.replace(made, target)
    if old.is_dir():
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.unlink(missing_ok=True)


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; a killed writer leaves the old file (or none), never a cut one."""
    write_atomic(path, lambda out: out.write(data))


def write_atomic(path: str | Path, write: Callable[[BinaryIO], object]) -> None:
    """Replace `path` with what `write` writes to an open file, in one step: streamed, yet never seen half done."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        put_in_place(Path(temporary), path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
