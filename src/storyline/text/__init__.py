"""Text: cleaning and metadata, sentences with offsets, per-story features, near-duplicates."""

from .clean import EMPTY, clean, clean_all
from .dedup import mark_duplicates
from .features import StoryFeatures, build_features
from .segment import segment

__all__ = ["EMPTY", "StoryFeatures", "build_features", "clean", "clean_all", "mark_duplicates",
           "segment"]
