"""Demo data for Budgetlijn (``manage.py load_demo``, ``manage.py ensure_demo_admin``).

The top floor: the demo may use every service below it; no application code imports it (settings
name it in INSTALLED_APPS; tests of other apps may use its data). It has no models: what it
loads belongs to the apps below.

- ``names``, ``places``: common Flemish first and last names; real municipalities with their
  postal codes per province.
- ``convenants``: the 2022 convenant table of seed 000 (R38), as one data constant.
- ``identities``: valid national register numbers and enterprise numbers (python-stdnum) and
  Belgian IBANs (schwifty).
- ``organisations``: the providers, service-voucher companies, temp agencies... contracts are
  made with (invented names, valid enterprise numbers).
- ``draws``: the random draws the generators share.
- ``specs``: the plan's data (persons, budgets, contracts, decisions...), plain dataclasses that
  ``plan``, ``contracts`` and ``loader`` share, so the two generators never import each other.
- ``plan``: the pure, deterministic generator: (scale, seed, today) -> a plan of persons and
  budgets, without touching the database.
- ``contracts``: the contracts of each planned budget (pure too): the approved first contract
  that starts it, refusals, new versions, the approval queue, short-term support, MFC.
- ``loader``: puts a plan in the database, only through the services of ``dossiers`` and
  ``contracts``.
"""
