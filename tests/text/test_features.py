"""The story's token index (numpy, integer ids) agrees with the plain per-sentence definitions."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from helpers import story
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.text.features import (
    CONTENT,
    DROPPED,
    KEY_BYTES,
    OTHER,
    STOPWORD,
    _Lexicon,
    _token_bytes,
    content_terms,
    forget_words,
    stem,
    stopwords,
    tokens,
    word_count,
)

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


def _expected_kind(word: str) -> int:
    if word in stopwords():
        return STOPWORD if len(word) > 1 or word.isdigit() else DROPPED
    if len(word) > 1:
        return CONTENT
    return OTHER if word.isdigit() else DROPPED


def _check_lexicon(lexicon: _Lexicon, words: list[str]) -> None:
    ids = lexicon.ids([w.encode() for w in words])
    assert len(set(lexicon.values())) == len(lexicon)  # one id per token
    for word, number in zip(words, ids.tolist(), strict=True):
        assert lexicon[word.encode()] == number
        assert lexicon.stems[int(lexicon.stem_of[number])] == stem(word)
        assert int(lexicon.kind_of[number]) == _expected_kind(word)
        key = lexicon.stem_key[int(lexicon.stem_of[number])]
        assert key == stem(word).encode()[:KEY_BYTES]


@given(st.lists(st.lists(st.sampled_from([w.lower() for w in WORDS] + ["7", "x", "in"]))))
@settings(max_examples=40, deadline=None)
def test_lexicon_learns_batches_as_the_plain_definitions(batches: list[list[str]]) -> None:
    lexicon = _Lexicon()
    seen: list[str] = []
    for batch in batches:  # new and known words mixed, repeats within a batch
        _check_lexicon(lexicon, batch)
        seen += batch
    _check_lexicon(lexicon, seen)  # ids are stable once learned


def test_lexicon_grows_past_its_first_arrays_and_across_threads() -> None:
    lexicon = _Lexicon()
    start = len(lexicon.stem_of)
    words = [f"w{k}ings" for k in range(3 * start)]  # every word is a new stem too
    chunks = [words[k::4] + words[: start // 2] for k in range(4)]  # threads overlap
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda chunk: lexicon.ids([w.encode() for w in chunk]), chunks))
    assert len(lexicon) == len(words) and len(lexicon.stem_of) > start
    assert sorted(lexicon.values()) == list(range(len(words)))
    _check_lexicon(lexicon, words)
    assert lexicon[b"brandnewword"] == len(words)  # a single lookup learns too


@given(st.lists(st.text(alphabet="ab’'. \n\tİΣς1", max_size=12), max_size=6))
@settings(max_examples=200, deadline=None)
def test_token_bytes_match_the_tokens_of_each_text(texts: list[str]) -> None:
    flat, sentence, words = _token_bytes(texts)
    expected = [(t.encode(), k) for k, text in enumerate(texts) for t in tokens(text)]
    assert list(zip(flat, sentence.tolist(), strict=True)) == expected
    assert words.tolist() == [word_count(t) for t in texts]


def test_forgotten_words_are_learned_again_the_same_way() -> None:
    first = story("Ferries sailed past the quays.", "The ferry sailed again.")
    forget_words()
    again = story("Ferries sailed past the quays.", "The ferry sailed again.")
    assert again.index.stems == first.index.stems
    assert again.vectors.tobytes() == first.vectors.tobytes()
