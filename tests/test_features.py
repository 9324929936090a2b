"""The story's token index (numpy, integer ids) agrees with the plain per-sentence definitions."""

from __future__ import annotations

from helpers import story
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.features import KEY_BYTES, content_terms, stem, tokens, word_count

# Words that sort differently from their first KEY_BYTES bytes alone (the fallback sort), plus
# everyday ones, numbers, a stopword, inflections and a possessive.
LONG = "x" * KEY_BYTES
WORDS = [
    f"{LONG}b", f"{LONG}a", f"{LONG}", "harbour", "harbours", "the", "ferry", "ferries",
    "Ferry's", "12", "3.5", "u.s.", "don't", "a", "Quay", "quays", "collapsed", "collapsing",
]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(
    lambda ws: " ".join(ws) + "."
)


def check_index(*texts: str) -> None:
    feats = story(*texts)
    index = feats.token_index()
    for i, text in enumerate(feats.texts):
        assert feats.terms[i] == tuple(content_terms(text))
        assert int(index.words[i]) == word_count(text)
    # Stems are numbered in sorted string order, over every kept token of the story.
    expected = {stem(t) for text in feats.texts for t in tokens(text)}
    assert list(index.stems) == sorted(expected)
    assert [index.stems[s] for s in index.stem_ids.tolist()] == [
        stem(t) for text in feats.texts for t in tokens(text)
    ]
    terms = {t for ts in feats.terms for t in ts}
    assert set(feats.idf) == terms and list(index.columns) == sorted(terms)
    assert all(value > 0 for value in feats.idf.values())


def test_long_words_alike_in_their_first_key_bytes_sort_as_strings() -> None:
    check_index(f"The {LONG}b and the {LONG}a met the {LONG} at the quay.\nQuays {LONG}ab.")


def test_words_split_on_unicode_spaces_and_curly_quotes() -> None:
    check_index("Ferry\u00a0crews\u2009said “the quay’s gates” held.\nThe harbour\u3000reopened.")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(sentence, min_size=1, max_size=4), min_size=1, max_size=3))
def test_index_matches_the_plain_definitions(docs: list[list[str]]) -> None:
    check_index(*["\n".join(d) for d in docs])
