from __future__ import annotations

from helpers import article
from hypothesis import given
from hypothesis import strategies as st

from storyline.text.segment import segment

TRICKY = (
    "U.S. Secretary of State Dana Whitfield spoke in Port Caldera on Friday. "
    "Maj. Gen. Oren Vasko said the fire was out by 11:30 p.m. Friday. "
    "The council met at 5 p.m. ET on Tuesday. "
    '"We are safe. The port is not," the mayor said. '
    "Sen. Ruth Alder ranked No. 2 on the list."
)


def texts(art_text: str) -> list[str]:
    art = article(art_text)
    return [s.text(art) for s in segment(art)]


def test_news_abbreviations_do_not_split() -> None:
    got = texts(TRICKY)
    assert len(got) == 5, got
    assert got[1] == "Maj. Gen. Oren Vasko said the fire was out by 11:30 p.m. Friday."
    assert got[2] == "The council met at 5 p.m. ET on Tuesday."
    assert got[3].startswith('"We are safe. The port is not,"')


def test_paragraph_numbers_and_indices() -> None:
    art = article("First one here. Second one here.\nThird in paragraph two.")
    sents = segment(art)
    assert [s.paragraph for s in sents] == [0, 0, 1]
    assert [s.index for s in sents] == [0, 1, 2]


def test_empty_text_gives_no_sentences() -> None:
    assert segment(article("")) == ()
    assert segment(article("\n\n  \n")) == ()


@given(st.text(alphabet=st.sampled_from("ab .!?\n\"'U.S"), max_size=200))
def test_offsets_round_trip(text: str) -> None:
    art = article(text)
    sents = segment(art)
    for sent in sents:
        piece = art.text[sent.start : sent.end]
        assert piece == piece.strip() and piece
        assert "\n" not in piece
    starts = [s.start for s in sents]
    assert starts == sorted(starts)
    for a, b in zip(sents, sents[1:], strict=False):
        assert a.end <= b.start
