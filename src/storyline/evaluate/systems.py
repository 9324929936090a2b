"""The systems `storyline eval` knows, by name (light to import: the CLI lists them in --help)."""

from __future__ import annotations

from ..summarize import METHOD_NAMES

# sumy summarizers we compare with: (module, class). All use sumy's English stemmer and stop words.
SUMY_CLASSES = {
    "sumy-lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "sumy-textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "sumy-lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "sumy-luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "sumy-sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
}
SUMY_NAMES = tuple(SUMY_CLASSES)
SYSTEMS = (*METHOD_NAMES, "oracle", *SUMY_NAMES)
# The default leaves out the sumy peers: they need the 'bench' extra.
DEFAULT_SYSTEMS = (*METHOD_NAMES, "oracle")
