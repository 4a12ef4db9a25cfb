"""Demo data for Budgetlijn (``manage.py load_demo``).

- ``names``, ``places``: common Flemish first and last names; real municipalities with their
  postal codes per province.
- ``convenants``: the 2022 convenant table of seed 000 (R38), as one data constant.
- ``identities``: valid national register numbers (python-stdnum) and Belgian IBANs (schwifty).
- ``plan``: the pure, deterministic generator: (scale, seed, today) -> a plan of persons and
  budgets, without touching the database.
- ``loader``: puts a plan in the database, only through ``budgetlijn.dossiers.services``.
"""
