"""The HTML reader: an article from one page (trafilatura, or a plain tag-stripper fallback)."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

from .records import Item, make_article, normalize_date, normalize_text, skipped


def read_html(text: str, origin: str) -> Iterator[Item]:
    """Yield the article of one HTML page (trafilatura, or a crude tag-stripper fallback)."""
    try:
        meta = _extract_html(text)
    except Exception as exc:  # lxml and trafilatura raise many types on hostile pages
        detail = f"{type(exc).__name__}: {exc}"[:120]
        yield skipped(origin, f"HTML could not be parsed ({detail}); save the page as text")
        return
    if not meta.get("text"):
        try:
            meta = strip_tags(text)
        except Exception:  # html.parser asserts on some malformed marked sections
            meta = {}
    body = normalize_text(meta.get("text") or "").strip()
    if not body:
        yield skipped(origin, "HTML page has no text")
        return
    published = normalize_date(meta.get("date"))
    yield make_article(
        origin,
        body,
        title=meta.get("title"),
        source=meta.get("sitename"),
        published=published,
        published_from="metadata" if published else None,
        url=meta.get("url"),
        byline=meta.get("author"),
    )


def _extract_html(text: str) -> dict[str, str | None]:
    """Return trafilatura's text and metadata for a page (empty text when it finds none)."""
    import trafilatura  # lazy: trafilatura and lxml cost ~0.3 s to import

    doc = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,  # reader comments are not the report
        # Dates only from markup and URL: the extensive search guesses from body text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    names = ("text", "title", "author", "date", "url", "sitename")
    if doc is None:
        return {}
    return {name: _str_or_none(getattr(doc, name, None)) for name in names}


def _str_or_none(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


class _TagStripper(HTMLParser):
    """Collect a page's visible text and <title>, skipping scripts and styles."""
    SKIP = frozenset({"script", "style", "noscript", "template", "svg"})
    # Tags that end a line of text, so paragraphs do not run together.
    BLOCK = frozenset({
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
        "article", "section", "blockquote", "pre", "header", "footer",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip_depth = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note entering skipped elements and block boundaries."""
        if tag in self.SKIP:
            self.skip_depth += 1
        self.in_title = self.in_title or tag == "title"
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """Note leaving skipped elements and block boundaries."""
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag == "title":
            self.in_title = False
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        """Keep visible text; the title goes aside so it does not open the body."""
        if self.in_title:
            self.title.append(data)
        elif not self.skip_depth:
            self.parts.append(data)


def strip_tags(html: str) -> dict[str, str | None]:
    """Return the visible text and title of a page by crude tag stripping (no tree built)."""
    parser = _TagStripper()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    title = " ".join("".join(parser.title).split())
    return {"text": "\n".join(line for line in lines if line), "title": title or None}
