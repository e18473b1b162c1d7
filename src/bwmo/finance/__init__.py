"""Finance: money helpers and the woonplaatsbeginsel settlement between municipalities.

- ``money.py`` and ``settlement.py``: pure Python (no Django) — cent-exact amounts and the
  settlement rules (days × daily tariff, per quarter and year, for ``Region.settlement_years``).
- ``selectors.py``: reads the region's placements and tariffs and builds the statement; its
  docstring records the data mapping and the privacy choices (amounts between municipalities are
  shown unsuppressed as financial figures; no client counts per line; detail lines carry a keyed
  pseudonym, never a name or BSN; small counts of stays are shown as "< N").
- ``export.py``: the same statement as an Excel workbook. ``views.py``: the screen for beleid and
  functioneel beheer (menu "Woonplaatsbeginsel"); every other role gets 404.
- Budgets, the regional pot, realised cost (``tariffs.py`` decides a day's tariff: contract, else
  product), statements, scenarios and their screens for the finance role (menu "Financiën"), and
  ``bwmo report``: see ``docs/finance.md``.
"""
