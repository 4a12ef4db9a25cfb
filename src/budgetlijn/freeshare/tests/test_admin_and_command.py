"""The admin (read-only list, the agency's paper request) and ``manage.py ask_free_share``."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budgetlijn.costs.tests.helpers import staff
from budgetlijn.freeshare.constants import AskedByRole, Outcome
from budgetlijn.freeshare.models import FreeShareRequest
from budgetlijn.ledger import selectors as ledger

pytestmark = pytest.mark.django_db

LIST = "/admin/freeshare/freesharerequest/"
PAPER = "/admin/freeshare/freesharerequest/papieren-aanvraag/"


def test_the_agency_records_a_paper_request_in_the_admin(client, pab):
    staff(client, "agent", ["add_freesharerequest", "view_freesharerequest"])
    page = client.get(LIST).content.decode()
    assert "Papieren aanvraag registreren" in page
    response = client.post(
        PAPER, {"budget": pab.pk, "year": 2023, "amount": "250,00", "asked_on": "2023-05-02"}
    )
    assert response.status_code == 302
    request = FreeShareRequest.objects.get()
    assert (request.role, request.outcome, request.accepted_amount) == (
        AskedByRole.AGENCY,
        Outcome.ACCEPTED,
        Decimal("250.00"),
    )
    assert request.asked_by.username == "agent"
    detail = client.get(response["Location"]).content.decode()
    assert "toegekend" in detail


def test_the_paper_form_says_what_is_wrong_in_dutch(client, pab):
    staff(client, "agent", ["add_freesharerequest", "view_freesharerequest"])
    unknown = client.post(
        PAPER, {"budget": 999999, "year": 2023, "amount": "10", "asked_on": "2023-05-02"}
    )
    assert "Er is geen budget met dit nummer." in unknown.content.decode()
    assert FreeShareRequest.objects.count() == 0


def test_viewing_only_gives_no_paper_form(client, pab):
    staff(client, "kijker", ["view_freesharerequest"])
    assert "Papieren aanvraag registreren" not in client.get(LIST).content.decode()
    assert client.get(PAPER).status_code == 403


def test_the_command_decides_a_request_and_a_dry_run_keeps_nothing(pab):
    out = StringIO()
    call_command(
        "ask_free_share",
        "--budget",
        str(pab.pk),
        "--year",
        "2023",
        "--amount",
        "1200",
        "--on",
        "2023-05-02",
        "--dry-run",
        stdout=out,
    )
    assert "Proef (niets opgeslagen)" in out.getvalue()
    assert "1\u00a0000,00 toegekend" in out.getvalue()
    assert FreeShareRequest.objects.count() == 0
    assert ledger.balances(pab, 2023).committed == 0

    out = StringIO()
    call_command(
        "ask_free_share",
        "--budget",
        str(pab.pk),
        "--year",
        "2023",
        "--amount",
        "300,50",
        "--on",
        "2023-05-02",
        stdout=out,
    )
    assert "toegekend" in out.getvalue()
    assert FreeShareRequest.objects.get().accepted_amount == Decimal("300.50")


def test_the_command_refuses_bad_input_in_dutch(pab):
    with pytest.raises(CommandError, match="geen budget"):
        call_command("ask_free_share", "--budget", "999999", "--year", "2023", "--amount", "10")
    with pytest.raises(CommandError, match="geen geldig bedrag"):
        call_command(
            "ask_free_share",
            "--budget",
            str(pab.pk),
            "--year",
            "2023",
            "--amount",
            "10.123",
            "--on",
            "2023-05-02",
        )
    with pytest.raises(CommandError):
        call_command(
            "ask_free_share", "--budget", str(pab.pk), "--year", "2023", "--amount", "tien"
        )
    assert FreeShareRequest.objects.count() == 0
    assert date(2023, 5, 2)  # the day used above
