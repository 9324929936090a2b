"""Speakers of quotes on fictional Port Caldera reports: split quotes, pronouns and gender,
"quoted as saying", titles after "said", clause quotes, colons, paragraph continuations and
display names."""

from __future__ import annotations

from helpers import story

from storyline.analyze.quotes import quotes
from storyline.model import Brief, Quote
from storyline.settings import Settings

SETTINGS = Settings()


def run(*texts: str) -> tuple[Quote, ...]:
    feats = story(*texts)
    return quotes(Brief(id="t", articles=feats.articles, summary=()), feats, SETTINGS)


def speaker(found: tuple[Quote, ...], keyword: str) -> str | None:
    hits = [q for q in found if keyword in q.text]
    assert len(hits) == 1, (keyword, [q.text for q in found])
    return hits[0].speaker


def test_quote_after_the_attribution_sentence_keeps_its_speaker() -> None:
    found = run('PORT CALDERA _ The harbour stays shut.\n"The pier will reopen," said Mara '
                'Quell, the port director, as she left a long meeting of the harbour board. '
                '"We have no other choice."')
    assert speaker(found, "no other choice") == "Mara Quell"


def test_quote_after_a_reporting_sentence_takes_its_subject() -> None:
    found = run('Greta Holm, 52, runs a fish stall by the quay. "Prices doubled," Holm said. '
                'She said she had sold nothing since Monday. "I will close in March."')
    assert speaker(found, "close in March") == "Greta Holm"


def test_she_is_never_given_to_a_man() -> None:
    found = run("Councillor Anna Verhoek met the mayor on Monday.\n"
                "Thomas Brenner said the bridge would have to wait.\n"
                '"We cannot pay for it this year," she said.')
    assert speaker(found, "cannot pay") == "Anna Verhoek"


def test_he_skips_a_name_inside_a_quote() -> None:
    found = run('"Mayor Anna Verhoek has let us down," the harbour master said on Monday.\n'
                '"The pier should have been repaired years ago," he said.\n'
                "Oskar Lindqvist has been harbour master since 1990.")
    assert speaker(found, "years ago") != "Anna Verhoek"


def test_they_said_stays_unnamed() -> None:
    found = run('Oskar Lindqvist met the dock workers. "We want our jobs back," they said.')
    assert speaker(found, "jobs back") is None


def test_was_quoted_as_saying() -> None:
    found = run('"The dam will hold through the winter," Oskar Lindqvist was quoted as saying '
                "by the Caldera Herald.")
    assert speaker(found, "dam will hold") == "Oskar Lindqvist"


def test_outlet_quoted_him_as_saying_gives_him_not_the_outlet() -> None:
    found = run("Oskar Lindqvist said the dam was safe.\n"
                '"It will hold through the winter," the Caldera Herald quoted him as saying.')
    assert speaker(found, "through the winter") == "Oskar Lindqvist"


def test_title_and_organisation_after_said() -> None:
    found = run('"No ship will leave tonight," said Port Authority spokesman Piet Maalen.\n'
                '"The storm is too strong," said former Deputy Prime Minister Ilse Brandt.')
    assert speaker(found, "No ship") == "Piet Maalen"
    assert speaker(found, "storm is too strong") == "Ilse Brandt"


def test_description_then_name_after_said() -> None:
    found = run('"She had worked there for thirty years," said her neighbour, Greta Holm.')
    assert speaker(found, "thirty years") == "Greta Holm"


def test_quote_as_a_clause_and_a_participle() -> None:
    found = run("Senator Ruud Kessel, of the Harbour Party, called the plan "
                '"a gift to the developers," adding, "We will vote against it in the spring."')
    assert speaker(found, "gift to the developers") == "Ruud Kessel"
    assert speaker(found, "vote against it") == "Ruud Kessel"


def test_clause_quote_after_an_opinion_verb() -> None:
    found = run('Ilse Brandt affirmed "the right of every fisherman to a fair price."')
    assert speaker(found, "fair price") == "Ilse Brandt"


def test_colon_introduces_the_quote() -> None:
    found = run('Piet Maalen put it this way: "Nobody leaves the harbour tonight."')
    assert speaker(found, "Nobody leaves") == "Piet Maalen"


def test_quote_left_open_continues_in_a_reopened_paragraph() -> None:
    found = run('"We will rebuild the pier," said Hanne Solberg, the harbour engineer. '
                '"It will take a year\n"The money is already there, and the crews are ready."')
    assert speaker(found, "money is already there") == "Hanne Solberg"


def test_passive_said_is_no_attribution() -> None:
    found = run('The festival falls on the first frost, a day some fishermen are said to call '
                '"the day the nets come home to rest."')
    assert speaker(found, "nets come home") is None


def test_verb_followed_by_to_is_not_speech() -> None:
    found = run('Mara Quell continued to run the harbour, which one sailor called "a small '
                'kingdom of rope and tar."')
    assert speaker(found, "kingdom of rope") != "Mara Quell"


def test_surname_is_the_person_just_introduced() -> None:
    found = run("Teodor Varga, the minister, visited the port. Varga said the budget was set. "
                "Varga spoke for an hour.\n"
                "Miklos Varga, 40, who bakes bread by the quay, said prices had risen.\n"
                '"Flour costs twice what it did," Varga said.')
    assert speaker(found, "Flour costs") == "Miklos Varga"


def test_display_name_is_the_most_widely_written_full_form() -> None:
    texts = [f'"The nets are empty," said Marten Oyelaran, a fisherman. Report {n}.'
             for n in range(3)]
    texts.append('"The nets are empty," said Marten Oyelarann, a fisherman of the quay.')
    found = run(*texts)
    assert speaker(found, "nets are empty") == "Marten Oyelaran"
