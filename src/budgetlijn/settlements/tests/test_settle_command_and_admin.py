"""The settle_budget command (dry run, refusal without traceback, PDFs written) and the
admin's PDF downloads."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from budgetlijn.dossiers.services import death_stop_day
from budgetlijn.settlements.models import Settlement
from budgetlijn.settlements.tests.helpers import cost, first_quarter, started_pab, statement, stop

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    data = started_pab()
    first_quarter(data)
    return data


def test_r33_command_dry_run_then_settle_and_write_the_letter(data, tmp_path, capsys):
    budget, contract = data["budget"], data["contract"]
    stop(budget, date(2023, 6, 1))
    file = tmp_path / "last.json"
    file.write_text(json.dumps(statement(budget, cost(contract, "1500.00", month=4)), default=str))
    args = ["settle_budget", "--budget", str(budget.pk), "--statement", str(file)]
    call_command(*args, "--date", "2023-07-10", "--dry-run")
    out = capsys.readouterr().out
    assert "Proefdraai (niets opgeslagen)" in out and "EUR 6 000,00" in out.replace("\xa0", " ")
    assert not Settlement.objects.exists()
    call_command(*args, "--date", "2023-07-10", "--out", str(tmp_path))
    assert Settlement.objects.get().payable == 6000
    assert (tmp_path / f"eindafrekening-budget-{budget.pk}.pdf").read_bytes()[:5] == b"%PDF-"
    assert not (tmp_path / f"attest-erfgenamen-budget-{budget.pk}.pdf").exists()
    call_command(*args, "--date", "2023-07-10")
    assert "al afgerekend" in capsys.readouterr().out


def test_r33_command_refusal_is_a_dutch_message(data):
    with pytest.raises(CommandError, match="is niet stopgezet"):
        call_command("settle_budget", "--budget", str(data["budget"].pk), "--date", "2023-07-10")
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("settle_budget", "--budget", "999999")


def test_r33_command_refuses_a_future_day(data):
    stop(data["budget"], date(2023, 6, 1))
    with pytest.raises(CommandError, match="na vandaag"):
        call_command("settle_budget", "--budget", str(data["budget"].pk), "--date", "2999-01-01")


def test_r34_admin_downloads_letter_and_certificate(data, admin_client):
    budget = data["budget"]
    stop(budget, death_stop_day(date(2023, 6, 14)), reason="DEATH")
    call_command("settle_budget", "--budget", str(budget.pk), "--date", "2023-07-10")
    settlement = Settlement.objects.get()
    page = admin_client.get(reverse("admin:settlements_settlement_changelist"))
    assert page.status_code == 200
    assert "attest erfgenamen (pdf)" in page.content.decode()
    for name in ("letter", "certificate"):
        response = admin_client.get(
            reverse(f"admin:settlements_settlement_{name}", args=[settlement.pk])
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content[:5] == b"%PDF-"


def test_r33_no_certificate_after_a_stop(data, admin_client):
    stop(data["budget"], date(2023, 6, 1))
    call_command("settle_budget", "--budget", str(data["budget"].pk), "--date", "2023-07-10")
    settlement = Settlement.objects.get()
    url = reverse("admin:settlements_settlement_certificate", args=[settlement.pk])
    assert admin_client.get(url).status_code == 404
