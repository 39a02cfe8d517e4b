"""Extract: articles to cited events (see :func:`extract_article`)."""

from axiswatch.extract.document import extract_article, extract_articles

__all__ = ["extract_article", "extract_articles"]
