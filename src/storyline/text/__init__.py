"""Text: cleaning and metadata, sentences with offsets, per-story features, near-duplicates."""

from .clean import clean
from .dedup import mark_duplicates
from .features import StoryFeatures, build_features
from .segment import segment

__all__ = ["StoryFeatures", "build_features", "clean", "mark_duplicates", "segment"]
