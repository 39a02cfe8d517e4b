"""Lexicons and gazetteers as data files (YAML), read by :mod:`axiswatch.nlp.lexicon`."""
