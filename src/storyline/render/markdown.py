"""The Markdown brief: summary with [n] markers, the analysis sections, numbered sources."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Brief, Citation
from .labels import per_source
from .sections import analysis_sections
from .text import md_escape, safe_url, shown_origin


def _code(text: str) -> str:
    """Render untrusted text as an inline code span (backticks inside cannot end it)."""
    text = " ".join(text.split()).replace("`", "'")
    return f"`{text}`"


def _markers(brief: Brief, citations: Iterable[Citation]) -> str:
    numbers = {a.id: n for n, a in enumerate(brief.articles, 1)}
    return "".join(f"[{numbers[c.article]}]" for c in per_source(numbers, citations))


def _source_line(n: int, brief: Brief, article_id: str) -> str:
    art = brief.article(article_id)
    title = md_escape(art.title or "(untitled)")
    url = safe_url(art.url)
    parts = [f"[{title}](<{url}>)" if url else title]
    parts.append(md_escape(art.source) if art.source else "unknown outlet")
    parts.append(art.published or "date unknown")
    if art.byline and art.byline != art.source:  # a wire credit that names the outlet adds nothing
        parts.append(f"by {md_escape(art.byline)}")
    extra = f" (copy of [{_number(brief, art.duplicate_of)}])" if art.duplicate_of else ""
    return f"{n}. {' · '.join(parts)}{extra} — {_code(shown_origin(art.origin))}"


def _number(brief: Brief, article_id: str) -> int:
    for n, art in enumerate(brief.articles, 1):
        if art.id == article_id:
            return n
    return 0


def to_markdown(brief: Brief) -> str:
    """Return a readable Markdown brief: summary with [n] markers, sections, numbered sources."""
    title = brief.title or (brief.articles[0].title if brief.articles else None)
    lines = [f"# {md_escape(title) if title else 'Brief'}", "", "## Summary", ""]
    if not brief.summary:
        lines.append("_No summary: no usable article text._")
    for sent in brief.summary:
        lines.append(f"- {md_escape(sent.text)} {_markers(brief, sent.citations)}")
    lines.extend(analysis_sections(brief))
    lines += ["", "## Sources", ""]
    lines += [_source_line(n, brief, a.id) for n, a in enumerate(brief.articles, 1)]
    skipped = [r for r in brief.diagnostics.inputs if r.status == "skipped"]
    if skipped:
        lines += ["", "## Skipped inputs", ""]
        lines += [f"- {_code(shown_origin(r.origin))}: {md_escape(r.reason)}" for r in skipped]
    if brief.diagnostics.dropped:
        lines += ["", f"_{len(brief.diagnostics.dropped)} boilerplate lines dropped "
                  "(see `diagnostics.dropped` in the JSON)._"]
    return "\n".join(lines) + "\n"
