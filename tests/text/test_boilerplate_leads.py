"""Scraped leads: prompts, players, widgets and photo credits at the top of a local news page
are dropped with a reason, so the clusterer reads the article's own first lines."""

from __future__ import annotations

import pytest

from storyline.model import Article
from storyline.text.clean import clean

BODY = ("Two people were wounded in a shooting outside a bowling alley on Marlow Street in "
        "Fendale late Friday, police said.")
BODY2 = "Officers found both victims in the parking lot; neither injury is life-threatening."


def _dropped(lead: str) -> tuple[str, dict[str, str]]:
    art = clean(Article(id="x", origin="t", text=f"{lead}\n\n{BODY}\n\n{BODY2}",
                        title="Two wounded in Fendale", source="fendalenews.example"))
    return art.text, {d.text: d.reason for d in art.dropped}


@pytest.mark.parametrize(("lead", "reason"), [
    ("Get Breaking News First Receive News and Weather Headlines Each Morning. Sign Up",
     "newsletter or alert prompt"),
    ("Get breaking news alerts Be the first to know when news breaks in Fendale. More",
     "newsletter or alert prompt"),
    ("Sign up for severe weather text alerts, daily weather updates and more.",
     "newsletter or alert prompt"),
    ("Stay updated with our RSS feeds daily with the latest news.",
     "newsletter or alert prompt"),
    ("Please enable Javascript to watch this video", "video player or embed widget"),
    ("CLOSE Skip in Skip x Embed x Share Police tape surrounds the bowling alley on Friday.",
     "video player or embed widget"),
    ("Embed Two Wounded Outside Bowling Alley 1:12 autoplay autoplay Copy this code to your "
     "website or blog", "video player or embed widget"),
    ("Image 1 of 6 Police tape surrounds the bowling alley on Marlow Street.",
     "photo gallery or credit"),
    ("click to enlarge Lane photo via Fendale News", "photo gallery or credit"),
    ("Police tape surrounds the bowling alley. (Photo: Ada Quill, Fendale News)",
     "photo gallery or credit"),
])
def test_scraped_lead_is_dropped_with_its_reason(lead: str, reason: str) -> None:
    text, dropped = _dropped(lead)
    assert text.startswith(BODY)
    assert dropped[lead] == reason


@pytest.mark.parametrize("lead", [
    # Prose that mentions the same words stays: reported speech, or no prompt at its start.
    'The chief said residents should "sign up for alerts" from the county, police said.',
    "A neighbour who signed up for the bowling league said she heard six shots.",
])
def test_prose_with_the_same_words_is_kept(lead: str) -> None:
    text, dropped = _dropped(lead)
    assert text.startswith(lead)
    assert lead not in dropped
