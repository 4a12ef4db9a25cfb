"""A free share asked for a budget year the agency did not open yet: the service refuses the
part with its reason (kept, for the holder to read); ``manage.py ask_free_share`` refuses
before it asks, with exit status 1 and a Dutch message, and keeps nothing. Both ask the same
question: ``services.year_opened``."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from budgetlijn.freeshare import services
from budgetlijn.freeshare.constants import ErrorCode, Outcome
from budgetlijn.freeshare.models import FreeShareRequest
from budgetlijn.ledger.models import Entry

pytestmark = pytest.mark.django_db


def test_year_opened_is_true_only_for_a_year_with_its_yearly_amount_booked(pab, pvb):
    assert services.year_opened(pab, 2023) is True
    assert services.year_opened(pvb, 2023) is True
    assert services.year_opened(pab, 2024) is False
    assert services.year_opened(pab.pk, 2022) is False  # a primary key will do too


def test_the_service_refuses_a_part_of_a_year_not_opened_with_its_reason(pab):
    request = services.ask_free_share(
        budget=pab, year=2024, amount="10.00", asked_on=date(2024, 2, 1)
    )
    assert (request.outcome, request.accepted_amount) == (Outcome.REFUSED, Decimal("0.00"))
    assert request.code == ErrorCode.FREE_SHARE_YEAR_NOT_OPENED
    assert "nog niet geopend" in request.message


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]], ids=["real", "dry-run"])
def test_the_command_refuses_a_year_not_opened_with_exit_status_1_and_keeps_nothing(
    pab, dry_run, capsys
):
    entries = Entry.objects.count()
    argv = ["--budget", str(pab.pk), "--year", "2024", "--amount", "10", "--on", "2023-05-02"]
    with pytest.raises(CommandError) as refused:
        call_command("ask_free_share", *argv, *dry_run)
    assert refused.value.returncode == 1
    message = str(refused.value)
    assert "budgetjaar 2024 is nog niet geopend" in message
    assert f"budget {pab.pk}" in message and "open_budget_year --year 2024" in message
    assert "Traceback" not in message
    assert capsys.readouterr().out == ""
    assert not FreeShareRequest.objects.exists()
    assert Entry.objects.count() == entries


def test_the_command_still_decides_a_request_of_an_opened_year(pab, capsys):
    argv = ["--budget", str(pab.pk), "--year", "2023", "--amount", "10", "--on", "2023-05-02"]
    call_command("ask_free_share", *argv)
    assert "toegekend" in capsys.readouterr().out
    assert FreeShareRequest.objects.get().outcome == Outcome.ACCEPTED
