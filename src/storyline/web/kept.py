"""Briefs the web app has built: in memory for speed, and in a folder so links outlive a restart.

Each brief is kept as two files, `<id>.json` and `<id>.html`, written to a temporary name and
renamed into place, so a reader never sees half a file and a crash leaves no torn brief. The
folder is bounded (setting `serve_keep_briefs`): beyond it the oldest briefs are removed. A
brief id is 12 lowercase hex digits; anything else is refused before the disk is touched, so a
URL can never name a path. Identical concurrent requests share one build.
"""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Brief

# Briefs kept in memory for their pages; the oldest is forgotten first. Each holds its
# articles' text (at most max_upload_bytes), so this bounds memory at 32 uploads.
KEEP_IN_MEMORY = 32
_ID = re.compile(r"[0-9a-f]{12}")


@dataclass(frozen=True, slots=True)
class Stored:
    """A brief's id with its two renderings, made once."""

    id: str
    html: str
    json: str
    brief: Brief | None = None  # None when read back from disk


class BriefStore:
    """Recently built briefs by id and by input digest; identical concurrent builds share one."""

    def __init__(self, folder: str | Path | None = None, keep: int = 1000,
                 capacity: int = KEEP_IN_MEMORY) -> None:
        self.folder = Path(folder) if folder else None
        self.keep = keep
        self.capacity = capacity
        self.by_id: OrderedDict[str, Stored] = OrderedDict()
        self.by_input: dict[str, str] = {}
        self.pending: dict[str, asyncio.Future[Stored]] = {}
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)

    def get(self, brief_id: str) -> Stored | None:
        """Return a kept brief (from memory, else from the folder), or None."""
        if not _ID.fullmatch(brief_id):
            return None
        if brief_id in self.by_id:
            return self.by_id[brief_id]
        if self.folder is None:
            return None
        try:
            html = (self.folder / f"{brief_id}.html").read_text(encoding="utf-8")
            data = (self.folder / f"{brief_id}.json").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return Stored(brief_id, html, data)

    def put(self, digest: str, stored: Stored) -> None:
        """Keep a brief, forgetting the oldest beyond capacity (and beyond `keep` on disk)."""
        self.by_id[stored.id] = stored
        self.by_id.move_to_end(stored.id)
        self.by_input[digest] = stored.id
        while len(self.by_id) > self.capacity:
            old, _ = self.by_id.popitem(last=False)
            self.by_input = {k: v for k, v in self.by_input.items() if v != old}
        if self.folder is not None:
            self._write(stored)

    def _write(self, stored: Stored) -> None:
        assert self.folder is not None
        for suffix, text in ((".json", stored.json), (".html", stored.html)):
            final = self.folder / f"{stored.id}{suffix}"
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=suffix)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, final)
        self._prune()

    def _prune(self) -> None:
        assert self.folder is not None
        kept = sorted(self.folder.glob("*.json"), key=lambda p: (p.stat().st_mtime, p.name))
        for old in kept[: max(0, len(kept) - self.keep)]:
            for path in (old, old.with_suffix(".html")):
                path.unlink(missing_ok=True)
            self.by_id.pop(old.stem, None)

    async def build(self, digest: str, make: Callable[[], Stored]) -> Stored:
        """Return the brief for these inputs, building it in a worker thread at most once."""
        known = self.by_input.get(digest)
        if known and known in self.by_id:
            return self.by_id[known]
        if digest in self.pending:
            return await asyncio.shield(self.pending[digest])
        future: asyncio.Future[Stored] = asyncio.get_running_loop().create_future()
        self.pending[digest] = future
        try:
            stored = await asyncio.to_thread(make)
            await asyncio.to_thread(self.put, digest, stored)
            future.set_result(stored)
            return stored
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: a lone build has no waiter to read it
            raise
        finally:
            del self.pending[digest]
