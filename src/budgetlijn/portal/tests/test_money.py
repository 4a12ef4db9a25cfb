"""Money out in the portal (issues 9, 10): a budget's payments (what was paid, the run day, the
transfer's state, a return by the bank with its reason, due again and paid again), what was
withheld and why, what is accepted but not paid yet; the free-share form (R14, R15) for the
holder and a mandated organisation; a provider's voucher invoices. Outside reach: 404."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budgetlijn.access.tests.money_world import WRONG_IBAN_REASON, build_money_world
from budgetlijn.access.tests.world import holder, mandate, organisation, staff_of
from budgetlijn.assistance.constants import MandateAction
from budgetlijn.assistance.models import MandateAct
from budgetlijn.freeshare.constants import AskedByRole, Outcome
from budgetlijn.freeshare.models import FreeShareRequest
from budgetlijn.portal import money as money_views
from budgetlijn.rules.money import format_eur
from budgetlijn.vouchers.tests.conftest import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def money(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_money_world()
            transaction.set_rollback(True)


def as_user(client, money, role):
    client.force_login(get_user_model().objects.get(pk=money.users[role].pk))
    return client


def payments_page(client, budget):
    return client.get(reverse("portal:payments", args=[budget.pk]))


# --- Payments ---------------------------------------------------------------------------------


def test_payments_page_shows_each_payment_its_run_day_and_the_transfer_state(client, money):
    response = payments_page(as_user(client, money, "holder"), money.budget)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vrij besteedbaar deel 2023, aanvraag 1" in page
    assert "Vrij besteedbaar deel 2023, aanvraag 2" in page
    assert "aanvraag 3" not in page  # refused: nothing paid
    provider = money.provider.name
    assert f"Voucherfactuur van {provider} voor 05/2023, lijn 1" in page
    assert format_eur(money.asked[1].accepted_amount) in page  # EUR 2 600,00
    assert f"{money.run1.run_on:%d/%m/%Y}" in page
    # returned by the bank, with the reason; due again and paid again by run 2 (pending)
    assert f"teruggestort door de bank op {money.run1.run_on:%d/%m/%Y}: {WRONG_IBAN_REASON}" in page
    assert "Opnieuw betaald in de betaalrun van" in page
    assert "nog te betalen" in page
    assert "betaald op" in page  # the provider's transfer
    rows = response.context["rows"]
    assert len(rows) == 5


def test_payments_page_shows_what_was_withheld_and_why(client, money):
    response = payments_page(as_user(client, money, "holder"), money.budget)
    page = response.content.decode()
    assert "Te veel terugbetaald in 2022" in page
    assert "terugvordering" in page
    [row] = response.context["withheld"]
    assert [use.amount for use in row["uses"]] == [
        money.deduction.amount,
        -money.deduction.amount,
        money.deduction.amount,
    ]
    assert "teruggegeven: de overschrijving kwam terug" in page


def test_payments_page_shows_what_is_accepted_but_not_paid_yet(client, money):
    response = payments_page(as_user(client, money, "holder"), money.budget)
    [row] = response.context["not_paid"]
    assert row["what"] == f"Voucherfactuur van {money.provider.name} voor 06/2023, lijn 1"
    assert format_eur(row["entry"].amount) in response.content.decode()
    assert response.context["not_paid_total"] == money.later_invoice.accepted_amount


def test_payments_page_reads_one_query_per_kind_not_per_row(
    client, money, django_assert_max_num_queries
):
    as_user(client, money, "view_staff")
    payments_page(client, money.budget)  # warm up
    # 5 payment rows, 3 deduction uses, free-share and voucher sources: a fixed number of
    # queries (session, user, permissions, budget, person, the mandate act, items, their
    # count, each kind of source, deductions, their uses, open commitments, may-ask).
    with django_assert_max_num_queries(17):
        response = payments_page(client, money.budget)
    assert len(response.context["rows"]) == 5
    assert len(response.context["withheld"][0]["uses"]) == 3


def test_payments_page_queries_do_not_grow_with_the_rows(client, money):
    def count(role, budget):
        as_user(client, money, role)
        payments_page(client, budget)
        with CaptureQueriesContext(connection) as captured:
            response = payments_page(client, budget)
        return len(captured), len(response.context["rows"])

    many, many_rows = count("holder", money.budget)
    few, few_rows = count("other_holder", money.other_budget)
    assert (many_rows, few_rows) == (5, 1)
    # the same queries, and one more for the one more kind of source (free-share requests)
    assert many == few + 1


def test_the_cost_line_paid_is_named_by_its_statement_and_line(client, db):
    from budgetlijn.costs.tests.conftest import make_pab
    from budgetlijn.payments import services as payments
    from budgetlijn.payments.tests.conftest import accept

    made = make_pab()
    [line] = accept(made["budget"], made["contract"], "1000.00")
    payments.draft_run(on=timezone.localdate())
    client.force_login(holder(made["mother"], "fs-moeder"))
    page = payments_page(client, made["budget"]).content.decode()
    assert f"Kostenstaat {line.statement_id}, lijn 1 (WAGE)" in page
    assert "nog te betalen" in page


@pytest.mark.parametrize("role", ["other_holder", "expired_staff", "revoked_staff"])
def test_r36_payments_outside_reach_are_not_found(client, money, role):
    assert payments_page(as_user(client, money, role), money.budget).status_code == 404


def test_a_guessed_budget_id_is_not_found(client, money):
    as_user(client, money, "holder")
    assert payments_page(client, money.other_budget).status_code == 404
    assert client.get("/mijn/budgetten/999999/betalingen/").status_code == 404


def test_r36_an_organisation_looking_at_payments_is_recorded_for_the_holder(client, money):
    response = payments_page(as_user(client, money, "view_staff"), money.budget)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert MandateAct.objects.filter(
        user=money.users["view_staff"],
        action=MandateAction.VIEWED,
        summary="Betalingen bekeken in het portaal",
    ).exists()


# --- The free-share form ---------------------------------------------------------------------

ASKED_ON = date(2023, 6, 15)


@pytest.fixture
def pvb(db, monkeypatch):
    monkeypatch.setattr(money_views, "_today", lambda: ASKED_ON)
    made = make_world()
    made["holder"] = holder(made["budget"].person, "fs-jan")
    return made


def free_share_url(budget):
    return reverse("portal:free_share", args=[budget.pk])


def key_of(response) -> str:
    return response.context["form"]["idempotency_key"].value()


def test_r14_the_holder_asks_the_free_share_and_reads_the_decision_and_room(client, pvb):
    client.force_login(pvb["holder"])
    url = free_share_url(pvb["budget"])
    form = client.get(url)
    assert form.status_code == 200
    page = form.content.decode()
    assert format_eur(Decimal("3600.00")) in page  # the year's free share (R14, category V)
    assert 'type="hidden" name="idempotency_key"' in page
    response = client.post(
        url, {"year": "2023", "amount": "1.000,00", "idempotency_key": key_of(form)}, follow=True
    )
    assert response.status_code == 200
    [asked] = FreeShareRequest.objects.filter(budget=pvb["budget"])
    assert asked.outcome == Outcome.ACCEPTED and asked.role == AskedByRole.HOLDER
    assert asked.asked_on == ASKED_ON
    page = response.content.decode()
    assert "Beslissing over aanvraag 1 voor 2023" in page
    assert response.context["room"]["left"] == asked.limit - asked.accepted_amount
    assert format_eur(Decimal("2600.00")) in page


def test_r14_a_partly_granted_request_shows_its_dutch_reason(client, pvb):
    client.force_login(pvb["holder"])
    url = free_share_url(pvb["budget"])
    key = key_of(client.get(url))
    response = client.post(
        url, {"year": "2023", "amount": "5000", "idempotency_key": key}, follow=True
    )
    decision = response.context["decision"]
    assert decision.outcome == Outcome.PARTLY
    assert "de rest niet" in response.content.decode()
    assert response.context["room"]["left"] == 0


def test_a_double_submit_books_nothing_twice(client, pvb):
    client.force_login(pvb["holder"])
    url = free_share_url(pvb["budget"])
    data = {"year": "2023", "amount": "250,00", "idempotency_key": key_of(client.get(url))}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert FreeShareRequest.objects.filter(budget=pvb["budget"]).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2023", "amount": "twee"}, "Bedrag in euro: Dit is geen geldig bedrag."),
        ({"year": "2023", "amount": ""}, "Bedrag in euro: Vul het bedrag in dat u vraagt."),
        ({"year": "2023", "amount": "-5"}, "Bedrag in euro: Vraag een bedrag groter dan nul."),
        ({"year": "2023", "amount": "1,234"}, "Bedrag in euro: Een bedrag heeft hoogstens"),
        ({"year": "2023", "amount": "1e400"}, "Bedrag in euro: Dit bedrag is te groot."),
        ({"year": "2023", "amount": "NaN"}, "Bedrag in euro: Dit is geen geldig bedrag."),
        ({"year": "1999", "amount": "10"}, "Budgetjaar: Kies een budgetjaar uit de lijst."),
    ],
)
def test_bad_input_gets_a_dutch_message_naming_the_field(client, pvb, data, message):
    client.force_login(pvb["holder"])
    response = client.post(free_share_url(pvb["budget"]), {**data, "idempotency_key": "k-1"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not FreeShareRequest.objects.filter(budget=pvb["budget"]).exists()


def test_r15_a_mandated_organisation_asks_and_its_act_is_recorded_once(client, pvb):
    person = pvb["budget"].person
    org = organisation(name="Bijstand Vraag")
    staff = staff_of(org, "fs-vrager")
    mandate(
        person,
        org,
        starts_on=date(2023, 1, 1),
        ends_on=timezone.localdate() + timedelta(days=100),
        rights=("ask_free_share",),
    )
    client.force_login(staff)
    url = free_share_url(pvb["budget"])
    data = {"year": "2023", "amount": "100,00", "idempotency_key": key_of(client.get(url))}
    client.post(url, data)
    client.post(url, data)
    [asked] = FreeShareRequest.objects.filter(budget=pvb["budget"])
    assert asked.role == AskedByRole.ASSISTANCE_ORGANISATION
    assert asked.organisation == "Bijstand Vraag"
    assert asked.outcome == Outcome.ACCEPTED
    acts = MandateAct.objects.filter(user=staff, action=MandateAction.FREE_SHARE_ASKED)
    assert acts.count() == 1


def test_r36_an_organisation_without_the_right_may_not_ask(client, pvb):
    person = pvb["budget"].person
    org = organisation(name="Bijstand Kijk")
    staff = staff_of(org, "fs-kijker")
    today = timezone.localdate()
    mandate(
        person,
        org,
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=5),
        rights=(),
    )
    client.force_login(staff)
    assert client.get(free_share_url(pvb["budget"])).status_code == 403
    data = {"year": "2023", "amount": "100", "idempotency_key": "k-2"}
    assert client.post(free_share_url(pvb["budget"]), data).status_code == 403
    assert not FreeShareRequest.objects.filter(budget=pvb["budget"]).exists()


def test_r36_the_free_share_of_another_budget_is_not_found(client, pvb):
    other = make_world()
    client.force_login(pvb["holder"])
    assert client.get(free_share_url(other["budget"])).status_code == 404
    data = {"year": "2023", "amount": "100", "idempotency_key": "k-3"}
    assert client.post(free_share_url(other["budget"]), data).status_code == 404
    assert not FreeShareRequest.objects.filter(budget=other["budget"]).exists()


def test_a_decision_of_another_budget_is_not_shown(client, pvb):
    other = make_world()
    from budgetlijn.freeshare import services as freeshare

    foreign = freeshare.ask_free_share(
        budget=other["budget"], year=2023, amount="10.00", asked_on=ASKED_ON
    )
    client.force_login(pvb["holder"])
    url = f"{free_share_url(pvb['budget'])}?aanvraag={foreign.pk}"
    assert client.get(url).status_code == 404


# --- A provider's invoices --------------------------------------------------------------------


def test_a_provider_sees_its_invoices_and_what_was_paid_to_it(client, money):
    response = as_user(client, money, "provider_staff").get(reverse("portal:provider_invoices"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Factuur F-2023-05" in page and "Factuur F-2023-06" in page
    assert f"Factuur {money.other_invoice.pk} " not in page
    [row] = response.context["transfers"]
    assert row["status"].startswith("betaald op")
    assert format_eur(money.invoice.accepted_amount) in page


def test_a_provider_reads_each_lines_outcome_and_dutch_reason(client, money):
    as_user(client, money, "provider_staff")
    response = client.get(reverse("portal:provider_invoice", args=[money.invoice.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "al gefactureerd" in page
    assert "geen overeenkomst opgegeven" in page
    assert "in de betaalrun van" in page and "betaald op" in page
    assert money.budget.person.full_name in page
    outcomes = [row["line"].outcome for row in response.context["rows"]]
    assert outcomes == ["ACCEPTED", "REFUSED", "REFUSED"]


@pytest.mark.parametrize("role", ["stranger_provider_staff", "holder", "view_staff"])
def test_another_providers_invoice_is_not_found(client, money, role):
    as_user(client, money, role)
    assert (
        client.get(reverse("portal:provider_invoice", args=[money.invoice.pk])).status_code == 404
    )


def test_the_invoice_list_is_not_a_holders_page(client, money):
    as_user(client, money, "holder")
    assert client.get(reverse("portal:provider_invoices")).status_code == 404


# --- R15: paying free share back to the budget account ---------------------------------------

CORRECTED_ON = date(2023, 11, 6)


@pytest.fixture
def paid_pab(db, monkeypatch):
    """A PAB (refundable advance outstanding) whose managing parent got 400 of free share
    paid."""
    from budgetlijn.costs.tests.conftest import make_pab
    from budgetlijn.freeshare import services as freeshare
    from budgetlijn.payments import services as payments

    made = make_pab()
    freeshare.ask_free_share(
        budget=made["budget"], year=2023, amount="400.00", asked_on=date(2023, 10, 2)
    )
    # only this budget: the module's money world has other commitments due
    run = payments.draft_run(on=timezone.localdate(), budget_ids=[made["budget"].pk])
    assert run.gross == Decimal("400.00")
    monkeypatch.setattr(money_views, "_today", lambda: CORRECTED_ON)
    made["holder"] = holder(made["mother"], "fs-pab")
    return made


def correction_url(budget):
    return reverse("portal:free_share_correction", args=[budget.pk])


def test_r15_the_holder_reports_a_correction_once_and_the_room_comes_back(client, paid_pab):
    from budgetlijn.freeshare.models import FreeShareCorrection

    client.force_login(paid_pab["holder"])
    form = client.get(correction_url(paid_pab["budget"]))
    assert form.status_code == 200
    assert format_eur(Decimal("400.00")) in form.content.decode()
    data = {"year": "2023", "amount": "150,00", "idempotency_key": key_of(form)}
    response = client.post(correction_url(paid_pab["budget"]), data, follow=True)
    assert response.status_code == 200
    assert "weer budget voor zorg" in response.content.decode()
    client.post(correction_url(paid_pab["budget"]), data)  # the same form sent twice
    [corrected] = FreeShareCorrection.objects.all()
    assert (corrected.amount, corrected.role, corrected.corrected_on) == (
        Decimal("150.00"),
        AskedByRole.HOLDER,
        CORRECTED_ON,
    )
    page = client.get(correction_url(paid_pab["budget"])).content.decode()
    assert format_eur(Decimal("250.00")) in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("twee", "geen geldig bedrag"),
        ("0", "groter dan nul"),
        ("400,01", "groter dan het uitbetaalde"),
    ],
)
def test_r15_a_wrong_correction_says_why_on_the_amount_field(client, paid_pab, amount, message):
    from budgetlijn.freeshare.models import FreeShareCorrection

    client.force_login(paid_pab["holder"])
    form = client.get(correction_url(paid_pab["budget"]))
    response = client.post(
        correction_url(paid_pab["budget"]),
        {"year": "2023", "amount": amount, "idempotency_key": key_of(form)},
    )
    assert response.status_code == 400
    assert any(message in str(error) for error in response.context["form"].errors["amount"])
    assert not FreeShareCorrection.objects.exists()


def test_r15_no_correction_page_for_a_pvb_or_another_holders_budget(client, paid_pab, pvb):
    client.force_login(pvb["holder"])
    assert client.get(correction_url(pvb["budget"])).status_code == 404  # a PVB: no R15
    assert client.get(correction_url(paid_pab["budget"])).status_code == 404  # not in reach


@pytest.mark.parametrize("url", [correction_url, free_share_url], ids=["correction", "request"])
def test_both_free_share_forms_link_their_errors_to_the_fields(client, paid_pab, url):
    """The shared includes (error summary, select, amount): every field labelled, the summary
    links to the field in error, the field names its help and its error (aria-describedby)."""
    client.force_login(paid_pab["holder"])
    form = client.get(url(paid_pab["budget"]))
    page = form.content.decode()
    assert '<label for="id_year">' in page and '<label for="id_amount">' in page
    assert '<option value="2023" selected>' in page
    assert 'aria-describedby="id_amount_uitleg"' in page
    assert 'role="alert"' not in page
    response = client.post(
        url(paid_pab["budget"]), {"year": "2023", "amount": "", "idempotency_key": key_of(form)}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary" role="alert" aria-labelledby="fouten-titel"' in page
    assert '<a href="#id_amount">' in page
    assert 'id="id_amount_fout"' in page
    assert 'aria-describedby="id_amount_uitleg id_amount_fout" aria-invalid="true"' in page


def test_r15_a_correction_form_sent_again_with_another_amount_is_refused_in_dutch(client, paid_pab):
    from budgetlijn.freeshare.models import FreeShareCorrection

    client.force_login(paid_pab["holder"])
    key = key_of(client.get(correction_url(paid_pab["budget"])))
    data = {"year": "2023", "amount": "150,00", "idempotency_key": key}
    assert client.post(correction_url(paid_pab["budget"]), data).status_code == 302
    response = client.post(correction_url(paid_pab["budget"]), {**data, "amount": "160,00"})
    assert response.status_code == 400
    assert "hoort al bij een andere terugstorting" in response.content.decode()
    assert FreeShareCorrection.objects.get().amount == Decimal("150.00")
