"""axiswatch: news articles in, an evidence-backed graph of military cooperation out.

Pipeline: :mod:`~axiswatch.ingest` → :mod:`~axiswatch.nlp` → :mod:`~axiswatch.extract`
→ :mod:`~axiswatch.store` → :mod:`~axiswatch.query`, with the command line in
:mod:`~axiswatch.interfaces`.
"""

__version__ = "0.1.0"
