"""The data model: frozen value objects shared by every stage.

An `Article` owns its cleaned text once; everything derived from it (sentences, quotes,
figures, events, entity mentions) refers back to it by `(article, start, end)` character
offsets, so every line of a brief can point at the exact source span.
Ids are content hashes, never counters, paths or line numbers, so output is stable across
runs and when files are renamed or lines are added: an article's id is the hash of the user's
own id for it when given (JSON `id`, RSS/Atom guid, WARC record id), else of its URL, else of
its text, title, outlet and date (`article_id`); a story's and a brief's id are the hash of
their article ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

SCHEMA_VERSION = "1.2"  # 1.1: Article.language and ref, Brief.title, title_articles,
# diagnostics.notes. 1.2: ids from the user's id, URL or text (never the path or line); a
# repeated article is a skipped "duplicate of ..." input; cluster lines list their members.
# The changelog: src/storyline/schema/README.md.

T = TypeVar("T")


def content_id(*parts: str, length: int = 12) -> str:
    """Return a short, stable hex id derived from the given strings."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:length]


def article_id(text: str, ref: str | None = None, url: str | None = None,
               scope: str = "", about: tuple[str | None, ...] = ()) -> str:
    """Return an article's id: the hash of its user id (within `scope`), else its URL, else
    its text with what is known `about` it (title, outlet, date).

    Two inputs with one id are one article given twice: `ingest` keeps the first. A wire copy
    run by another outlet has its own id (a syndicated copy, marked later, not a repeat). The
    text is hashed with its white space collapsed: a copy differing only in spacing is the same.
    """
    if ref:
        return content_id("ref", scope, ref)
    if url:
        return content_id("url", url)
    known = tuple(part or "" for part in about) if any(about) else ()
    return content_id("text", *known, " ".join(text.split()))


def _plain(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


class _Model:
    """Mixin giving every model type `to_dict` (JSON-ready)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of this object's fields."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Citation(_Model):
    """A span of one article's cleaned text: `text[start:end]`."""

    article: str
    start: int
    end: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        """Build from the JSON form."""
        return cls(str(data["article"]), int(data["start"]), int(data["end"]))


def _citations(data: dict[str, Any]) -> tuple[Citation, ...]:
    return tuple(Citation.from_dict(c) for c in data.get("citations", ()))


@dataclass(frozen=True, slots=True)
class Dropped(_Model):
    """A piece of input text that cleaning removed, and why."""

    article: str
    text: str
    reason: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Dropped:
        """Build from the JSON form."""
        return cls(str(data["article"]), str(data["text"]), str(data["reason"]))


@dataclass(frozen=True, slots=True)
class InputRecord(_Model):
    """What happened to one input (file, JSON line, document): used or skipped, and why."""

    origin: str
    status: str  # "used" | "skipped"
    reason: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InputRecord:
        """Build from the JSON form."""
        return cls(str(data["origin"]), str(data["status"]), str(data.get("reason", "")))


@dataclass(frozen=True, slots=True)
class Section(_Model):
    """A structural heading inside an article (e.g. a live-blog time "9:45 p.m.").

    `start` is the offset in the cleaned text where the section's content begins; the
    heading itself is not part of the text, so it never becomes a sentence.
    """

    start: int
    label: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        """Build from the JSON form."""
        return cls(int(data["start"]), str(data["label"]))


@dataclass(frozen=True, slots=True)
class Article(_Model):
    """One report. `text` is the cleaned body (raw body before cleaning)."""

    id: str
    origin: str
    text: str
    title: str | None = None
    source: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_time: str | None = None  # HH:MM, local to the outlet, when known
    published_from: str | None = None  # where the date came from ("metadata", a quoted line...)
    url: str | None = None
    dateline: str | None = None
    byline: str | None = None
    sections: tuple[Section, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    duplicate_of: str | None = None  # id of the article this one copies, when detected
    language: str | None = None  # ISO 639-1 code, when detected ("en")
    ref: str | None = None  # the user's own id for it (JSON `id`, RSS/Atom guid, WARC record id)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build from the JSON form."""
        simple = {
            k: data.get(k)
            for k in (
                "title", "source", "published", "published_time", "published_from",
                "url", "dateline", "byline", "duplicate_of", "language", "ref",
            )
        }
        return cls(
            id=str(data["id"]),
            origin=str(data.get("origin", "")),
            text=str(data.get("text", "")),
            sections=tuple(Section.from_dict(s) for s in data.get("sections", ())),
            dropped=tuple(Dropped.from_dict(d) for d in data.get("dropped", ())),
            **simple,
        )


@dataclass(frozen=True, slots=True)
class Sentence(_Model):
    """A sentence of an article: a view `(article, start, end)` plus its place in the article."""

    article: str
    start: int
    end: int
    index: int  # 0-based position among the article's sentences
    paragraph: int  # 0-based paragraph number

    def text(self, article: Article) -> str:
        """Return this sentence's text from its article."""
        return article.text[self.start : self.end]

    def citation(self) -> Citation:
        """Return the span as a citation."""
        return Citation(self.article, self.start, self.end)


@dataclass(frozen=True, slots=True)
class SummarySentence(_Model):
    """One summary sentence with every span that supports it."""

    text: str
    citations: tuple[Citation, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SummarySentence:
        """Build from the JSON form."""
        return cls(str(data["text"]), _citations(data))


@dataclass(frozen=True, slots=True)
class Event(_Model):
    """A dated event on the timeline."""

    date: str | None  # ISO date, "YYYY-MM", "YYYY", "YYYY-MM-DD/YYYY-MM-DD", or None (undated)
    precision: str  # "day" | "month" | "year" | "range" | "decade" | "none"
    text: str
    citations: tuple[Citation, ...]
    time: str | None = None  # HH:MM when known
    inferred: bool = False  # True when the date rests on an inferred publication date

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Build from the JSON form."""
        return cls(
            data.get("date"), str(data["precision"]), str(data["text"]), _citations(data),
            data.get("time"), bool(data.get("inferred", False)),
        )


@dataclass(frozen=True, slots=True)
class FigureMention(_Model):
    """One source's report of a quantity."""

    article: str
    value: float
    text: str
    start: int
    end: int
    qualifier: str | None = None  # "about", "more than", "at least"...
    upper: float | None = None  # for ranges "between 3,000 and 3,500"
    unit: str | None = None  # what it counts: "civilians", "children", "votes", "USD"...
    when: str | None = None  # the date the number refers to, when known

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FigureMention:
        """Build from the JSON form."""
        return cls(
            str(data["article"]), float(data["value"]), str(data["text"]),
            int(data["start"]), int(data["end"]), data.get("qualifier"),
            data.get("upper"), data.get("unit"), data.get("when"),
        )


@dataclass(frozen=True, slots=True)
class Figure(_Model):
    """A quantity as reported across sources: `agree`, `conflict` or `single`."""

    label: str
    status: str
    mentions: tuple[FigureMention, ...]
    headline: float | None = None  # most conservative value when sources conflict

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        """Build from the JSON form."""
        return cls(
            str(data["label"]), str(data["status"]),
            tuple(FigureMention.from_dict(m) for m in data.get("mentions", ())),
            data.get("headline"),
        )


@dataclass(frozen=True, slots=True)
class Quote(_Model):
    """A direct quote with its speaker (None when nobody can be named)."""

    speaker: str | None
    text: str
    citations: tuple[Citation, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        """Build from the JSON form."""
        return cls(data.get("speaker"), str(data["text"]), _citations(data))


@dataclass(frozen=True, slots=True)
class Entity(_Model):
    """A person, organisation or place, with its spelling variants merged."""

    name: str
    type: str  # "person" | "org" | "place" | "other"
    variants: tuple[str, ...]
    articles: tuple[str, ...]
    mentions: int = 0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        """Build from the JSON form."""
        return cls(
            str(data["name"]), str(data["type"]), tuple(data.get("variants", ())),
            tuple(data.get("articles", ())), int(data.get("mentions", 0)),
        )


@dataclass(frozen=True, slots=True)
class Coverage(_Model):
    """What one article contributes: its unique sentences and which summary lines it backs."""

    article: str
    unique: tuple[Citation, ...]
    supports: tuple[int, ...]  # indices into the summary

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Coverage:
        """Build from the JSON form."""
        return cls(
            str(data["article"]),
            tuple(Citation.from_dict(c) for c in data.get("unique", ())),
            tuple(int(i) for i in data.get("supports", ())),
        )


@dataclass(frozen=True, slots=True)
class Diagnostics(_Model):
    """Where every input went, and what cleaning dropped."""

    inputs: tuple[InputRecord, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    notes: tuple[str, ...] = ()  # warnings about the whole run ("these inputs look like...")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Diagnostics:
        """Build from the JSON form."""
        return cls(
            tuple(InputRecord.from_dict(i) for i in data.get("inputs", ())),
            tuple(Dropped.from_dict(d) for d in data.get("dropped", ())),
            tuple(str(n) for n in data.get("notes", ())),
        )


@dataclass(frozen=True, slots=True)
class Story(_Model):
    """A group of articles about the same events, found in a mixed stream."""

    story: str
    articles: tuple[str, ...]
    title: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    duplicates: tuple[tuple[str, str], ...] = ()  # (copy, original) pairs

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        """Build from the JSON form."""
        return cls(
            str(data["story"]), tuple(data.get("articles", ())), data.get("title"),
            data.get("first_seen"), data.get("last_seen"),
            tuple((str(a), str(b)) for a, b in data.get("duplicates", ())),
        )


@dataclass(frozen=True, slots=True)
class Cluster(_Model):
    """A pre-grouped story from the evaluation format: its articles and human references."""

    id: str  # its own id when given, else where it was read ("path:LINE"), for messages
    articles: tuple[Article, ...]
    references: tuple[str, ...] = ()
    inputs: tuple[InputRecord, ...] = ()
    ref: str | None = None  # the cluster's own id, when the input gives one


@dataclass(frozen=True, slots=True)
class Brief(_Model):
    """The product: one story's consolidated, cited account."""

    id: str
    articles: tuple[Article, ...]
    summary: tuple[SummarySentence, ...]
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    title: str | None = None  # a headline chosen from the sources' titles
    title_articles: tuple[str, ...] = ()  # the articles whose titles back it
    timeline: tuple[Event, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    method: str = "storyline"
    version: str = SCHEMA_VERSION

    def article(self, article_id: str) -> Article:
        """Return the article with this id (KeyError if absent)."""
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        """Build from the JSON form."""
        return cls(
            id=str(data["id"]),
            articles=tuple(Article.from_dict(a) for a in data.get("articles", ())),
            summary=tuple(SummarySentence.from_dict(s) for s in data.get("summary", ())),
            diagnostics=Diagnostics.from_dict(data.get("diagnostics", {})),
            title=data.get("title"),
            title_articles=tuple(data.get("title_articles", ())),
            timeline=tuple(Event.from_dict(e) for e in data.get("timeline", ())),
            figures=tuple(Figure.from_dict(f) for f in data.get("figures", ())),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", ())),
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", ())),
            coverage=tuple(Coverage.from_dict(c) for c in data.get("coverage", ())),
            method=str(data.get("method", "storyline")),
            version=str(data.get("version", SCHEMA_VERSION)),
        )
