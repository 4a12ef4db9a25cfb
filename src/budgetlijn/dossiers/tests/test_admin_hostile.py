"""The budget admin probed as a stranger would: guessed ids, staff who may only look,
hostile amounts and dates, double submits and markup in reasons."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers import services
from budgetlijn.dossiers.constants import BudgetStatus
from budgetlijn.dossiers.models import BudgetAllocationChange, LifecycleEvent
from budgetlijn.dossiers.tests.factories import BudgetFactory
from budgetlijn.ledger.models import Entry

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/dossiers/budget/"


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser(
        "medewerker", "m@vaph.test", "geheim-wachtwoord-1"
    )
    client.force_login(user)
    return client


@pytest.fixture
def viewer_client(client):
    """Agency staff who may look at every dossier but change nothing."""
    user = get_user_model().objects.create_user("kijker", password="geheim-wachtwoord-2")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(user)
    return client


def _started_budget():
    budget = BudgetFactory(allocated_on=date(2023, 9, 1), letter_received_on=date(2023, 9, 4))
    return services.start_budget(budget, on=date(2023, 10, 2))


@pytest.mark.parametrize("object_id", ["abc", "1%2F2", "%C3%A9", "999999", "-1"])
def test_budget_wijzigen_with_an_id_that_is_no_budget_is_404_not_500(staff_client, object_id):
    response = staff_client.get(f"/admin/dossiers/budget/{object_id}/budget-wijzigen/")
    assert response.status_code == 404


def test_budget_wijzigen_refuses_staff_without_the_change_permission(viewer_client):
    budget = _started_budget()
    url = f"/admin/dossiers/budget/{budget.pk}/budget-wijzigen/"
    assert viewer_client.get(url).status_code == 403
    data = {"category": "VI", "from_day": "2023-11-01", "reason": "x"}
    assert viewer_client.post(url, data).status_code == 403
    budget.refresh_from_db()
    assert budget.category == "V"


@pytest.mark.parametrize(
    "action", ["stop_budgets", "convert_pab_to_pvb", "start_today", "grant_extension_today"]
)
def test_budget_actions_are_not_offered_to_staff_without_the_change_permission(
    viewer_client, action
):
    budget = _started_budget()
    page = viewer_client.get(CHANGELIST).content.decode()
    assert f'value="{action}"' not in page
    response = viewer_client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [budget.pk],
            "apply": "1",
            "reason": "FRAUD",
            "on": "2023-12-01",
        },
    )
    # Django treats it as no action chosen: the list again, nothing done.
    assert response.status_code == 200
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.STARTED
    assert budget.stopped_on is None


@pytest.mark.parametrize(
    "amount",
    ["12,50", "0", "-0", "NaN", "Infinity", "-0.01", "123456789012345", "sNaN", "-Infinity"],
)
def test_budget_wijzigen_refuses_hostile_amounts_with_a_dutch_message(staff_client, amount):
    budget = _started_budget()
    entries = Entry.objects.count()
    response = staff_client.post(
        f"/admin/dossiers/budget/{budget.pk}/budget-wijzigen/",
        {
            "category": "V",
            "band": "",
            "specific_amount": amount,
            "from_day": "2023-11-01",
            "reason": "probe",
        },
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert Entry.objects.count() == entries
    assert not BudgetAllocationChange.objects.filter(budget=budget).exists()


@pytest.mark.parametrize("day", ["2023-02-31", "tekst", "0001-01-01", "1900-01-01", ""])
def test_budget_wijzigen_refuses_bad_dates(staff_client, day):
    budget = _started_budget()
    response = staff_client.post(
        f"/admin/dossiers/budget/{budget.pk}/budget-wijzigen/",
        {"category": "VI", "band": "", "from_day": day, "reason": "probe"},
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    budget.refresh_from_db()
    assert budget.category == "V"


def test_the_same_stop_posted_twice_stops_and_books_once(staff_client):
    budget = _started_budget()
    data = {
        "action": "stop_budgets",
        "_selected_action": [budget.pk],
        "apply": "1",
        "reason": "OWN_CHOICE",
        "on": "2023-12-01",
    }
    staff_client.post(CHANGELIST, data, follow=True)
    entries = Entry.objects.filter(budget=budget).count()
    events = LifecycleEvent.objects.filter(budget=budget).count()
    second = staff_client.post(CHANGELIST, data, follow=True)
    assert second.status_code == 200
    page = second.content.decode()
    assert "1 budget(ten) stopgezet." not in page
    # R33: the refusal names the state in Dutch, not the stored code.
    assert "Dit budget is al beëindigd (stopgezet)." in page
    assert Entry.objects.filter(budget=budget).count() == entries
    assert LifecycleEvent.objects.filter(budget=budget).count() == events
    budget.refresh_from_db()
    assert (budget.status, budget.stopped_on) == (BudgetStatus.STOPPED, date(2023, 12, 1))


def test_markup_in_a_change_reason_is_escaped_in_the_admin_and_the_audit_list(staff_client):
    budget = _started_budget()
    script = "<script>alert(1)</script>"
    response = staff_client.post(
        f"/admin/dossiers/budget/{budget.pk}/budget-wijzigen/",
        {"category": "VI", "band": "", "from_day": "2023-11-01", "reason": script},
    )
    assert response.status_code == 302
    for url in ["/admin/audit/auditevent/", f"/admin/dossiers/budget/{budget.pk}/change/"]:
        page = staff_client.get(url).content.decode()
        assert script not in page
    event = AuditEvent.objects.get(details__change="allocation_change")
    detail = staff_client.get(f"/admin/audit/auditevent/{event.pk}/change/").content.decode()
    assert script not in detail


def _person_post(person, **overrides):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "national_number": person.national_number,
        "birth_date": person.birth_date.isoformat(),
        "date_of_death": "",
        "province": person.province,
        "municipality": person.municipality,
        "postal_code": person.postal_code,
        "care_allowance_since": "",
        "care_allowance_stopped_on": "",
        "relations-TOTAL_FORMS": "0",
        "relations-INITIAL_FORMS": "0",
        "relations-MIN_NUM_FORMS": "0",
        "relations-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2999-01-01", "De datum van overlijden ligt in de toekomst."),
        ("9999-12-31", "De datum van overlijden ligt in de toekomst."),
        ("1900-01-01", "De datum van overlijden ligt vóór de geboortedatum."),
        ("2023-02-31", "Voer een geldige datum in."),
        ("tekst", "Voer een geldige datum in."),
    ],
)
def test_r34_a_date_of_death_in_the_future_or_before_birth_is_refused(staff_client, day, message):
    budget = _started_budget()
    person = budget.person
    response = staff_client.post(
        f"/admin/dossiers/person/{person.pk}/change/", _person_post(person, date_of_death=day)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    person.refresh_from_db()
    budget.refresh_from_db()
    assert person.date_of_death is None
    assert budget.status == BudgetStatus.STARTED


@pytest.mark.parametrize(
    ("url", "action"),
    [
        (CHANGELIST, "stop_budgets"),
        ("/admin/dossiers/person/", "delete_selected"),
        ("/admin/contracts/pendingcontract/", "approve"),
        ("/admin/ledger/entry/", "reverse_selected"),
    ],
)
@pytest.mark.parametrize("forged", ["abc", "1.5", "é", "99999999999999999999"])
def test_an_action_posted_with_a_forged_id_is_refused_in_dutch_not_500(
    staff_client, url, action, forged
):
    budget = _started_budget()
    entries = Entry.objects.count()
    response = staff_client.post(
        url,
        {
            "action": action,
            "_selected_action": [str(budget.pk), forged],
            "apply": "1",
            "reason": "OWN_CHOICE",
            "on": "2023-12-01",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert Entry.objects.count() == entries
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.STARTED
    assert "De selectie bevat een ongeldig nummer." in response.content.decode()


def test_r33_a_stop_too_far_ahead_is_refused_and_books_nothing(staff_client):
    from django.utils import timezone

    budget = _started_budget()
    entries = Entry.objects.filter(budget=budget).count()
    latest = date(timezone.localdate().year + 2, 1, 1)
    data = {
        "action": "stop_budgets",
        "_selected_action": [budget.pk],
        "apply": "1",
        "reason": "OWN_CHOICE",
        "on": "2099-01-01",
    }
    response = staff_client.post(CHANGELIST, data, follow=True)
    assert f"Kies uiterlijk {latest:%d/%m/%Y}" in response.content.decode()
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.STARTED
    assert Entry.objects.filter(budget=budget).count() == entries
    assert not Entry.objects.filter(budget=budget, year__gt=latest.year).exists()


def test_r7_a_conversion_dated_too_far_ahead_is_refused_and_books_nothing(staff_client):
    from django.utils import timezone

    from budgetlijn.dossiers.tests.factories import PersonFactory

    pab = BudgetFactory(
        pab=True,
        person=PersonFactory(birth_date=date(2005, 6, 1)),
        allocated_on=date(2023, 3, 1),
        letter_received_on=date(2023, 3, 3),
        support_plan_filed_on=date(2023, 3, 1),
    )
    services.start_budget(pab, on=date(2023, 4, 1))
    entries = Entry.objects.count()
    response = staff_client.post(
        CHANGELIST,
        {
            "action": "convert_pab_to_pvb",
            "_selected_action": [pab.pk],
            "apply": "1",
            "scheme": "old",
            "category": "V",
            "on": "2099-01-01",
        },
        follow=True,
    )
    latest = date(timezone.localdate().year + 1, 12, 31)
    assert f"Kies uiterlijk {latest:%d/%m/%Y}" in response.content.decode()
    pab.refresh_from_db()
    assert pab.status == BudgetStatus.STARTED
    assert Entry.objects.count() == entries
