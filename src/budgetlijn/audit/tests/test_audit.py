"""The audit trail: what ``record`` writes, and the queries of ``selectors``."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from budgetlijn.audit import selectors
from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.audit.tests.factories import AuditEventFactory


@pytest.mark.django_db
def test_record_names_the_signed_in_user_and_the_object():
    user = get_user_model().objects.create_user(username="medewerker")
    event = record(action=AuditEvent.Action.CHANGE, obj=user, summary="x" * 300, actor=user)
    assert event.actor == user and event.actor_label == "medewerker"
    assert event.object_type == "auth.User" and event.object_id == str(user.pk)
    assert len(event.summary) == 255


@pytest.mark.django_db
def test_record_without_a_user_is_the_system():
    event = record(action=AuditEvent.Action.COMMAND, obj=object(), summary="nachtelijke run")
    assert event.actor is None and event.actor_label == "systeem"
    assert event.object_type == "object" and event.object_id == ""
    assert user_or_none(AnonymousUser()) is None


@pytest.mark.django_db
def test_first_event_is_the_earliest_of_that_action_and_object_type():
    assert selectors.first_event(action=AuditEvent.Action.COMMAND, object_type="marker") is None
    AuditEventFactory(object_type="andere")
    AuditEventFactory(object_type="marker", action=AuditEvent.Action.CHANGE)
    first = AuditEventFactory(object_type="marker")
    AuditEventFactory(object_type="marker")
    assert selectors.first_event(action=AuditEvent.Action.COMMAND, object_type="marker") == first
