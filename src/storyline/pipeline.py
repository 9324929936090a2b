"""Build a `Brief` from articles: the pipeline as an ordered tuple of plain stage functions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .analyze import analyze
from .analyze.headline import headline
from .cite import citations_for
from .ingest.records import duplicate_reason
from .model import Article, Brief, Diagnostics, Dropped, InputRecord, SummarySentence, content_id
from .settings import Settings
from .summarize import build_summarizer
from .text.clean import clean_all
from .text.dedup import mark_duplicates
from .text.features import StoryFeatures, build_features
from .text.language import detect
from .text.segment import segment
from .text.topic import off_topic


def clean_articles(
    articles: Sequence[Article], settings: Settings
) -> tuple[list[Article], list[Dropped], dict[str, str]]:
    """Clean every article; return the kept ones, all dropped text, and why others were skipped."""
    kept: list[Article] = []
    dropped: list[Dropped] = []
    skipped: dict[str, str] = {}
    for item in clean_all(articles, settings):
        if isinstance(item, InputRecord):
            skipped[item.origin] = item.reason
        else:
            dropped.extend(item.dropped)
            # The brief lists dropped text once, in its diagnostics, not again per article.
            kept.append(replace(item, dropped=()))
    return kept, dropped, skipped


def prepare(articles: Sequence[Article]) -> StoryFeatures:
    """Segment every article and vectorize its sentences once."""
    return build_features(articles, [segment(a) for a in articles])


def select(story: StoryFeatures, settings: Settings, overflow: bool = False) -> list[int]:
    """Run the configured summarizer and return chosen sentence indices in reading order."""
    return build_summarizer(settings, overflow=overflow)(story, settings.words)


def summarize_story(story: StoryFeatures, settings: Settings) -> tuple[SummarySentence, ...]:
    """Return the cited summary of a prepared story."""
    out = []
    for i in select(story, settings):
        cites = citations_for(story, i, settings.support_threshold)
        out.append(SummarySentence(story.texts[i], cites))
    return tuple(out)


def build_brief(
    articles: Sequence[Article],
    inputs: Sequence[InputRecord] = (),
    settings: Settings | None = None,
    *,
    brief_id: str | None = None,
) -> Brief:
    """Clean, segment, summarize and analyze raw articles into one brief.

    `brief_id` names the brief (a cluster's own id); by default it is the hash of its articles'
    ids."""
    settings = settings or Settings()
    articles, inputs = read_once(articles, inputs)
    cleaned, dropped, skipped = clean_articles(articles, settings)
    return brief_cleaned(cleaned, _merge_records(inputs, skipped), dropped, settings,
                         brief_id=brief_id)


def brief_cleaned(
    articles: Sequence[Article],
    inputs: Sequence[InputRecord] = (),
    dropped: Sequence[Dropped] = (),
    settings: Settings | None = None,
    *,
    one_story: bool = True,
    brief_id: str | None = None,
) -> Brief:
    """Brief articles that are already cleaned (as the cluster run holds them): each article is
    cleaned once. Syndicated copies are marked here, so every caller treats them alike.

    `one_story=False` skips the off-topic check: the clusterer already grouped these articles
    into one story (and the brief's id then stays the story's)."""
    settings = settings or Settings()
    articles, inputs = read_once(articles, inputs)
    english, records = _english_only(articles, inputs)
    cleaned = list(mark_duplicates(english, settings))
    story = prepare(cleaned)
    notes: tuple[str, ...] = ()
    if one_story:
        cleaned, records, notes = _one_story(story, cleaned, records)
    if len(cleaned) != story.n_docs:
        story = prepare(cleaned)
    brief = Brief(
        id=brief_id or _story_id(cleaned),
        articles=tuple(cleaned),
        summary=summarize_story(story, settings) if cleaned else (),
        diagnostics=Diagnostics(tuple(records), tuple(dropped), notes),
        method=settings.method,
    )
    title, backing = headline(brief, story, settings)
    brief = replace(brief, title=title, title_articles=backing)
    if settings.analyze and cleaned:
        brief = analyze(brief, story, settings)
    return brief


def _story_id(articles: Sequence[Article]) -> str:
    """A story's id: the hash of its articles' ids (the clusterer's rule, cluster/stream.py)."""
    return content_id(*sorted(a.id for a in articles)) if articles else content_id("empty")


def read_once(articles: Sequence[Article], inputs: Sequence[InputRecord]
              ) -> tuple[Sequence[Article], Sequence[InputRecord]]:
    """Keep the first of articles with one id; each repeat's input becomes a skipped duplicate.

    `ingest` already reads a repeat once; this holds for articles made any other way (the
    Python API, Spark rows). A repeat takes over its own "used" record when it has one."""
    first: dict[str, Article] = {}
    repeats: list[InputRecord] = []
    for article in articles:
        if article.id in first:
            repeats.append(InputRecord(article.origin, "skipped",
                                       duplicate_reason(article, first[article.id].origin)))
        else:
            first[article.id] = article
    if not repeats:
        return articles, inputs
    records = list(inputs)
    spare = Counter(r.origin for r in records if r.status == "used")
    spare.subtract(a.origin for a in first.values())
    for repeat in repeats:
        at = [i for i, r in enumerate(records) if r.origin == repeat.origin and r.status == "used"]
        if at and spare[repeat.origin] > 0:
            records[at[-1]] = repeat
            spare[repeat.origin] -= 1
        else:
            records.append(repeat)
    return list(first.values()), records


def _one_story(story: StoryFeatures, articles: list[Article], inputs: Sequence[InputRecord]
               ) -> tuple[list[Article], list[InputRecord], tuple[str, ...]]:
    """Leave out articles that belong to none of the others; note when there are many stories."""
    lonely, stories = off_topic(story)
    if stories > 1:
        note = (f"these {len(articles)} articles look like {stories} stories, not one: use "
                "storyline cluster --brief to brief each story")
        return articles, list(inputs), (note,)
    if not lonely:
        return articles, list(inputs), ()
    why = {articles[d].origin: "off-topic: it shares too little with every other article to be "
           "the same story (it is left out of the brief)" for d in lonely}
    kept = [a for d, a in enumerate(articles) if d not in set(lonely)]
    return kept, _merge_records(inputs, why), ()


def _english_only(articles: Sequence[Article], inputs: Sequence[InputRecord]
                  ) -> tuple[list[Article], list[InputRecord]]:
    """Record each article's language; refuse the ones in a language not supported yet."""
    kept: list[Article] = []
    refused: dict[str, str] = {}
    for article in articles:
        language, _ = detect(article.text)
        if language not in (None, "en"):
            refused[article.origin] = (f"not supported yet: {language} (storyline reads English "
                                       "only so far; see the README's languages)")
        else:
            kept.append(replace(article, language=language))
    return kept, _merge_records(inputs, refused)


def _merge_records(inputs: Sequence[InputRecord], skipped: dict[str, str]) -> list[InputRecord]:
    # An input that ingest used but cleaning emptied is reported as skipped, with the reason.
    records = [
        replace(r, status="skipped", reason=skipped[r.origin])
        if r.status == "used" and r.origin in skipped
        else r
        for r in inputs
    ]
    known = {r.origin for r in inputs}
    records += [InputRecord(o, "skipped", why) for o, why in skipped.items() if o not in known]
    return records
