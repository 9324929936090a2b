"""Shared by bench/tune_storyrank.py and bench/train_storyrank.py: cached clusters, fast ROUGE.

Each dev set is read, cleaned, segmented and featurized once (exactly as `storyline eval` does)
and pickled under the system temp folder (keyed by a hash of storyline's source, so a code change
never reads clusters pickled by older code), so variants of the summarizer can be scored in
seconds. ROUGE-1/2 here is the rouge-score definition (its tokenizer and Porter stemmer, n-grams
over the whole summary, mean over references) computed from cached token lists; `check()`
compares it with rouge-score itself.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # measure this working tree, installed or not

from storyline.text.features import StoryFeatures  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CACHE = Path(tempfile.gettempdir()) / "storyline-storyrank-cache"
# (folder, words, metric): the standard setting of each set, as in bench/quality.py.
SETS = {
    "multinews": (300, "f"),
    "duc2003": (100, "r"),
    "multiling2011": (250, "f"),
    "multinews_plus_val": (300, "f"),
}


@dataclass
class Item:
    """One cluster: its features, its references' ROUGE tokens, its sentences' ROUGE tokens."""

    id: str
    story: StoryFeatures
    refs: list[list[str]]
    ref_texts: list[str]
    sent_tokens: list[list[str]]


_TOKENIZER = None


def rouge_tokens(text: str) -> list[str]:
    """Tokenize like rouge-score with use_stemmer=True."""
    global _TOKENIZER
    if _TOKENIZER is None:
        from rouge_score.tokenizers import DefaultTokenizer

        _TOKENIZER = DefaultTokenizer(use_stemmer=True)
    return list(_TOKENIZER.tokenize(text))


def load(folder: str, limit: int | None = None) -> list[Item]:
    """Return the cached clusters of one dev set (built on first use)."""
    path = CACHE / f"{folder}-{_code_key()}.pkl"
    if path.is_file():
        items: list[Item] = pickle.loads(path.read_bytes())
    else:
        items = _build(folder)
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(items))
    return items[:limit] if limit else items


def _code_key() -> str:
    """Return a short hash of storyline's source files (the pickles hold its objects)."""
    digest = hashlib.sha1()
    for source in sorted((ROOT / "src" / "storyline").rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def _build(folder: str) -> list[Item]:
    from storyline.ingest import read_clusters
    from storyline.pipeline import clean_articles, prepare
    from storyline.settings import Settings

    settings = Settings()
    items = []
    for cluster in read_clusters(str(DATA / folder / "dev.jsonl"), settings):
        if not cluster.references:
            continue
        cleaned, _, _ = clean_articles(cluster.articles, settings)
        if not cleaned:
            continue
        story = prepare(cleaned)
        refs = [rouge_tokens(r) for r in cluster.references]
        sent_tokens = [rouge_tokens(t) for t in story.texts]
        items.append(Item(cluster.id, story, refs, list(cluster.references), sent_tokens))
    return items


def _ngrams(toks: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def summary_tokens(item: Item, chosen: Sequence[int], words: int) -> list[str]:
    """Return the ROUGE tokens of the chosen sentences cut to the first `words` words."""
    out: list[str] = []
    left = words
    for i in chosen:
        if left <= 0:
            break
        text = item.story.texts[i]
        pieces = text.split()
        if len(pieces) <= left:
            out.extend(item.sent_tokens[i])
        else:
            out.extend(rouge_tokens(" ".join(pieces[:left])))
        left -= len(pieces)
    return out


def rouge12(
    summary: Sequence[str], refs: Sequence[Sequence[str]], metric: str
) -> tuple[float, ...]:
    """Return (ROUGE-1, ROUGE-2) on 0-100, F1 ('f') or recall ('r'), mean over references."""
    totals = [0.0, 0.0]
    for ref in refs:
        for k, n in enumerate((1, 2)):
            s, r = _ngrams(summary, n), _ngrams(ref, n)
            hit = sum((s & r).values())
            rec = hit / max(sum(r.values()), 1)
            prec = hit / max(sum(s.values()), 1)
            if metric == "r":
                totals[k] += rec
            else:
                totals[k] += 2 * prec * rec / (prec + rec) if hit else 0.0
    return tuple(100.0 * t / len(refs) for t in totals)


Summarizer = Callable[[StoryFeatures, int], list[int]]


def score_set(
    items: Sequence[Item], summarizer: Summarizer, words: int, metric: str
) -> tuple[float, float, list[tuple[float, ...]]]:
    """Return mean ROUGE-1, ROUGE-2 of a summarizer over the items, and per-item scores."""
    per = [
        rouge12(summary_tokens(it, summarizer(it.story, words), words), it.refs, metric)
        for it in items
    ]
    n = max(len(per), 1)
    return sum(p[0] for p in per) / n, sum(p[1] for p in per) / n, per


def check(folder: str = "duc2003", limit: int = 5) -> float:
    """Return the largest gap between rouge12 and rouge-score itself on a few clusters."""
    from rouge_score.rouge_scorer import RougeScorer

    from storyline.summarize import get_summarizer

    words, metric = SETS[folder]
    scorer = RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    field = "fmeasure" if metric == "f" else "recall"
    gap = 0.0
    lead = get_summarizer("lead", overflow=True)
    for it in load(folder, limit):
        chosen = lead(it.story, words)
        ours = rouge12(summary_tokens(it, chosen, words), it.refs, metric)
        text = " ".join(" ".join(it.story.texts[i] for i in chosen).split()[:words])
        refs = it.ref_texts
        theirs = [
            100 * sum(getattr(scorer.score(r, text)[t], field) for r in refs) / len(refs)
            for t in ("rouge1", "rouge2")
        ]
        gap = max(gap, abs(ours[0] - theirs[0]), abs(ours[1] - theirs[1]))
    return gap
