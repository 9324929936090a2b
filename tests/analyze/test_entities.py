"""Entities: people, organisations and places, typed and merged across spellings and sources.

Every snippet is fictional (Port Caldera); the few real names used (Russia, the Islamic State
group, the U.N.) are gazetteer entries, never seed text.
"""

from __future__ import annotations

import pytest
from helpers import story

from storyline.analyze import entities as E
from storyline.model import Brief, Entity
from storyline.render import sections
from storyline.settings import Settings

SETTINGS = Settings()


def found(*texts: str) -> tuple[Entity, ...]:
    """The merged entities of one article per text."""
    return E.index(story(*texts), SETTINGS).entities


def named(entities: tuple[Entity, ...], variant: str) -> Entity:
    """The one entity listing `variant` among its spellings."""
    hits = [e for e in entities if variant in e.variants]
    assert len(hits) == 1, [(e.name, e.variants) for e in entities]
    return hits[0]


# --- types --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Harbour master Ines Okafor said the quay was closed.", "Ines Okafor", "person"),
        ("The Port Caldera Fire and Rescue Service sent six engines.",
         "Port Caldera Fire and Rescue Service", "org"),
        ("The Ministry of Transport said the ferry would sail.", "Ministry of Transport", "org"),
        ("The Harbour Board of Port Caldera met late.", "Harbour Board of Port Caldera", "org"),
        ("Crews came from Marlow Bay and Kestrel Point overnight.", "Kestrel Point", "place"),
        ("Ferries from Geneva were delayed.", "Geneva", "place"),
        ("It was the worst fire since World War II, the mayor said.", "World War II", "other"),
        ("The U.N. High Commissioner for Human Rights called for calm.",
         "U.N. High Commissioner for Human Rights", "org"),
        ("The state-owned newspaper al-Sahil printed the list.", "al-Sahil", "org"),
    ],
)
def test_types(text: str, name: str, kind: str) -> None:
    ent = named(found(text), name)
    assert (ent.name, ent.type) == (name, kind)


def test_organisation_names_keep_and_and_of() -> None:
    names = {e.name for e in found(
        "The Port Caldera Fire and Rescue Service and the Bank of Marlow gave funds.")}
    assert "Port Caldera Fire and Rescue Service" in names
    assert "Bank of Marlow" in names
    assert "Rescue Service" not in names and "Marlow" not in names


def test_title_and_honorific_are_not_part_of_the_name() -> None:
    names = {e.name for e in found("Fire Chief Tomas Reyes and Mrs. Lena Brandt arrived.")}
    assert {"Tomas Reyes", "Lena Brandt"} <= names


def test_no_noise_from_titles_numerals_and_name_parts() -> None:
    names = {e.name for e in found(
        'The harbour master called it the worst "since World War II itself."',
        "Fighters of the Islamic State group attacked a convoy near Port Caldera.",
        "The U.N. High Commissioner for Human Rights called for calm.")}
    assert not names & {"II", "State", "High Commissioner", "Human Rights"}
    assert {"World War II", "Islamic State", "Port Caldera"} <= names


# --- merging ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Fire chief Sergey Okafor spoke on Friday.", "Fire chief Sergei Okafor spoke later."),
        ("Mayor Bashar Haddad visited the quay.", "Mayor Bashar al-Haddad said it would reopen."),
        ("Envoy Staffan de Vries arrived in Port Caldera.", "Envoy Stefan de Vries left."),
        ("Harbour master Anja Petrovic spoke.", "Harbour master Anya Petrovic spoke again."),
    ],
)
def test_spelling_variants_merge_across_sources(first: str, second: str) -> None:
    people = [e for e in found(first, second) if e.type == "person"]
    assert len(people) == 1, [(e.name, e.variants) for e in people]
    assert len(people[0].variants) == 2
    assert len(people[0].articles) == 2


def test_country_aliases_merge() -> None:
    ent = named(found("The Russian Federation sent a ship to Port Caldera.",
                      "Russia said its ship would stay."), "Russian Federation")
    assert ent.name == "Russia" and ent.type == "place"
    assert set(ent.variants) == {"Russia", "Russian Federation"}


def test_demonym_counts_but_is_not_a_spelling() -> None:
    ent = named(found("Russia sent a ship.", "Russian sailors joined the crews."), "Russia")
    assert ent.mentions == 2 and len(ent.articles) == 2
    assert "Russian" not in ent.variants


def test_surname_alone_joins_the_full_name() -> None:
    ent = named(found("Harbour master Ines Okafor said the quay was closed.",
                      "Okafor told reporters the fire was out."), "Okafor")
    assert ent.name == "Ines Okafor" and ent.mentions == 2 and len(ent.articles) == 2


@pytest.mark.parametrize(
    ("text", "full"),
    [
        ("The Harbour Safety Board said the quay was safe. Later the HSB said it would reopen.",
         "Harbour Safety Board"),
        ("The Port Caldera Fire and Rescue Service came. The PCFRS said no one was hurt.",
         "Port Caldera Fire and Rescue Service"),
        ("The Port Caldera General Assembly voted on Friday. The G.A. also asked for funds.",
         "Port Caldera General Assembly"),
    ],
)
def test_acronym_joins_its_organisation(text: str, full: str) -> None:
    ent = named(found(text), full)
    assert ent.type == "org" and len(ent.variants) == 2


def test_bare_keyword_joins_the_one_organisation() -> None:
    ent = named(found("The Marlow Bay Coastal Observatory counted the ships.",
                      "According to the Observatory, nine ships left."), "Observatory")
    assert ent.name == "Marlow Bay Coastal Observatory" and len(ent.articles) == 2


def test_different_first_names_with_one_surname_stay_apart() -> None:
    # A decision: "Mark" and "Mary" differ by one letter but are two people (a family in one
    # story is common), so first names merge only on transliteration-like differences.
    people = {e.name for e in found("Dock worker Mark Ellison said the alarm rang.",
                                    "His sister Mary Ellison said she ran.") if e.type == "person"}
    assert people == {"Mark Ellison", "Mary Ellison"}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("sergey", "sergei", True), ("staffan", "stefan", True), ("anja", "anya", True),
        ("j", "jean", True), ("mark", "mary", False), ("anna", "hanna", False),
        ("tom", "tim", False), ("john", "joan", False),
    ],
)
def test_same_first_name(a: str, b: str, same: bool) -> None:
    assert E.same_first_name(a, b) is same


# --- the stage ----------------------------------------------------------------------------


def test_entities_list_their_articles_in_brief_order() -> None:
    feats = story("Ines Okafor spoke in Port Caldera.", "Later, Ines Okafor left Port Caldera.")
    brief = Brief("t", tuple(feats.articles[::-1]), ())
    ent = next(e for e in E.entities(brief, feats, SETTINGS) if e.name == "Ines Okafor")
    assert ent.articles == tuple(a.id for a in brief.articles)


def test_markdown_groups_by_type_and_escapes() -> None:
    feats = story("Harbour master Ines Okafor met the Harbour Safety Board in Port Caldera.")
    brief = Brief("t", tuple(feats.articles), ())
    lines = sections.entities_lines(Brief("t", brief.articles, (),
                                   entities=E.entities(brief, feats, SETTINGS)))
    text = "\n".join(lines)
    assert text.index("**People**") < text.index("**Organisations**") < text.index("**Places**")
    assert "- Ines Okafor [1] (1 mention)" in text
    odd = Entity("A*b_c", "person", ("A*b_c",), (feats.articles[0].id,), 1)
    assert "A\\*b\\_c" in "\n".join(sections.entities_lines(Brief("t", brief.articles, (),
                                                           entities=(odd,))))


def test_mention_offsets_round_trip() -> None:
    feats = story("Fire Chief Tomas Reyes met the Harbour Safety Board in Port Caldera.",
                  "Reyes said the HSB would report to Russia's envoy.")
    idx = E.index(feats, SETTINGS)
    assert idx.mentions
    for m in idx.mentions:
        assert feats.articles[m.doc].text[m.start : m.end] == m.text


# --- variants the story itself shows (issue 15.5) -----------------------------------------


def people(*texts: str) -> dict[str, tuple[str, ...]]:
    """Each person's display name -> spellings."""
    return {e.name: e.variants for e in found(*texts) if e.type == "person"}


def test_middle_initial_is_not_a_sentence_end() -> None:
    ent = named(found("Councillor Tomas K. Varga said the quay was safe.",
                      "Varga said the ferry would sail."), "Varga")
    assert ent.name == "Tomas K. Varga" and len(ent.articles) == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Councillor Robert Kell said the quay was shut.", "Bob Kell said it would reopen."),
        ("Pilot Mikkel Thorvaldsson steered.", "Pilot Mikkel Thorvaldson docked."),  # one edit
        ("Crews took the injured to Marrowdale Hospital.", "Marowdale Hospital took nine."),
        ("The Harbour Centre was closed.", "The Harbor Center reopened."),  # British/American
        ("Dock clerk Hans Brunnberg counted.", "Dock clerk Hand Brunnberg counted again."),
    ],
)
def test_spellings_of_one_name_merge(first: str, second: str) -> None:
    ents = [e for e in found(first, second) if len(e.articles) == 2]
    assert len(ents) == 1, [(e.name, e.variants) for e in found(first, second)]
    assert len(ents[0].variants) == 2


def test_different_names_one_edit_apart_stay_apart() -> None:
    # Two listed first names one letter apart are two people; short words are not fuzzed.
    assert len(people("Dock worker Mark Ellison spoke.", "Mary Ellison spoke.")) == 2
    names = {e.name for e in found("Ships left Iraq.", "Ships left Iran.")}
    assert {"Iraq", "Iran"} <= names


def test_story_defined_alias_joins_the_person() -> None:
    text = ("Oren Vale, whom friends called Bud, ran the clinic. Bud had worked there for years. "
            "Councillor Kaspar Norrin was charged. He was indicted under an alias, Piet Halloran.")
    found_people = people(text)
    assert set(found_people["Oren Vale"]) == {"Oren Vale", "Bud"}
    assert any({"Kaspar Norrin", "Piet Halloran"} <= set(v) for v in found_people.values())


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        ("The Caldera Workers Front, or FTK, called a strike. The FTK said it would last.",
         "Caldera Workers Front", "FTK"),
        ("The Kestrel Survey Probe (KSP) was launched. KSP sent data.", "Kestrel Survey Probe",
         "KSP"),
    ],
)
def test_abbreviation_the_story_defines_joins_its_name(text: str, full: str, short: str) -> None:
    ent = named(found(text), full)
    assert short in ent.variants


def test_first_name_alone_joins_the_one_person_unless_said_to_stand_alone() -> None:
    found_people = people(
        "Dock worker Ines Okafor said the alarm rang. Ines said she ran.",
        "Clinic spokeswoman Mara Quist spoke. A patient identified only as Mara said she was "
        "scared. Mara said she left.")
    assert "Ines" in found_people["Ines Okafor"]
    assert "Mara" not in found_people["Mara Quist"]


def test_courtesy_word_keeps_husband_and_wife_apart() -> None:
    text = ("Dr. Oren Vale was shot at home. Oren Vale had run the clinic for years. His wife, "
            "Lina Vale, called the police. Mrs. Vale said she heard a crack. Vale died an hour "
            "later.")
    found_people = people(text)
    assert "Mrs. Vale" in found_people["Lina Vale"]
    assert "Mrs. Vale" not in found_people["Oren Vale"]
    assert "Vale" in found_people["Oren Vale"]


def test_short_form_joins_the_one_name_it_is_taken_from() -> None:
    ent = named(found("The Tidewater Party won. Tidewater said it would govern.",
                      "Leaders of the Tidewater Party met."), "Tidewater")
    assert ent.name == "Tidewater Party"
    # A paper and the company that owns it; a party and another with a longer name.
    apart = found("The Caldera Times said so. The Caldera Times Co. said its profit rose.",
                  "The Workers Front and the Democratic Workers Front split.")
    for a, b in (("Caldera Times", "Caldera Times Co."),
                 ("Workers Front", "Democratic Workers Front")):
        assert named(apart, a) is not named(apart, b)


def test_lower_case_head_closes_a_name() -> None:
    ent = named(found("The Marlow Bay agreement was signed.", "The Marlow Bay accord held."),
                "Marlow Bay agreement")
    assert ent.type == "other" and "Marlow Bay accord" in ent.variants


def test_calendar_words_pronouns_and_tags_are_not_names() -> None:
    names = {v for e in found('We met on Oct. 5 and Sept. 9. "Who knows," said Rep. Ana Ruiz, '
                              "D-Calif., on Route 9.") for v in e.variants}
    assert names.isdisjoint({"Oct", "Sept", "We", "Who", "D-Calif", "Route"})
    assert "Ana Ruiz" in names


def test_storms_and_spacecraft_are_things() -> None:
    ents = found("Hurricane Delia hit Port Caldera. The Kestrel Explorer spacecraft watched it.",
                 "Comet Varga-Lind passed.")
    for name in ("Hurricane Delia", "Kestrel Explorer", "Comet Varga-Lind"):
        assert named(ents, name).type == "other"


def test_display_name_is_the_most_written_full_form() -> None:
    ent = named(found("Tomas Varga spoke.", "Tomas Varga spoke again.",
                      "Tomas Varga-Lindqvist Varga spoke.", "Varga left."), "Varga")
    assert ent.name == "Tomas Varga"


def test_a_country_named_only_by_its_adjective_is_not_listed() -> None:
    feats = story("Haitians fled the storm.", "Ines Okafor said Haitians were safe.")
    brief = Brief("t", tuple(feats.articles), ())
    names = {e.name for e in E.entities(brief, feats, SETTINGS)}
    assert "Haiti" not in names and "Ines Okafor" in names


def test_sentence_opening_spelling_of_a_name_written_elsewhere_is_kept() -> None:
    ent = named(found("Stargazers in Port Caldera watched the Kestrelids peak.",
                      'A daily wrote: "Stay Inside! Kestrelide, the Brightest Shower."'),
                "Kestrelids")
    assert "Kestrelide" in ent.variants


def test_name_particle_must_match_for_a_short_form() -> None:
    ents = found("Shoppers fled the Mahane Koral market in Port Caldera.",
                 "A year ago a bomb hit Ben Koral, a mall nearby. Mahane Koral was crowded.")
    assert "Ben Koral" not in named(ents, "Mahane Koral").variants
    ent = named(found("Councillor Osric bin Tallal spoke.", "Bin Tallal left."), "Bin Tallal")
    assert ent.name == "Osric bin Tallal"


def test_adjective_opening_an_organisation_name_opens_it_wherever_written() -> None:
    ent = named(found("Leaders of the Islamic Dawn Party met.",
                      "The largest party is Islamic Dawn, which wants a vote."),
                "Islamic Dawn Party")
    assert "Islamic Dawn" in ent.variants


def test_lower_case_closing_words_refer_to_the_one_organisation() -> None:
    ent = named(found("The Caldera Harbour Relief Fund paid out.",
                      "Critics said the relief fund was slow."), "Caldera Harbour Relief Fund")
    assert "relief fund" in ent.variants
    # Two organisations end in the words: the lower-case form names neither.
    ents = found("The Caldera Relief Fund and the Marlow Relief Fund paid.",
                 "The relief fund was slow.")
    assert all("relief fund" not in e.variants for e in ents)
