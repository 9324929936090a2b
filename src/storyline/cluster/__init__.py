"""Clustering a stream: the online story clusterer and the cluster run built on it."""

from .prints import article_prints
from .run import brief_line, cleaned, ordered, story_line, write_stories
from .stream import StreamClusterer, cluster_printed, cluster_stream, stream_order

__all__ = ["StreamClusterer", "article_prints", "brief_line", "cleaned", "cluster_printed",
           "cluster_stream", "ordered", "story_line", "stream_order", "write_stories"]
