"""remind_mandates: a reminder before a mandate ends (R36), once per mandate."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from budgetlijn.assistance import services
from budgetlijn.assistance.models import Mandate
from budgetlijn.assistance.tests.factories import MandateFactory
from budgetlijn.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 2)


def run(*args) -> str:
    out = StringIO()
    call_command("remind_mandates", *args, stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as refusal:
        call_command("remind_mandates", *args, stdout=StringIO())
    return str(refusal.value)


@pytest.fixture
def mandates():
    """Ending 30 days after DAY (reminded), 31 days after (not yet), already ended, revoked."""
    return {
        "due": MandateFactory(starts_on=date(2026, 1, 1), ends_on=DAY + timedelta(days=30)),
        "later": MandateFactory(starts_on=date(2026, 1, 1), ends_on=DAY + timedelta(days=31)),
        "ended": MandateFactory(starts_on=date(2026, 1, 1), ends_on=DAY - timedelta(days=1)),
        "revoked": MandateFactory(starts_on=date(2026, 1, 1), ends_on=DAY, revoked=True),
    }


def test_r36_a_reminder_goes_out_within_the_lead_time_once(mandates):
    output = run("--date", DAY.isoformat())
    assert "Nu herinnerd: 1." in output
    assert f"mandaat {mandates['due'].pk}:" in output
    assert f"mandaat {mandates['later'].pk}:" not in output
    reminded = Mandate.objects.filter(reminder_sent_at__isnull=False)
    assert list(reminded) == [mandates["due"]]
    event = AuditEvent.objects.get(action=AuditEvent.Action.COMMAND)
    assert (event.actor_label, event.person_id) == ("remind_mandates", mandates["due"].person_id)

    again = run("--date", (DAY + timedelta(days=1)).isoformat())
    assert "Nu herinnerd: 1." in again  # the next one has come within the lead time
    assert f"mandaat {mandates['later'].pk}:" in again
    assert "Al eerder herinnerd: 1." in again
    assert AuditEvent.objects.filter(action=AuditEvent.Action.COMMAND).count() == 2


def test_r36_a_second_run_on_the_same_day_reminds_nobody(mandates):
    run("--date", DAY.isoformat())
    output = run("--date", DAY.isoformat())
    assert "Nu herinnerd: 0." in output and "Al eerder herinnerd: 1." in output
    assert AuditEvent.objects.filter(action=AuditEvent.Action.COMMAND).count() == 1


def test_mark_reminded_is_once_even_from_a_stale_instance(mandates):
    stale = Mandate.objects.get(pk=mandates["due"].pk)
    assert services.mark_reminded(mandates["due"]) is True
    assert services.mark_reminded(stale) is False


def test_dry_run_saves_nothing_and_says_so(mandates):
    output = run("--date", DAY.isoformat(), "--dry-run")
    assert output.startswith("Proefdraai (niets opgeslagen)")
    assert "Zou herinnerd worden: 1." in output
    assert not Mandate.objects.filter(reminder_sent_at__isnull=False).exists()
    assert not AuditEvent.objects.exists()


def test_a_day_after_today_is_refused_and_nothing_is_reminded(mandates):
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert "ligt na vandaag" in refused("--date", tomorrow.isoformat())
    assert not AuditEvent.objects.exists()


def test_today_is_the_default():
    assert timezone.localdate().strftime("%d/%m/%Y") in run()


def test_a_bad_date_is_refused_in_dutch():
    assert "geen geldige datum" in refused("--date", "02/11/2026")


def test_a_day_without_parameters_is_refused_in_dutch():
    message = refused("--date", "1900-01-01")
    assert "kies een latere dag" in message
