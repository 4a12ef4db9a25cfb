"""Costs in the admin: statements with their decided lines, the agency's queue and its review
actions (R25), the Excel template, a statement filed by hand, and who may do what."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from budgetlijn.costs import services
from budgetlijn.costs.constants import Outcome, ReviewDecision, WaitReason
from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.costs.tests.conftest import cost, statement
from budgetlijn.costs.tests.helpers import FILED, staff
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.money import format_eur
from budgetlijn.testing import admin_search

pytestmark = pytest.mark.django_db
QUEUE = "/admin/costs/latecostline/"
LINES = "/admin/costs/costline/"
LATE = date(2024, 6, 3)  # a 2023 cost filed after the deadline of 1 April 2024 (R25)


@pytest.fixture
def admin_client(client):
    staff(client, "medewerker", superuser=True)
    return client


def late_reason():
    return sorted(services.late_reason_codes())[0]


def file_late(pab, *amounts, filed_on=LATE):
    contract = pab["contract"]
    lines = [
        cost(contract, amount, month=1 + i % 12, late_reason=late_reason(), description=str(i))
        for i, amount in enumerate(amounts)
    ]
    result = services.file_statement(statement(pab["budget"], *lines), filed_on=filed_on)
    return list(result.statement.lines.order_by("line_no"))


def committed(budget):
    return ledger.balances(budget, 2023).committed


def test_r26_statement_page_shows_each_line_with_its_decision_and_reasons(admin_client, pab):
    """Seed 003 §5: 22 000 of VIA4-eligible costs on a PAB of 20 000: the last line partly
    accepted, VIA4 used, 600 the holder's own, with the reason in Dutch."""
    contract = pab["contract"]
    lines = [cost(contract, "2000.00", month=m) for m in range(1, 12)]
    result = services.file_statement(statement(pab["budget"], *lines), filed_on=FILED)
    page = admin_client.get(f"/admin/costs/coststatement/{result.statement.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert str(Outcome.PARTLY_ACCEPTED.label) in html
    for column, amount in (("own_eur", "600.00"), ("via_eur", "1400.00")):
        shown = re.escape(format_eur(Decimal(amount)))
        assert re.search(rf'class="field-{column}">\s*<p>{shown}</p>', html), column


def test_r29_statement_page_shows_the_reason_of_a_partly_accepted_line_in_dutch(admin_client, pab):
    """FACTS.md: a gift of 45 with a limit of 40: 40 accepted, 5 the holder's own, and why."""
    gift = cost(pab["contract"], "45.00", kind="GIFT", month=12, assistant="Jana Wouters")
    result = services.file_statement(statement(pab["budget"], gift), filed_on=FILED)
    line = result.statement.lines.get()
    assert (line.outcome, line.own_amount) == (Outcome.PARTLY_ACCEPTED, Decimal("5.00"))
    html = admin_client.get(f"/admin/costs/coststatement/{result.statement.pk}/change/")
    html = html.content.decode()
    assert line.violations
    for violation in line.violations:
        assert violation["rule"] == "R29"
        assert f"<li>R29 – {escape(violation['message'])}</li>" in html


def test_r25_queue_lists_waiting_lines_oldest_first_with_age_and_reason(admin_client, pab):
    newer = file_late(pab, "30.00", filed_on=date(2024, 7, 1))[0]
    older = file_late(pab, "20.00")[0]
    assert older.wait_reason == WaitReason.LATE_REVIEW
    html = admin_client.get(QUEUE).content.decode()
    assert html.index(f"{QUEUE}{older.pk}/change/") < html.index(f"{QUEUE}{newer.pk}/change/")
    assert f">{(timezone.localdate() - LATE).days}<" in html
    assert str(WaitReason.LATE_REVIEW.label) in html


def test_queue_pages_run_a_fixed_number_of_queries(admin_client, pab):
    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(QUEUE).status_code == 200
        return len(queries)

    file_late(pab, "10.00")
    few = page_queries()
    file_late(pab, *[f"{11 + i}.00" for i in range(20)], filed_on=date(2024, 6, 4))
    assert CostLine.objects.filter(outcome=Outcome.WAITING).count() == 21
    assert page_queries() == few

    def list_queries():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(LINES).status_code == 200
        return len(queries)

    many = list_queries()
    file_late(pab, "99.00", filed_on=date(2024, 6, 5))
    assert list_queries() == many


def test_r25_accept_asks_a_reason_then_accepts_and_books(admin_client, pab):
    [line] = file_late(pab, "450.00")
    form = admin_client.post(QUEUE, {"action": "accept_late", "_selected_action": [line.pk]})
    assert "Motivering van de beoordeling" in form.content.decode()
    line.refresh_from_db()
    assert line.outcome == Outcome.WAITING  # nothing decided before the reason is given
    empty = admin_client.post(
        QUEUE, {"action": "accept_late", "_selected_action": [line.pk], "apply": "1", "reason": ""}
    )
    assert "Dit veld is vereist" in empty.content.decode()
    admin_client.post(
        QUEUE,
        {
            "action": "accept_late",
            "_selected_action": [line.pk],
            "apply": "1",
            "reason": "Ziekenhuisopname aangetoond",
        },
    )
    line.refresh_from_db()
    assert (line.outcome, line.review_decision) == (Outcome.ACCEPTED, ReviewDecision.ACCEPT)
    assert line.reviewed_by.username == "medewerker"
    assert committed(pab["budget"]) == Decimal("450.00")


def test_r25_refuse_with_a_reason_leaves_the_cost_to_the_holder(admin_client, pab):
    [line] = file_late(pab, "450.00")
    admin_client.post(
        QUEUE,
        {
            "action": "refuse_late",
            "_selected_action": [line.pk],
            "apply": "1",
            "reason": "Geen bewijs van de opname",
        },
    )
    line.refresh_from_db()
    assert (line.outcome, line.own_amount) == (Outcome.REFUSED, Decimal("450.00"))
    assert committed(pab["budget"]) == Decimal("0.00")
    assert "Geen bewijs van de opname" in line.violations[-1]["message"]


def test_a_line_decided_meanwhile_is_not_decided_twice(admin_client, pab):
    [line] = file_late(pab, "450.00")
    services.review_line(line, accept=True, reason="al beslist")
    page = admin_client.post(
        LINES,
        {"action": "refuse_late", "_selected_action": [line.pk], "apply": "1", "reason": "nee"},
        follow=True,
    )
    assert "wacht niet (meer) op een beoordeling" in page.content.decode()
    line.refresh_from_db()
    assert line.outcome == Outcome.ACCEPTED
    assert committed(pab["budget"]) == Decimal("450.00")


@pytest.mark.parametrize("forged", ["abc", "99999999999999999999999", "-1", "424242"])
def test_a_forged_id_in_the_review_actions_gives_a_dutch_message(admin_client, pab, forged):
    [line] = file_late(pab, "450.00")
    for url in (QUEUE, LINES):
        page = admin_client.post(
            url,
            {"action": "accept_late", "_selected_action": [forged], "apply": "1", "reason": "ja"},
            follow=True,
        )
        assert page.status_code == 200
        html = page.content.decode()
        assert "ongeldig nummer" in html or "staan niet (meer) in deze lijst" in html
    line.refresh_from_db()
    assert line.outcome == Outcome.WAITING


def _form(pab, *lines, **extra):
    data = {
        "budget_id": str(pab["budget"].pk),
        "year": "2023",
        "filed_by_role": "HOLDER",
        "organisation": "",
        "filed_on": FILED.isoformat(),
        "lines-TOTAL_FORMS": "5",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "5000",
        **extra,
    }
    for i, line in enumerate(lines):
        for name, value in line.items():
            data[f"lines-{i}-{name}"] = value
    return data


def _line(pab, amount, month=1, **overrides):
    last = {2: 28, 4: 30, 6: 30}.get(month, 31)
    values = {
        "contract_id": str(pab["contract"].pk),
        "cost_kind": "WAGE",
        "booking_type": "COST",
        "period_from": f"01/{month:02d}/2023",
        "period_to": f"{last}/{month:02d}/2023",
        "amount": amount,
    }
    values.update(overrides)
    return values


def test_r18_a_statement_filed_by_hand_goes_the_one_path(admin_client, pab):
    response = admin_client.post(
        "/admin/costs/coststatement/add/",
        _form(pab, _line(pab, "1500,00"), _line(pab, "250,25", month=2)),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    filed = CostStatement.objects.get()
    assert (filed.source, filed.filed_by_role, filed.filed_by.username) == (
        "MANUAL",
        "HOLDER",
        "medewerker",
    )
    assert committed(pab["budget"]) == Decimal("1750.25")


def test_a_statement_filed_by_hand_shows_each_error_at_its_field(admin_client, pab):
    other = pab["contract"].pk + 1000
    page = admin_client.post(
        "/admin/costs/coststatement/add/",
        _form(
            pab,
            _line(pab, "1500,00"),
            _line(pab, "10,00", month=2, contract_id=str(other)),
            _line(pab, "abc", month=3),
        ),
    )
    assert page.status_code == 200
    form, formset = page.context["form"], page.context["formset"]
    assert not form.errors
    # Django's own check finds the unreadable amount first; nothing is filed.
    assert "amount" in formset.forms[2].errors
    assert not CostStatement.objects.exists()
    page = admin_client.post(
        "/admin/costs/coststatement/add/",
        _form(pab, _line(pab, "1500,00"), _line(pab, "10,00", month=2, contract_id=str(other))),
    )
    formset = page.context["formset"]
    assert "overeenkomst bestaat niet bij dit budget" in formset.forms[1].errors["contract_id"][0]
    assert not formset.forms[0].errors
    assert not CostStatement.objects.exists()
    assert Entry.objects.filter(kind="COMMITMENT").count() == 0


def test_a_statement_without_lines_says_what_to_do(admin_client, pab):
    page = admin_client.post("/admin/costs/coststatement/add/", _form(pab))
    assert "minstens één kostenlijn" in page.content.decode()
    assert not CostStatement.objects.exists()


def test_template_download_lists_the_contracts_and_allowed_kinds(admin_client, pab):
    budget, contract = pab["budget"], pab["contract"]
    response = admin_client.get(
        "/admin/costs/costimport/sjabloon/", {"budget_id": budget.pk, "year": 2023}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "private" in response["Cache-Control"]
    workbook = load_workbook(io.BytesIO(response.content))
    values = {
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }
    assert any(v.startswith(f"{contract.pk} - ") for v in values)
    assert any(v.startswith("WAGE - ") for v in values)
    # A kind no employment contract allows is not offered.
    assert not any(v.startswith("SERVICE_VOUCHERS - ") for v in values)


def test_template_for_an_unknown_budget_shows_the_form_again(admin_client, pab):
    response = admin_client.get(
        "/admin/costs/costimport/sjabloon/", {"budget_id": 987654, "year": 2023}
    )
    assert response.status_code == 200
    assert "Dit budget bestaat niet" in response.content.decode()
    bad = admin_client.get("/admin/costs/costimport/sjabloon/", {"budget_id": "x", "year": "1"})
    assert bad.status_code == 200


ADMIN_PAGES = [
    "/admin/costs/coststatement/",
    "/admin/costs/coststatement/add/",
    "/admin/costs/costline/",
    "/admin/costs/latecostline/",
    "/admin/costs/costimport/",
    "/admin/costs/costimport/add/",
    "/admin/costs/costimport/sjabloon/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_non_staff_get_no_access(client, pab, url):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("budgethouder", password="geheim-1-wachtwoord")
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    post = client.post(url, {"action": "accept_late", "_selected_action": ["1"]})
    assert post.status_code == 302


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_staff_without_cost_permissions_get_no_access(client, pab, url):
    staff(client, "collega", ["view_contract"])
    assert client.get(url).status_code == 403


def test_staff_who_may_only_view_the_queue_cannot_review(client, pab):
    [line] = file_late(pab, "450.00")
    staff(client, "kijker", ["view_latecostline", "view_costline"])
    html = client.get(QUEUE).content.decode()
    assert str(line.amount).replace(".", ",") in html or "450" in html
    assert 'value="accept_late"' not in html
    client.post(
        QUEUE,
        {"action": "accept_late", "_selected_action": [line.pk], "apply": "1", "reason": "ja"},
    )
    line.refresh_from_db()
    assert line.outcome == Outcome.WAITING


def test_staff_with_the_review_permission_decide_from_the_queue(client, pab):
    [line] = file_late(pab, "450.00")
    staff(client, "beoordelaar", ["view_latecostline", "review_costline"])
    assert 'value="accept_late"' in client.get(QUEUE).content.decode()
    client.post(
        QUEUE,
        {"action": "accept_late", "_selected_action": [line.pk], "apply": "1", "reason": "ja"},
    )
    line.refresh_from_db()
    assert line.outcome == Outcome.ACCEPTED


def _pending_contract(pab):
    from budgetlijn.contracts import services as contracts
    from budgetlijn.contracts.tests.factories import employment

    return contracts.register_contract(
        budget=pab["budget"],
        data=employment(
            counterparty_name="Arne Maes",
            counterparty_national_number="85073003328",
            start_date=date(2023, 3, 1),
            end_date=date(2023, 12, 31),
        ),
        on=date(2023, 3, 1),
    )


def test_r19_a_line_waiting_for_its_contract_is_in_the_queue_but_decided_with_the_contract(
    admin_client, pab
):
    pending = _pending_contract(pab)
    result = services.file_statement(
        statement(pab["budget"], cost(pending, "800.00", month=3)), filed_on=FILED
    )
    line = result.statement.lines.get()
    assert line.wait_reason == WaitReason.CONTRACT_NOT_APPROVED
    html = admin_client.get(QUEUE).content.decode()
    assert f"{QUEUE}{line.pk}/change/" in html
    assert str(WaitReason.CONTRACT_NOT_APPROVED.label) in html
    page = admin_client.post(
        QUEUE,
        {"action": "accept_late", "_selected_action": [line.pk], "apply": "1", "reason": "ja"},
        follow=True,
    )
    assert "goedkeuringswachtrij" in page.content.decode()
    line.refresh_from_db()
    assert line.outcome == Outcome.WAITING


def test_lines_and_statements_are_found_by_national_number(admin_client, pab):
    [line] = file_late(pab, "450.00")
    number = pab["child"].national_number
    typed = f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"
    for url, link in (
        (LINES, f"{LINES}{line.pk}/change/"),
        ("/admin/costs/coststatement/", f"/admin/costs/coststatement/{line.statement_id}/"),
    ):
        assert link in admin_search(admin_client, url, typed).content.decode()
        assert link not in admin_search(admin_client, url, "99.01.01-999.99").content.decode()


def test_the_hand_filing_page_labels_every_field_of_every_line(admin_client, pab):
    html = admin_client.get("/admin/costs/coststatement/add/").content.decode()
    assert "<caption>Kostenlijnen</caption>" in html
    assert '<th scope="col">bedrag (EUR)</th>' in html
    for i in range(5):
        assert f'<label class="visually-hidden" for="id_lines-{i}-amount">' in html


def test_non_staff_cannot_book_a_file(client, pab):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("budgethouder", password="geheim-1-wachtwoord")
    client.force_login(user)
    response = client.post("/admin/costs/costimport/1/boeken/", {"mode": "all"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
