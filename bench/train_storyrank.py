"""Train StoryRank's sentence-salience model and report cross-validated ROUGE.

    python bench/train_storyrank.py            # 5-fold CV report, then write the model file
    python bench/train_storyrank.py --dry-run  # CV report only

The model is ridge regression (numpy least squares) from storyrank.FEATURES and their
squares to a sentence's reference-content density: the share of its ROUGE unigrams plus twice
the share of its ROUGE bigrams found in a human reference (rouge-score tokens, mean over
references). Only summary candidates are used, and every dev set in ../shared/data weighs the
same (Multi-News+ has 313 clusters, MultiLing 10). Cross-validation splits each set's clusters
into 5 folds; a fold's clusters are summarized with the model fitted on the other folds of every
set, so each reported number is from clusters the model never saw. Writes src/storyline/data/
storyrank_model.json (fitted on all clusters) with the CV numbers inside.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import storyrank_data as D  # noqa: E402

from storyline.summarize.base import candidates  # noqa: E402
from storyline.summarize.storyrank import FEATURES, StoryRank, feature_matrix, sentence_concepts  # noqa: E402

OUT = D.ROOT / "src" / "storyline" / "data" / "storyrank_model.json"
FOLDS = 5
# L2 penalty on standardized features, against a total sample weight of 4 (each set sums to 1).
# Chosen by mean CV ROUGE-2 over the sets: 0.1 -> 15.60, 1 -> 15.83, 10 -> 15.80, 100 -> 15.76.
RIDGE = 1.0
# Also fit a weight for each feature's square (a quadratic salience, still a small JSON file).
# 5-fold CV, ROUGE-1/2 without -> with squares: Multi-News 46.30/16.98 -> 46.36/17.05, DUC 2003
# 38.40/10.05 -> 39.05/10.63, MultiLing 50.49/21.62 -> 50.64/21.70, Multi-News+ 44.63/15.42 ->
# 44.62/15.42 (all pairwise products instead: better Multi-News, worse MultiLing and DUC).
# Re-run this script after changing it.
SQUARES = True


def target(item: D.Item, i: int) -> float:
    """Return sentence i's reference-content density (unigram share + 2 x bigram share)."""
    toks = item.sent_tokens[i]
    total = 0.0
    for ref in item.refs:
        for n, weight in ((1, 1.0), (2, 2.0)):
            s = Counter(tuple(toks[k : k + n]) for k in range(len(toks) - n + 1))
            r = Counter(tuple(ref[k : k + n]) for k in range(len(ref) - n + 1))
            total += weight * sum((s & r).values()) / max(sum(s.values()), 1)
    return total / len(item.refs)


def examples(item: D.Item) -> tuple[np.ndarray, np.ndarray]:
    """Return (features, targets) of one cluster's summary candidates."""
    pool = candidates(item.story)
    feats = feature_matrix(item.story, [sentence_concepts(t) for t in item.story.texts])
    return feats[pool], np.asarray([target(item, i) for i in pool])


def fit(parts: list[tuple[np.ndarray, np.ndarray, float]]) -> dict[str, Any]:
    """Fit weighted ridge regression; return the model in storyrank_model.json's shape."""
    x = np.vstack([p[0] for p in parts])
    x = np.hstack([x, x**2]) if SQUARES else x
    y = np.concatenate([p[1] for p in parts])
    w = np.concatenate([np.full(len(p[1]), p[2]) for p in parts])
    mean = np.average(x, axis=0, weights=w)
    scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=w))
    scale[scale == 0] = 1.0
    xs = np.hstack([(x - mean) / scale, np.ones((len(y), 1))])
    sw = np.sqrt(w)[:, None]
    penalty = np.sqrt(RIDGE) * np.eye(xs.shape[1])[:-1]  # the intercept is not penalized
    a = np.vstack([xs * sw, penalty])
    b = np.concatenate([y * sw[:, 0], np.zeros(len(penalty))])
    coef = np.linalg.lstsq(a, b, rcond=None)[0][:-1]
    mean, scale, coef = mean.round(6), scale.round(6), coef.round(6)
    z = ((x - mean) / scale) @ coef
    k = len(FEATURES)
    model = {"features": list(FEATURES), "mean": mean[:k].tolist(), "scale": scale[:k].tolist(),
             "coef": coef[:k].tolist()}
    if SQUARES:
        model |= {"mean_sq": mean[k:].tolist(), "scale_sq": scale[k:].tolist(),
                  "coef_sq": coef[k:].tolist()}
    model["score_mean"] = round(float(np.average(z, weights=w)), 6)
    model["score_scale"] = round(float(np.sqrt(np.average((z - model["score_mean"]) ** 2,
                                                          weights=w))), 6)
    return model


def weighted(data: dict[str, list[tuple[np.ndarray, np.ndarray]]], keep: Any) -> list[Any]:
    """Return (x, y, weight) parts of the kept clusters, each set weighing the same in total."""
    parts = []
    for folder, clusters in data.items():
        kept = [c for k, c in enumerate(clusters) if keep(folder, k)]
        rows = sum(len(c[1]) for c in kept) or 1
        parts += [(x, y, 1.0 / rows) for x, y in kept]
    return parts


def cross_validate(data: dict[str, Any], items: dict[str, list[D.Item]]) -> dict[str, Any]:
    """Return each set's mean ROUGE-1/2 over folds, every cluster scored by an unseen model."""
    per: dict[str, list[tuple[float, ...]]] = {f: [] for f in items}
    for fold in range(FOLDS):
        model = fit(weighted(data, lambda f, k, fold=fold: k % FOLDS != fold))
        summarizer = StoryRank(overflow=True, model=model)
        for folder, its in items.items():
            words, metric = D.SETS[folder]
            held = [it for k, it in enumerate(its) if k % FOLDS == fold]
            per[folder] += D.score_set(held, summarizer, words, metric)[2]
    return {
        f: [round(sum(s[0] for s in v) / len(v), 2), round(sum(s[1] for s in v) / len(v), 2)]
        for f, v in per.items()
    }


def main() -> None:
    """Cross-validate, report, then fit on everything and write the model file."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    args = ap.parse_args()
    items = {f: D.load(f) for f in D.SETS}
    data = {f: [examples(it) for it in its] for f, its in items.items()}
    cv = cross_validate(data, items)
    for folder, (r1, r2) in cv.items():
        print(f"{folder:<20} CV ROUGE-1 {r1:6.2f}  ROUGE-2 {r2:6.2f}")
    model = fit(weighted(data, lambda f, k: True))
    for name, c in zip(FEATURES, model["coef"], strict=True):
        print(f"  {name:<12} {c:+.4f}")
    if not args.dry_run:
        model["about"] = (
            "StoryRank salience model: ridge regression, standardized features. Regenerate "
            "with `python bench/train_storyrank.py` (trained only on ../shared/data dev sets)."
        )
        model["cv_rouge12"] = cv
        OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
