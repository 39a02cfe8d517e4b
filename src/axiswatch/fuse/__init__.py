"""Fuse: per-article events into facts across sources.

Stages, each a plain function over plain data:

* :mod:`near_duplicates` and :mod:`stories` — syndicated copies become one story;
* :mod:`facts` — claims about the same thing become one fact;
* :mod:`support` — how well a fact is supported (independent sources, confidence);
* :mod:`series` — the figures of a flow over time;
* :mod:`conflicts` — denials and figures that disagree.
"""
