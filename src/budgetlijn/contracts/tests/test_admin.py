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


def _queue_of(family, size):
    """``size`` registered contracts over two budgets; some counterparties are known persons."""
    from budgetlijn.dossiers.tests.factories import PersonFactory

    first = services.register_contract(
        budget=family["budget"], data=employment(), on=date(2023, 2, 21)
    )
    known = PersonFactory(birth_date=date(1990, 4, 2))
    for index in range(1, size):
        copy = Contract.objects.get(pk=first.pk)
        copy.pk = None
        copy.id = None
        copy.counterparty_name = f"Assistent {index}"
        if index % 3 == 0:
            copy.counterparty_national_number = known.national_number
        copy.save()
    assert Contract.objects.filter(status=ContractStatus.REGISTERED).count() == size


def _queries(callable_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured.captured_queries)


def test_approval_queue_admin_takes_the_same_number_of_queries_for_5_and_50(staff_client, family):
    from budgetlijn.parameters import overrides

    # Start with an empty override cache, loaded below: one left by an earlier test in this
    # process checks its version 30 s after it was loaded, which could fall between the two
    # measurements (one query more in the second).
    overrides.cache.invalidate()
    url = "/admin/contracts/pendingcontract/"
    _queue_of(family, 5)
    small = _queries(lambda: staff_client.get(url))
    assert staff_client.get(url).content.decode().count("/change/") >= 5
    for _ in range(45):
        copy = Contract.objects.filter(status=ContractStatus.REGISTERED).first()
        copy.pk = None
        copy.id = None
        copy.save()
    large = _queries(lambda: staff_client.get(url))
    assert Contract.objects.filter(status=ContractStatus.REGISTERED).count() == 50
    assert small == large
    assert large < 25


def test_approval_queue_command_takes_the_same_number_of_queries_for_5_and_50(family):
    from io import StringIO

    from django.core.management import call_command

    _queue_of(family, 5)
    out = StringIO()
    small = _queries(lambda: call_command("approval_queue", "--date", "2023-03-01", stdout=out))
    assert "5 overeenkomst(en) wachten" in out.getvalue()
    for _ in range(45):
        copy = Contract.objects.filter(status=ContractStatus.REGISTERED).first()
        copy.pk = None
        copy.id = None
        copy.save()
    out = StringIO()
    large = _queries(lambda: call_command("approval_queue", "--date", "2023-03-01", stdout=out))
    assert "50 overeenkomst(en) wachten" in out.getvalue()
    assert small == large


def test_queue_rules_see_the_counterparty_known_by_national_number(family):
    """The selector's lookup finds the same person as the service does (here: the mother)."""
    from budgetlijn.contracts import selectors
    from budgetlijn.dossiers.tests.factories import PersonFactory

    mother = family["mother"]
    contract = services.register_contract(
        budget=family["budget"], data=employment(), on=date(2023, 2, 21)
    )
    Contract.objects.filter(pk=contract.pk).update(
        counterparty_national_number=mother.national_number
    )
    PersonFactory(birth_date=date(1970, 1, 1))
    plain = Contract.objects.get(pk=contract.pk)
    queued = selectors.approval_queue().get(pk=contract.pk)
    assert queued.counterparty_person_match == mother.pk
    day = date(2023, 3, 1)
    assert services.current_violations(queued, day) == services.current_violations(plain, day)
    assert services.contract_facts(queued) == services.contract_facts(plain)


def test_contract_changelists_show_the_key_columns(staff_client, family):
    services.register_contract(budget=family["budget"], data=employment(), on=date(2023, 2, 21))
    queue = staff_client.get("/admin/contracts/pendingcontract/").content.decode()
    for header in ["Wacht (dagen)", "Regels niet in orde"]:
        assert header in queue, header
    contracts = staff_client.get("/admin/contracts/contract/").content.decode()
    for header in ["Status", "Startdatum", "Einddatum", "Geregistreerd op"]:
        assert header in contracts, header


def test_the_counterparty_number_is_masked_and_toon_volledig_is_audited(staff_client, family):
    from budgetlijn.audit.models import AuditEvent
    from budgetlijn.rules.identity import format_national_number, mask

    budget = family["budget"]
    contract = services.register_contract(budget=budget, data=employment(), on=date(2023, 2, 21))
    number = contract.counterparty_national_number
    url = f"/admin/contracts/contract/{contract.pk}/change/"
    page = staff_client.get(url).content.decode()
    assert number not in page and format_national_number(number) not in page
    assert mask(number) in page and "Toon volledig" in page
    reveal = f"/admin/contracts/contract/{contract.pk}/rijksregisternummer/"
    assert staff_client.post(reveal).status_code == 302
    event = AuditEvent.objects.get(details__field="counterparty_national_number")
    assert event.person_id == budget.person_id
    assert event.actor.username == "medewerker"
    assert number in staff_client.get(url).content.decode()
