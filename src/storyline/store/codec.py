"""How articles and briefs are kept: compact JSON, zlib'd; a brief without its articles' texts
(each text lives once, in `articles`), put back when the brief is read."""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from typing import Any

from ..model import Article, Brief, content_id


def pack(data: Any) -> bytes:
    """Compress a JSON-ready value."""
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def unpack(blob: bytes) -> Any:
    """Inverse of `pack`."""
    return json.loads(zlib.decompress(blob))


def pack_article(article: Article) -> bytes:
    """An article's stored form."""
    return pack(article.to_dict())


def unpack_article(blob: bytes) -> Article:
    """Inverse of `pack_article`."""
    return Article.from_dict(unpack(blob))


def pack_brief(brief: Brief) -> bytes:
    """A brief's stored form: its articles keep every field but their text."""
    data = brief.to_dict()
    for article in data["articles"]:
        article.pop("text", None)
    return pack(data)


def unpack_brief(blob: bytes, texts: Mapping[str, str]) -> Brief:
    """Inverse of `pack_brief`, given the texts of its articles by id."""
    data = unpack(blob)
    for article in data["articles"]:
        article["text"] = texts[article["id"]]
    return Brief.from_dict(data)


def brief_article_ids(blob: bytes) -> list[str]:
    """The ids of a stored brief's articles."""
    return [a["id"] for a in unpack(blob)["articles"]]


def content_key(article: Article) -> str:
    """The same report: the same outlet and the same cleaned text (wire copies carried by
    other outlets are kept: the clusterer marks them as copies, and they corroborate)."""
    return content_id("content", article.source or "", article.text)


def ref_key(article: Article) -> str | None:
    """The user's own id, scoped to its outlet (two feeds may both number items 1, 2, 3)."""
    if not article.ref:
        return None
    return f"{article.source or ''}\x1f{article.ref}"


def story_key(first_article: str) -> str:
    """A story's stable id: derived from the article that opened it, so it never changes."""
    return content_id("story", first_article)
