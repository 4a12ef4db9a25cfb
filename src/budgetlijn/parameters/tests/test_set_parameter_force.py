"""set_parameter warns and needs --force for a value dated on or before budget years already
booked (decision 0009): what is booked does not change with it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budgetlijn.audit.models import AuditEvent
from budgetlijn.ledger.tests.factories import allocate, funded_budget
from budgetlijn.parameters.models import ParameterOverride

pytestmark = pytest.mark.django_db

NAME = "pab.yearly_amount.I.1"


def set_parameter(*args):
    out, err = StringIO(), StringIO()
    call_command("set_parameter", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def args(valid_from: str, *more):
    return (NAME, "--from", valid_from, "--value", "12500.00", "--reference", "bron", *more)


def test_a_value_before_booked_years_is_refused_without_force_and_nothing_saved():
    budget = funded_budget(year=2024)
    allocate(budget, year=2025)
    with pytest.raises(CommandError) as refusal:
        set_parameter(*args("2025-01-01"))
    message = str(refusal.value)
    assert message.startswith("--from: Let op: budgetjaar 2025 is al geboekt")
    assert "bevestig met --force" in message
    assert not ParameterOverride.objects.exists()
    assert not AuditEvent.objects.filter(object_type="parameters.ParameterOverride").exists()


def test_force_adds_it_with_the_warning_and_an_audit_event_naming_the_parameter():
    budget = funded_budget(year=2024)
    allocate(budget, year=2025)
    out, err = set_parameter(*args("2024-07-01", "--force"))
    assert "Let op: budgetjaar 2024, 2025 is al geboekt" in err
    assert "Toegevoegd (nummer" in out
    override = ParameterOverride.objects.get()
    forced = AuditEvent.objects.get(action=AuditEvent.Action.COMMAND)
    assert (forced.object_type, forced.object_id) == (
        "parameters.ParameterOverride",
        str(override.pk),
    )
    assert forced.details == {"name": NAME, "booked_years": [2024, 2025], "forced": True}
    assert forced.actor_label == "set_parameter"
    assert NAME in forced.summary


def test_a_value_after_the_booked_years_needs_no_force():
    funded_budget(year=2024)
    out, err = set_parameter(*args("2025-01-01"))
    assert err == ""
    assert ParameterOverride.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.COMMAND).exists()
