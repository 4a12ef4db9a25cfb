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
