"""What each source adds: the sentences no other article supports, and which summary lines
each article backs (the coverage matrix)."""

from __future__ import annotations

from .cite import supporting
from .features import StoryFeatures
from .model import Brief, Citation, Coverage
from .settings import Settings

#: A sentence needs this many content terms to count as "unique content" (shorter ones are
#: fragments like "He said." that carry nothing on their own).
MIN_UNIQUE_TERMS = 4


def coverage(brief: Brief, story: StoryFeatures, settings: Settings) -> tuple[Coverage, ...]:
    """Per article: sentences no other article supports, and which summary lines it backs."""
    backs: dict[str, list[int]] = {a.id: [] for a in brief.articles}
    for n, sent in enumerate(brief.summary):
        for article in sorted({c.article for c in sent.citations}):
            backs.setdefault(article, []).append(n)
    unique: dict[str, list[Citation]] = {a.id: [] for a in brief.articles}
    if story.n_docs > 1:
        for i, source in enumerate(story.sents):
            if len(story.terms[i]) < 4:
                continue
            if len(supporting(story, i, settings.support_threshold)) == 1:
                unique[source.article].append(source.citation())
    return tuple(
        Coverage(a.id, tuple(unique[a.id]), tuple(backs[a.id])) for a in brief.articles
    )


def markdown_lines(brief: Brief, per_source: int = 3) -> list[str]:
    """Render the coverage matrix and up to `per_source` unique sentences per source."""
    if len(brief.articles) < 2 or not brief.coverage:
        return []
    from .render import md_escape

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
