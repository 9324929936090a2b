"""Key figures: what each number counts, and how reports of it agree or conflict across sources.

Every snippet is fictional (the Port Caldera fire of examples/harbor-fire). The expected values
were worked out by hand from the snippets, not copied from a run.
"""

from __future__ import annotations

import dataclasses

import pytest
from helpers import article

from storyline.analyze import figures as F
from storyline.model import Article, Brief, Figure
from storyline.render import labels, sections
from storyline.settings import Settings
from storyline.text.features import build_features
from storyline.text.segment import segment

DAY = "2024-06-14"


def build(*texts: str, published: str | None = DAY) -> tuple[tuple[Figure, ...], list[Article]]:
    """The figures of one article per text (all published the same day unless told)."""
    arts = [article(t, source=f"Outlet {n}", published=published) for n, t in enumerate(texts)]
    story = build_features(arts, [segment(a) for a in arts])
    return F.figures(Brief("t", tuple(arts), ()), story, Settings()), arts


def only(text: str) -> Figure:
    """The one figure of a one-article story."""
    figs, _ = build(text)
    assert len(figs) == 1, [(f.label, [m.text for m in f.mentions]) for f in figs]
    return figs[0]


# --- reading one report -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "label_words"),
    [
        ("Fire crews rescued 1,240 residents from the flats.", 1240, "residents",
         ("residents", "rescued")),
        ("Twenty-five families were evacuated from Harbour Row.", 25, "families",
         ("families", "evacuated")),
        ("Two dozen firefighters fought the blaze.", 24, "firefighters", ("firefighters",)),
        ("The blaze killed 49 dock workers, the union said.", 49, "workers", ("killed",)),
        ("Some 300 civilians were evacuated from the quay.", 300, "civilians", ("civilians",)),
        ("Eleven children were taken to hospital after 30 were injured.", 30, "people",
         ("people", "injured")),
        ("Six soldiers were injured clearing the road.", 6, "soldiers", ("soldiers", "injured")),
    ],
)
def test_what_a_number_counts(text: str, value: float, unit: str,
                              label_words: tuple[str, ...]) -> None:
    figs, _ = build(text)
    mention = next(m for f in figs for m in f.mentions if m.value == value)
    assert mention.unit == unit
    label = next(f.label for f in figs if mention in f.mentions)
    assert all(w in label for w in label_words), label


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "upper"),
    [
        ("More than 20,000 people left the port district.", "more than", 20000, None),
        ("Some 200,000 residents were told to stay indoors.", "some", 200000, None),
        ("About 150 civilians were evacuated by boat.", "about", 150, None),
        ("At least 12 people were killed in the fire.", "at least", 12, None),
        ("Between 3,000 and 3,500 homes were damaged.", None, 3000, 3500),
    ],
)
def test_qualifiers_and_ranges(text: str, qualifier: str | None, value: float,
                               upper: float | None) -> None:
    (mention,) = only(text).mentions
    assert (mention.qualifier, mention.value, mention.upper) == (qualifier, value, upper)


def test_written_numbers_and_dozens() -> None:
    assert only("Twenty-five families were evacuated.").mentions[0].value == 25
    assert only("Two dozen firefighters fought the blaze.").mentions[0].value == 24
    assert only("Three hundred and twelve residents were evacuated.").mentions[0].value == 312


@pytest.mark.parametrize(
    ("text", "tally"),
    [
        ("The council approved the levy by a vote of 122 to 13 with 36 abstentions.",
         "122 for, 13 against, 36 abstentions"),
        ("The harbour board voted 7 to 2 with one abstention to close the quay.",
         "7 for, 2 against, 1 abstention"),
        ("The levy passed 52-48 in a city vote.", "52 for, 48 against"),
    ],
)
def test_vote_tallies_are_shown_whole(text: str, tally: str) -> None:
    fig = only(text)
    assert fig.label == "vote"
    assert fig.headline is None  # a tally has no single value: never "122" or "7"
    assert labels.headline_text(fig) == tally
    assert fig.mentions[0].unit == "votes"


def test_a_score_is_not_a_vote() -> None:
    figs, _ = build("The Port Caldera ferry team won 7-2 against the visitors.")
    assert figs == ()


def test_percentages_and_money() -> None:
    share = only("About 40 percent of the warehouses were destroyed.")
    assert share.mentions[0].unit == "percent" and share.mentions[0].value == 40
    assert labels.headline_text(share) == "about 40%"
    assert "percent of" in share.label
    money = only("The fire caused $4.5 million in damage, insurers said.")
    assert money.mentions[0].value == pytest.approx(4.5e6)
    assert money.mentions[0].unit == "USD"
    assert money.label == "damage (USD)"
    assert labels.headline_text(money) == "USD 4.5 million"


def test_vague_quantities_stay_words() -> None:
    fig = only("Tens of thousands of residents fled the smoke.")
    assert fig.mentions[0].qualifier == "tens of thousands"
    assert fig.headline is None  # not 10,000
    assert labels.headline_text(fig) == "tens of thousands"
    assert "10,000" not in "\n".join(sections.figures_lines(brief_with(fig)))
    assert labels.headline_text(only("Hundreds of residents fled the smoke.")) == "hundreds"


@pytest.mark.parametrize(
    "text",
    [
        "The terminal opened in the 1990s to serve the fishing fleet.",
        "Its eastern quay was rebuilt in 2012 after a winter storm.",
        "The fire service said its first engine arrived at 11:40 p.m. on June 13.",
    ],
)
def test_not_key_figures(text: str) -> None:
    figs, _ = build(text)
    assert figs == (), [f.label for f in figs]


def test_different_events_in_one_sentence_stay_apart() -> None:
    figs, _ = build("Twelve people were killed and 40 were injured in the blaze.")
    by_value = {f.mentions[0].value: f for f in figs}
    assert set(by_value) == {12, 40}
    assert "killed" in by_value[12].label and "injured" in by_value[40].label


# --- grouping across sources --------------------------------------------------------------


def test_same_value_from_two_outlets_agrees() -> None:
    figs, arts = build("Officials said 369 civilians were killed in the fire.",
                       "The union said 369 civilians were killed, including 45 children.")
    killed = [f for f in figs if f.mentions[0].value == 369]
    assert len(killed) == 1 and killed[0].status == "agree"
    assert {m.article for m in killed[0].mentions} == {a.id for a in arts}
    children = [f for f in figs if f.mentions[0].value == 45]
    assert len(children) == 1 and children[0].status == "single"
    assert "children" in children[0].label and "killed" in children[0].label


def test_rounded_reports_agree() -> None:
    figs, _ = build("Some 8,000 residents were evacuated overnight.",
                    "Officials said 8,461 residents were evacuated overnight.")
    assert [f.status for f in figs] == ["agree"]
    assert figs[0].headline == 8461  # the most precise report leads


def test_conflict_shows_every_value_and_the_lowest_headline() -> None:
    figs, arts = build("At least 12 people were killed in the warehouse fire.",
                       "Fourteen people were killed in the warehouse fire.",
                       "A union said 17 people were killed in the warehouse fire.")
    (fig,) = figs
    assert fig.status == "conflict"
    assert sorted(m.value for m in fig.mentions) == [12, 14, 17]
    assert [m.article for m in fig.mentions] == [a.id for a in arts]
    assert fig.headline == 12  # the most conservative value, never the mean (14.33)
    row = next(line for line in sections.figures_lines(brief_with(fig, arts)) if "CONFLICT" in line)
    for shown in ("at least 12 [1]", "14 [2]", "17 [3]"):
        assert shown in row


def test_vague_report_agrees_but_never_leads() -> None:
    figs, _ = build("Hundreds of residents fled the smoke.", "About 300 residents fled the smoke.")
    (fig,) = figs
    assert fig.status == "agree"
    assert fig.headline == 300


def test_vague_report_never_makes_a_conflict() -> None:
    figs, _ = build("Dozens of people were injured in the blaze.",
                    "Officials said 900 people were injured in the blaze.")
    assert all(f.status != "conflict" for f in figs)


def test_different_places_do_not_conflict() -> None:
    figs, _ = build("Twelve people were killed in Port Caldera on Thursday.",
                    "Thirty people were killed in Marlow Bay on Thursday.")
    assert sorted(f.status for f in figs) == ["single", "single"]


def test_different_days_do_not_conflict() -> None:
    figs, _ = build("On Monday, 12 people were injured at the quay.",
                    "On Wednesday, 30 people were injured at the quay.")
    assert all(f.status == "single" for f in figs)


def test_different_things_counted_do_not_group() -> None:
    figs, _ = build("Twelve firefighters were injured.", "Twelve children were injured.")
    assert len(figs) == 2


def test_same_votes_from_two_outlets_agree() -> None:
    figs, _ = build("The harbour board voted 7 to 2 with one abstention.",
                    "The board backed the plan 7-2 in a vote on Thursday.")
    (fig,) = figs
    assert fig.status == "agree"
    assert labels.headline_text(fig).startswith("7 for, 2 against")


# --- citations ----------------------------------------------------------------------------


def test_every_mention_cites_its_exact_span() -> None:
    texts = ("Fire crews rescued 1,240 residents from the flats.\n"
             "The council approved the levy by a vote of 122 to 13 with 36 abstentions.",
             "About 40 percent of the warehouses were destroyed.\n"
             "The fire caused $4.5 million in damage, insurers said.",
             "Tens of thousands of residents fled the smoke, and 12 people were killed.")
    figs, arts = build(*texts)
    by_id = {a.id: a for a in arts}
    mentions = [m for f in figs for m in f.mentions]
    assert len(mentions) == 6
    for m in mentions:
        assert by_id[m.article].text[m.start : m.end] == m.text


def test_output_is_deterministic() -> None:
    texts = ("At least 12 people were killed.", "Fourteen people were killed.",
             "Some 300 residents fled.")
    assert build(*texts)[0] == build(*texts)[0]


def brief_with(fig: Figure, arts: list[Article] | None = None) -> Brief:
    """A brief holding just `fig` (and the articles it cites)."""
    return Brief("t", tuple(arts or ()), (), figures=(fig,))


# --- one quantity, across sources and days (issue 15.2) -------------------------------------


def build_dated(*reports: tuple[str, str]) -> tuple[tuple[Figure, ...], list[Article]]:
    """The figures of one article per (text, publication day), each from its own outlet."""
    arts = [article(t, source=f"Outlet {n}", published=day) for n, (t, day) in enumerate(reports)]
    story = build_features(arts, [segment(a) for a in arts])
    return F.figures(Brief("t", tuple(arts), ()), story, Settings()), arts


def test_a_toll_that_rises_over_days_is_an_update_led_by_the_latest() -> None:
    figs, arts = build_dated(
        ("The Port Caldera fire killed 12 people, officials said.", "2024-06-14"),
        ("The death toll from the Port Caldera fire rose to 19.", "2024-06-15"),
        ("The Port Caldera fire has killed 23 people.", "2024-06-17"),
    )
    (fig,) = [f for f in figs if f.status != "single"]
    assert fig.status == "update"
    assert sorted(m.value for m in fig.mentions) == [12, 19, 23]
    assert fig.headline == 23  # the latest, not the lowest
    md = "\n".join(sections.figures_lines(brief_with(fig, arts)))
    assert "**UPDATED**" in md and "rising" in md
    assert md.index("12 (2024-06-14)") < md.index("23 (2024-06-17)")


def test_concurrent_outlets_that_differ_conflict_led_by_the_lowest() -> None:
    figs, _ = build_dated(("The blaze killed 60 people at the quay.", DAY),
                          ("The blaze killed 67 people at the quay.", DAY))
    (fig,) = figs
    assert (fig.status, fig.headline) == ("conflict", 60)


def test_dead_deaths_and_killed_are_one_quantity() -> None:
    figs, _ = build("Police reported 14 dead after the fire.",
                    "The fire caused 14 deaths, police said.",
                    "Fourteen people were killed in the fire.")
    (fig,) = figs
    assert fig.status == "agree" and len(fig.mentions) == 3
    assert "killed" in fig.label


def test_a_syndicated_copy_is_not_agreement() -> None:
    text = "The blaze killed 49 dock workers, the union said."
    original = article(text, source="Outlet A", published=DAY)
    copy = dataclasses.replace(article(text, source="Outlet B", published=DAY),
                               duplicate_of=original.id)
    arts = [original, copy]
    story = build_features(arts, [segment(a) for a in arts])
    (fig,) = F.figures(Brief("t", tuple(arts), ()), story, Settings())
    assert fig.status == "single" and len(fig.mentions) == 2
    md = "\n".join(sections.figures_lines(brief_with(fig, arts)))
    assert "(copy of [1])" in md


def test_ages_belong_to_their_person() -> None:
    figs, _ = build("Harbour master Ona Velt, 52, raised the alarm.",
                    "Velt, a 51-year-old harbour master, raised the alarm.",
                    "Her deputy, Ira Moss, 52, called the crews.")
    velt = next(f for f in figs if f.label == "age of velt")
    assert velt.status == "conflict" and sorted(m.value for m in velt.mentions) == [51, 52]
    assert any(f.label == "age of moss" for f in figs)


def test_a_part_never_groups_with_its_whole() -> None:
    figs, _ = build("Crews cleared 4 of the 13 berths by noon.",
                    "Crews cleared four berths by noon; the port has 13 berths.")
    parts = [f for f in figs if any(m.value == 4 for m in f.mentions)]
    assert all(m.value == 4 for f in parts for m in f.mentions)


def test_conversions_side_by_side_stay_with_their_first_value() -> None:
    figs, _ = build("It fell to minus 26 Celsius (minus 15 Fahrenheit) at the port.",
                    "It fell to minus 26 Celsius (minus 15 Fahrenheit) at the port overnight.",
                    "It was minus 20 Celsius (minus 4 Fahrenheit) on the quay.")
    units = {(f.mentions[0].unit, f.status, tuple(sorted(m.value for m in f.mentions)))
             for f in figs}
    assert ("°C", "agree", (-26, -26)) in units
    assert ("°F", "agree", (-15, -15)) in units
    assert all(-4 not in vals or vals == (-4,) for _, _, vals in units)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The pier cost dlrs 30 million to rebuild.", 30e6, "USD"),
        ("A 20-ton crane toppled onto the quay.", 20, "ton"),
        ("The council holds 200 of the 513 seats.", 200, "seats"),
        ("The dockers began a 5-day strike.", 5, "days"),
    ],
)
def test_wire_formats_are_key_figures(text: str, value: float, unit: str) -> None:
    figs, _ = build(text)
    assert any(m.value == value and m.unit == unit for f in figs for m in f.mentions), [
        (m.value, m.unit) for f in figs for m in f.mentions]


# --- conflicts and updates as wire copy reports them (issue 15.2) ---------------------------


def values_of(fig: Figure) -> list[float]:
    return sorted(m.value for m in fig.mentions)


def test_a_unit_word_is_not_what_a_duration_is_of() -> None:
    figs, _ = build("The crane stood idle for three hours after the spill.",
                    "Ferries were suspended for three hours on Tuesday.")
    assert [f.status for f in figs] == ["single", "single"]  # "hours" alone is no evidence


def test_a_toll_of_people_conflicts_across_nouns() -> None:
    figs, _ = build("The car bomb in the Port Caldera market wounded 21 shoppers.",
                    "The car bomb in the Port Caldera market wounded 24 people.")
    (fig,) = figs
    assert fig.status == "conflict" and values_of(fig) == [21, 24]


def test_other_people_counts_people() -> None:
    figs, _ = build("The blast at the quay killed 12 dockers, injuring 24 other people.")
    (injured,) = [m for f in figs for m in f.mentions if m.value == 24]
    assert injured.unit == "people"


def test_an_earlier_report_does_not_make_its_article_ambiguous() -> None:
    figs, _ = build("The fire killed 60 people. Police earlier had reported 65 dead.",
                    "The fire killed 67 people, officials said.")
    (fig,) = [f for f in figs if f.status != "single"]
    assert fig.status == "conflict" and {60, 67} <= set(values_of(fig))
    assert fig.headline == 60


def test_an_earlier_value_from_another_day_is_an_update() -> None:
    figs, _ = build_dated(("The fire killed 62 people, officials said.", "2024-06-15"),
                          ("Police earlier had reported 65 dead in the fire.", "2024-06-15"),
                          ("The fire killed 60 people, officials said.", "2024-06-14"))
    moved = [f for f in figs if f.status == "update"]
    assert moved and 62 in values_of(moved[0])
    assert moved[0].headline == 62  # the latest that is not said to be an earlier report


def test_vote_shares_belong_to_their_candidate() -> None:
    figs, _ = build_dated(
        ("Mayor Ana Ruiz won 51 percent of the vote, compared with 34 percent for her rival, "
         "Tomas Ebb.", "2024-06-14"),
        ("Ana Ruiz had 52.4 percent of the vote, while Tomas Ebb had 32.6 percent.",
         "2024-06-16"),
    )
    moved = sorted(values_of(f) for f in figs if f.status in ("update", "conflict"))
    assert moved == [[32.6, 34], [51, 52.4]], [(f.label, values_of(f)) for f in figs]
    labels_of = {f.label.split()[-1] for f in figs if f.status in ("update", "conflict")}
    assert labels_of == {"ruiz", "ebb"}  # the label says whose share it is


def test_different_candidates_shares_never_group() -> None:
    figs, _ = build("Ana Ruiz won 40 percent of the vote in Port Caldera.",
                    "Tomas Ebb won 40 percent of the vote in Port Caldera.")
    assert [f.status for f in figs] == ["single", "single"]


def test_share_of_the_votes_counted_is_its_own_figure() -> None:
    figs, _ = build_dated(
        ("With 22 percent of the vote counted, Ana Ruiz had 51 percent.", "2024-06-14"),
        ("With 69.5 percent of the votes counted Tuesday, Ruiz had 52.4 percent.",
         "2024-06-15"),
    )
    counted = [f for f in figs if 22 in values_of(f)]
    assert counted and values_of(counted[0]) == [22, 69.5]
    assert counted[0].status == "update"


def test_two_conversions_of_one_reading_conflict() -> None:
    figs, _ = build_dated(
        ("It fell to minus 26 Celsius (minus 15 Fahrenheit) on Sunday.", "2024-06-17"),
        ("Last week it fell to minus 26 Celsius (minus 4 Fahrenheit).", "2024-06-24"),
    )
    (fahrenheit,) = [f for f in figs if f.mentions[0].unit == "°F"]
    assert fahrenheit.status != "single" and values_of(fahrenheit) == [-15, -4]


def test_a_rounder_number_agrees_with_the_precise_one() -> None:
    figs, _ = build("A total of 248 people were killed in the blast.",
                    "The blast killed 250 people, officials said.")
    (fig,) = figs
    assert fig.status == "agree" and fig.headline == 248
    figs, _ = build("The blast killed 60 people.", "The blast killed 62 people.")
    assert [f.status for f in figs] == ["conflict"]  # 3% apart: not a rounding


def test_an_amount_for_something_is_not_a_bare_amount() -> None:
    figs, _ = build("As some $30 million fled the harbour, the board met.",
                    "Lenders prepared an aid package of $30 million for the harbour.")
    assert [f.status for f in figs] == ["single", "single"], [f.label for f in figs]


def test_two_places_together_are_not_one_of_them() -> None:
    figs, _ = build("In Port Caldera, at least 21 people died in the storm. The storm played a "
                    "role in at least 24 deaths in Port Caldera and Marlow Bay.",
                    "The storm killed 30 people in Port Caldera.")
    moved = [values_of(f) for f in figs if f.status == "conflict"]
    assert moved == [[21, 30]], [(f.label, values_of(f)) for f in figs]


def test_a_toll_without_a_place_stays_apart_when_the_story_has_several() -> None:
    figs, _ = build("The storm killed 12 people in Port Caldera.",
                    "The storm killed 40 people in Marlow Bay.",
                    "The storm has killed 19 people, officials said.")
    assert [f.status for f in figs] == ["single"] * 3, [(f.label, values_of(f)) for f in figs]


def test_one_tally_is_one_vote_whatever_the_words() -> None:
    figs, _ = build("Port Caldera's council carried the levy by a convincing 19-14 margin.",
                    "The 19-14 vote came after a long night of debate.")
    (fig,) = figs
    assert fig.status == "agree"


def test_a_toll_from_months_ago_is_another_time() -> None:
    figs, _ = build("A blast at the Port Caldera market 16 months ago killed 18 people.",
                    "The blast at the Port Caldera market on Friday killed 18 people.")
    tolls = [f for f in figs if 18 in values_of(f)]
    assert [f.status for f in tolls] == ["single", "single"], [f.label for f in figs]


def test_a_rate_per_hour_counts_its_noun() -> None:
    (fig,) = build("Watchers over Port Caldera counted 5,000 meteors per hour.")[0]
    assert fig.mentions[0].unit == "meteors" and fig.mentions[0].value == 5000


def test_a_number_in_a_negated_clause_stays_alone() -> None:
    figs, _ = build("The quay shed was not supposed to hold more than 150 people.",
                    "The Port Caldera fire injured 155 people at the quay shed.")
    assert [f.status for f in figs] == ["single", "single"], [f.label for f in figs]


def test_people_expected_to_do_something_have_no_event() -> None:
    figs, _ = build_dated(
        ("Of the 106,000 residents eligible to vote in Port Caldera, most stayed home.", DAY),
        ("The 64,000 residents expected to vote in Port Caldera faced long queues.",
         "2024-06-20"),
    )
    assert [f.status for f in figs] == ["single", "single"], [f.label for f in figs]
