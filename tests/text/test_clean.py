"""The cleaning stage: boilerplate rules on small fictional pages, then the five real seeds."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import EXAMPLE, ROOT, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.ingest import ingest
from storyline.model import Article, Section, content_id
from storyline.text.clean import clean

SEEDS = SHARED / "seeds"

BODY = (
    "Fire crews in Port Wenlow fought a blaze at the old harbour warehouses for six hours on "
    "Tuesday, the town's fire service said."
)
BODY2 = "No one was hurt, but three fishing boats moored at the quay were badly damaged."


def run(raw: str, title: str | None = None, source: str | None = None,
        published: str | None = None) -> Article:
    """Clean a raw fictional page, with metadata as an HTML reader would give it."""
    return clean(Article(id="x", origin="t", text=raw, title=title, source=source,
                         published=published))


def reasons(art: Article) -> dict[str, str]:
    """Map each dropped text to its reason."""
    return {d.text: d.reason for d in art.dropped}


# --- output shape -------------------------------------------------------------------------


def test_text_is_one_paragraph_per_line_with_whitespace_collapsed() -> None:
    art = run(f"\n\n  {BODY}  \n\n\n\t{BODY2.replace(' ', '  ')}\r\n\n")
    assert art.text == f"{BODY}\n{BODY2}"
    assert art.id == "x" and art.origin == "t"


def test_hard_wrapped_paragraph_is_joined() -> None:
    art = run("Fire crews fought the blaze at the harbour\nwarehouses for six hours.\n\n" + BODY2)
    assert art.text.split("\n")[0] == (
        "Fire crews fought the blaze at the harbour warehouses for six hours.")


def test_wrapped_paragraph_also_joins_before_capitals() -> None:
    raw = ("A fire destroyed three warehouses at the Port Wenlow harbour on\n"
           "Tuesday, the fire service said, and damaged three fishing boats\n"
           "moored along the quay.\n\nNobody was hurt.")
    assert run(raw).text == (
        "A fire destroyed three warehouses at the Port Wenlow harbour on Tuesday, the fire "
        "service said, and damaged three fishing boats moored along the quay.\nNobody was hurt.")


def test_short_widget_label_is_not_joined_with_a_lower_case_line() -> None:
    art = run(f"Share\nclose panel\n{BODY}")
    assert art.text == BODY
    assert reasons(art)["Share"] == "share widget"


def test_invisible_and_control_characters_are_removed() -> None:
    art = run("Fire\u200b crews\x07 fought\u00a0the blaze at the harbour on Tuesday.\ufeff")
    assert art.text == "Fire crews fought the blaze at the harbour on Tuesday."


def test_only_boilerplate_leaves_empty_text() -> None:
    art = run("Share\nComments\n© 2021 Wenlow Gazette. All rights reserved.")
    assert art.text == ""
    assert {d.reason for d in art.dropped} == {"share widget", "comment prompt", "copyright notice"}


@pytest.mark.parametrize(
    "raw",
    ["", " ", "\n\n\n", "\ud800 lone surrogate", "\x00\x01\x02", "é" * 5000, "—\n–\n…",
     "By\nBy \n©\n(c)\n9:45\nDec 99, 2016\n2016-13-45", "A" * 200_000, "x\n" * 20_000,
     "PARIS (AP) —", "BEIRUT (AP) — \n\n", "\u2028\u2029\x85\x0b\x0c"],
)
def test_clean_never_raises(raw: str) -> None:
    art = run(raw)
    assert "\n\n" not in art.text and art.text == art.text.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(["\n", " ", ".", "©"])))
def test_any_string_cleans_to_well_formed_text(raw: str) -> None:
    art = run(raw)
    for line in art.text.split("\n") if art.text else []:
        assert line and line == " ".join(line.split())
    for sec in art.sections:
        assert 0 <= sec.start <= len(art.text)
        assert sec.start == 0 or art.text[sec.start - 1] == "\n"


# --- title, outlet, dates, byline ------------------------------------------------------------


def test_first_line_title_is_recorded_and_removed() -> None:
    art = run(f"Harbour fire destroys Port Wenlow warehouses\n\n{BODY}")
    assert art.title == "Harbour fire destroys Port Wenlow warehouses"
    assert art.text == BODY
    assert reasons(art)["Harbour fire destroys Port Wenlow warehouses"] == "title"


def test_title_repeated_after_outlet_and_date_lines() -> None:
    title = "The Latest: Harbour fire under control"
    art = run(f"{title}\n\nWenlow Gazette\nPosted: Mar 04, 2021 9:05 PM\n{title}\n\n{BODY}")
    assert art.title == title
    assert art.text == BODY
    # "Wenlow Gazette" is in no outlet list: a label above the title, not a known source.
    assert [d.reason for d in art.dropped] == ["title", "site section label",
                                               "publication date line", "title"]
    assert art.source is None


def test_title_after_search_box_and_date_line_with_rail_below() -> None:
    raw = (
        "Search Gazette News:\nMar 04, 9:05 AM EST\n\nHarbour fire: crews battle blaze\n\n"
        "Latest Wenlow News\nCouncil approves new ferry timetable\n\n"
        "Lighthouse reopens after repairs\n\n" + BODY
    )
    art = run(raw)
    assert art.title == "Harbour fire: crews battle blaze"
    assert art.text == BODY
    got = reasons(art)
    assert got["Search Gazette News:"] == "navigation"
    assert got["Latest Wenlow News"] == "navigation"
    assert got["Council approves new ferry timetable"] == "navigation rail"
    assert got["Lighthouse reopens after repairs"] == "navigation rail"


def test_section_label_above_title_next_to_byline() -> None:
    raw = (
        "Maritime Safety (MS)\n\nHarbour Fire Crews 'Confident' About Saving Quay\n\n"
        "By Coastal Wire March 03, 2021\n\n" + BODY
    )
    art = run(raw)
    assert art.title == "Harbour Fire Crews 'Confident' About Saving Quay"
    assert reasons(art)["Maritime Safety (MS)"] == "site section label"
    assert art.byline == "Coastal Wire"
    assert art.published == "2021-03-03"
    assert art.published_from == 'line "By Coastal Wire March 03, 2021"'
    assert art.text == BODY


def test_title_standfirst_bare_byline_then_date() -> None:
    deck = "Three fishing boats damaged as blaze spreads along quay"
    raw = (f"Harbour fire destroys Port Wenlow warehouses\n{deck}\nJane Smith\n"
           f"Tue 2 Mar 2021 14.53 GMT\nLast modified on Tue 2 Mar 2021 16.10 GMT\n{BODY}")
    art = run(raw)
    assert art.title == "Harbour fire destroys Port Wenlow warehouses"
    assert art.text == f"{deck}\n{BODY}"
    assert art.byline == "Jane Smith"
    assert (art.published, art.published_time) == ("2021-03-02", "14:53")
    assert reasons(art)["Last modified on Tue 2 Mar 2021 16.10 GMT"] == "date line"


def test_rail_under_a_navigation_heading_is_not_the_title() -> None:
    raw = ("Latest news\nCouncil approves new ferry timetable\nLighthouse reopens after repairs\n"
           f"Harbour fire destroys three warehouses in Port Wenlow\nPosted: March 2, 2021\n{BODY}")
    art = run(raw)
    assert art.title == "Harbour fire destroys three warehouses in Port Wenlow"
    assert art.text == BODY


def test_standfirst_below_title_is_kept() -> None:
    deck = "Three boats damaged as flames spread along the quay"
    art = run(f"Harbour fire destroys warehouses\n\n{deck}\n\n{BODY}")
    assert art.text == f"{deck}\n{BODY}"


def test_metadata_title_wins_and_its_line_is_dropped() -> None:
    art = run(f"Harbour fire destroys warehouses | Wenlow Gazette\n\n{BODY}",
              title="Harbour fire destroys warehouses")
    assert art.title == "Harbour fire destroys warehouses"
    assert art.text == BODY


def test_outlet_line_names_the_source() -> None:
    art = run(f"Harbour fire destroys warehouses\nAP News\n\n{BODY}")
    assert art.source == "AP News"
    assert reasons(art)["AP News"] == "outlet line"


def test_metadata_wins_over_text() -> None:
    art = run(f"Reuters\nPosted: Mar 04, 2021 9:05 PM\n\n{BODY}", source="Wenlow Gazette",
              published="2021-03-05")
    assert art.source == "Wenlow Gazette"
    assert art.published == "2021-03-05" and art.published_from == "metadata"
    assert art.text == BODY


@pytest.mark.parametrize(
    ("line", "day", "time"),
    [
        ("Posted: Mar 04, 2021 9:05 PM", "2021-03-04", "21:05"),
        ("Published 4 March 2021 12:30 a.m.", "2021-03-04", "00:30"),
        ("Thursday, March 4, 2021", "2021-03-04", None),
        ("2021-03-04T09:05:00Z", "2021-03-04", "09:05"),
        ("Updated 9:05 AM ET, Thu March 4, 2021", "2021-03-04", "09:05"),
    ],
)
def test_date_lines(line: str, day: str, time: str | None) -> None:
    art = run(f"{line}\n\n{BODY}")
    assert (art.published, art.published_time) == (day, time)
    assert art.published_from == f'line "{line}"'
    assert art.text == BODY


def test_date_line_without_year_takes_year_from_copyright() -> None:
    art = run(f"Mar 04, 9:05 AM EST\n\n{BODY}\n\n© 2021 Wenlow Gazette. All rights reserved.")
    assert (art.published, art.published_time) == ("2021-03-04", "09:05")
    assert art.published_from == (
        'line "Mar 04, 9:05 AM EST", year from copyright "© 2021 Wenlow Gazette"'
    )
    assert art.source == "Wenlow Gazette"


def test_date_line_without_year_and_no_other_year_is_left_unknown() -> None:
    art = run(f"Mar 04, 9:05 AM EST\n\n{BODY}")
    assert art.published is None and art.published_time is None and art.published_from is None
    assert reasons(art)["Mar 04, 9:05 AM EST"] == "date line"


def test_dates_inside_prose_are_not_publication_dates() -> None:
    art = run(f"{BODY}\nThe warehouses were built on March 4, 1921, the council said.")
    assert art.published is None


def test_revision_date_only_used_after_the_publication_date() -> None:
    art = run(f"Updated: March 5, 2021\nPublished: March 4, 2021\n\n{BODY}")
    assert art.published == "2021-03-04"


@pytest.mark.parametrize(
    ("line", "byline", "source"),
    [
        ("By Jane Smith, Associated Press", "Jane Smith", "The Associated Press"),
        ("By JANE SMITH, Associated Press Writer", "Jane Smith", "The Associated Press"),
        ("By Jane Smith and Tom Okafor", "Jane Smith and Tom Okafor", None),
        ("By Gazette Staff", "Gazette Staff", "Gazette"),
    ],
)
def test_bylines(line: str, byline: str, source: str | None) -> None:
    art = run(f"{line}\n\n{BODY}")
    assert (art.byline, art.source) == (byline, source)
    assert art.text == BODY


def test_sentence_opening_with_by_is_content() -> None:
    text = "By the time crews arrived, the roof of the fish market had collapsed."
    art = run(f"{BODY}\n{text}")
    assert art.byline is None and art.text == f"{BODY}\n{text}"


# --- dateline --------------------------------------------------------------------------------


@pytest.mark.parametrize("dash", ["—", "--", "–"])
def test_dateline_is_cut_from_the_first_paragraph(dash: str) -> None:
    art = run(f"PORT WENLOW (AP) {dash} {BODY}\n{BODY2}")
    assert art.dateline == "PORT WENLOW (AP)"
    assert art.text == f"{BODY}\n{BODY2}"
    assert art.source == "The Associated Press"
    assert reasons(art)[f"PORT WENLOW (AP) {dash}"] == "dateline"


def test_dateline_without_agency_only_in_first_paragraph() -> None:
    art = run(f"PORT WENLOW — {BODY}")
    assert art.dateline == "PORT WENLOW" and art.text == BODY
    later = run(f"{BODY}\nNATO — the alliance — sent no ships to the harbour.")
    assert later.dateline is None
    assert later.text.endswith("NATO — the alliance — sent no ships to the harbour.")


def test_mixed_case_dateline_with_a_known_agency() -> None:
    art = run(f"Port Wenlow, England (CNN) {BODY}")
    assert art.dateline == "Port Wenlow, England (CNN)"
    assert art.source == "CNN" and art.text == BODY


def test_agency_dateline_with_date() -> None:
    art = run(f"PORT WENLOW, March 2 (Reuters) - {BODY}")
    assert art.dateline == "PORT WENLOW, March 2 (Reuters)"
    assert art.source == "Reuters" and art.published is None


def test_kicker_is_not_a_dateline() -> None:
    assert run(f"BREAKING — {BODY}").dateline is None


def test_outlet_line_beats_dateline_agency() -> None:
    art = run(f"AP News\n\nPORT WENLOW (Reuters) — {BODY}")
    assert art.source == "AP News"
    assert art.dateline == "PORT WENLOW (Reuters)"


# --- sections --------------------------------------------------------------------------------


def test_time_headings_become_sections_at_the_next_paragraph() -> None:
    raw = (f"Intro line of the live blog about the fire.\n\n9:45 p.m.\n\n{BODY}\n\n"
           f"10:05 a.m.\n\n{BODY2}")
    art = run(raw)
    assert art.text == f"Intro line of the live blog about the fire.\n{BODY}\n{BODY2}"
    assert [s.label for s in art.sections] == ["9:45 p.m.", "10:05 a.m."]
    assert art.text[art.sections[0].start :].startswith("Fire crews in Port Wenlow")
    assert art.text[art.sections[1].start :] == BODY2


def test_heading_before_dropped_line_points_at_next_kept_paragraph() -> None:
    art = run(f"{BODY}\n\n3:10 p.m.\n\nCredit: WENLOW GAZETTE\n\n{BODY2}")
    assert art.sections == (Section(len(BODY) + 1, "3:10 p.m."),)


def test_trailing_heading_without_text_is_dropped() -> None:
    art = run(f"{BODY}\n\n11:30 p.m.")
    assert art.sections == ()
    assert reasons(art)["11:30 p.m."] == "heading without text"


def test_lone_short_heading_inside_body_is_a_crosshead() -> None:
    art = run(f"{BODY}\n\nBoats damaged\n\n{BODY2}\n\nAnother paragraph ends the story here.")
    assert "Boats damaged" not in art.text
    assert art.sections == (Section(len(BODY) + 1, "Boats damaged"),)


# --- rails, labels, footers -------------------------------------------------------------------


def test_headline_rail_inside_body_is_dropped() -> None:
    raw = (f"{BODY}\n\nCouncil approves new ferry timetable\nLighthouse reopens after repairs\n"
           f"Wenlow regatta moves to August\n\n{BODY2}")
    art = run(raw)
    assert art.text == f"{BODY}\n{BODY2}"
    assert reasons(art)["Lighthouse reopens after repairs"] == "related-headline rail"


def test_short_lines_after_a_colon_are_a_list_not_a_rail() -> None:
    raw = f"{BODY}\nThe damaged boats were:\nThe Marigold\nThe Sea Lark\n{BODY2}"
    art = run(raw)
    assert "The Marigold\nThe Sea Lark" in art.text


def test_headline_lines_after_the_last_paragraph_are_a_footer() -> None:
    art = run(f"{BODY}\n\nMore about Port Wenlow\n\nWenlow Tourist Board")
    assert art.text == BODY
    assert reasons(art)["Wenlow Tourist Board"] == "page footer"


# --- captions and credits ---------------------------------------------------------------------


def test_caption_lines_with_credits() -> None:
    cap = "Firefighters spray water on the burning warehouse in Port Wenlow, March 2, 2021."
    raw = (f"{BODY}\n{cap} Credit: ANNA BELL/AFP\n"
           f"Crew members rest on the quay after the fire, March 2, 2021Credit: Anna Bell, AFP\n"
           f"AP Photo/Tom Reyes\n{BODY2}")
    art = run(raw)
    assert art.text == f"{BODY}\n{BODY2}"
    got = reasons(art)
    assert got[f"{cap} Credit: ANNA BELL/AFP"] == "photo caption with credit"
    assert got["AP Photo/Tom Reyes"] == "photo credit"


def test_caption_printed_twice_second_time_with_credit() -> None:
    cap = "Smoke rises over the harbour warehouses after the blaze broke out on March 2, 2021."
    art = run(f"{BODY}\n{cap}\n{cap} Credit: ANNA BELL/AFP\n{BODY2}")
    assert art.text == f"{BODY}\n{BODY2}"
    assert [d.reason for d in art.dropped][:1] in (["photo caption (repeated with credit)"],
                                                   ["photo caption"])


def test_caption_followed_by_a_credit_line() -> None:
    cap = "Smoke over the quay seen from the ferry terminal."
    art = run(f"{BODY}\n{cap}\nAP Photo/Tom Reyes\n\n{BODY2}")
    assert reasons(art)[cap] == "photo caption (followed by credit)"
    assert art.text == f"{BODY}\n{BODY2}"


def test_position_markers_mark_a_caption() -> None:
    cap = "Mayor Ellen Hart (2ndL) and fire chief Owen Dale (R) visit the quay on Tuesday."
    assert run(f"{BODY}\n{cap}").text == BODY


def test_dated_caption_sentence_is_cut_and_the_rest_kept() -> None:
    raw = (f"{BODY}\nFirefighters prepare hoses on the quay, east of the market, Port Wenlow, "
           "Mar. 2, 2021. Flames later reached the fish market, a Gazette reporter at the scene "
           "said.")
    art = run(raw)
    assert art.text == (f"{BODY}\nFlames later reached the fish market, a Gazette reporter at "
                        "the scene said.")
    assert reasons(art)["Firefighters prepare hoses on the quay, east of the market, Port "
                        "Wenlow, Mar. 2, 2021."] == "photo caption"


def test_caption_with_credit_in_the_guardian_style() -> None:
    cap = "Firefighters battled the blaze for six hours. Photograph: Tom Reyes/PA"
    art = run(f"{BODY}\n{cap}\n{BODY2}")
    assert reasons(art) == {cap: "photo caption with credit"}


def test_present_tense_caption_is_dropped_but_reported_prose_stays() -> None:
    cap = "Volunteers gather near the burned-out warehouse on the harbour front."
    prose = "Residents gathered near the burned-out warehouse, police said."
    art = run(f"{BODY}\n{cap}\n{prose}")
    assert art.text == f"{BODY}\n{prose}"


def test_caption_verb_after_a_determiner_is_a_noun() -> None:
    text = "The march along the harbour front ended peacefully at noon."
    assert run(f"{BODY}\n{text}").text == f"{BODY}\n{text}"


def test_screenshot_caption() -> None:
    cap = "A screenshot from a video posted by the fire service, showing the burning roof."
    assert run(f"{BODY}\n{cap}").text == BODY


def test_prose_dated_with_a_weekday_is_not_a_caption() -> None:
    text = "The ferry service resumed its normal timetable on Friday, March 5, 2021."
    assert run(f"{BODY}\n{text}").text.endswith(text)


# --- widgets, banners, legal, prompts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Send by e-mailSend by e-mail", "share widget"),
        ("Share | Tweet | Email", "share widget"),
        ("UNITED24 - Make a charitable donation in support of Ukraine!", "donation banner"),
        ("© 2021 Wenlow Gazette. All rights reserved.", "copyright notice"),
        ("Privacy Policy | Terms of Use", "terms and privacy links"),
        ("Jane Smith in Port Wenlow contributed.", "contributor credit"),
        ("Gazette reporter Tom Okafor contributed to this report.", "contributor credit"),
        ("Join the Wenlow Gazette mailing list", "mailing-list prompt"),
        ("Comments", "comment prompt"),
        ("12 Comments", "comment prompt"),
        ("Advertisement", "advertisement"),
        ("Home > Local > Harbour", "navigation"),
        ("Tags: fire, harbour, Port Wenlow", "tag list"),
        ("Image caption, Firefighters worked through the night", "photo caption"),
        ("(Reporting by Jane Smith; Editing by Tom Okafor)", "contributor credit"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "publisher notice"),
        ("* * *", "separator"),
    ],
)
def test_boilerplate_lines(line: str, reason: str) -> None:
    art = run(f"{BODY}\n{line}\n{BODY2}")
    assert art.text == f"{BODY}\n{BODY2}"
    assert reasons(art) == {line: reason}


@pytest.mark.parametrize(
    "line",
    [
        "The fire is out.",
        "Share prices of the ferry company fell.",
        "Heavy rain also contributed.",
        "Comments from residents were mixed.",
        "Copyright lawyers for the gazette said nothing.",
        '"Read our privacy policy first," the harbour master said.',
        "More than 40 firefighters took part.",
        "Print shops on the quay were spared.",
    ],
)
def test_short_real_sentences_stay(line: str) -> None:
    art = run(f"{BODY}\n{line}\n{BODY2}")
    assert art.text == f"{BODY}\n{line}\n{BODY2}"


def test_repeated_paragraph_is_dropped_once() -> None:
    art = run(f"{BODY}\n{BODY2}\n{BODY}")
    assert art.text == f"{BODY}\n{BODY2}"
    assert [d.reason for d in art.dropped] == ["repeated line"]


def test_cleaning_twice_changes_nothing_more() -> None:
    raw = (f"Harbour fire destroys warehouses\nPosted: Mar 04, 2021 9:05 PM\n\n"
           f"PORT WENLOW (AP) — {BODY}\n\n9:45 p.m.\n\n{BODY2}\n\nComments")
    once = run(raw)
    twice = clean(once)
    assert twice.text == once.text
    assert twice.sections == once.sections
    assert (twice.title, twice.published, twice.dateline) == (once.title, once.published,
                                                               once.dateline)
    assert twice.dropped == once.dropped


# --- the five real seeds ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    """Clean every seed, keyed by its number ("000")."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not found")
    paths = sorted(SEEDS.glob("*.txt"))
    return {
        p.name[:3]: clean(Article(id=p.stem, origin=str(p), text=p.read_text(encoding="utf-8")))
        for p in paths
    }


# Words each seed's title must hold; the title itself is read from the seed, never copied here.
TITLES = {
    "000": ("The Latest:", "Kerry", "Aleppo"),
    "001": ("Assad's Forces", "Kerry", "'Absolute Destruction'"),
    "002": ("Syria:", "diplomats", "opposition"),
    "003": ("truce", "regime", "advances"),
    "004": ("'Hopeful'", "Ceasefire", "Russia"),
}
PUBLISHED = {
    "000": ("2016-12-09", "14:53"),
    "001": (None, None),
    "002": ("2016-12-10", "08:47"),
    "003": (None, None),
    "004": ("2016-12-08", None),
}
SOURCES = {"000": "AP News", "001": None, "002": "The Associated Press", "003": None,
           "004": "VOA News"}
BANNED = ["Send in e-mail", "Credit:", "Search AP News", "UNITED24", "All rights reserved",
          "contributed", "mailing list", "Latest Syria News", "AP Photo"]


def test_seed_titles(seeds: dict[str, Article]) -> None:
    assert set(seeds) == set(TITLES)
    for key, art in seeds.items():
        assert art.title is not None
        assert all(word in art.title for word in TITLES[key]), (key, art.title)
        raw_lines = [line.strip() for line in Path(art.origin).read_text("utf-8").splitlines()]
        assert art.title in raw_lines, "the title is one whole line of the page"
        assert art.title not in art.text.split("\n")


def test_seed_dates_and_sources(seeds: dict[str, Article]) -> None:
    assert {k: (a.published, a.published_time) for k, a in seeds.items()} == PUBLISHED
    assert {k: a.source for k, a in seeds.items()} == SOURCES
    assert seeds["000"].published_from == 'line "Posted: Dec 09, 2016 2:53 PM"'
    assert seeds["002"].published_from is not None
    assert "Dec 10, 8:47 AM EST" in seeds["002"].published_from
    assert "© 2016" in seeds["002"].published_from
    assert seeds["004"].byline == "VOA News"


def test_seed_datelines(seeds: dict[str, Article]) -> None:
    assert seeds["000"].dateline == "BEIRUT (AP)"
    assert seeds["002"].dateline == "PARIS (AP)"
    # 000's first paragraph is a live-blog intro: its dateline is kept, the intro dropped.
    assert not seeds["000"].text.startswith(("BEIRUT", "The Latest"))
    assert "live-blog intro" in reasons(seeds["000"]).values()
    assert seeds["002"].text.startswith("U.S. Secretary of State")


def test_seed_boilerplate_is_gone(seeds: dict[str, Article]) -> None:
    for key, art in seeds.items():
        for fragment in BANNED:
            assert fragment not in art.text, (key, fragment)
        assert "Comments" not in art.text.split("\n"), key
        assert "" not in art.text.split("\n"), key


def test_seed_content_stays(seeds: dict[str, Article]) -> None:
    assert seeds["001"].text.startswith("Some 50,000 Syrians said fleeing the embattled city")
    assert "Syrian army soldiers prepare for battle" not in seeds["003"].text
    assert ("Remaining rebel-held districts were coming under heavy bombardment"
            in seeds["003"].text)
    assert seeds["003"].text.startswith("Confident. Hopeful.")
    # 24 lines: the title and one whole-line caption go, the dated caption is cut from its line.
    assert len(seeds["003"].text.split("\n")) == 22
    assert seeds["004"].text.startswith("Russian Foreign Minister Sergei Lavrov on Thursday")
    assert seeds["004"].text.endswith("without a negotiated settlement to end the four-year "
                                      "rebel occupation.")


def test_seed_live_blog_sections(seeds: dict[str, Article]) -> None:
    art = seeds["000"]
    labels = [s.label for s in art.sections]
    assert labels == ["9:45 p.m.", "9:30 p.m.", "7:45 p.m.", "3:10 p.m.", "1:30 p.m.",
                      "9:30 a.m."]
    starts = {s.label: art.text[s.start :] for s in art.sections}
    assert starts["9:45 p.m."].startswith("U.S. Secretary of State John Kerry says")
    assert starts["9:30 p.m."].startswith("The 193-member U.N. General Assembly")
    assert starts["9:30 a.m."].startswith("The Russian military says it has helped")
    assert not re.search(r"^\d{1,2}:\d\d [ap]\.m\.$", art.text, re.M)


def test_seed_dropped_reasons(seeds: dict[str, Article]) -> None:
    by_seed = {k: {d.reason for d in a.dropped} for k, a in seeds.items()}
    assert {"title", "outlet line", "publication date line", "dateline"} <= by_seed["000"]
    assert {"share widget", "photo caption with credit", "comment prompt"} <= by_seed["001"]
    assert {"navigation", "navigation rail", "photo credit", "contributor credit",
            "copyright notice"} <= by_seed["002"]
    assert {"donation banner", "site section label", "byline", "mailing-list prompt"} \
        <= by_seed["004"]
    for art in seeds.values():
        assert all(d.article == art.id for d in art.dropped)


def test_seeds_clean_twice_to_the_same_text(seeds: dict[str, Article]) -> None:
    for art in seeds.values():
        assert clean(art).text == art.text


@pytest.mark.parametrize(
    "notice",
    [
        "Since 2004 the Fennick Library has been donating crawl data to the Internet Archive "
        "each week; the pages are added to the Wayback Machine after a delay.",
        "Tweet with a location: you can add location information to your Tweets from the web.",
        "These crawls are part of an effort to archive pages of the \"Keep Links Alive\" sites.",
    ],
)
def test_archive_and_embed_notices_are_dropped(notice: str) -> None:
    art = run(f"{BODY}\n{notice}\n{BODY2}")
    assert art.text == f"{BODY}\n{BODY2}"
    assert reasons(art)[notice] == "archive or embed notice"


def test_news_about_a_web_archive_is_kept() -> None:
    line = "The Internet Archive said its Wayback Machine was offline for two days after the storm."
    assert line in run(f"{BODY}\n{line}").text


def test_sign_up_walls_are_dropped() -> None:
    wall = ("Newsletter Sign Up Continue reading the main story Please verify you're not a robot "
            "by clicking the box. Invalid email address. Please re-enter.")
    art = run(f"{BODY}\n{wall}\n{BODY2}")
    assert art.text == f"{BODY}\n{BODY2}"
    assert reasons(art)[wall] == "sign-up or affiliate notice"


@pytest.mark.parametrize("notice", [
    "Oops. The page you requested was not found. Check the address or use the search box.",
    "We're sorry, but this page is not available. Try the address again later.",
    "You must log in to continue.",
    "We've noticed that JavaScript is disabled in your browser. Turn it on to read the Gazette.",
    "The IP address has changed. Check your DNS settings for this domain.",
    "The interactive transcript could not be loaded. Rating is available when the video has "
    "been rented.",
    "Comments are filtered for language and registration is required before you post.",
    "Your monthly gift of {{ model.gift.amount | currency }} starts today.",
])
def test_error_and_access_pages_are_dropped(notice: str) -> None:
    art = run(f"{BODY}\n{notice}\n{BODY2}")
    assert art.text == f"{BODY}\n{BODY2}"
    assert reasons(art)[notice] == "error or access page"


def test_news_about_a_missing_page_is_kept() -> None:
    line = ("The ministry said the page you requested was not found because the report had been "
            "withdrawn on Tuesday.")
    assert line in run(f"{BODY}\n{line}").text


# --- cleaning is idempotent: the cluster run cleans once and briefs the cleaned articles -----

_LINES = st.sampled_from([
    "HARBORVILLE, Maine (Tidewater Wire) — A fire broke out at the pier on Tuesday.",
    "By Ana Reyes", "Share this article", "Photo: J. Doe / Tidewater Wire",
    "Advertisement", "Firefighters said 12 boats were damaged.", "Copyright 2031 Tidewater",
    "WHAT HAPPENED NEXT", "\"We lost everything,\" said Tom Hale, a fisherman.", "",
    "Sign up for our newsletter", "The harbor will reopen on Friday, officials said.",
])


@given(st.lists(_LINES, min_size=1, max_size=12))
@settings(max_examples=150, deadline=None)
def test_clean_is_idempotent(lines: list[str]) -> None:
    text = "\n".join(lines)
    once = clean(Article(id=content_id("t", text), origin="t", text=text))
    twice = clean(once)
    assert replace(twice, dropped=once.dropped) == once
    assert twice.dropped == once.dropped  # nothing more is dropped the second time


def test_example_and_fixtures_clean_idempotently() -> None:
    for path in sorted(EXAMPLE.glob("*")) + sorted((ROOT / "tests/fixtures/ingest").glob("*")):
        for item in ingest([str(path)]).articles:
            once = clean(item)
            assert replace(clean(once), dropped=once.dropped) == once, path.name
