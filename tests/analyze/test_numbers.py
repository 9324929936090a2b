"""Reading quantities: digits, words, qualifiers, ranges, votes, money, percents, and the
numbers that are not quantities. All snippets are fictional (Port Caldera)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.analyze.numbers import Quantity, quantities, scan


def only(text: str) -> Quantity:
    found = quantities(text)
    assert len(found) == 1, [text[q.start : q.end] for q in found]
    return found[0]


def spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quantities(text)]


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Crews moved 8,461 sacks of grain.", "8,461", 8461),
        ("The spill covered 2.5 hectares.", "2.5 hectares", 2.5),
        ("Two dozen firefighters fought the blaze.", "Two dozen", 24),
        ("A dozen boats stayed in port.", "A dozen", 12),
        ("Twenty-five families were moved.", "Twenty-five", 25),
        ("Three hundred and twelve residents left.", "Three hundred and twelve", 312),
        ("The fund holds 4.5bn in bonds.", "4.5bn", 4.5e9),
        ("About 1.2 million litres leaked.", "About 1.2 million", 1.2e6),
    ],
)
def test_digits_and_words(text: str, phrase: str, value: float) -> None:
    q = only(text)
    assert text[q.start : q.end] == phrase
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "qualifier", "bound"),
    [
        ("More than 20,000 people left the port.", "more than", "lower"),
        ("Some 200,000 tonnes were stored.", "some", "approximate"),
        ("About 150 dockworkers walked out.", "about", "approximate"),
        ("At least 12 people were hurt.", "at least", "lower"),
        ("Nearly 300 homes lost power.", "nearly", "below"),
        ("Up to 40 containers burned.", "up to", "upper"),
        ("Fewer than 10 crew stayed aboard.", "fewer than", "upper"),
        ("Hundreds of residents gathered.", "hundreds", "vague"),
        ("Tens of thousands watched the smoke.", "tens of thousands", "vague"),
        ("Several hundred people waited.", "several hundred", "vague"),
    ],
)
def test_qualifiers(text: str, qualifier: str, bound: str) -> None:
    q = only(text)
    assert (q.qualifier, q.bound) == (qualifier, bound)
    assert text[q.start : q.end].lower().startswith(qualifier.split()[0])


def test_vague_magnitudes_keep_the_magnitude_as_value() -> None:
    assert only("Hundreds of residents gathered.").value == 100
    assert only("Tens of thousands watched.").value == 10_000
    assert only("Hundreds of thousands were told to stay inside.").value == 100_000


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Between 3,000 and 3,500 people were moved.", 3000, 3500),
        ("Some 3,000-3,500 people were moved.", 3000, 3500),
        ("Between 40 and 50 containers burned.", 40, 50),
        ("Two or three tugs helped.", 2, 3),
        ("It will cost 3 to 4 million euros.", 3e6, 4e6),
    ],
)
def test_ranges_give_value_and_upper(text: str, low: float, high: float) -> None:
    q = only(text)
    assert (q.value, q.upper) == (low, high)


@pytest.mark.parametrize(
    ("text", "tally", "phrase"),
    [
        ("The assembly passed it by a vote of 122 to 13, with 36 abstentions.", (122, 13, 36),
         "122 to 13, with 36 abstentions"),
        ("The council voted 7-2 to fund the inquiry.", (7, 2), "7-2"),
        ("Councillors voted 7 to 2 with one abstention.", (7, 2, 1), "7 to 2 with one abstention"),
        ("The motion passed by 31 votes to 4.", (31, 4), "31 votes to 4"),
    ],
)
def test_vote_tallies_are_one_quantity(text: str, tally: tuple[float, ...], phrase: str) -> None:
    q = only(text)
    assert q.kind == "vote" and q.tally == tally and q.value == tally[0]
    assert text[q.start : q.end] == phrase


def test_a_score_without_a_vote_word_is_not_a_range() -> None:
    assert quantities("Port Caldera Rovers won 3-1 on Sunday.") == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Damage was put at $4.5 million.", 4.5e6, "USD"),
        ("Officials pledged $350 million.", 350e6, "USD"),
        ("The port asked for €2 billion.", 2e9, "EUR"),
        ("Insurers paid 4.5 million dollars.", 4.5e6, "USD"),
        ("The fund raised US$800,000.", 800_000, "USD"),
        ("The refit cost £3m.", 3e6, "GBP"),
    ],
)
def test_money(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert (q.kind, q.value, q.unit) == ("money", value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("About 90 percent of the berths reopened.", 90, "percent"),
        ("Traffic fell 45% in March.", 45, "percent"),
        ("Rates rose 0.25 percentage points.", 0.25, "percentage points"),
        ("Crews saved three-quarters of the cargo.", 75, "percent"),
        ("Half of the quay was closed.", 50, "percent"),
    ],
)
def test_percentages_and_fractions(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert (q.kind, q.unit) == ("percent", unit)
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "The warehouse was built in 1987.",
        "Complaints date from 2016 and earlier.",
        "Residents have complained since the 1990s.",
        "The fire started on December 10.",
        "It broke out on 11 March 2025.",
        "Crews arrived at 9:45 p.m.",
        "The alarm sounded at 3 p.m. and the fire was out by 11 a.m.",
        "It was the worst fire since World War II.",
        "Crane No. 2 collapsed.",
        "The G-7 ministers said nothing.",
        "Call (555) 555-0134 for help.",
        "She finished 3rd, then 21st.",
        "Fire broke out in Warehouse 7 near berths 3 and 4.",
        "Men between the ages of 30 and 50 were questioned.",
        "The old quarter of the city was spared.",
        "If even one person is missing, we keep looking.",
        "The 193-member assembly met.",
        "The 27-nation bloc and a 10-storey block.",
    ],
)
def test_not_quantities(text: str) -> None:
    assert spans(text) == []


def test_from_x_to_y_keeps_the_new_value() -> None:
    assert spans("The toll rose from 12 to 14.") == ["14"]


def test_control_over_is_not_a_qualifier() -> None:
    q = only("The army gained control over three-quarters of the harbour.")
    assert q.qualifier is None and q.value == 75


def test_a_year_is_a_count_before_a_counted_noun() -> None:
    assert only("Some 2000 people attended.").value == 2000
    assert only("Organisers expected 2000 people.").value == 2000


def test_scan_tokens_match_the_text() -> None:
    text = "Crews pumped 1,200 litres — about 5% of the tank."
    toks, qtys = scan(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert [text[q.start : q.end] for q in qtys] == ["1,200", "about 5%"]
    assert all(toks[q.first].start <= q.start + 6 for q in qtys)


@given(st.text(alphabet="0123456789 ,.-–$%abc:()tofAnd", max_size=60))
def test_spans_always_round_trip(text: str) -> None:
    for q in quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.first < q.last


@pytest.mark.parametrize(
    ("text", "phrase", "value", "kind", "unit"),
    [
        ("A 45-year-old dockworker raised the alarm.", "45-year-old", 45, "age", "year-old"),
        ("The five-year-old dispute flared again.", "five-year-old", 5, "age", "year-old"),
        ("He was aged 45.", "aged 45", 45, "age", "years"),
        ("A 15-man crew stayed aboard.", "15-man", 15, "measure", "man"),
        ("A 20-ton crane fell.", "20-ton", 20, "measure", "ton"),
        ("A 90-mile-wide squall hit.", "90-mile-wide", 90, "measure", "mile-wide"),
        ("It fell to minus 26 Celsius overnight.", "minus 26 Celsius", -26, "measure", "°C"),
        ("Gusts reached 80 mph at the pier.", "80 mph", 80, "measure", "mph"),
        ("Gusts reached 80 miles an hour.", "80 miles an hour", 80, "measure", "mph"),
        ("The quay is 300 meters long.", "300 meters", 300, "measure", "m"),
        ("The pier cost dlrs 30 million.", "dlrs 30 million", 30e6, "money", "USD"),
        ("Brussels pledged ecu 5 billion.", "ecu 5 billion", 5e9, "money", "XEU"),
        ("The berth costs 60,000 reals a year.", "60,000 reals", 60000, "money", "BRL"),
        ("The entry fee is 20 baht.", "20 baht", 20, "money", "THB"),
    ],
)
def test_measures_ages_and_wire_money(text: str, phrase: str, value: float, kind: str,
                                      unit: str) -> None:
    q = only(text)
    assert (text[q.start : q.end], q.value, q.kind, q.unit) == (phrase, value, kind, unit)


def test_conversion_side_by_side_reads_both_values() -> None:
    text = "It fell to minus 26 Celsius (minus 15 Fahrenheit) in the port."
    assert [(q.value, q.unit) for q in quantities(text)] == [(-26, "°C"), (-15, "°F")]


def test_a_scaled_range_over_zero_is_read_without_dividing_by_it() -> None:
    text = "Between 0 to 4 million litres leaked, and later 3 to 4 million."
    values = [q.value for q in quantities(text)]
    assert 3e6 in values  # "3 to 4 million" still scales its first number
