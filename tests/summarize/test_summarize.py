from __future__ import annotations

import pytest
from helpers import story
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.cite import citations_for
from storyline.errors import SettingsError
from storyline.summarize import METHOD_NAMES, get_summarizer
from storyline.text.features import word_count

A = (
    "A fire destroyed a grain warehouse at the port of Port Caldera on Tuesday night.\n"
    "Fire chief Tomas Bell said two dozen firefighters fought the blaze for six hours.\n"
    "The warehouse was built in 1987 and stored wheat for export to three countries.\n"
    "Residents living near the docks were told to keep their windows closed overnight."
)
B = (
    "Fire chief Tomas Bell said two dozen firefighters fought the blaze for six hours.\n"
    "Port officials estimated the damage at $4.5 million and closed two berths for repairs.\n"
    "A fire destroyed a grain warehouse at the port of Port Caldera late on Tuesday night."
)
C = (
    "The mayor praised the crews and promised an inquiry into the cause of the fire.\n"
    "A fire destroyed a grain warehouse at the port of Port Caldera on Tuesday night, "
    "officials said."
)


@pytest.mark.parametrize("name", METHOD_NAMES)
def test_every_method_respects_budget_and_order(name: str) -> None:
    feats = story(A, B, C)
    chosen = get_summarizer(name)(feats, 40)
    assert chosen, name
    assert sum(word_count(feats.texts[i]) for i in chosen) <= 40
    assert len(set(chosen)) == len(chosen)


def test_storyline_prefers_content_carried_by_several_sources() -> None:
    feats = story(A, B, C)
    chosen = get_summarizer("storyline")(feats, 20)
    texts = [feats.texts[i] for i in chosen]
    assert any("grain warehouse" in t for t in texts), texts


def test_no_two_near_identical_sentences() -> None:
    feats = story(A, B, C)
    chosen = get_summarizer("storyline")(feats, 200)
    sim = feats.similarity()
    for a in chosen:
        for b in chosen:
            if a != b:
                assert sim[a, b] < 0.9, (feats.texts[a], feats.texts[b])


def test_syndicated_sentence_cites_every_outlet() -> None:
    feats = story(A, B, C)
    i = feats.texts.index(
        "Fire chief Tomas Bell said two dozen firefighters fought the blaze for six hours."
    )
    cites = citations_for(feats, i, 0.6)
    assert {c.article for c in cites} == {feats.articles[0].id, feats.articles[1].id}
    for c in cites:
        art = next(a for a in feats.articles if a.id == c.article)
        assert art.text[c.start : c.end].startswith("Fire chief Tomas Bell")


def test_unknown_method_names_the_choices() -> None:
    with pytest.raises(SettingsError, match="lexrank"):
        get_summarizer("nope")


VOCAB = ["fire", "port", "crew", "chief", "wheat", "grain", "mayor", "dock"]
words_st = st.lists(st.sampled_from(VOCAB),
                    min_size=6, max_size=14)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(words_st, min_size=1, max_size=5), min_size=1, max_size=4),
       st.integers(min_value=5, max_value=120), st.sampled_from(METHOD_NAMES))
def test_budget_always_holds(docs: list[list[list[str]]], budget: int, name: str) -> None:
    texts = ["\n".join(" ".join(s).capitalize() + "." for s in doc) for doc in docs]
    feats = story(*texts)
    chosen = get_summarizer(name)(feats, budget)
    assert sum(word_count(feats.texts[i]) for i in chosen) <= budget
    for i in chosen:
        for c in citations_for(feats, i, 0.6):
            art = next(a for a in feats.articles if a.id == c.article)
            assert 0 <= c.start < c.end <= len(art.text)
