"""Responsibility engine: which municipality is responsible for a BW or MO melding.

The rules live in :mod:`bwmo.responsibility.engine` (pure Python, no Django); the JSON case
format is parsed and decisions are rendered in :mod:`bwmo.responsibility.cases`. See
``docs/responsibility.md`` for the rules, the formats and the worked examples.
"""
