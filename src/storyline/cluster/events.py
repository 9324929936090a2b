"""What tells one event from another of the same type: names, their rarity, and titles.

Two shootings, two earthquakes or two rehab stays share their event words; what separates them
is who, where and when. The clusterer reads three things from here:

- `name_text`: where an article's names are looked for (its body lead, not its title, which
  is often written in Title Case);
- `NAME`: a capitalised word inside a sentence (after a lower-case word, a digit or a comma),
  which is a name far more often than a sentence's first word is;
- `headline`: the title without the outlet or station segments scrapers leave on it
  ("... | KXYZ News 4", "... - Daily Courier").

The join rule itself (`Verdict`) lives in stream.py beside the story state it reads.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A name inside a sentence: a capitalised word right after a lower-case word, a digit or a
# comma/semicolon/colon and one space, with the capitalised words that follow it ("Tomas
# Verlaine", "Copper Kettle Tavern" are one name each). Sentence-initial words ("Police said")
# and Title Case headlines are left out without a sentence splitter.
_WORD = r"[A-Z][A-Za-z]+(?:'[A-Za-z]+)?"
NAME = re.compile(rf"(?<=[a-z0-9,;:] ){_WORD}(?: {_WORD})*")
# Title segments after one of these separators may be the outlet's or station's name.
_SEGMENT = re.compile(r"\s+(?:\||-|–|—|::|«|»)\s+")
# A trailing title segment this short and written all in capitalised words, digits or
# initials ("WDRB 41 Louisville News", "Continuous News Coverage") is a masthead, not a
# headline; a longer one, or one with a lower-case word, is kept.
MASTHEAD_WORDS = 5
_MASTHEAD_WORD = re.compile(r"^(?:[A-Z0-9][A-Za-z0-9.&',]*|[&@])$")


def name_text(text: str, lead_chars: int) -> str:
    """Return the part of an article's body where its names are read (the lead)."""
    return text[:lead_chars]


def _host_label(source: str | None) -> str:
    """Return the distinctive part of an outlet's host name: "katc" for "www.katc.com"."""
    if not source:
        return ""
    host = source.lower().removeprefix("www.")
    label = host.split(".")[0] if "." in host else host
    return re.sub(r"[^a-z0-9]", "", label)


def _is_masthead(segment: str, label: str) -> bool:
    flat = re.sub(r"[^a-z0-9]", "", segment.lower())
    if label and len(label) >= 3 and (label in flat or (flat and flat in label)):
        return True
    words = segment.split()
    return 0 < len(words) <= MASTHEAD_WORDS and all(map(_MASTHEAD_WORD.match, words))


@lru_cache(maxsize=4096)
def headline(title: str, source: str | None) -> str:
    """Return the title without trailing segments that name the outlet or are a masthead.

    The first segment always stays: a title is never emptied.
    """
    parts = _SEGMENT.split(title)
    if len(parts) == 1:
        return title
    label = _host_label(source)
    while len(parts) > 1 and _is_masthead(parts[-1], label):
        parts.pop()
    return " - ".join(parts)
