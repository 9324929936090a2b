"""Markdown sections for the analysis parts of a brief: timeline, key figures, quotes,
entities and what each source adds, in reading order."""

from __future__ import annotations

from ..model import Brief
from .labels import date_label, headline_text, per_source, shown, trend_text
from .text import md_escape


def analysis_sections(brief: Brief) -> list[str]:
    """Return Markdown lines for every non-empty analysis section, in reading order."""
    lines: list[str] = []
    for section in (timeline_lines, figures_lines, quotes_lines, entities_lines, coverage_lines):
        lines.extend(section(brief))
    return lines


def timeline_lines(brief: Brief) -> list[str]:
    """Return the Markdown timeline: events grouped under their dates, with [n] sources."""
    if not brief.timeline:
        return []
    numbers = {a.id: n for n, a in enumerate(brief.articles, 1)}
    lines = ["", "## Timeline", ""]
    heading = None
    for event in brief.timeline:
        label = date_label(event)
        if label != heading:
            if heading is not None:
                lines.append("")
            lines += [f"**{label}**", ""]
            heading = label
        marks = "".join(f"[{n}]" for n in sorted({numbers[c.article] for c in event.citations
                                                   if c.article in numbers}))
        when = f"{event.time} — " if event.time else ""
        note = " _(date inferred)_" if event.inferred else ""
        lines.append(f"- {when}{md_escape(event.text)} {marks}{note}".rstrip())
    return lines



def figures_lines(brief: Brief) -> list[str]:
    """Render the key-figures table: label, status (conflicts first), each source's value [n]."""
    if not brief.figures:
        return []
    numbers = {a.id: n for n, a in enumerate(brief.articles, 1)}
    lines = ["", "## Key figures", "",
             "| Figure | Status | Headline | Reported values [source] |", "|---|---|---|---|"]
    status = {"conflict": "**CONFLICT**", "update": "**UPDATED**", "agree": "sources agree",
              "single": "one source"}
    published = {a.id: a.published for a in brief.articles}
    copies = {a.id: numbers.get(a.duplicate_of, 0) for a in brief.articles if a.duplicate_of}
    for fig in brief.figures:
        mixed = len({m.unit for m in fig.mentions}) > 1
        cells: list[str] = []
        for m in fig.mentions:
            copy = f" (copy of [{copies[m.article]}])" if m.article in copies else ""
            cell = f"{md_escape(shown(m, mixed))} [{numbers.get(m.article, 0)}]{copy}"
            if cell not in cells:
                cells.append(cell)
        head = md_escape(headline_text(fig))
        if fig.status == "update":
            head += f" (latest; {md_escape(trend_text(fig, published))})"
        lines.append(f"| {md_escape(fig.label)} | {status.get(fig.status, fig.status)} | "
                     f"{head} | {' · '.join(cells)} |")
    lines += ["", "_Where sources conflict, each value is shown with its source; the headline "
              "is the lowest, most conservative figure. Where a count moved over time, the "
              "headline is the latest value. A copy of another article never counts as "
              "agreement._"]
    return lines



def quotes_lines(brief: Brief) -> list[str]:
    """Render the quotes section: quotes grouped by speaker, with [n] source markers."""
    if not brief.quotes:
        return []

    numbers = {a.id: n for n, a in enumerate(brief.articles, 1)}
    speakers = list(dict.fromkeys(q.speaker for q in brief.quotes if q.speaker))
    lines = ["", "## Quotes", ""]
    for speaker in [*speakers, None]:
        group_ = [q for q in brief.quotes if q.speaker == speaker]
        if not group_:
            continue
        lines += [f"**{md_escape(speaker) if speaker else 'Speaker not named'}**", ""]
        for q in group_:
            marks = "".join(f"[{numbers[c.article]}]" for c in per_source(numbers, q.citations))
            lines.append(f"- “{md_escape(q.text)}” {marks}".rstrip())
        lines.append("")
    return lines[:-1]



_HEADINGS = (("person", "People"), ("org", "Organisations"), ("place", "Places"),
             ("other", "Other names"))


def entities_lines(brief: Brief) -> list[str]:
    """Render the entities section: one list per type, with article markers and variants."""
    if not brief.entities:
        return []

    numbers = {a.id: n for n, a in enumerate(brief.articles, 1)}
    lines = ["", "## People, organisations and places", ""]
    for kind, heading in _HEADINGS:
        group = [e for e in brief.entities if e.type == kind]
        if not group:
            continue
        lines += [f"**{heading}**", ""]
        for e in group:
            marks = "".join(f"[{numbers[a]}]" for a in e.articles if a in numbers)
            others = [v for v in e.variants if v != e.name]
            also = f"; also written {', '.join(md_escape(v) for v in others)}" if others else ""
            count = f"{e.mentions} mention{'s' if e.mentions != 1 else ''}"
            lines.append(f"- {md_escape(e.name)} {marks} ({count}{also})")
        lines.append("")
    return lines[:-1]



def coverage_lines(brief: Brief, per_source: int = 3) -> list[str]:
    """Render the coverage matrix and up to `per_source` unique sentences per source."""
    if len(brief.articles) < 2 or not brief.coverage:
        return []

    n_lines = len(brief.summary)
    numbers = {a.id: n for n, a in enumerate(brief.articles, 1)}
    lines = ["", "## What each source adds", ""]
    if n_lines:
        head = " | ".join(f"S{k}" for k in range(1, n_lines + 1))
        lines += [f"| Source | {head} |", "|---" * (n_lines + 1) + "|"]
        for cov in brief.coverage:
            cells = " | ".join("●" if k in cov.supports else " " for k in range(n_lines))
            lines.append(f"| [{numbers[cov.article]}] | {cells} |")
        lines += ["", "_S1…Sn are the summary sentences in order; ● marks a source that "
                  "carries that sentence's content._", ""]
    for cov in brief.coverage:
        art = brief.article(cov.article)
        texts = [art.text[c.start:c.end] for c in cov.unique]
        if not texts:
            continue
        name = md_escape(art.source or art.title or art.origin)
        lines.append(f"**[{numbers[cov.article]}] {name}** adds {len(texts)} "
                     f"sentence{'s' if len(texts) != 1 else ''} no other source carries, e.g.:")
        lines += [f"- {md_escape(' '.join(t.split()))}" for t in texts[:per_source]]
        lines.append("")
    return lines

