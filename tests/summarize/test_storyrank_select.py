"""StoryRank's candidate rules: no embeds, links or templates; no sentence over half the budget."""

from __future__ import annotations

import numpy as np
from helpers import story

from storyline.summarize.select import not_prose
from storyline.summarize.storyrank import StoryRank, salience
from storyline.text.features import word_count

LEAD = "A grain silo collapsed at the Port Caldera docks on Monday, injuring four workers."
GALLERY = "\n".join(
    f"Hide Caption {n} of 40 Photos: the Port Caldera docks on Monday, silo collapsed, workers "
    "injured." for n in range(1, 4)
)
EMBED = "Silo collapsed at Port Caldera docks, four workers hurt pic.twitter.com/abc123 (@harbour)"


def test_embeds_and_templates_are_not_prose() -> None:
    feats = story(LEAD + "\n" + GALLERY + "\n" + EMBED, LEAD)
    skipped = {feats.texts[i] for i in not_prose(feats)}
    assert all(t.startswith("Hide Caption") or "pic.twitter" in t for t in skipped)
    assert len(skipped) == 4
    chosen = StoryRank(overflow=True)(feats, 200)
    assert chosen and all(feats.texts[i] not in skipped for i in chosen)


def test_no_candidate_fills_more_than_half_the_budget() -> None:
    long = ("The grain silo at the Port Caldera docks, owned by the Harrow Milling company, "
            "collapsed on Monday morning after a support beam failed, injuring four workers "
            "and closing the quay while engineers checked the other silos nearby.")
    short = "Four workers were hurt when a grain silo collapsed at the Port Caldera docks."
    feats = story(long + "\n" + short, short)
    assert word_count(long) > 30
    chosen = StoryRank(overflow=True)(feats, 60)
    assert chosen and all(word_count(feats.texts[i]) <= 30 for i in chosen)


def test_salience_adds_the_squares_terms() -> None:
    model = {"mean": [0.0], "scale": [1.0], "coef": [1.0], "mean_sq": [1.0], "scale_sq": [2.0],
             "coef_sq": [2.0], "score_mean": 0.0, "score_scale": 1.0}
    z = salience(np.asarray([[3.0], [0.0]]), model)
    assert z.tolist() == [3.0 + (9.0 - 1.0) / 2.0 * 2.0, -1.0]
