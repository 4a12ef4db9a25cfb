"""The approval queue in the admin: oldest first, violations shown, approve and refuse."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from budgetlijn.contracts import services
from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.models import Contract
from budgetlijn.contracts.tests.factories import employment

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser(
        "medewerker", "m@vaph.test", "geheim-wachtwoord-1"
    )
    client.force_login(user)
    return client


def test_queue_shows_pending_contracts_oldest_first_with_violations(staff_client, family):
    budget = family["budget"]
    today = timezone.localdate()
    old = services.register_contract(budget=budget, data=employment(), on=date(2023, 2, 21))
    # A wijk-werk contract: its registration document (valid one year, R20) has expired by now.
    wijk_werk = services.register_contract(
        budget=budget,
        data=employment(
            type_code="PAB_WIJK_WERK",
            counterparty_kind="ENTERPRISE",
            counterparty_name="Wijk-werken Mechelen",
            counterparty_national_number="",
            counterparty_enterprise_number="0403170897",
            provider_kind="WIJK_WERK_ORGANISER",
            wijk_werk_registered_on=date(2023, 2, 1),
            holder_enterprise_number="",
        ),
        on=date(2023, 3, 1),
    )
    assert "R20" in {v.rule_id for v in services.current_violations(wijk_werk, today)}
    assert services.current_violations(wijk_werk, date(2023, 3, 1)) == []
    page = staff_client.get("/admin/contracts/pendingcontract/").content.decode()
    assert page.index(f"/admin/contracts/pendingcontract/{old.pk}/change/") < page.index(
        f"/admin/contracts/pendingcontract/{wijk_werk.pk}/change/"
    )
    assert f">{(today - date(2023, 2, 21)).days}<" in page
    assert "R20 – " in page
    assert "wijk-werk" in page.lower()


def test_admin_action_approves_and_refuses_with_a_reason(staff_client, family):
    budget = family["budget"]
    first = services.register_contract(budget=budget, data=employment(), on=date(2023, 2, 21))
    second = services.register_contract(
        budget=budget,
        data=employment(
            counterparty_name="Arne Maes",
            counterparty_national_number="85073003328",
            hourly_cost=Decimal("15.00"),
        ),
        on=date(2023, 2, 22),
    )
    url = "/admin/contracts/pendingcontract/"
    staff_client.post(url, {"action": "approve", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.status == ContractStatus.APPROVED
    form = staff_client.post(url, {"action": "refuse", "_selected_action": [second.pk]})
    assert "Reden van de weigering" in form.content.decode()
    staff_client.post(
        url,
        {
            "action": "refuse",
            "_selected_action": [second.pk],
            "apply": "1",
            "reason": "Geen handtekening.",
        },
    )
    second.refresh_from_db()
    assert second.status == ContractStatus.REFUSED
    assert second.refusal_reason == "Geen handtekening."
    assert Contract.objects.filter(status=ContractStatus.REGISTERED).count() == 0


def _form_data(budget, **overrides):
    data = {"budget": budget.pk}
    for name, value in employment(**overrides).items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    data.setdefault("provider_kind", "NONE")
    return data


def test_r18_agency_registers_a_paper_contract_in_the_admin(staff_client, family):
    budget = family["budget"]
    response = staff_client.post("/admin/contracts/contract/add/", _form_data(budget))
    assert response.status_code == 302, response.content.decode()[:3000]
    contract = Contract.objects.get()
    assert contract.registered_by_role == "AGENCY"
    assert contract.registered_by.username == "medewerker"
    assert contract.status == ContractStatus.REGISTERED


def test_r18_admin_shows_every_violation_at_its_field_and_saves_nothing(staff_client, family):
    budget = family["budget"]
    data = _form_data(
        budget,
        minor_name="",
        hourly_cost=Decimal("9.00"),
        counterparty_national_number="12345678901",
    )
    response = staff_client.post("/admin/contracts/contract/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "minor_name" in errors
    assert "counterparty_national_number" in errors
    assert "hourly_cost" in errors
    assert Contract.objects.count() == 0
