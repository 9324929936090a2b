"""Path expansion: what files one command-line argument names (a file, a folder, a glob), in a
stable order, with a skipped record for anything that cannot be read. `ingest` and the Spark
planner both expand inputs here, so they accept and refuse the same inputs with the same words.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import InputRecord
from .records import skipped

GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Found:
    """One readable regular file an argument names."""

    path: str
    size: int


# What expansion yields: the folder a file was found in (None for a file named directly, and
# for a record about the argument itself), and the file or why it is skipped.
Expanded = tuple[str | None, Found | InputRecord]


def expand(given: str, seen: dict[str, str]) -> Iterator[Expanded]:
    """Yield the files of one argument (or why not); `seen` maps real paths already taken."""
    if os.path.isdir(given):
        yield from _folder(given, seen)
    elif os.path.lexists(given):
        yield None, check_file(given, seen)
    elif GLOB_CHARS & set(given):
        yield from _glob(given, seen)
    else:
        yield None, skipped(given, "no such file or folder; check the path")


def _glob(pattern: str, seen: dict[str, str]) -> Iterator[Expanded]:
    # glob skips hidden names by default, as the folder walk does.
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield None, skipped(pattern, "no file matches this pattern; check the pattern and the "
                            "folder")
    for match in matches:
        if os.path.isdir(match) and "**" in pattern:
            continue  # a recursive pattern also matches every file under this folder
        if os.path.isdir(match):
            yield from _folder(match, seen)
        else:
            yield None, check_file(match, seen)


def _folder(folder: str, seen: dict[str, str]) -> Iterator[Expanded]:
    errors: list[OSError] = []
    files = walk(folder, errors)
    for error in errors:
        where = error.filename if isinstance(error.filename, str) else folder
        why = f"cannot list this folder ({error.strerror}); check its permissions"
        yield None, skipped(where, why)
    if not files and not errors:  # an unlistable folder was reported above
        yield None, skipped(folder, "folder holds no files (hidden files are ignored)")
    for path in files:
        yield folder, check_file(path, seen)


def walk(folder: str, errors: list[OSError]) -> list[str]:
    """Return the non-hidden files under a folder, sorted by path components."""
    found: list[tuple[tuple[str, ...], str]] = []
    # Symlinked folders are not followed, so a link cycle cannot loop forever.
    for root, dirs, names in os.walk(folder, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_root = os.path.relpath(root, folder)
        parts = () if rel_root == os.curdir else tuple(rel_root.split(os.sep))
        for name in names:
            if not name.startswith("."):
                found.append(((*parts, name), os.path.join(root, name)))
    return [path for _, path in sorted(found)]


def check_file(path: str, seen: dict[str, str]) -> Found | InputRecord:
    """Return the file if it is a regular file not read before, else why it is skipped."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return skipped(path, f"cannot read this file ({exc.strerror}); check the path")
    if not stat.S_ISREG(info.st_mode):
        return skipped(path, "not a regular file; give a file, a folder, a pattern or -")
    real = os.path.realpath(path)
    if real in seen:
        return skipped(path, f"same file as {seen[real]}, which was already read")
    seen[real] = path
    return Found(path, info.st_size)
