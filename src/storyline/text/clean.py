"""Cleaning: drop page boilerplate from a raw article and read its metadata from the text.

Each line of the scraped body is a paragraph candidate. Rules without context run first (time
headings, date lines, bylines, outlet lines, copyright, photo credits, the patterns of
data/boilerplate_en.toml, photo captions); then rules with context: a caption repeated with
its credit, the page header (title, section labels, navigation) and footer, headline rails
inside the body, repeated lines. Last, the dateline is cut from the first paragraph. All
removed text is kept as `Dropped` with its reason, so nothing is lost silently.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..model import Article, Dropped, InputRecord, Section
from ..resources import load_toml
from ..settings import Settings
from . import metadata as meta

RULES = "boilerplate_en.toml"  # one rule file per language; only English ships so far

# A line of at most this many words without closing punctuation reads as a headline or a
# label, not a paragraph. The longest seed headline has 14 words; a body paragraph with no
# final punctuation and fewer words is rarer than a long headline. Re-run tests/test_clean.py
# after changing any of these.
LABEL_MAX_WORDS = 20
# After the title, a lone headline-like line at least this long is a standfirst: it stays.
DECK_MIN_WORDS = 6
# A shorter line above the chosen one makes that one a standfirst only when it has at least
# this many words: a 3-word line above ("Ports and Shipping") is a section label, not a title.
HEADLINE_ABOVE_MIN_WORDS = 4
# Inside the body, a lone headline-like line at most this long is a crosshead: a `Section`.
CROSSHEAD_MAX_WORDS = 8
# A hard-wrapped line is at least this long (wraps are at 60-80 characters); a shorter line
# before a lower-case one is a widget label ("Share" / "close panel"), not a wrapped paragraph.
WRAP_MIN_CHARS = 40
# The title is chosen among header lines with at least this many words when there are any
# ("World News" above the headline has two).
TITLE_MIN_WORDS = 3

_CLOSERS = "\"'”’»)]"
_ENDS = ".!?…:;"  # a line ending in one of these is not continued by the next
_OPENERS = "\"'“‘«(["
_SURROGATE = re.compile("[\ud800-\udfff]")
# Invisible characters dropped outright. ZWJ/ZWNJ (U+200C/D) stay: Persian and Indic text
# needs them. Line breaks (\n \v \f \r \x1c-\x1e \x85 \u2028 \u2029) are left to splitlines.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f\u00ad\u200b\u2060\ufeff]")
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[\w'’-]+")
_BOUNDARY = re.compile(r"(\S+?)[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_CREDIT_REASONS = ("photo credit", "photo caption with credit")


@dataclass(frozen=True, slots=True)
class _Rule:
    reason: str
    patterns: tuple[re.Pattern[str], ...]
    max_words: int
    unless: re.Pattern[str] | None
    requires: re.Pattern[str] | None
    lower: bool  # match against the lower-cased line
    after_dateline: bool = False  # tried once the dateline is cut ("BEIRUT (AP) — The Latest...")

    def applies(self, text: str, lowered: str, words: int) -> bool:
        """True when the rule drops a line of `words` words."""
        if words > self.max_words:
            return False
        line = lowered if self.lower else text
        if not any(p.search(line) for p in self.patterns):
            return False
        if self.requires is not None and self.requires.search(line) is None:
            return False
        return self.unless is None or self.unless.search(line) is None


@dataclass(frozen=True, slots=True)
class _Rules:
    drops: tuple[_Rule, ...]
    credit: tuple[re.Pattern[str], ...]
    credit_max_words: int
    caption_start: tuple[re.Pattern[str], ...]
    not_title: tuple[re.Pattern[str], ...]
    caption_date: re.Pattern[str]
    caption_max_words: int
    # Word lists of [caption] (verbs, blockers, not_first, determiners, abbreviations), weekdays.
    words: dict[str, frozenset[str]]


def _compiled(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    # Kept apart, not joined into one alternation: the regex engine skips ahead to a pattern's
    # literal prefix, which an alternation defeats (measured: 3 times slower on the seeds).
    return tuple(re.compile(p) for p in patterns)


def _optional(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data, dates = load_toml(RULES), load_toml("dates_en.toml")
    caption = data["caption"]
    drops = tuple(
        _Rule(
            str(rule["reason"]),
            _compiled(rule["patterns"]),
            int(rule.get("max_words", 10**9)),
            _optional(rule.get("unless")),
            _optional(rule.get("requires")),
            bool(rule.get("ignore_case", False)),
            bool(rule.get("after_dateline", False)),
        )
        for rule in data["drop"]
    )
    months = "|".join(sorted(dates["months"], key=len, reverse=True))
    return _Rules(
        drops=drops,
        credit=_compiled(data["credit"]["patterns"]),
        credit_max_words=int(data["credit"]["max_words"]),
        caption_start=_compiled([*caption["starts"], *caption["markers"]]),
        not_title=_compiled(data["title"]["not_title"]),
        # "..., east of Aleppo, Syria, Dec. 5, 2016." closing a caption's first sentence.
        caption_date=re.compile(
            rf",\s+(?:on\s+)?(?i:{months})\.?\s+\d{{1,2}},\s+(?:19|20)\d\d\.(?=\s|$)"
        ),
        caption_max_words=int(caption["max_words"]),
        words={
            **{k: frozenset(v) for k, v in caption.items() if isinstance(v, list) and k not in
               ("starts", "markers")},
            "weekdays": frozenset(w.lower() for w in dates["weekdays"]),
        },
    )


@dataclass(slots=True)
class _Line:
    """One input line while it is classified (internal and mutable on purpose)."""

    text: str
    blank_before: bool = False
    reason: str | None = None  # why the line is dropped
    heading: bool = False  # a time heading or crosshead: becomes a Section, not text
    cuts: list[tuple[str, str]] = field(default_factory=list)  # (text, reason) cut from start

    @property
    def kept(self) -> bool:
        """Still part of the text (not dropped, not a heading)."""
        return self.reason is None and not self.heading


def _words(text: str) -> int:
    return text.count(" ") + 1 if text else 0


def _norm(text: str) -> str:
    """Comparison key: case, punctuation and spacing ignored."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _last_char(text: str) -> str:
    return text.rstrip(_CLOSERS)[-1:]


def _is_label(text: str) -> bool:
    """A headline-like line: short, no closing punctuation ("Latest Syria News")."""
    if not text or not (text[0].isalnum() or text[0] in _OPENERS):
        return False
    words = _words(text)
    end = _last_char(text)
    if words > LABEL_MAX_WORDS or (end and end in ".!?…;,"):
        return False
    return end != ":" or words <= 4


def _wraps(line: str, nxt: str) -> bool:
    """`nxt` continues a hard-wrapped `line`: long line, no closing mark, lower-case next."""
    return nxt[0].islower() and len(line) >= WRAP_MIN_CHARS and _last_char(line) not in _ENDS


def _split_lines(raw: str) -> list[_Line]:
    """Normalise the raw text into lines; join the lines of a hard-wrapped paragraph."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", raw)))
    blocks: list[list[str]] = [[]]
    for piece in text.splitlines():
        line = " ".join(piece.split())
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    lines: list[_Line] = []
    for n, block in enumerate(blocks):
        # One lower-case continuation shows the block is wrapped; then a line also continues
        # before a capital ("... on" / "Tuesday, ...") when the line before did not end.
        wrapped = any(_wraps(a, b) for a, b in zip(block, block[1:], strict=False))
        for k, line in enumerate(block):
            prev = lines[-1].text if k else ""
            if wrapped and len(prev) >= WRAP_MIN_CHARS and _last_char(prev) not in _ENDS:
                lines[-1].text = prev + ("" if prev.endswith("-") else " ") + line
            else:
                lines.append(_Line(line, blank_before=n > 0 and k == 0))
    return lines


def _first_boundary(text: str) -> int | None:
    """Offset where a second sentence starts, or None: abbreviations do not end sentences."""
    abbreviations = _rules().words["abbreviations"]
    for m in _BOUNDARY.finditer(text):
        word = m.group(1).lower().lstrip(_OPENERS)
        if len(word) <= 1 or "." in word or word in abbreviations:
            continue
        return m.end()
    return None


def _prose_marks(text: str) -> bool:
    """Quotes or reporting words: the text is reported prose, never a caption."""
    if any(q in text for q in '"“”'):
        return True
    return not _rules().words["blockers"].isdisjoint(w.lower() for w in _WORD.findall(text))


def _date_caption_end(text: str) -> int | None:
    """End of an opening caption sentence closed by a date ("..., Syria, Dec. 5, 2016.")."""
    rules = _rules()
    m = rules.caption_date.search(text, 0, 600)  # captions are short: bound the search
    before = text[: m.start()].rsplit(None, 1)[-1:] if m is not None else []
    # "... on Friday, Dec. 9, 2016." is prose dating an event, not a caption.
    if m is None or not before or before[0].lower() in rules.words["weekdays"]:
        return None
    head = text[: m.end()]
    if _first_boundary(text[: m.start()]) is not None or _prose_marks(head):
        return None
    return m.end() if _words(head) <= rules.caption_max_words else None


def _is_present_caption(text: str) -> bool:
    """A one-sentence photo description in the present tense ("Syrian forces walk ...")."""
    rules = _rules()
    if _words(text) > rules.caption_max_words or not text[0].isupper():
        return False
    tokens = _WORD.findall(text)
    if _last_char(text) != "." or not tokens or tokens[0].lower() in rules.words["not_first"]:
        return False
    verb = any(
        tokens[i] in rules.words["verbs"]
        and tokens[i - 1].lower() not in rules.words["determiners"]
        for i in range(1, min(len(tokens), 8))
    )
    return verb and not _prose_marks(text) and _first_boundary(text) is None


def _boilerplate_reason(text: str) -> str | None:
    """Reason from the credit, caption and drop rules of the rule file, if any applies."""
    rules = _rules()
    words = _words(text)
    if words <= rules.credit_max_words:
        starts = [m.start() for p in rules.credit if (m := p.search(text)) is not None]
        if starts:
            caption = _words(text[: min(starts)].strip()) >= 4
            return "photo caption with credit" if caption else "photo credit"
    lowered = text.lower()
    for rule in rules.drops:
        if not rule.after_dateline and rule.applies(text, lowered, words):
            return rule.reason
    if words <= rules.caption_max_words and any(p.search(text) for p in rules.caption_start):
        return "photo caption"
    return None


def _mark_line(line: _Line, index: int, facts: meta.Facts) -> None:
    """Rules that need no context: headings, metadata, boilerplate, captions."""
    if meta.is_time_heading(line.text):
        line.heading = True
        return
    line.reason = meta.read_line(line.text, index, facts) or _boilerplate_reason(line.text)
    if line.reason is not None:
        return
    cut = _date_caption_end(line.text)
    if cut is not None:
        rest = line.text[cut:].strip()
        if not rest:
            line.reason = "photo caption"
            return
        line.cuts.append((line.text[:cut], "photo caption"))
        line.text = rest
    if _is_present_caption(line.text):
        line.reason = "photo caption"


def _mark_caption_pairs(lines: list[_Line]) -> None:
    """A caption printed twice, the second time with its credit; a caption above a credit."""
    for cur, nxt in zip(lines, lines[1:], strict=False):
        if not cur.kept or nxt.reason not in _CREDIT_REASONS:
            continue
        if nxt.reason == "photo caption with credit":
            if len(cur.text) >= 20 and nxt.text.casefold().startswith(cur.text.casefold()):
                cur.reason = "photo caption (repeated with credit)"
        elif not nxt.blank_before and _last_char(cur.text) == "." and _words(cur.text) <= 40 \
                and _first_boundary(cur.text) is None and not _prose_marks(cur.text):
            cur.reason = "photo caption (followed by credit)"


def _same_title(text: str, title: str) -> bool:
    """A line that prints the known title, maybe with a site name or small edits around it."""
    a, b = set(_norm(text).split()), set(_norm(title).split())
    common = len(a & b)
    return common >= 2 and common >= 0.6 * min(len(a), len(b))


def _choose_title(lines: list[_Line], header: list[int], anchors: list[int],
                  known: str | None) -> int | None:
    """Index of the title line: the header line nearest a date or byline line, else the first."""
    if known:
        return next((i for i in header if _same_title(lines[i].text, known)), None)
    if not header:
        return None
    pool = [i for i in header if _words(lines[i].text) >= TITLE_MIN_WORDS
            and not any(p.search(lines[i].text) for p in _rules().not_title)] or header
    if not anchors:
        return pool[0]
    near = sorted(set(anchors))

    def distance(i: int) -> int:
        k = bisect.bisect_left(near, i)
        return min(abs(i - a) for a in near[max(0, k - 1) : k + 1])

    best = min(pool, key=lambda i: (distance(i), i))
    at = pool.index(best)
    # Title, standfirst, then the date: the longer line right under a shorter one is the
    # standfirst, and the shorter one is the title; unless a navigation heading above makes
    # the lines a rail of headlines.
    rail = any(lines[j].reason == "navigation" for j in range(best))
    if at > 0 and not rail and header.index(pool[at - 1]) == header.index(best) - 1 \
            and _words(lines[pool[at - 1]].text) < _words(lines[best].text) \
            and _words(lines[pool[at - 1]].text) >= HEADLINE_ABOVE_MIN_WORDS:
        return pool[at - 1]
    return best


def _mark_title(lines: list[_Line], title_at: int) -> None:
    """Drop the title line and every line repeating it."""
    title = lines[title_at].text
    key = _norm(title)
    for line in lines:
        # Cheap length test first: only near-equal lengths can repeat the title.
        similar = line.kept and abs(len(line.text) - len(title)) <= 8
        if similar and (line is lines[title_at] or _norm(line.text) == key):
            line.reason = "title"


def _mark_header(lines: list[_Line], header: list[int], title_at: int | None,
                 facts: meta.Facts) -> None:
    """Classify the header lines around the title: labels, rails, standfirst, bare byline."""
    after = [i for i in header if lines[i].kept and (title_at is None or i > title_at)]
    if after and title_at is not None and header.index(after[0]) == header.index(title_at) + 1 \
            and _words(lines[after[0]].text) >= DECK_MIN_WORDS \
            and any(a > after[0] for a in facts.anchors):
        after.pop(0)  # title, standfirst, then byline or date: the standfirst stays
    for i in list(after):
        # "Jane Smith" right above or below a date line is a byline without "By".
        byline = meta.parse_byline("By " + lines[i].text) if 2 <= _words(lines[i].text) <= 4 \
            and (i - 1 in facts.anchors or i + 1 in facts.anchors) else None
        if byline is not None and byline.source is None and byline.when is None:
            lines[i].reason = "byline"
            facts.bylines.append(byline)
            after.remove(i)
    for i in header:
        line = lines[i]
        if not line.kept:
            continue
        if title_at is not None and i < title_at:
            line.reason = "site section label"
        elif len(after) >= 2 and i in after:
            line.reason = "navigation rail"
        elif i in after and _words(line.text) < DECK_MIN_WORDS:
            line.reason = "site section label"
        # else: a lone standfirst below the title stays as text.


def _label_runs(lines: list[_Line], start: int) -> list[tuple[list[int], str]]:
    """Runs of consecutive headline-like lines from `start` on, each with the kept line before.

    Headings break runs.
    """
    runs: list[tuple[list[int], str]] = [([], "")]
    previous = ""
    for i in range(start, len(lines)):
        line = lines[i]
        if line.reason is not None:
            continue
        if line.kept and _is_label(line.text):
            runs[-1][0].append(i)
            continue
        if runs[-1][0]:
            runs.append(([], ""))
        previous = line.text if line.kept else ""
        runs[-1] = ([], previous)
    return [run for run in runs if run[0]]


def _mark_body(lines: list[_Line], first: int, last: int) -> None:
    """Headline rails inside the body, crossheads, and the page footer after the last paragraph."""
    for run, before in _label_runs(lines, first):
        if run[0] > last:
            for i in run:
                lines[i].reason = "page footer"
        elif len(run) >= 2:
            # Short lines after "The boats were:" are a list, not a rail.
            if not (before.endswith(":") or lines[run[0]].text.endswith(":")):
                for i in run:
                    lines[i].reason = "related-headline rail"
        elif _words(lines[run[0]].text) <= CROSSHEAD_MAX_WORDS:
            lines[run[0]].heading = True


def _mark_zones(lines: list[_Line], facts: meta.Facts, known: str | None) -> str | None:
    """Split the page into header, body and footer; return the title line's text."""
    content = [i for i, ln in enumerate(lines) if ln.kept and (
        not _is_label(ln.text) or meta.find_dateline(ln.text, True) is not None)]
    first = content[0] if content else len(lines)
    last = content[-1] if content else len(lines)
    header = [i for i in range(first) if lines[i].kept]
    title_at = _choose_title(lines, header, facts.anchors, known)
    title = lines[title_at].text if title_at is not None else None
    if title_at is not None:
        _mark_title(lines, title_at)
    _mark_header(lines, header, title_at, facts)
    _mark_body(lines, first, last)
    return title


def _mark_repeats(lines: list[_Line]) -> None:
    """Drop the second and later copies of a paragraph."""
    seen: set[str] = set()
    for line in lines:
        if not line.kept:
            continue
        key = " ".join(line.text.casefold().split())
        if key in seen:
            line.reason = "repeated line"
        seen.add(key)


def _cut_dateline(lines: list[_Line]) -> meta.Dateline | None:
    """Cut the dateline ("BEIRUT (AP) —") from the start of one of the first paragraphs."""
    kept = [line for line in lines if line.kept][:3]
    for n, line in enumerate(kept):
        found = meta.find_dateline(line.text, first=n == 0)
        if found is not None:
            line.cuts.append((line.text[: found.end].strip(), "dateline"))
            line.text = line.text[found.end :]
            return found
    return None


def _mark_after_dateline(lines: list[_Line]) -> None:
    """Apply the rules that must see a first paragraph without its dateline."""
    late = [rule for rule in _rules().drops if rule.after_dateline]
    for line in [line for line in lines if line.kept][:3]:
        text = line.text.strip()
        reason = next((r.reason for r in late
                       if r.applies(text, text.lower(), len(text.split()))), None)
        if reason is not None:
            line.reason = reason


def _assemble(article_id: str, lines: list[_Line]
              ) -> tuple[str, tuple[Section, ...], tuple[Dropped, ...]]:
    """Join the kept lines; place each heading at the paragraph that follows it."""
    parts: list[str] = []
    sections: list[Section] = []
    dropped: list[Dropped] = []
    pending: list[str] = []
    offset = 0
    for line in lines:
        dropped.extend(Dropped(article_id, text, reason) for text, reason in line.cuts)
        if line.reason is not None:
            dropped.append(Dropped(article_id, line.text, line.reason))
        elif line.heading:
            pending.append(line.text)
        else:
            sections.extend(Section(offset, label) for label in pending)
            pending.clear()
            parts.append(line.text)
            offset += len(line.text) + 1
    dropped.extend(Dropped(article_id, label, "heading without text") for label in pending)
    return "\n".join(parts), tuple(sections), tuple(dropped)


# The one reason an article is skipped when cleaning leaves nothing: the brief, the cluster run
# and Spark all clean through `clean_all`, so they say the same thing.
EMPTY = "only boilerplate: no article text left after cleaning"


def clean_all(articles: Iterable[Article], settings: Settings | None = None
              ) -> Iterator[Article | InputRecord]:
    """Clean each article once: yield it cleaned, or a skipped record when nothing is left."""
    for article in articles:
        result = clean(article, settings)
        if result.text.strip():
            yield result
        else:
            yield InputRecord(article.origin, "skipped", EMPTY)


def clean(article: Article, settings: Settings | None = None) -> Article:
    """Drop boilerplate from a raw article and fill its metadata from the text."""
    del settings  # the stage signature; cleaning has no tunable setting yet
    lines = _split_lines(article.text)
    facts = meta.Facts()
    for index, line in enumerate(lines):
        _mark_line(line, index, facts)
    _mark_caption_pairs(lines)
    title = _mark_zones(lines, facts, article.title)
    _mark_repeats(lines)
    dateline = _cut_dateline(lines)
    _mark_after_dateline(lines)
    published, published_time, published_from, date_at = meta.published(article, facts)
    if date_at is not None and lines[date_at].reason == "date line":
        lines[date_at].reason = "publication date line"
    text, sections, dropped = _assemble(article.id, lines)
    if not sections and text == article.text:
        # Live-blog time headings leave the text as sections: an already clean article keeps
        # them, which makes clean idempotent (tests/test_clean.py); every stage cleans once.
        sections = article.sections
    return replace(
        article,
        text=text,
        title=article.title or title,
        source=meta.source(article, facts, dateline),
        published=published,
        published_time=published_time,
        published_from=published_from,
        dateline=article.dateline or (dateline.text if dateline else None),
        byline=article.byline or next((b.name for b in facts.bylines), None),
        sections=sections,
        dropped=article.dropped + dropped,
    )
