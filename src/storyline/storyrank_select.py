"""StoryRank's selection helpers: which sentences may be picked, and the redundancy test."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import TYPE_CHECKING

from .features import StoryFeatures

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float32]

# Social-media embeds and links scraped with the article ("— Jane Doe (@jdoe) July 5, 2017",
# "pic.twitter.com/..."): never summary material. Skipping them moved Multi-News+ 44.65/15.42
# -> 44.73/15.44 and nothing else (bench/tune_storyrank.py).
_EMBED = re.compile(r"@\w|pic\.twitter|https?://|www\.")
# A sentence whose first TEMPLATE_WORDS words (numbers aside) open TEMPLATE_REPEATS or more
# sentences of its article is a template ("Hide Caption 3 of 76 Photos: ..."), not prose.
# Skipping them: Multi-News 46.35/17.08 -> 46.55/17.13, the other sets unchanged (3, 4, 5 or 6
# words all within 0.02; bench/tune_storyrank.py).
TEMPLATE_WORDS, TEMPLATE_REPEATS = 5, 3
_NUMBER = re.compile(r"\d+")


def not_prose(story: StoryFeatures) -> set[int]:
    """Return the sentences that are embeds, links or templates, never summary material."""
    embeds = {i for i, text in enumerate(story.texts) if _EMBED.search(text)}
    return embeds | _templated(story)


def _templated(story: StoryFeatures) -> set[int]:
    """Return the sentences opening like TEMPLATE_REPEATS or more of their article's."""
    heads = [(doc, _NUMBER.sub("#", " ".join(text.split()[:TEMPLATE_WORDS]).lower()))
             for doc, text in zip(story.doc_index, story.texts, strict=True)]
    counts = Counter(heads)
    return {i for i, head in enumerate(heads) if counts[head] >= TEMPLATE_REPEATS}


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
