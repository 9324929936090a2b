"""Read an article's metadata from single lines of its text, for the cleaning stage.

Date lines ("Posted: Dec 09, 2016 2:53 PM"), bylines ("By VOA News December 08, 2016"),
outlet lines ("AP News"), copyright notices, datelines ("BEIRUT (AP) —") and live-blog time
headings ("9:45 p.m."). The words come from data files (metadata_en.toml, dates_en.toml,
outlets.toml); this module assembles them into patterns once, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ..model import Article
from ..resources import load_toml

# Metadata lines are short. Longer lines are never parsed: that keeps prose out and bounds the
# regex work on a huge one-line input. The longest metadata line in the seeds has 31 chars.
MAX_META_CHARS = 200
# Quoted lines in `published_from` are cut to this many characters (a copyright notice can
# run to a paragraph of legal text).
MAX_QUOTE_CHARS = 60

_DIGIT = re.compile(r"\d")
_NAME_TOKEN = r"[A-Z][\w'’.-]*"
_PLACE_TOKEN = r"[A-Z][A-Z'’.-]*[A-Z.]"


@dataclass(frozen=True, slots=True)
class When:
    """A date read from a line; `year` is None when the line has none ("Dec 10, 8:47 AM")."""

    year: int | None
    month: int
    day: int
    time: str | None = None  # HH:MM as printed (local to the outlet)
    label: str | None = None  # "posted", "updated"...

    def iso(self, year: int | None = None) -> str | None:
        """Return YYYY-MM-DD, with `year` filling a missing one; None if unknown or invalid."""
        chosen = self.year if self.year is not None else year
        if chosen is None:
            return None
        try:
            return date(chosen, self.month, self.day).isoformat()
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Byline:
    """A byline line: who wrote it, the outlet when named, and a date when it carries one."""

    name: str
    source: str | None
    when: When | None


@dataclass(frozen=True, slots=True)
class Copyright:
    """A copyright notice: its (latest) year and holder, and the notice as printed."""

    year: int | None
    holder: str | None
    notice: str


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline at the start of a paragraph ("BEIRUT (AP)") and where the prose begins."""

    text: str
    source: str | None
    end: int


@dataclass(frozen=True, slots=True)
class _Patterns:
    date_line: re.Pattern[str]
    byline: re.Pattern[str]
    copyright: re.Pattern[str]
    dateline: re.Pattern[str]
    agency_dateline: re.Pattern[str]
    time_heading: re.Pattern[str]
    clock: re.Pattern[str]
    name_split: re.Pattern[str]
    months: dict[str, int]
    revision_labels: frozenset[str]
    outlets: dict[str, str]
    agencies: dict[str, str]
    org_words: frozenset[str]
    roles: tuple[str, ...]
    kickers: frozenset[str]
    rights: str


def _alt(words: Iterable[str]) -> str:
    """Alternation of literal words, longest first so "december" is tried before "dec"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _date_pattern(page: dict[str, Any], dates: dict[str, Any]) -> str:
    """The date of a date line or byline, with groups m1/d1/y1, d2/m2/y2, y3/m3/d3/t3, t1/t2."""
    mon = _alt(dates["months"])
    weekday = _alt([*dates["weekdays"], *page["weekday_abbreviations"]])
    clock = page["clock"]
    zone = rf"(?:\s*\(?(?:{_alt(page['timezones'])})\b\)?)?"
    year = r"(?:19|20)\d\d\b"
    body = (
        rf"(?:(?:{weekday})\b\.?,?\s+)?(?:"
        rf"(?P<m1>{mon})\b\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>{year}))?"
        rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{mon})\b\.?(?:,?\s+(?P<y2>{year}))?"
        rf"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)"
        rf"(?:[T ](?P<t3>\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?)"
    )
    return (
        rf"(?:(?P<t1>{clock}){zone}\s*[,|·•-]?\s*)?{body}"
        rf"(?:\s*[,|·•–-]?\s*(?:at\s+)?(?P<t2>{clock}))?{zone}"
    )


def _byline_pattern(date_re: str, particles: Iterable[str]) -> str:
    """A byline: "By <names>[, <outlet>][ <date>]"; the date part is case-insensitive."""
    part = rf"(?:{_alt(particles)})\b"
    name = rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|{part})){{0,5}}"
    who = rf"{name}(?:\s*(?:,|\band\b|&)\s*{name}){{0,3}}"
    org = rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,5}}"
    return (
        rf"^(?i:by)\s+(?P<who>{who})(?:\s*[,|/–—-]\s*(?P<org>{org}))?"
        rf"(?:\s*[,|·–—-]?\s*(?i:{date_re}))?\s*$"
    )


def _dateline_pattern(months: Iterable[str]) -> str:
    """A dateline: "BEIRUT (AP) —", "LOS ANGELES, Calif. —", "BEIRUT, Dec 10 (Reuters) -"."""
    return (
        rf"^(?P<dl>(?P<place>{_PLACE_TOKEN}(?:\s{_PLACE_TOKEN}){{0,3}})"
        r"(?:,\s[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?"
        rf"(?:,\s(?i:{_alt(months)})\.?\s\d{{1,2}})?"
        r"(?:\s?\((?P<agency>[A-Za-z][\w .&/-]{0,30}?)\))?)"
        r"\s*(?:—|–|--|\s-)\s*(?=\S)"
    )


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    page, dates = load_toml("metadata_en.toml"), load_toml("dates_en.toml")
    outlets = load_toml("outlets.toml")
    date_re = _date_pattern(page, dates)
    labels = _alt(page["labels"])
    marks = "|".join(page["copyright_marks"])
    return _Patterns(
        date_line=re.compile(
            rf"^(?:(?P<label>{labels})\b\.?\s*(?:on\b|at\b)?\s*[:|–-]?\s*)?{date_re}\s*$", re.I
        ),
        byline=re.compile(_byline_pattern(date_re, outlets["name_particles"])),
        copyright=re.compile(
            rf"^(?:(?:{marks})\s*)+(?P<y1>(?:19|20)\d\d)?(?:\s*[-–]\s*(?P<y2>(?:19|20)\d\d))?"
            r"[\s,]*(?P<holder>[^.,|;©]{1,80})?",
            re.I,
        ),
        dateline=re.compile(_dateline_pattern(dates["months"])),
        # "Port Wenlow, England (CNN) A fire ...": any place, but a known agency.
        agency_dateline=re.compile(
            rf"^(?P<dl>(?P<place>{_NAME_TOKEN}(?:,?\s{_NAME_TOKEN}){{0,4}})"
            rf"\s?\((?P<agency>(?i:{_alt(outlets['agencies'])}))\))\s*(?:—|–|--|-\s)?\s*(?=\S)"
        ),
        time_heading=re.compile(
            rf"^(?:{page['time_heading']})(?:\s*\(?(?:{_alt(page['timezones'])})\b\)?)?$", re.I
        ),
        clock=re.compile(r"(\d{1,2})(?:[:.](\d\d))?(?:[:.]\d\d)?\s*(?:([ap])\.?\s?m\b)?", re.I),
        name_split=re.compile(r"\s*(?:,|\band\b|&)\s*"),
        months={k.lower(): int(v) for k, v in dates["months"].items()},
        revision_labels=frozenset(page["revision_labels"]),
        outlets={k.lower(): str(v) for k, v in outlets["outlets"].items()},
        agencies={k.lower(): str(v) for k, v in outlets["agencies"].items()},
        org_words=frozenset(outlets["org_words"]),
        roles=tuple(sorted(outlets["roles"], key=len, reverse=True)),
        kickers=frozenset(outlets["kickers"]),
        rights=str(page["rights_reserved"]),
    )


def _clock(text: str | None) -> str | None:
    """Read "2:53 PM" / "14:53" / "9 a.m." as HH:MM (24-hour); None when not a valid time."""
    if not text:
        return None
    m = _patterns().clock.match(text)
    if m is None:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    half = (m.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _when(m: re.Match[str], label: str | None) -> When | None:
    """Build a `When` from a match of the date pattern; None for an impossible date."""
    months = _patterns().months
    if m.group("m1"):
        month, day, year = months[m.group("m1").lower()], m.group("d1"), m.group("y1")
    elif m.group("m2"):
        month, day, year = months[m.group("m2").lower()], m.group("d2"), m.group("y2")
    else:
        month, day, year = int(m.group("m3")), m.group("d3"), m.group("y3")
    when = When(int(year) if year else None, month, int(day),
                _clock(m.group("t3") or m.group("t1") or m.group("t2")), label)
    # Validate day and month now (a leap year stands in when the year is missing).
    return when if when.iso(2000) is not None else None


def parse_date_line(line: str) -> When | None:
    """Read a line that is only a date ("Posted: Dec 09, 2016 2:53 PM"); None otherwise."""
    if len(line) > MAX_META_CHARS or _DIGIT.search(line) is None:
        return None
    m = _patterns().date_line.match(line)
    if m is None:
        return None
    label = m.group("label")
    return _when(m, " ".join(label.lower().split()) if label else None)


def parse_byline(line: str) -> Byline | None:
    """Read a byline ("By Jane Smith, Associated Press", "By VOA News December 08, 2016")."""
    if len(line) > MAX_META_CHARS or line[:3].lower() != "by ":
        return None
    m = _patterns().byline.match(line)
    if m is None:
        return None
    who, tail = _split_outlet(m.group("who").strip(" ,"))
    org = m.group("org") or tail
    source = _outlet_of(org) if org else None
    if _is_org(who):
        source = source or _outlet_of(who)
    elif who.isupper() and len(who) > 3:
        who = who.title()  # "JANE SMITH" in AP house style
    if not who:
        return None
    when = _when(m, "byline") if (m.group("m1") or m.group("m2") or m.group("y3")) else None
    return Byline(who, source, when)


def _strip_roles(name: str) -> str:
    """Remove trailing job titles: "Associated Press Writer" -> "Associated Press"."""
    roles = _patterns().roles
    changed = True
    while changed and name:
        changed = False
        for role in roles:
            if name.lower() == role:
                return ""
            if name.lower().endswith(" " + role):
                name, changed = name[: -len(role) - 1].rstrip(" ,"), True
                break
    return name


def _split_outlet(who: str) -> tuple[str, str | None]:
    """Split a trailing outlet off a byline name: "JANE SMITH, Associated Press Writer"."""
    outlets = _patterns().outlets
    parts = [p for p in _patterns().name_split.split(who) if p]
    last = _strip_roles(parts[-1]) if parts else ""
    if len(parts) > 1 and (not last or last.lower() in outlets):
        return who[: who.rfind(parts[-1])].rstrip(" ,&").removesuffix(" and"), parts[-1]
    tokens = _strip_roles(who).split()
    for k in range(1, len(tokens)):
        if " ".join(tokens[k:]).lower() in outlets:
            return " ".join(tokens[:k]), " ".join(tokens[k:])
    return who, None


def _is_org(name: str) -> bool:
    words = name.lower().split()
    return bool(words) and (name.lower() in _patterns().outlets
                            or words[-1] in _patterns().org_words)


def _outlet_of(name: str) -> str | None:
    """The source named by an outlet or agency name, roles removed; None for a bare role."""
    bare = _strip_roles(" ".join(name.split()).strip(" .,"))
    if not bare:
        return None
    return _patterns().outlets.get(bare.lower(), bare)


def outlet_name(line: str) -> str | None:
    """Return the outlet a line names when the line is only a known outlet name ("AP News")."""
    if len(line) > MAX_META_CHARS:
        return None
    return _patterns().outlets.get(" ".join(line.lower().split()).strip(" .|"))


def parse_copyright(line: str) -> Copyright | None:
    """Read a copyright notice ("© 2016 The Associated Press. All rights reserved.")."""
    m = _patterns().copyright.match(line[:MAX_META_CHARS * 4])
    if m is None:
        return None
    year = m.group("y2") or m.group("y1")
    # "Copyright lawyers said ..." is prose: the bare word needs a year or the rights phrase.
    if year is None and line[:1].isalpha() and _patterns().rights not in line.lower():
        return None
    holder = " ".join((m.group("holder") or "").split())
    trailing = re.search(r"\s((?:19|20)\d\d)$", holder)  # "© Harbour Gazette 2016"
    if trailing:
        year, holder = year or trailing.group(1), holder[: trailing.start()]
    if holder.lower().startswith(_patterns().rights) or not any(c.isalpha() for c in holder):
        holder = ""
    notice = " ".join(m.group(0).split()).rstrip(" ,")
    source = _patterns().outlets.get(holder.lower(), holder) if holder else None
    return Copyright(int(year) if year else None, source, notice)


def find_dateline(paragraph: str, first: bool) -> Dateline | None:
    """Find a dateline opening a paragraph; without an agency only in the first paragraph."""
    head = paragraph[:MAX_META_CHARS]
    m = _patterns().dateline.match(head) or _patterns().agency_dateline.match(head)
    if m is None:
        return None
    place, agency = m.group("place"), m.group("agency")
    if place.lower() in _patterns().kickers:
        return None
    if agency is None and (not first or sum(c.isalpha() for c in place) < 3):
        return None
    source = _patterns().agencies.get(agency.strip().lower()) if agency else None
    return Dateline(" ".join(m.group("dl").split()), source, m.end())


def is_time_heading(line: str) -> bool:
    """Return True for a line that is only a clock time: a live-blog heading ("9:45 p.m.")."""
    return len(line) <= 24 and _patterns().time_heading.match(line) is not None


def url_year(url: str | None) -> int | None:
    """Return the year in a dated URL path ("/2016/12/09/..."), if any."""
    m = re.search(r"/((?:19|20)\d\d)/(?:[01]?\d/)?", url or "")
    return int(m.group(1)) if m else None


def quote(line: str) -> str:
    """Quote a line for `published_from`, shortened when long."""
    short = line if len(line) <= MAX_QUOTE_CHARS else line[: MAX_QUOTE_CHARS - 1] + "…"
    return f'"{short}"'


@dataclass(slots=True)
class Facts:
    """What the metadata lines of one page say, collected while its lines are read."""

    dates: list[tuple[When, str]] = field(default_factory=list)  # with the line they came from
    date_lines: list[int] = field(default_factory=list)  # line index of each date
    anchors: list[int] = field(default_factory=list)  # date and byline lines: near the title
    outlets: list[str] = field(default_factory=list)
    bylines: list[Byline] = field(default_factory=list)
    copyrights: list[Copyright] = field(default_factory=list)


def read_line(text: str, index: int, facts: Facts) -> str | None:
    """Recognise a metadata line, record what it says, and return why it leaves the text."""
    when, byline = parse_date_line(text), parse_byline(text)
    if when is not None or byline is not None:
        facts.anchors.append(index)
        when = when or (byline.when if byline else None)
        if when is not None:
            facts.dates.append((when, text))
            facts.date_lines.append(index)
        if byline is None:
            return "date line"
        facts.bylines.append(byline)
        return "byline"
    outlet = outlet_name(text)
    if outlet is not None:
        facts.outlets.append(outlet)
        return "outlet line"
    notice = parse_copyright(text)
    if notice is not None:
        facts.copyrights.append(notice)
        return "copyright notice"
    return None


def published(
    article: Article, facts: Facts
) -> tuple[str | None, str | None, str | None, int | None]:
    """Publication date, time, where they came from, and the date line's index.

    Metadata wins. Otherwise date lines are taken in page order, revisions ("Updated ...")
    last; a line without a year takes one from a copyright notice, the URL or another date
    line, and `published_from` says so.
    """
    if article.published:
        where = article.published_from or "metadata"
        return article.published, article.published_time, where, None
    years = [(c.year, f"copyright {quote(c.notice)}") for c in facts.copyrights if c.year]
    if url_year(article.url) is not None:
        years.append((url_year(article.url) or 0, "the url"))
    years += [(w.year, f"line {quote(t)}") for w, t in facts.dates if w.year is not None]
    revision = _patterns().revision_labels
    order = sorted(range(len(facts.dates)), key=lambda i: (facts.dates[i][0].label in revision, i))
    for i in order:
        when, line = facts.dates[i]
        if when.iso() is not None:
            return when.iso(), when.time, f"line {quote(line)}", facts.date_lines[i]
        for year, where in years:
            if when.iso(year) is not None:
                where = f"line {quote(line)}, year from {where}"
                return when.iso(year), when.time, where, facts.date_lines[i]
    return None, None, None, None


def source(article: Article, facts: Facts, dateline: Dateline | None) -> str | None:
    """The outlet: metadata, an outlet line, a byline, a copyright holder, a dateline agency."""
    found = [
        article.source,
        *facts.outlets,
        *(b.source for b in facts.bylines),
        *(c.holder for c in facts.copyrights),
        dateline.source if dateline else None,
    ]
    return next((s for s in found if s), None)
