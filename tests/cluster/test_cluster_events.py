"""The event rules of the stream clusterer: names, dormant stories re-opened, headlines."""

from __future__ import annotations

from helpers import article

from storyline.cluster.events import NAME, headline
from storyline.cluster.stream import (
    DORMANT_TERMS,
    REOPEN_DAYS,
    StreamClusterer,
    cluster_stream,
    stream_order,
)
from storyline.model import Article
from storyline.settings import Settings

SHOOTING = [
    ("2025-01-04", "Three people were shot outside the Copper Kettle Tavern on Marlow Street "
     "in Fendale late Friday, police said. The victim Tomas Verlaine died at the scene."),
    ("2025-01-05", "Police in Fendale are searching for the gunman who shot three people "
     "outside the Copper Kettle Tavern on Marlow Street, killing Tomas Verlaine."),
]
TRIAL = ("2025-06-18", "The man accused of killing Tomas Verlaine outside the Copper Kettle "
         "Tavern in Fendale went on trial on Tuesday, prosecutors said, as the shooting "
         "victims' families watched.")
OTHER_CITY = ("2025-06-18", "Three people were shot outside a tavern on a busy street in "
              "Brackwater late Friday, police said. The victim Ona Pellis died at the scene.")


def _build(rows: list[tuple[str, str]]) -> list[Article]:
    return [article(text, source=f"Outlet {n}", published=day)
            for n, (day, text) in enumerate(rows)]


def _stories(arts: list[Article], settings: Settings | None = None) -> list[set[str]]:
    ordered = sorted(arts, key=stream_order)
    return [set(story.articles) for story, _ in cluster_stream(ordered, settings)]


def test_trial_months_later_reopens_the_shooting() -> None:
    arts = _build([*SHOOTING, TRIAL])
    assert _stories(arts) == [{a.id for a in arts}]


def test_same_type_incident_months_later_in_another_city_stays_apart() -> None:
    arts = _build([*SHOOTING, OTHER_CITY])
    groups = _stories(arts)
    assert len(groups) == 2
    assert {arts[2].id} in groups


def test_trial_after_the_reopen_limit_is_a_new_story() -> None:
    late = ("2027-01-10", TRIAL[1])  # more than REOPEN_DAYS after the last report
    arts = _build([*SHOOTING, late])
    assert REOPEN_DAYS < 700
    assert len(_stories(arts)) == 2


def test_dormant_story_is_compact_and_out_of_the_postings() -> None:
    clusterer = StreamClusterer(Settings(cluster_window_days=14))
    long_text = " ".join(f"w{k}x" for k in range(120))
    first = article("Police in Fendale said Tomas Verlaine was shot. " + long_text,
                    source="A", published="2025-01-01")
    clusterer.add(first)
    clusterer.add(article("Unrelated harbour news from Lowmere today.", source="B",
                          published="2025-02-01"))  # moves the clock past the window
    [number] = [n for n, s in clusterer.open.items() if first.id in s.ids]
    story = clusterer.open[number]
    assert story.dormant is not None
    assert len(story.centroid) <= DORMANT_TERMS
    assert all(number not in members for members in clusterer.postings.values())
    assert any(number in members for members in clusterer.named.values())


def test_names_are_capitalised_words_inside_a_sentence() -> None:
    text = "Police said Tomas Verlaine was shot near Copper Kettle Tavern. Officers left."
    assert NAME.findall(text) == ["Tomas Verlaine", "Copper Kettle Tavern"]


def test_headline_drops_outlet_and_masthead_segments() -> None:
    assert headline("Three shot in Fendale - KXYZ.com", "kxyz.com") == "Three shot in Fendale"
    assert headline("Three shot in Fendale | WQRT 9 Fendale News", "wqrt.com") == (
        "Three shot in Fendale")
    assert headline("Three shot in Fendale | Continuous News Coverage | Fendale",
                    "wqrt.com") == "Three shot in Fendale"
    # A segment with lower-case words is headline, and the first segment always stays.
    assert headline("Fendale shooting - suspect arrested at home", "x.com") == (
        "Fendale shooting - suspect arrested at home")
    assert headline("KXYZ News", "kxyz.com") == "KXYZ News"
