"""The summarizer contract and the helpers every method shares.

Every summarizer is a callable `summarizer(story, words) -> list[int]` returning indices into
`story.sents` in reading order, configured only through constructor keywords (sumy's shape),
and built from `Settings` by its `from_settings` class method, the same way for every method.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..text.features import StoryFeatures, word_count


class Summarizer(Protocol):
    """The one interface every summarizer implements."""

    def __call__(self, story: StoryFeatures, words: int) -> list[int]:
        """Return chosen sentence indices in reading order, within `words`."""



def candidates(story: StoryFeatures, min_words: int = 6, max_words: int = 60) -> list[int]:
    """Return indices of sentences fit to appear in a summary (no fragments, no run-ons)."""
    keep = []
    for i, text in enumerate(story.texts):
        n = word_count(text)
        if min_words <= n <= max_words and not text.rstrip().endswith("?"):
            keep.append(i)
    return keep or list(range(len(story.texts)))


def fill_budget(
    story: StoryFeatures,
    ranked: Sequence[int],
    words: int,
    overflow: bool = False,
    redundancy: float = 1.01,
) -> list[int]:
    """Take ranked sentences while they fit, skipping near-repeats; restore source order.

    With `overflow`, the last sentence may cross the budget (the caller truncates), which is
    how fixed-length ROUGE evaluation treats every system alike.
    """
    chosen: list[int] = []
    total = 0
    for i in ranked:
        n = word_count(story.texts[i])
        if total + n > words and not overflow:
            continue
        if chosen and redundancy <= 1.0:
            sims = story.vectors[chosen] @ story.vectors[i]
            if float(sims.max()) >= redundancy:
                continue
        chosen.append(i)
        total += n
        if total >= words:
            break
    return reading_order(story, chosen)


def reading_order(story: StoryFeatures, chosen: Sequence[int]) -> list[int]:
    """Order chosen sentences so the summary reads as a story: leads first, then by date."""

    docs, sents, articles = story.doc_index, story.sents, story.articles

    def key(i: int) -> tuple[float, str, int, int]:
        doc, place = docs[i], sents[i].index
        rel = place / max(story.doc_length(doc), 1)
        return (round(rel, 1), articles[doc].published or "9999", doc, place)

    return sorted(chosen, key=key)
