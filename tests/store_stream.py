"""A fictional news stream for the story store's tests: stories of made-up towns and people,
several reports each over a few days, written as one JSON Lines file per day."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

TOWNS = ["Port Caldera", "Lowmere", "Aster Falls", "Brindle Cove", "Hollin Ridge", "Marrowby",
         "Quenton Bay", "Saltreach", "Tarrow Vale", "Wexley Moor", "Ironhollow", "Fenwick Lee"]
EVENTS = [("warehouse fire", "firefighters", "blaze", "smoke"),
          ("bridge collapse", "engineers", "piers", "river"),
          ("council vote", "councillors", "motion", "budget"),
          ("train derailment", "passengers", "carriages", "track"),
          ("factory strike", "workers", "wages", "picket"),
          ("harbour flood", "residents", "tide", "sandbags"),
          ("school closure", "parents", "pupils", "inspectors"),
          ("power outage", "households", "substation", "grid")]
PEOPLE = ["Darius Kemble", "Mira Okonedo", "Talia Brandt", "Oskar Velund", "Hana Lusk",
          "Pavel Sorn", "Edda Marsh", "Corin Vale", "Isolde Finch", "Ravi Tamsin"]
OUTLETS = ["Meridian Wire", "The Caldera Daily", "CBN News", "NewsPulse", "Harbor Herald",
           "Valley Courier"]
FILLER = ["officials", "said", "the", "on", "Tuesday", "after", "a", "long", "night", "and",
          "that", "more", "details", "would", "follow", "later", "in", "week", "local", "police"]


def stream(stories: int, seed: int = 5, start: date = date(2025, 3, 1)) -> list[dict[str, object]]:
    """Return JSON records of `stories` fictional stories, 1-6 reports each over 3 days."""
    rng = random.Random(seed)
    records = []
    for number in range(stories):
        town, (event, who, thing, other) = rng.choice(TOWNS), rng.choice(EVENTS)
        person = rng.choice(PEOPLE)
        own = [_word(rng) for _ in range(6)]  # the story's own names: streets, firms, ships
        day = start + timedelta(days=number * 40 // max(stories, 1))
        for report in range(rng.randint(1, 6)):
            outlet = OUTLETS[(number + report) % len(OUTLETS)]
            count = rng.randint(2, 400)
            sentences = [
                f"{own[0].title()} {own[1].title()} and the {own[2]} of {own[3].title()} "
                f"were named, with {own[4].title()} {rng.choice(own)}.",
                f"Near {own[5].title()} Street the {rng.choice(own)} {rng.choice(own)} stayed.",
                f"The {event} in {town} left {count} {who} waiting for news, {person} said.",
                f"{person} told reporters the {thing} near {town} was checked twice.",
                " ".join(rng.choices(FILLER + own, k=14)).capitalize() + ".",
                f"{own[2].title()} {own[4]} {own[1]} {own[0]} {own[3]} {rng.choice(own)}.",
                f"Story {number} of {town}: {other} and {thing} drew {who} to the scene.",
            ]
            rng.shuffle(sentences)
            when = day + timedelta(days=rng.randint(0, 2))
            records.append({
                "title": f"{town} {event}: {person} speaks", "source": outlet,
                "text": "\n\n".join(sentences), "published": when.isoformat(),
                "url": f"https://{outlet.lower().replace(' ', '')}.example/{number}/{report}",
            })
    return records


def write_days(records: list[dict[str, object]], folder: Path) -> list[Path]:
    """Write one JSONL file per publication day; return them in day order."""
    days: dict[str, list[dict[str, object]]] = {}
    for record in records:
        days.setdefault(str(record["published"]), []).append(record)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for day in sorted(days):
        path = folder / f"{day}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in days[day]), encoding="utf-8")
        paths.append(path)
    return paths


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))
