"""The source of administrator values for ``budgetlijn.rules.parameters``, with a cache.

A parameter lookup sits in hot paths (a payment run asks for rates and amounts per budget), so
the overrides are not queried per lookup: all active rows are read at once, on the first lookup
(never at import or in ``AppConfig.ready``), and kept in the process.

The cache is dropped
- in this process, when a ``ParameterOverride`` is saved or deleted (and again when that
  transaction commits, so a lookup made meanwhile from another thread cannot keep the old set);
- in every other process (other web workers, a command running next to the web server), after
  at most ``REFRESH_SECONDS``: then one cheap query (count and highest id of the rows, which
  are never changed in place) tells whether anything was added; only then the rows are read.

While ``migrate`` runs, the table may not exist yet (a data migration of another app may look
up a parameter before this app's migration ran): then there are no overrides. Outside
migrations a missing table is an error, as it would hide the administrator's values.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Max

from budgetlijn.rules import parameters
from budgetlijn.rules.money import CENT, to_decimal
from budgetlijn.rules.parameters import SOURCE_ADMIN, ParameterValue

REFRESH_SECONDS = 30.0


def tidy(value: Decimal, unit: str) -> Decimal:
    """Drop the trailing zeros of the 8 stored places; amounts in EUR keep 2 places."""
    text = format(to_decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    result = to_decimal(text)
    if unit.startswith("EUR") and result == result.quantize(CENT):
        result = result.quantize(CENT)
    return result


class OverrideCache:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._by_name: dict[str, list[ParameterValue]] | None = None
        self._version: tuple[int, int | None] | None = None
        self._checked_at = 0.0
        self.migrating = False

    def values_for(self, name: str) -> list[ParameterValue]:
        """The override source installed in ``budgetlijn.rules.parameters``."""
        return list(self._current().get(name, ()))

    def invalidate(self) -> None:
        with self._lock:
            self._by_name = None
            self._version = None

    def _current(self) -> dict[str, list[ParameterValue]]:
        by_name = self._by_name
        if by_name is not None and time.monotonic() - self._checked_at < REFRESH_SECONDS:
            return by_name
        with self._lock:
            if self.migrating and not self._table_exists():
                return {}
            if self._by_name is not None and self._read_version() == self._version:
                self._checked_at = time.monotonic()
                return self._by_name
            self._load()
            return self._by_name or {}

    def _table_exists(self) -> bool:
        from budgetlijn.parameters.models import ParameterOverride

        return ParameterOverride._meta.db_table in connection.introspection.table_names()

    def _read_version(self) -> tuple[int, int | None]:
        from budgetlijn.parameters.models import ParameterOverride

        result = ParameterOverride.objects.aggregate(count=Count("id"), last=Max("id"))
        return result["count"], result["last"]

    def _load(self) -> None:
        from budgetlijn.parameters.models import ParameterOverride

        # The version first: a row added between the two queries is then read now and makes
        # the next check read the rows once more, which is harmless.
        version = self._read_version()
        rows = list(
            ParameterOverride.objects.active()
            .order_by("valid_from", "created_at", "id")
            .values_list("name", "valid_from", "valid_until", "value", "reference")
        )
        known = set(parameters.names())
        by_name: dict[str, list[ParameterValue]] = defaultdict(list)
        for name, valid_from, valid_until, value, reference in rows:
            if name not in known:  # refused on input; a parameter removed from the files since
                continue
            unit = parameters.definition(name).unit
            by_name[name].append(
                ParameterValue(
                    name=name,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    value=tidy(value, unit),
                    unit=unit,
                    reference=reference,
                    source=SOURCE_ADMIN,
                )
            )
        self._by_name = dict(by_name)
        self._version = version
        self._checked_at = time.monotonic()


cache = OverrideCache()


def invalidate_on_change(**kwargs) -> None:
    cache.invalidate()
    transaction.on_commit(cache.invalidate)


def migration_started(**kwargs) -> None:
    cache.migrating = True
    cache.invalidate()


def migration_finished(**kwargs) -> None:
    cache.migrating = False
    cache.invalidate()
