"""Acceptance on the canonical input: the five real reports in ../shared/seeds.

The seeds are read at test time and never copied into the repository; tests name their content
by a few keywords only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import lru_cache

import pytest
from helpers import ROOT, SEEDS

from storyline.ingest import ingest
from storyline.model import Brief
from storyline.pipeline import build_brief
from storyline.settings import Settings
from storyline.text.features import tokens
from storyline.text.segment import segment

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS} (../shared beside the repo)"
)

BOILERPLATE = ("Send in e-mail", "Credit:", "Search AP News", "UNITED24", "All rights reserved",
               "contributed", "mailing list", "Latest Syria News")

# Seed file prefix -> words its title must contain, and the publication date (None: unknown).
EXPECTED = {
    "000": (("Latest", "Kerry", "Aleppo"), "2016-12-09"),
    "001": (("Assad", "Kerry", "Absolute Destruction"), None),
    "002": (("Kerry", "diplomats", "opposition"), "2016-12-10"),
    "003": (("truce", "Aleppo", "regime"), None),
    "004": (("Kerry", "Hopeful", "Ceasefire"), "2016-12-08"),
}


@lru_cache(maxsize=1)
def seed_brief() -> Brief:
    settings = Settings()
    found = ingest([str(SEEDS)], settings)
    return build_brief(found.articles, found.inputs, settings)


def by_prefix(brief: Brief) -> dict[str, int]:
    return {a.origin.rsplit("/", 1)[-1][:3]: n for n, a in enumerate(brief.articles)}


def test_all_five_seeds_are_used() -> None:
    brief = seed_brief()
    assert len(brief.articles) == 5
    assert all(r.status == "used" for r in brief.diagnostics.inputs)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_title_and_publication_date(prefix: str) -> None:
    brief = seed_brief()
    art = brief.articles[by_prefix(brief)[prefix]]
    words, published = EXPECTED[prefix]
    assert art.title is not None
    for word in words:
        assert word in art.title, (word, art.title)
    # The title is a headline, not a body sentence or a rail: short and on one line.
    assert "\n" not in art.title and len(art.title.split()) <= 16
    assert art.published == published
    if published:
        assert art.published_from, "a found date says where it came from"


def test_no_boilerplate_in_summary_or_article_text() -> None:
    brief = seed_brief()
    assert brief.summary
    for fragment in BOILERPLATE:
        for sent in brief.summary:
            assert fragment not in sent.text, fragment
        for art in brief.articles:
            assert fragment not in art.text, (fragment, art.origin)
    # What was dropped is kept, with reasons, in the diagnostics.
    assert len(brief.diagnostics.dropped) >= 10
    assert all(d.reason for d in brief.diagnostics.dropped)


def test_every_citation_span_matches_its_summary_sentence() -> None:
    brief = seed_brief()
    for sent in brief.summary:
        spans = [brief.article(c.article).text[c.start:c.end] for c in sent.citations]
        assert sent.text in spans, "the sentence's own source span is cited verbatim"
        words = set(tokens(sent.text))
        for span in spans:
            shared = len(words & set(tokens(span))) / max(1, len(words))
            assert shared >= 0.4, (sent.text, span)


def near_copies(brief: Brief, text: str) -> set[str]:
    """Articles carrying `text` verbatim or lightly rewritten (>= 80% of its words, in a row)."""
    words = set(tokens(text))
    found = set()
    for art in brief.articles:
        for sent in segment(art):
            other = set(tokens(art.text[sent.start:sent.end]))
            if len(words & other) >= 0.8 * max(len(words), len(other)):
                found.add(art.id)
    return found


def test_a_syndicated_sentence_cites_every_outlet_that_carries_it() -> None:
    brief = seed_brief()
    syndicated = 0
    for sent in brief.summary:
        carriers = near_copies(brief, sent.text)
        cited = {c.article for c in sent.citations}
        assert carriers <= cited, sent.text
        syndicated += len(carriers) > 1
    assert syndicated >= 1, "the seeds share sentences across outlets; one should be summarized"


def test_citations_name_distinct_articles_and_sentences_are_not_repeated() -> None:
    brief = seed_brief()
    texts = [s.text for s in brief.summary]
    assert len(texts) == len(set(texts))
    for sent in brief.summary:
        articles = [c.article for c in sent.citations]
        assert len(articles) == len(set(articles))
    assert sum(len(t.split()) for t in texts[:-1]) < Settings().words


def test_two_runs_give_byte_identical_json() -> None:
    def run() -> bytes:
        proc = subprocess.run(
            [sys.executable, "-m", "storyline", "brief", str(SEEDS), "--format", "json"],
            capture_output=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")}, timeout=120,
        )
        assert proc.returncode == 0, proc.stderr.decode()
        return proc.stdout

    first, second = run(), run()
    assert first == second
    data = json.loads(first)
    assert data["summary"] and data["articles"]
