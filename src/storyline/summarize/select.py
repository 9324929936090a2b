"""StoryRank's selection helpers: which sentences may be picked, and the redundancy test."""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..text.features import StoryFeatures

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float32]

# Social-media embeds and links scraped with the article ("— Jane Doe (@jdoe) July 5, 2017",
# "pic.twitter.com/..."): never summary material. Skipping them moved Multi-News+ 44.65/15.42
# -> 44.73/15.44 and nothing else (bench/tune_storyrank.py).
_EMBED = re.compile(r"@\w|pic\.twitter|https?://|www\.")
_EMBED_MARKS = ("@", "pic.twitter", "http", "www.")  # one of them is in every _EMBED match
# A sentence whose first TEMPLATE_WORDS words (numbers aside) open TEMPLATE_REPEATS or more
# sentences of its article is a template ("Hide Caption 3 of 76 Photos: ..."), not prose.
# Skipping them: Multi-News 46.35/17.08 -> 46.55/17.13, the other sets unchanged (3, 4, 5 or 6
# words all within 0.02; bench/tune_storyrank.py).
TEMPLATE_WORDS, TEMPLATE_REPEATS = 5, 3
_NUMBER = re.compile(r"\d+")


def not_prose(story: StoryFeatures) -> set[int]:
    """Return the sentences that are embeds, links or templates, never summary material."""
    return _embeds(story.texts) | _templated(story)


def _embeds(texts: Sequence[str]) -> set[int]:
    """Return the sentences holding an embed or a link (one regex pass over the story)."""
    # A sentence holds no line break, and no match can span one: search them all at once.
    joined = "\n".join(texts)
    if not any(mark in joined for mark in _EMBED_MARKS):  # most stories: no regex pass at all
        return set()
    found = [m.start() for m in _EMBED.finditer(joined)]
    if not found:
        return set()
    starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    return {bisect.bisect_right(starts, at) - 1 for at in found}


def _templated(story: StoryFeatures) -> set[int]:
    """Return the sentences opening like TEMPLATE_REPEATS or more of their article's."""
    # Sentences sharing a head share its first word: only those whose first word opens
    # TEMPLATE_REPEATS sentences of their article get their whole head compared.
    words = [text.split(None, 1)[0].lower() if text.strip() else "" for text in story.texts]
    firsts = [(doc, word if word.isalpha() else _NUMBER.sub("#", word))
              for doc, word in zip(story.doc_index, words, strict=True)]
    counts = Counter(firsts)
    maybe = [i for i, first in enumerate(firsts) if counts[first] >= TEMPLATE_REPEATS]
    if not maybe:
        return set()
    heads = {i: (story.doc_index[i], _head(story.texts[i])) for i in maybe}
    repeats = Counter(heads.values())
    return {i for i, head in heads.items() if repeats[head] >= TEMPLATE_REPEATS}


def _head(text: str) -> str:
    """Return a sentence's first TEMPLATE_WORDS words, lower-cased, each number as '#'."""
    return _NUMBER.sub("#", " ".join(text.split(None, TEMPLATE_WORDS)[:TEMPLATE_WORDS]).lower())


class Picker:
    """The chosen sentences, and whether a new one repeats one (cosine >= redundancy).

    The cosines _cross_doc computed differ from the exact test's BLAS product only by float32
    rounding: the exact product runs only when they fall within that bound of the threshold.
    """

    def __init__(self, story: StoryFeatures, sims: Floats | None, redundancy: float) -> None:
        import numpy as np

        self.vectors, self.sims, self.redundancy = story.vectors, sims, redundancy
        self.chosen: list[int] = []
        self.near = np.full(len(story.texts), -np.inf, dtype=np.float32)  # best cosine so far
        # Rounding of a float32 dot product of w terms, for each of the two ways, plus slack.
        rounding = story.vectors.shape[1] * 2.0**-24
        self.margin = 2.5 * rounding / (1.0 - rounding) + 1e-6 if rounding < 0.1 else math.inf

    def redundant(self, i: int) -> bool:
        """Return whether sentence i repeats a chosen one."""
        if not self.chosen:
            return False
        if self.sims is not None:
            best = float(self.near[i])
            if best >= self.redundancy + self.margin:
                return True
            if best < self.redundancy - self.margin:
                return False
        return float((self.vectors[self.chosen] @ self.vectors[i]).max()) >= self.redundancy

    def add(self, i: int) -> None:
        """Choose sentence i."""
        import numpy as np

        self.chosen.append(i)
        if self.sims is not None:
            np.maximum(self.near, self.sims[i], out=self.near)
