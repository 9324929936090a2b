"""Render a `Brief` as one self-contained HTML page (no external assets, works offline).

Every string that comes from an article (text, titles, outlets, origins, speakers, entity
names) is untrusted: it is escaped with `html.escape` and only ever becomes text. The page's
one script and one stylesheet are inlined and allowed by their SHA-256 hashes in the
Content-Security-Policy, so no script that reached the page through content can run.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import re
from collections.abc import Iterable
from functools import cache
from html import escape

from ..model import Brief, Citation, Entity, Event, Figure, FigureMention, Quote
from ..resources import read_text
from .labels import STATUS_TEXT, headline_text, per_source, shown, status_text, trend_text
from .text import safe_url, shown_origin

# How many of a source's unique sentences are listed before the rest fold away: enough to show
# what it adds without turning the sources panel into a second copy of every article.
UNIQUE_SHOWN = 3
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # characters outside the BMP (2 UTF-16 units)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_ENTITY_TYPES = (("person", "People"), ("org", "Organisations"), ("place", "Places"),
                 ("other", "Other"))


def esc(value: object) -> str:
    """Escape any value for HTML text or a double-quoted attribute."""
    return escape(str(value), quote=True).replace("\r", "&#13;")


@cache
def asset(name: str) -> str:
    """Return a packaged asset (report.css, report.js) as text."""
    return read_text(name)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def content_security_policy(served: bool = False) -> str:
    """Return the page's CSP: only the inlined script and stylesheet, identified by hash.

    A served page may post its form and fetch progress from its own origin; a saved report
    may do neither. (`frame-ancestors` is only honoured in a header: the server adds it.)
    """
    parts = [
        "default-src 'none'",
        f"script-src '{_sha256(asset('report.js'))}'",
        f"style-src '{_sha256(asset('report.css'))}'",
        "img-src data:",
        "base-uri 'none'",
    ]
    if served:
        parts += ["connect-src 'self'", "form-action 'self'"]
    else:
        parts.append("form-action 'none'")
    return "; ".join(parts)


def page(title: str, body: str, served: bool = False) -> str:
    """Wrap already-escaped body HTML in the full document with inlined CSS, JS and CSP."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" "
        f"content=\"{esc(content_security_policy(served))}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        f"<title>{esc(title)}</title>\n<style>{asset('report.css')}</style>\n</head>\n<body>\n"
        f"{body}\n<div id=\"pop\" class=\"pop\" role=\"tooltip\" hidden></div>\n{_SHEET}"
        f"<script>{asset('report.js')}</script>\n</body>\n</html>\n"
    )


# The phone's reading sheet: a tapped citation's sentence shown in place, filled by the script
# with text only. "Back" (or the browser's Back) closes it; the link jumps to the source.
_SHEET = (
    '<div id="sheet" class="sheet" role="dialog" aria-labelledby="sheet-label" hidden>'
    '<p id="sheet-label" class="sheet-label"></p><blockquote id="sheet-text"></blockquote>'
    '<p class="sheet-actions"><a id="sheet-go" href="#sources">Read it in the source</a> '
    '<button type="button" id="sheet-close">Back</button></p></div>\n'
)


class _Refs:
    """Numbers sources 1..n and turns citations into markers pointing at their text."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.numbers = {a.id: n for n, a in enumerate(brief.articles, 1)}
        self.texts = {a.id: a.text for a in brief.articles}
        self.labels = {a.id: a.source or a.title or "untitled" for a in brief.articles}
        self.astral: dict[str, list[int]] = {}  # article -> offsets of its astral characters

    def _utf16(self, article: str, offset: int) -> int:
        # The browser counts UTF-16 code units; Python counts code points: each astral
        # character before the offset counts twice. Their places are found once per article
        # (counting per citation was quadratic: minutes for a 40 KB page of quotes).
        if article not in self.astral:
            self.astral[article] = [m.start() for m in _ASTRAL.finditer(self.texts[article])]
        return offset + bisect.bisect_left(self.astral[article], offset)

    def attrs(self, cite: Citation) -> str:
        """Data attributes locating a citation's span in the sources panel."""
        n = self.numbers[cite.article]
        start, end = self._utf16(cite.article, cite.start), self._utf16(cite.article, cite.end)
        label = f"[{n}] {self.labels[cite.article]}: "
        return (f'href="#src-{n}" data-n="{n}" data-s="{start}" data-e="{end}" '
                f'data-label="{esc(label)}"')

    def marker(self, cite: Citation) -> str:
        """One clickable [n] marker, or a greyed one when the article is not in the brief."""
        if cite.article not in self.numbers:
            return '<span class="cite missing" title="source not in this brief">?</span>'
        n = self.numbers[cite.article]
        return f'<a class="cite" {self.attrs(cite)} aria-label="source {n}">{n}</a>'

    def markers(self, cites: Iterable[Citation]) -> str:
        """One marker per cited source, in source order, as Markdown's [n] markers are (a
        quote split around its attribution cites its source once, at its first span)."""
        cites = list(cites)
        missing = next((c for c in cites if c.article not in self.numbers), None)
        known = per_source(self.numbers, cites)
        return "".join(self.marker(c) for c in (*known, *([missing] if missing else [])))

    def snippet(self, cite: Citation, text: str) -> str:
        """Some text that highlights its citation when clicked."""
        if cite.article not in self.numbers:
            return esc(text)
        return f'<a class="snippet" {self.attrs(cite)}>{esc(text)}</a>'

    def span_text(self, cite: Citation) -> str:
        """The cited text itself."""
        return self.texts.get(cite.article, "")[cite.start : cite.end]


def to_html(brief: Brief, twin: str | None = None) -> str:
    """Return the brief as one self-contained, printable, phone-friendly HTML page.

    `twin` is the URL of the brief's JSON twin where one is served (the web app); a saved
    report has none.
    """
    refs = _Refs(brief)
    title = brief.title or next((a.title for a in brief.articles if a.title), None) or "Brief"
    main = "".join((
        _summary(brief, refs), _timeline(brief, refs), _figures(brief, refs),
        _quotes(brief, refs), _entities(brief), _dropped(brief, refs), _skipped(brief),
    ))
    body = (
        f"{_header(brief, title, twin)}<div class=\"layout\">\n<main>{main}</main>\n"
        f"<aside class=\"sources\" id=\"sources\">{_sources(brief, refs)}</aside>\n</div>\n"
        f"<footer>Storyline brief {esc(brief.id)} · method {esc(brief.method)} · "
        f"schema {esc(brief.version)}</footer>"
    )
    return page(title, body)


def _tools(twin: str | None) -> str:
    """Links for this brief: its sources, its JSON twin; print and copy-link (script-enabled)."""
    json_link = (f'<a href="{esc(twin)}" type="application/json">JSON</a> '
                 if twin else "")
    return (
        '<nav class="tools noprint" aria-label="This brief"><a href="#sources">Sources</a> '
        f'{json_link}<button type="button" id="print" hidden>Print</button> '
        '<button type="button" id="copy-link" hidden>Copy link</button> '
        '<span id="copied" class="note" role="status" aria-live="polite"></span></nav>'
    )


def _header(brief: Brief, title: str, twin: str | None = None) -> str:
    dates = sorted(a.published for a in brief.articles if a.published)
    span = f" · {dates[0]} to {dates[-1]}" if dates and dates[0] != dates[-1] else (
        f" · {dates[0]}" if dates else "")
    count = len(brief.articles)
    return (
        f'<header class="top"><p class="kicker">Storyline brief</p><h1>{esc(title)}</h1>'
        f'<p class="meta">{count} source{"s" if count != 1 else ""}{esc(span)}. '
        "Click a numbered marker to see the exact source sentence.</p>"
        f"{_tools(twin)}</header>\n"
    )


def _section(key: str, heading: str, inner: str) -> str:
    return f'<section id="{key}" class="{key}"><h2>{esc(heading)}</h2>{inner}</section>\n'


def _summary(brief: Brief, refs: _Refs) -> str:
    if not brief.summary:
        return _section("summary", "Summary", '<p class="empty">No summary: no usable text.</p>')
    items = "".join(
        f"<li>{esc(s.text)} {refs.markers(s.citations)}</li>" for s in brief.summary
    )
    return _section("summary", "Summary", f'<ol class="summary">{items}</ol>')


def when(event: Event) -> str:
    """A readable date for a timeline event, by its precision."""
    date, precision = event.date, event.precision
    if not date or precision == "none":
        text = "Undated"
    elif precision == "range" and "/" in date:
        first, last = date.split("/", 1)
        text = f"{first} to {last}"
    elif precision == "month" and len(date) >= 7 and date[5:7].isdigit():
        month = int(date[5:7])
        text = f"{_MONTHS[month - 1]} {date[:4]}" if 1 <= month <= 12 else date
    elif precision == "decade":
        text = f"{date[:4]}s"
    else:
        text = date
    return f"{text}, {event.time}" if event.time else text


def _timeline(brief: Brief, refs: _Refs) -> str:
    if not brief.timeline:
        return ""
    items = []
    for event in brief.timeline:
        badge = ('<span class="badge" title="dated from an inferred publication date">'
                 "inferred</span>") if event.inferred else ""
        items.append(f'<li><span class="when">{esc(when(event))}{badge}</span>'
                     f"{esc(event.text)} {refs.markers(event.citations)}</li>")
    return _section("timeline", "Timeline", f'<ol class="timeline">{"".join(items)}</ol>')


def _mention(mention: FigureMention, refs: _Refs, mixed: bool, copy_of: int) -> str:
    cite = Citation(mention.article, mention.start, mention.end)
    date = f' <span class="note">({esc(mention.when)})</span>' if mention.when else ""
    copy = f' <span class="note">(copy of [{copy_of}])</span>' if copy_of else ""
    return (f'<li>{refs.marker(cite)} <span class="value">{esc(shown(mention, mixed))}</span> '
            f"{refs.snippet(cite, mention.text)}{date}{copy}</li>")


def _figure_row(figure: Figure, refs: _Refs, copies: dict[str, int],
                published: dict[str, str | None]) -> str:
    """One figure; its values are worded by render.labels, as in Markdown and the quotes.
    `copies` maps a syndicated copy's id to its original's source number."""
    status = status_text(figure)
    known = figure.status if figure.status in STATUS_TEXT else "single"
    head = headline_text(figure)
    headline = ""
    if figure.status == "conflict" and head:
        headline = f'<br><span class="note">most conservative: {esc(head)}</span>'
    elif figure.status == "update" and head:
        trend = trend_text(figure, published)
        headline = f'<br><span class="note">latest: {esc(head)}; {esc(trend)}</span>'
    elif head and figure.mentions[0].unit == "votes":  # the tally, read out
        headline = f'<br><span class="note">{esc(head)}</span>'
    mixed = len({m.unit for m in figure.mentions}) > 1
    values = "".join(_mention(m, refs, mixed, copies.get(m.article, 0)) for m in figure.mentions)
    return (f'<tr class="{known}"><td>{esc(figure.label)}{headline}</td>'
            f'<td><span class="badge {known}">{esc(status)}</span></td>'
            f'<td><ul class="values">{values}</ul></td></tr>')


def _figures(brief: Brief, refs: _Refs) -> str:
    if not brief.figures:
        return ""
    numbers = {a.id: n for n, a in enumerate(brief.articles, 1)}
    copies = {a.id: numbers.get(a.duplicate_of, 0) for a in brief.articles if a.duplicate_of}
    published = {a.id: a.published for a in brief.articles}
    rows = "".join(_figure_row(f, refs, copies, published) for f in brief.figures)
    conflicts = sum(f.status == "conflict" for f in brief.figures)
    note = (f'<p class="note">{conflicts} figure{"s" if conflicts != 1 else ""} '
            "reported differently by different sources; each source's value is shown.</p>"
            if conflicts else "")
    table = ('<div class="scroll"><table><thead><tr><th>What</th><th>Status</th>'
             f"<th>Each source's value</th></tr></thead><tbody>{rows}</tbody></table></div>")
    return _section("figures", "Figures", note + table)


def _quotes(brief: Brief, refs: _Refs) -> str:
    if not brief.quotes:
        return ""
    groups: dict[str, list[Quote]] = {}
    for quote in brief.quotes:  # first appearance decides a speaker's place
        groups.setdefault(quote.speaker or "", []).append(quote)
    parts = []
    for speaker, quotes in groups.items():
        blocks = "".join(
            f"<blockquote>\u201c{esc(q.text)}\u201d {refs.markers(q.citations)}</blockquote>"
            for q in quotes
        )
        parts.append(f"<h3>{esc(speaker) if speaker else 'Unattributed'}</h3>{blocks}")
    return _section("quotes", "Quotes", "".join(parts))


def _entity_chip(entity: Entity) -> str:
    others = [v for v in entity.variants if v != entity.name]
    title = f' title="also: {esc(", ".join(others))}"' if others else ""
    sources = len(entity.articles)
    return (f"<li{title}>{esc(entity.name)} <span class=\"count\">{sources} "
            f"source{'s' if sources != 1 else ''}</span></li>")


def _entities(brief: Brief) -> str:
    if not brief.entities:
        return ""
    parts = []
    known = {t for t, _ in _ENTITY_TYPES}
    for kind, heading in _ENTITY_TYPES:
        members = [e for e in brief.entities if (e.type if e.type in known else "other") == kind]
        if members:
            chips = "".join(_entity_chip(e) for e in members)
            parts.append(f'<h3>{heading}</h3><ul class="chips">{chips}</ul>')
    return _section("entities", "Who and where", "".join(parts))


def _dropped(brief: Brief, refs: _Refs) -> str:
    dropped = brief.diagnostics.dropped
    if not dropped:
        return ""
    items = "".join(
        f'<li><span class="reason">[{refs.numbers.get(d.article, "?")}] {esc(d.reason)}:</span> '
        f"{esc(d.text)}</li>"
        for d in dropped
    )
    return _section("dropped", "Dropped as boilerplate", (
        f'<details class="dropped"><summary>Show the {len(dropped)} piece'
        f'{"s" if len(dropped) != 1 else ""} of text cleaning removed</summary>'
        f"<ul>{items}</ul></details>"))


def _skipped(brief: Brief) -> str:
    skipped = [r for r in brief.diagnostics.inputs if r.status != "used"]
    if not skipped:
        return ""
    items = "".join(f"<li><code>{esc(shown_origin(r.origin))}</code>: {esc(r.reason)}</li>"
                    for r in skipped)
    return _section("skipped", "Skipped inputs", f"<ul>{items}</ul>")


def _adds(brief: Brief, refs: _Refs, article: str) -> str:
    cover = next((c for c in brief.coverage if c.article == article), None)
    if cover is None:
        return ""
    backs = ", ".join(str(i + 1) for i in cover.supports)
    parts = [f'<p class="adds">Backs summary line{"s" if len(cover.supports) != 1 else ""} '
             f"{backs}.</p>" if backs else '<p class="adds">Backs no summary line.</p>']
    if not cover.unique:
        parts.append('<p class="adds">Adds nothing the other sources lack.</p>')
        return "".join(parts)
    items = [f"<li>{refs.snippet(c, refs.span_text(c))}</li>" for c in cover.unique]
    shown, rest = items[:UNIQUE_SHOWN], items[UNIQUE_SHOWN:]
    parts.append(f'<p class="adds">Only this source says ({len(items)}):</p>'
                 f'<ul class="adds">{"".join(shown)}</ul>')
    if rest:
        parts.append(f"<details><summary>{len(rest)} more</summary>"
                     f'<ul class="adds">{"".join(rest)}</ul></details>')
    return "".join(parts)


def _sources(brief: Brief, refs: _Refs) -> str:
    parts = ["<h2>Sources</h2>"]
    for n, art in enumerate(brief.articles, 1):
        fields = [art.source or "unknown outlet", art.published or "date unknown"]
        if art.byline and art.byline != art.source:
            fields.append(f"by {art.byline}")
        if art.duplicate_of:
            fields.append(f"copy of [{refs.numbers.get(art.duplicate_of, '?')}]")
        url = safe_url(art.url)
        title = esc(art.title or "(untitled)")
        if url:
            title = f'<a href="{esc(url)}" rel="noopener noreferrer">{title}</a>'
        parts.append(
            f'<article class="source" id="src-{n}"><h3><span class="num">{n}</span>'
            f'{title}</h3><p class="meta">{esc(" · ".join(fields))}<br>'
            f"<code>{esc(shown_origin(art.origin))}</code></p>{_adds(brief, refs, art.id)}"
            f'<details class="full"><summary>Full text</summary>'
            f'<div class="text" id="text-{n}">{esc(art.text)}</div></details></article>'
        )
    return "".join(parts)
