"""Which language an article is written in. storyline reads English only so far: an article in
another language is refused with a diagnostic instead of giving a silently wrong brief.

A cheap test first: English news prose is a third to a half function words (the stopword list;
1,515 articles of the four dev sets: minimum 0.23, median 0.44), Spanish, French or German text
under 0.05. Above `ENGLISH_SHARE` the article is English and nothing more is loaded. Below it,
py3langid (its model ships inside its wheel; loading it takes ~0.7 s, paid only then) names the
language.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .features import stopwords

ENGLISH_SHARE = 0.15  # between English's minimum (0.23) and other languages' maximum (0.05)
MIN_WORDS = 20  # fewer words than this: too short to tell, nothing is refused
SURE = 0.5  # py3langid's normalized probability above which its answer is trusted
SAMPLE_WORDS = 400
_WORD = re.compile(r"[^\W\d_]+")


def detect(text: str) -> tuple[str | None, float]:
    """Return the text's language code ("en", "es"...) and how sure, or (None, 0.0)."""
    words = _WORD.findall(text.lower(), 0, 20_000)[:SAMPLE_WORDS]
    if len(words) < MIN_WORDS:
        return None, 0.0
    stop = stopwords()
    share = sum(w in stop for w in words) / len(words)
    if share >= ENGLISH_SHARE:
        return "en", 1.0
    language, probability = _identifier().classify(" ".join(words))
    return (str(language), float(probability)) if probability >= SURE else (None, 0.0)


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # ~0.7 s: only when needed

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
