"""Ingest: bytes on disk to clean :class:`~axiswatch.model.Article` objects."""

from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.reader import iter_article_paths, read_article

__all__ = ["IngestError", "iter_article_paths", "read_article"]
