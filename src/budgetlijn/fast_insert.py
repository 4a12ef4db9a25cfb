"""Bulk inserts at the database's pace, for the batch paths (cost files, payment runs).

Django's ``bulk_create`` compiles every value of every row through the field machinery: on a
cost file of 100 000 lines that costs ten times the insert itself. ``insert_rows`` adapts each
column once per type (dates, datetimes and JSON as the backend wants them, everything else as
the driver takes it), writes multi-row ``INSERT ... VALUES ... RETURNING id`` statements as
large as the backend allows, and returns the new primary keys in row order (as ``bulk_create``
does on SQLite and PostgreSQL). It goes through Django's cursor, so the queries are counted in
tests and run in the caller's transaction; database triggers (the ledger's running balances)
fire as for any insert. Model ``save()`` is not called: the caller fills every column,
``auto_now_add`` ones included, and runs its own checks before (the batch paths do).
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.db import connection, models
from django.db.models import F, Q
from django.db.models.lookups import In
from django.utils import timezone

# SQLite since 3.32 takes 32 766 parameters, PostgreSQL 65 535; stay below both.
MAX_PARAMETERS = 32_000


def refresh_planner_statistics() -> None:
    """After a bulk load in one transaction, let PostgreSQL's planner count the new rows.

    Autovacuum analyses committed rows only: while one transaction loads thousands of rows
    (the demo, a test that holds its data in a rolled-back transaction), the planner still
    plans for the tables as they were, and a join it thinks is over a handful of rows runs as
    nested sequential scans (a ``check_ledger`` query over the demo took more than 15 minutes
    that way, and 2 s after this). ``ANALYZE`` in the same transaction sees its own rows.
    SQLite plans without statistics unless asked to keep them: nothing to do there."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector around a bulk run.

    A cost file of 100 000 lines keeps a few hundred thousand small objects alive at once
    (parsed rows, typed lines, decisions); each generation-2 collection walks all of them, so
    the collector's work grows with the square of the file and took a fifth of the run. The
    objects hold no cycles: reference counting frees them as usual, and whatever cyclic garbage
    there is waits until the collector is back on (at the end of the run). Nested and
    concurrent uses are safe: only the outermost one that paused the collector resumes it."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if not value and isinstance(value, list | dict):  # most lines have no violations
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value)


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    kind = field.get_internal_type()
    if kind == "DateField":
        # Dates and timestamps repeat (a period's days, one "now" per batch): adapt each once.
        return lru_cache(maxsize=4096)(ops.adapt_datefield_value)
    if kind == "DateTimeField":
        return lru_cache(maxsize=64)(ops.adapt_datetimefield_value)
    if kind == "JSONField":
        if connection.vendor == "sqlite":
            return _json_text
        return lambda value: field.get_db_prep_save(value, connection)
    if kind == "BooleanField" and connection.vendor == "sqlite":
        return lambda value: None if value is None else int(bool(value))
    return None  # the driver takes it as it is (int, str, Decimal, None)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    returning: bool = True,
) -> list[int]:
    """Insert ``rows`` (one value per name in ``fields``, attnames such as ``budget_id`` for
    foreign keys) into ``model``'s table; the new primary keys in row order (``[]`` when
    ``returning`` is false)."""
    rows = list(rows)
    if not rows:
        return []
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    columns = [by_attname[name] for name in fields]
    adapters = [(i, a) for i, f in enumerate(columns) if (a := _adapter(f)) is not None]
    quote = connection.ops.quote_name
    # Identifiers come from the model's meta, quoted by the backend; values are parameters.
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608
        quote(meta.db_table), ", ".join(quote(f.column) for f in columns)
    )
    tail = f" RETURNING {quote(meta.pk.column)}" if returning else ""
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    one_qmark = "(" + ", ".join(["?"] * len(columns)) + ")"
    per_statement = max(1, MAX_PARAMETERS // len(columns))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params: list[Any] = []
            for row in chunk:
                if adapters:
                    row = list(row)
                    for i, adapt in adapters:
                        row[i] = adapt(row[i])
                params.extend(row)
            sql = head + ", ".join([one] * len(chunk)) + tail
            if connection.vendor == "sqlite":
                qmark = head + ", ".join([one_qmark] * len(chunk)) + tail
                _execute_qmark(cursor, sql, qmark, params)
            else:
                cursor.execute(sql, params)
            if returning:
                ids.extend(r[0] for r in cursor.fetchall())
    return ids


def _execute_qmark(cursor, sql: str, qmark: str, params: list[Any]) -> None:
    """Run ``qmark`` (``sql`` with ``?`` placeholders) on SQLite through Django's cursor.

    Django's SQLite cursor turns every ``%s`` into ``?`` with a regular expression over the
    whole statement: on statements of 32 000 parameters that took as long as a fifth of the
    insert itself. Here the statement is written with ``?`` from the start and handed to the
    driver directly, still through Django's execute wrappers, its error translation, its
    broken-transaction check and, where queries are recorded (tests, DEBUG), its query log
    (which shows ``sql``, the ``%s`` form, as for any other query)."""
    db = cursor.db
    raw = cursor.cursor  # the driver's cursor (Django's SQLiteCursorWrapper, a sqlite3.Cursor)

    def run(_sql, _params, _many, _context):
        db.validate_no_broken_transaction()
        with db.wrap_database_errors:
            return sqlite3.Cursor.execute(raw, qmark, params)

    debug_sql = getattr(cursor, "debug_sql", None)  # CursorDebugWrapper only
    if debug_sql is None:
        cursor._execute_with_wrappers(sql, params, False, run)
        return
    with debug_sql(sql, params, use_last_executed_query=True):
        cursor._execute_with_wrappers(sql, params, False, run)


def insert_objects(objs: Sequence[models.Model], fields: Sequence[str] | None = None) -> None:
    """Insert unsaved model instances with ``insert_rows`` and set their primary keys.
    ``fields``: the attnames to write (default: every concrete field but the primary key)."""
    if not objs:
        return
    model = type(objs[0])
    if fields is None:
        fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
    ]
    if stamped:
        now = timezone.now()
        for obj in objs:
            for name in stamped:
                if getattr(obj, name) is None:
                    setattr(obj, name, now)
    ids = insert_rows(model, fields, ([getattr(o, name) for name in fields] for o in objs))
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


class _PlainIn(In):
    """``column IN (values)`` with the values bound as given (see ``plain_in``)."""

    def get_prep_lookup(self):
        return list(self.rhs)

    def batch_process_rhs(self, compiler, connection, rhs=None):
        values = list(self.rhs if rhs is None else rhs)
        return ["%s"] * len(values), values


def plain_in(column: str, values: Iterable, kind: type) -> Q | _PlainIn:
    """A filter ``column IN (values)`` for the bulk paths' long lists of primary keys or
    idempotency keys. Django's ``__in`` prepares every value through the field (a few calls a
    value: 20 000 keys and commitment ids per payment chunk); when every value is already a
    plain ``kind`` (``int`` or ``str``, what the driver takes as it is) they are bound as given,
    else it is the ordinary ``__in``. The same SQL and the same rows either way."""
    values = list(values)
    if kind in (int, str) and all(type(value) is kind for value in values):
        return _PlainIn(F(column), values)
    return Q(**{f"{column}__in": values})
