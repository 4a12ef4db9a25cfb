"""The bulk helpers of ``budgetlijn.fast_insert``: the paused collector and the multi-row insert."""

import gc
from decimal import Decimal

import pytest
from django.utils import timezone

from budgetlijn.audit.models import AuditEvent
from budgetlijn.fast_insert import MAX_PARAMETERS, cyclic_gc_paused, insert_rows


def test_the_collector_is_paused_inside_and_back_after_even_on_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("a failed run")
    assert gc.isenabled()


def test_only_the_outermost_pause_resumes_the_collector():
    with cyclic_gc_paused():
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner one did not pause it, so it does not resume it
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused():
    gc.disable()
    try:
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.django_db
def test_insert_rows_returns_the_ids_in_row_order_across_statements():
    """More rows than one statement holds: ids come back in the order of the rows."""
    columns = ("at", "actor_label", "action", "object_type", "object_id", "summary", "details")
    per_row = len(columns)
    count = MAX_PARAMETERS // per_row + 7  # two statements
    now = timezone.now()
    rows = [
        (now, "systeem", "CREATE", "t.T", str(n), f"rij {n}", {"n": n, "d": str(Decimal("1.50"))})
        for n in range(count)
    ]
    ids = insert_rows(AuditEvent, columns, rows)
    assert len(ids) == count
    stored = dict(AuditEvent.objects.filter(pk__in=ids).values_list("pk", "object_id"))
    assert [stored[pk] for pk in ids] == [str(n) for n in range(count)]
    assert AuditEvent.objects.get(pk=ids[-1]).details == {"n": count - 1, "d": "1.50"}


def _audit_row(n, now):
    return (now, "systeem", "CREATE", "t.T", str(n), f"rij {n}", {})


AUDIT_COLUMNS = ("at", "actor_label", "action", "object_type", "object_id", "summary", "details")


@pytest.mark.django_db
def test_insert_rows_skips_the_placeholder_conversion_on_sqlite_and_is_still_recorded(
    monkeypatch,
):
    """On SQLite the statement is written with ``?`` and not run through Django's ``%s``
    conversion (a regular expression over the whole statement), yet the query log, the
    execute wrappers and the error translation see it as any other query (on either
    database)."""
    from django.db import IntegrityError, connection
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper
    from django.test.utils import CaptureQueriesContext

    def refuse(*args, **kwargs):
        raise AssertionError("convert_query called")

    now = timezone.now()
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as queries:
        if connection.vendor == "sqlite":
            monkeypatch.setattr(SQLiteCursorWrapper, "convert_query", refuse)
        with connection.execute_wrapper(wrapper):
            ids = insert_rows(AuditEvent, AUDIT_COLUMNS, [_audit_row(n, now) for n in range(3)])
        monkeypatch.undo()
    assert len(ids) == 3
    assert len(queries) == 1 and queries[0]["sql"].startswith('INSERT INTO "audit_auditevent"')
    assert "'rij 2'" in queries[0]["sql"]  # the log shows the values, as for other queries
    assert len(seen) == 1 and "%s" in seen[0]
    # A constraint error comes back as Django's IntegrityError (the primary key is taken).
    with pytest.raises(IntegrityError):
        insert_rows(AuditEvent, ("id", *AUDIT_COLUMNS), [(ids[0], *_audit_row(9, now))])


@pytest.mark.django_db
def test_plain_in_finds_the_same_rows_as_in_and_falls_back_for_other_values():
    from django.db.models import Q

    from budgetlijn.fast_insert import plain_in

    events = [
        AuditEvent.objects.create(
            action=AuditEvent.Action.CREATE, object_type="t", object_id=str(n)
        )
        for n in range(5)
    ]
    ids = [events[0].pk, events[2].pk, events[2].pk, events[4].pk]
    expected = set(AuditEvent.objects.filter(pk__in=ids).values_list("pk", flat=True))
    assert set(
        AuditEvent.objects.filter(plain_in("pk", ids, int)).values_list("pk", flat=True)
    ) == (expected)
    assert set(
        AuditEvent.objects.filter(plain_in("object_id", ["1", "3", "9"], str)).values_list(
            "object_id", flat=True
        )
    ) == {"1", "3"}
    assert not AuditEvent.objects.filter(plain_in("pk", [], int)).exists()
    # a value that is not a plain int goes through Django's own ``__in`` (which prepares it)
    mixed = plain_in("pk", [str(events[1].pk), events[3].pk], int)
    assert isinstance(mixed, Q)
    assert set(AuditEvent.objects.filter(mixed).values_list("pk", flat=True)) == {
        events[1].pk,
        events[3].pk,
    }
