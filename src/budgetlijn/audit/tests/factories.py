"""Factories for tests that need audit events without going through a service."""

import factory

from budgetlijn.audit.models import AuditEvent


class AuditEventFactory(factory.django.DjangoModelFactory):
    """A system event (no signed-in user) of a batch command."""

    class Meta:
        model = AuditEvent

    actor = None
    actor_label = "systeem"
    action = AuditEvent.Action.COMMAND
    object_type = "test"
    object_id = factory.Sequence(str)
    summary = factory.Sequence(lambda n: f"Gebeurtenis {n}")
