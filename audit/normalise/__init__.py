"""Normalise: articles into sentences, timexes, entities and assertions (``build``).

Each submodule does one job on one article's text; ``build`` runs them over a corpus.
"""
