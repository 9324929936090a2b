"""One frozen `Settings` object, loadable from TOML, passed explicitly to every stage."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import SettingsError


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of a run. Each tuned constant says how it was chosen."""

    # Summary length in words (issue default). Whole sentences are kept while they fit.
    words: int = 120
    # Summarizer name, one of storyline.summarize.METHODS.
    method: str = "storyline"
    # Inputs larger than this are skipped, not read (issue default: 20 MB).
    max_bytes: int = 20 * 1024 * 1024
    # Sentences shorter than this many words are never summary candidates (fragments,
    # captions). Chosen on the dev sets: 6 beat 4 and 8 by ROUGE-2 (bench/quality.py).
    min_sentence_words: int = 6
    # Sentences longer than this are never summary candidates (run-ons from bad splits).
    # StoryRank also caps a candidate at half the budget (StoryRank.max_share), so at the
    # default 120 words this is still 60. 100 (was 60) chosen on the four dev sets with
    # bench/tune_storyrank.py: see docs/benchmarks.md, StoryRank step 9.
    max_sentence_words: int = 100
    # Two sentences are "the same content" when their content-word cosine is at least this.
    # Chosen on the seeds: syndicated and lightly edited copies score 0.6-1.0, related but
    # different sentences below 0.5. Re-run tests/test_seeds.py after changing it.
    support_threshold: float = 0.6
    # Candidates whose similarity to an already chosen sentence reaches this are redundant.
    redundancy_threshold: float = 0.5
    # Run the analysis stages (timeline, figures, quotes, entities, coverage).
    analyze: bool = True
    # Entity recognizer: "rules" (core) or "spacy" (extra 'nlp').
    ner: str = "rules"
    # Seed for anything random (the random baseline); output never depends on dict order.
    seed: int = 13
    # Stream clustering: articles join a story when cosine to its centroid reaches this.
    # Chosen on bench/clustering.py (0.15-0.3): 0.2 had the best B-cubed F1 and keeps the five
    # seeds one story. Re-run bench/clustering.py and tests/test_stream.py after changing it.
    cluster_threshold: float = 0.2
    # Stream clustering: stories with no new article for this many days are closed. 14 beat
    # 3 and 7 on bench/clustering.py (B-cubed F1 0.80 vs 0.77/0.79: news stories go quiet for
    # days and resume); 30 gained nothing and keeps twice as many stories open.
    cluster_window_days: int = 14
    # Stream clustering: words of title + lead that represent an article. 200 keeps
    # clustering fast and was not beaten by whole texts on bench/clustering.py.
    cluster_lead_words: int = 200
    # Stream clustering: at most this many stories stay open; the least recently updated one
    # closes beyond it, so memory stays bounded even on an undated endless stream.
    cluster_max_open: int = 20000
    # Stream clustering: articles are reordered by publication time within a buffer of this
    # many; an input that fits is fully sorted, a later straggler is taken as it comes. The
    # buffer is most of `storyline cluster`'s memory (20,000 news articles: about 100 MB).
    cluster_buffer: int = 20000
    # Near-duplicates: an article whose word 5-grams lie at least this much inside another's
    # is a copy (wire copy, light rewrite). Independent reports of one event share <= 10%.
    duplicate_threshold: float = 0.8
    # Web (`storyline serve`): one form post may carry at most this many bytes in all (413
    # beyond). 10 MB holds hundreds of news articles; a brief of that much text takes seconds.
    max_upload_bytes: int = 10 * 1024 * 1024
    # Web: at most this many articles per brief (422 beyond). Story clusters rarely exceed a
    # few dozen reports, and build time grows with the square of the sentence count.
    max_articles: int = 100
    # Web: the folder where served briefs are kept so their links survive a restart. Empty:
    # `storyline serve` uses ~/.local/state/storyline/briefs (or $XDG_STATE_HOME); a bare
    # `create_app()` keeps briefs in memory only.
    serve_briefs_dir: str = ""
    # Web: at most this many briefs are kept in that folder; the oldest are removed first.
    serve_keep_briefs: int = 1000

    def __post_init__(self) -> None:
        if self.words < 1:
            raise SettingsError(f"words must be at least 1, got {self.words}")
        if self.max_bytes < 1:
            raise SettingsError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.max_upload_bytes < 1:
            raise SettingsError(f"max_upload_bytes must be positive, got {self.max_upload_bytes}")
        if self.serve_keep_briefs < 1:
            raise SettingsError(
                f"serve_keep_briefs must be at least 1, got {self.serve_keep_briefs}")
        if self.max_articles < 1:
            raise SettingsError(f"max_articles must be at least 1, got {self.max_articles}")
        for name in (
            "support_threshold", "redundancy_threshold", "cluster_threshold",
            "duplicate_threshold",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise SettingsError(f"{name} must be between 0 and 1, got {value}")
        if self.ner not in ("rules", "spacy"):
            raise SettingsError(f"ner must be 'rules' or 'spacy', got {self.ner!r}")

    def with_(self, **changes: Any) -> Settings:
        """Return a copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_toml(cls, path: str | Path) -> Settings:
        """Load settings from a TOML file (top level or a [storyline] table)."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
        data = data.get("storyline", data)
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Build settings from a dict, rejecting unknown keys and wrong types."""
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise SettingsError(
                f"unknown setting(s): {', '.join(unknown)}; known: {', '.join(known)}")
        defaults = cls()
        for key, value in data.items():
            expected = type(getattr(defaults, key))
            if expected is float and isinstance(value, int):
                continue
            if not isinstance(value, expected):
                raise SettingsError(f"setting {key} must be {expected.__name__}, got {value!r}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a plain dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
