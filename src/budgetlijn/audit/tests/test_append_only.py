"""The audit trail is append-only: by the model, and by triggers on every backend."""

import pytest

from budgetlijn.audit.models import AuditEvent, AuditTrailIsAppendOnly
from budgetlijn.audit.services import record
from budgetlijn.audit.tests.append_only import (
    assert_database_refuses_changes,
    assert_model_refuses_changes,
    assert_only_the_test_flush_empties_the_table,
    expected_triggers,
    triggers_on,
)

pytestmark = pytest.mark.django_db

MESSAGE = "audittrail kan alleen aangevuld"


@pytest.fixture
def event(django_user_model):
    user = django_user_model.objects.create_user("auditor")
    return record(
        action=AuditEvent.Action.VIEW_SENSITIVE,
        obj=user,
        summary="Rijksregisternummer bekeken",
        actor=user,
        person_id=7,
    )


def test_recording_adds_a_row(event):
    assert AuditEvent.objects.get(pk=event.pk).summary == "Rijksregisternummer bekeken"


def test_the_model_refuses_every_change(event):
    assert_model_refuses_changes(event, AuditTrailIsAppendOnly, "summary", "verborgen")
    with pytest.raises(AuditTrailIsAppendOnly, match=MESSAGE):
        event.delete()


def test_the_database_refuses_update_and_delete_on_every_backend(event):
    assert_database_refuses_changes(event, "summary", "'verborgen'", MESSAGE)


def test_the_migrated_database_has_the_triggers():
    assert triggers_on(AuditEvent) == expected_triggers(AuditEvent)


def test_only_the_test_flush_empties_the_trail(event):
    assert_only_the_test_flush_empties_the_table(event, MESSAGE)


def test_a_user_with_audit_events_cannot_be_deleted(event):
    """PROTECT, not SET_NULL: setting the actor to NULL would change an event."""
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        event.actor.delete()
