"""The date resolver: expressions found in fictional Port Caldera sentences, resolved by
news convention against a publication date. FRIDAY (2024-06-14) is the usual publication day.
"""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyze.dates import (
    When,
    dated_mentions,
    find_clock,
    find_mentions,
    parse_date,
    parse_when,
    resolve,
    tense_at,
    tense_markers,
)

FRIDAY = date(2024, 6, 14)
SATURDAY = date(2024, 6, 15)


def one(text: str, published: date | None = FRIDAY) -> tuple[str, str, str]:
    """Resolve the single date in `text`: (matched text, ISO form, precision)."""
    found = dated_mentions(text, published)
    assert len(found) == 1, found
    mention, when = found[0]
    return text[mention.start : mention.end], when.iso(), when.precision


def test_publication_weekday_is_the_publication_day() -> None:
    # dateparser sends "Friday" a week back when published on a Friday; news means that day.
    assert one("The fire broke out on Friday at the Port Caldera terminal.") == (
        "Friday", "2024-06-14", "day")


def test_bare_weekday_is_the_most_recent_such_day() -> None:
    assert one("Crews contained the blaze on Tuesday, officials said.")[1] == "2024-06-11"
    assert one("The harbour master said Thursday that two cranes were lost.")[1] == "2024-06-13"


@pytest.mark.parametrize(
    ("text", "phrase", "iso"),
    [
        ("The alarm was raised late Friday near the fuel depot.", "late Friday", "2024-06-14"),
        ("Divers returned early Tuesday to the eastern quay.", "early Tuesday", "2024-06-11"),
        ("Kim told reporters Thursday morning the quay was safe.", "Thursday morning",
         "2024-06-13"),
        ("Firefighters left the site on Wednesday night.", "Wednesday night", "2024-06-12"),
    ],
)
def test_weekday_with_part_of_day(text: str, phrase: str, iso: str) -> None:
    assert one(text)[:2] == (phrase, iso)


def test_late_friday_read_the_next_morning() -> None:
    assert one("The fire broke out late Friday.", SATURDAY)[1] == "2024-06-14"


def test_future_weekday_is_the_next_such_day() -> None:
    assert one("Inspectors will visit the terminal on Monday.")[1] == "2024-06-17"
    assert one("A hearing has been scheduled Tuesday in the port office.")[1] == "2024-06-18"
    assert one("They agreed to meet on Wednesday in Port Caldera.")[1] == "2024-06-19"
    # The publication weekday stays the publication day, even looking forward.
    assert one("The council will meet on Friday evening.")[1] == "2024-06-14"


def test_present_progressive_looks_forward_and_reports_look_back() -> None:
    assert one("Port and city officials are meeting on Sunday to plan repairs.")[1] == (
        "2024-06-16")
    # "says Thursday" reports what happened then, even in the present tense.
    assert one("The port authority says Thursday was the worst night in years.")[1] == (
        "2024-06-13")


def test_nearest_tense_marker_decides() -> None:
    text = "The mayor said a vote has been scheduled Saturday on the new quay."
    assert one(text)[1] == "2024-06-15"
    assert tense_at(text, text.index("Saturday"), text.index("Saturday") + 8) == "future"


def test_last_and_next_weekday_skip_the_publication_day() -> None:
    assert one("The quay last Friday reopened to ferries.")[1] == "2024-06-07"
    assert one("Ferries resume next Friday, the operator said.")[1] == "2024-06-21"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("The ferry was diverted yesterday to the western quay.", "2024-06-13"),
        ("Crews said today that the fire was out.", "2024-06-14"),
        ("The terminal will stay shut tonight, officials said.", "2024-06-14"),
        ("Smoke rose again last night from the warehouse.", "2024-06-13"),
        ("The mayor visited the quay earlier in the day.", "2024-06-14"),
        ("Overnight, firefighters cooled the fuel tanks.", "2024-06-14"),
        ("Police said 12 people were treated in the past 24 hours.", "2024-06-14"),
        ("Ferries will resume tomorrow, the operator said.", "2024-06-15"),
        ("Guards saw the first flames three days ago.", "2024-06-11"),
    ],
)
def test_relative_days(text: str, iso: str) -> None:
    _, got, precision = one(text)
    assert (got, precision) == (iso, "day")


def test_last_week_is_the_previous_monday_to_sunday() -> None:
    # Documented choice: the whole calendar week before the publication week, as a range.
    assert one("Inspectors last week found faulty wiring in the warehouse.")[1:] == (
        "2024-06-03/2024-06-09", "range")
    assert one("A new crane will arrive next week.")[1] == "2024-06-17/2024-06-23"
    # "N weeks ago" is that day, as "N days ago" is.
    assert one("Inspectors said two weeks ago the wiring was safe.")[1:] == ("2024-05-31", "day")


def test_past_n_days_and_since() -> None:
    assert one("Four fires have been reported in the past two weeks.")[1] == (
        "2024-05-31/2024-06-14")
    assert one("Ferries have used the western quay since Tuesday.")[1:] == (
        "2024-06-11/2024-06-14", "range")
    assert one("Crews have been on site since June 3.")[1] == "2024-06-03/2024-06-14"


def test_last_month_and_year() -> None:
    assert one("The port authority raised fees last month.")[1:] == ("2024-05", "month")
    assert one("The quay was dredged last year.")[1:] == ("2023", "year")


def test_month_only_takes_the_most_recent_unless_future() -> None:
    assert one("The warehouse was inspected in March.")[1:] == ("2024-03", "month")
    assert one("The warehouse was rebuilt in September.")[1] == "2023-09"
    assert one("The terminal will reopen in March.")[1] == "2025-03"
    assert one("The quay flooded in June.")[1] == "2024-06"
    assert one("It was repainted last June.")[1] == "2023-06"


def test_explicit_dates() -> None:
    assert one("Soldiers patrol the quay, Dec. 5, 2016.")[:2] == ("Dec. 5, 2016", "2016-12-05")
    assert one("The berth was sold on 10 December 2019.")[1] == "2019-12-10"
    assert one("By Caldera Courier December 08, 2016 staff.")[1] == "2016-12-08"
    assert one("The log entry is dated 2016-12-09 in the file.")[1] == "2016-12-09"
    assert one("The Courier was founded in May 2001 by fishermen.")[1:] == ("2001-05", "month")


def test_year_less_date_is_never_far_in_the_future() -> None:
    assert one("The blaze started on June 12, investigators said.")[1] == "2024-06-12"
    assert one("Repairs began on 9 June at the quay.")[1] == "2024-06-09"
    assert one("Cranes were delivered on December 10 to the port.")[1] == "2023-12-10"
    # A few days ahead is allowed (an announced date); weeks ahead means last year.
    assert one("Tenders close on June 18, the authority said.")[1] == "2024-06-18"
    assert one("The berth was rented on June 30 to a fishing firm.")[1] == "2023-06-30"
    # Unless the sentence looks forward.
    assert one("The contract will be signed on June 30.")[1] == "2024-06-30"
    assert one("The quay will reopen on January 5.", date(2024, 12, 27))[1] == "2025-01-05"


def test_decades_and_bare_years() -> None:
    assert one("The terminal opened in the 1990s to serve trawlers.")[1:] == ("1990s", "decade")
    assert one("Its cranes date from the '80s, the report said.")[1] == "1980s"
    assert one("The eastern quay was captured by the rebels in 2012.")[1:] == ("2012", "year")
    assert one("The port was rebuilt during early 2003 after a storm.")[1] == "2003"


def test_ranges() -> None:
    assert one("Dredging ran between March and May 2016 at the quay.")[1:] == (
        "2016-03-01/2016-05-31", "range")
    assert one("The fair ran from June 3 to June 7, 2023.")[1] == "2023-06-03/2023-06-07"
    assert one("Strikes hit the port June 3-7, 2023.")[1] == "2023-06-03/2023-06-07"
    assert one("Ferry traffic doubled between 2010 and 2012.")[1] == "2010/2012"
    assert one("The port closed from Dec. 28 to Jan. 3 for repairs.", date(2024, 1, 10))[1] == (
        "2023-12-28/2024-01-03")


@pytest.mark.parametrize(
    "text",
    [
        "Between 3000 and 3500 people were evacuated from the quay.",  # numbers, not years
        "The port may close if the fire spreads.",  # "may" is not a month
        "Protesters march to the port office every week.",  # nor is "march"
        "Jan Okafor, the harbour master, spoke to reporters.",  # nor a first name
        "The repairs must be done by the end of December.",
        "The fire was the worst since 2012.",  # "since <year>" is background
        "Crowds gather at the quay on Saturdays.",  # habitual, not one day
        "Crews cleared 5,000 tonnes of debris.",
        "Reed writes for USA Today, the national paper.",  # a name, not "today"
    ],
)
def test_not_an_event_date(text: str) -> None:
    assert dated_mentions(text, FRIDAY) == []


def test_sentence_initial_relative_words_still_count() -> None:
    assert one("Yesterday, crews pumped foam into the warehouse.")[1] == "2024-06-13"
    assert one("“Tonight we stay on the quay,” the chief said.")[1] == "2024-06-14"


def test_capitalized_ed_words_are_names_not_verbs() -> None:
    text = "The United Nations is meeting on Sunday about the port."
    assert all(kind != "past" for _, _, kind in tense_markers(text))
    assert one(text)[1] == "2024-06-16"  # present progressive looks forward


def test_offsets_round_trip() -> None:
    text = "Crews said on Friday that the fire, which began late Thursday, was out."
    spans = [text[m.start : m.end] for m in find_mentions(text)]
    assert spans == ["Friday", "late Thursday"]


def test_relative_dates_need_a_publication_date() -> None:
    assert dated_mentions("The fire broke out on Friday.", None) == []
    assert dated_mentions("The fire broke out yesterday.", None) == []
    assert one("The fire broke out on June 12, 2024.", None)[1] == "2024-06-12"
    assert find_mentions("The fire broke out yesterday.")[0].absolute is False


def test_invalid_dates_are_ignored() -> None:
    assert dated_mentions("The quay reopened on February 30, 2024.", FRIDAY) == []


def test_resolve_since_year_gives_none() -> None:
    mention = find_mentions("Rebels have held the quay since 2012.")[0]
    assert mention.since and resolve(mention, FRIDAY) is None


@pytest.mark.parametrize(
    ("label", "clock"),
    [("9:30 p.m.", "21:30"), ("11 a.m.", "11:00"), ("12:15 a.m.", "00:15"),
     ("Posted: Dec 09, 2016 2:53 PM", "14:53"), ("12 p.m.", "12:00"), ("Update", None)],
)
def test_clock(label: str, clock: str | None) -> None:
    assert find_clock(label) == clock


def test_iso_forms_round_trip() -> None:
    forms = {
        "day": "2024-06-14", "month": "2024-06", "year": "2024", "decade": "1990s",
        "range": "2024-06-03/2024-06-09",
    }
    assert parse_when("1995/1996", "range") == When(date(1995, 1, 1), date(1996, 12, 31), "range")
    for precision, value in forms.items():
        when = parse_when(value, precision)
        assert isinstance(when, When) and when.iso() == value
    assert parse_when("2024-02", "month") == When(date(2024, 2, 1), date(2024, 2, 29), "month")
    assert parse_when(None, "none") is None
    assert parse_date("2024-06-14") == FRIDAY and parse_date("soon") is None


@pytest.mark.parametrize(("text", "iso"), [
    ("Crews left two dayſ ago.", "2024-06-12"),  # long s: the pattern matches, lower() keeps it
    ("It rained yeſterday.", "2024-06-13"),
    ("Crews worked laſt Monday.", "2024-06-10"),
])
def test_odd_letters_that_patterns_fold_are_read_not_crashed_on(text: str, iso: str) -> None:
    assert one(text)[1] == iso
    assert [m.kind for m in find_mentions("The council met toNıght.")] == ["offset"]  # dotless i


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # Bounds and deadlines look forward unless their clause is in the past.
        ("The quay will stay shut until at least Wednesday.", "2024-06-19"),
        ("The berth must be cleared by Monday, the harbour master said.", "2024-06-17"),
        ("Ferries resume on Tuesday at the earliest.", "2024-06-18"),
        ("By Sunday evening, only 14 boats had been counted.", "2024-06-09"),
        # Scheduling cues send a weekday forward.
        ("The vote is set for Saturday in the port office.", "2024-06-15"),
        ("A stopgap permit that expires Tuesday keeps the berths open.", "2024-06-18"),
        ("Talks were to have begun Wednesday, but were called off.", "2024-06-19"),
        # A plan in the past perfect looks back.
        ("Crews treated the boats that had been scheduled to sail on Tuesday.", "2024-06-11"),
        # "last Thursday" written on a Friday is a week back, "next Saturday" a week ahead.
        ("Last Thursday, a crane toppled onto the quay.", "2024-06-06"),
        ("The regatta sails next Saturday from the eastern quay.", "2024-06-22"),
    ],
)
def test_forward_cues_and_bounds(text: str, iso: str) -> None:
    assert one(text)[1] == iso


def test_year_less_date_ahead_stays_in_the_year_unless_past() -> None:
    assert one("The second round takes place on Oct. 25 in every state.",
               date(2024, 10, 5))[1] == "2024-10-25"
    assert one("Members, anxious to campaign for the Nov. 3 elections, fled the capital.",
               date(2024, 10, 9))[1] == "2024-11-03"
    assert one("The berth was rented on June 30 to a fishing firm.")[1] == "2023-06-30"


def test_explicit_date_wins_over_its_weekday() -> None:
    text = "The Courier said in an editorial on Monday, June 17:"
    assert one(text)[:2] == ("Monday, June 17", "2024-06-17")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Partial shutdowns in 1995 and 1996 cost the port dearly.", "1995/1996"),
        ("The port was closed in 1995-96 for dredging.", "1995/1996"),
        ("The 2001-02 season was the worst for trawlers.", "2001/2002"),
        ("Ferry traffic grew from 2001 to 2005 at the quay.", "2001/2005"),
    ],
)
def test_year_ranges(text: str, iso: str) -> None:
    assert one(text)[1:] == (iso, "range")


def test_month_in_a_relative_year() -> None:
    assert one("The quay was hit by a storm in September last year.")[1:] == ("2023-09", "month")
    assert one("In March of next year, the terminal will reopen.")[1] == "2025-03"


def test_not_since_is_the_last_time() -> None:
    assert one("He had not spoken to the harbour master since June 2.")[1:] == (
        "2024-06-02", "day")


def test_figures_of_speech_and_time_zones_are_not_dates() -> None:
    assert dated_mentions("Prices rose almost overnight at the quay.", FRIDAY) == []
    found = dated_mentions("The first ferry left at 1 a.m. Friday (1800 GMT Thursday).", FRIDAY)
    assert [w.iso() for _, w in found] == ["2024-06-14"]
