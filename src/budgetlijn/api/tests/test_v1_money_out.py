"""Money out through the API: free-share requests (R14, R15), a budget's payments with each
line's outcome (R30, returns and deductions), voucher invoices of providers (R11) and the
agency's payment runs."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from budgetlijn.api.tests.money_world import ASKED_ON
from budgetlijn.assistance.constants import MandateAction
from budgetlijn.assistance.models import MandateAct
from budgetlijn.freeshare import services as freeshare
from budgetlijn.freeshare.models import FreeShareRequest
from budgetlijn.vouchers.models import VoucherInvoice

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from django.db import transaction

    from budgetlijn.api.tests.money_world import build_money_world

    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_money_world()
            transaction.set_rollback(True)


def free_share_url(budget):
    return f"/api/v1/budgets/{budget.pk}/vrij-besteedbaar-deel/"


def payments_url(budget, query=""):
    return f"/api/v1/budgets/{budget.pk}/betalingen/{query}"


def post(api, url, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post(url, body, content_type="application/json", **headers)


# --- free share ---------------------------------------------------------------------------------


def test_r15_free_share_list_shows_the_decision_the_limit_and_what_is_left(as_user, world):
    response = as_user("mother").get(free_share_url(world.target["budget"]))
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == world.free_share["target"].pk
    assert (row["outcome"], row["outcome_label"]) == ("ACCEPTED", "toegekend")
    assert (row["amount"], row["accepted_amount"]) == ("300.00", "300.00")
    assert (row["limit"], row["remaining"]) == ("1000.00", "700.00")
    assert row["role"] == "HOLDER" and row["reasons"] == []


def test_r15_the_free_share_filed_on_a_cost_statement_counts_in_what_is_left(as_user, world):
    from budgetlijn.costs import services as costs
    from budgetlijn.costs.tests.conftest import cost, statement

    budget = world.target["budget"]
    costs.file_statement(
        statement(budget, cost(world.target["contract"], "250.00", kind="FREE_SHARE", month=4)),
        filed_on=ASKED_ON,
    )
    [row] = as_user("mother").get(free_share_url(budget)).json()["results"]
    assert (row["limit"], row["accepted_amount"], row["remaining"]) == (
        "1000.00",
        "300.00",
        "450.00",
    )


def test_r15_a_part_that_fits_partly_is_partly_granted_with_its_reason(as_user, world, monkeypatch):
    monkeypatch.setattr("budgetlijn.api.v1.free_share.today", lambda: ASKED_ON)
    api = as_user("mother")
    url = free_share_url(world.target["budget"])
    response = post(api, url, {"year": 2023, "amount": "800.00"}, key="deel-2")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["outcome"] == "PARTLY" and body["accepted_amount"] == "700.00"
    assert body["rule"] == "R15" and body["code"] and body["reason"]
    assert body["reasons"][0]["code"] == body["code"]
    assert body["remaining"] == "0.00"
    assert body["pay_by"] is not None  # PAB: within 30 days
    # the list now holds both parts, newest first, each with what was left after it
    rows = api.get(url).json()["results"]
    assert [(r["part"], r["remaining"]) for r in rows] == [(2, "0.00"), (1, "700.00")]


def test_r15_the_idempotency_key_answers_the_first_request_and_refuses_other_content(
    as_user, world, monkeypatch
):
    monkeypatch.setattr("budgetlijn.api.v1.free_share.today", lambda: ASKED_ON)
    api = as_user("mother")
    url = free_share_url(world.target["budget"])
    first = post(api, url, {"year": 2023, "amount": "100.00"}, key="k-1")
    count = FreeShareRequest.objects.count()
    # retried the next day: the same answer, nothing decided again
    monkeypatch.setattr("budgetlijn.api.v1.free_share.today", lambda: date(2023, 6, 16))
    again = post(api, url, {"year": 2023, "amount": "100.00"}, key="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert FreeShareRequest.objects.count() == count
    other = post(api, url, {"year": 2023, "amount": "100.01"}, key="k-1")
    assert other.status_code == 422
    assert other.json()["code"] == "api_idempotency_key_reused"
    assert FreeShareRequest.objects.count() == count
    # keys are kept apart per user: the agency's key "k-1" is another request
    assert (
        post(as_user("superuser"), url, {"year": 2023, "amount": "1.00"}, key="k-1").status_code
        == 201
    )


def test_r15_asking_without_an_idempotency_key_is_refused(as_user, world):
    response = post(
        as_user("mother"), free_share_url(world.target["budget"]), {"year": 2023, "amount": "5.00"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "api_idempotency_key_missing"
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"year": 2023, "amount": "5.00", "role": "AGENCY"}, {"role": "api_unknown_field"}),
        ({"year": 2023, "amount": "abc"}, {"amount": "free_share_amount_invalid"}),
        ({"year": 2023, "amount": "-5.00"}, {"amount": "free_share_amount_invalid"}),
        ({"year": 2023, "amount": "0"}, {"amount": "free_share_amount_invalid"}),
        ({"year": 2023, "amount": "1.005"}, {"amount": "free_share_amount_invalid"}),
        ({"year": 2023, "amount": True}, {"amount": "free_share_amount_invalid"}),
        ({"year": True, "amount": "5.00"}, {"year": "free_share_year_invalid"}),
        ({"year": 1999, "amount": "5.00"}, {"year": "free_share_year_invalid"}),
        ({}, {"year": "free_share_year_invalid", "amount": "free_share_amount_invalid"}),
    ],
)
def test_r15_bad_fields_are_a_400_problem_per_field(as_user, world, body, fields):
    count = FreeShareRequest.objects.count()
    response = post(as_user("mother"), free_share_url(world.target["budget"]), body, key="bad")
    assert response.status_code == 400, response.json()
    assert {e["field"]: e["code"] for e in response.json()["errors"]} == fields
    assert all(e["message"] for e in response.json()["errors"])
    assert FreeShareRequest.objects.count() == count


def test_r15_an_organisation_asks_under_its_mandate_and_the_act_is_recorded(as_user, world):
    """Asked today: the 2023 window is closed, so the part is refused (and kept, with why);
    it is labelled with the organisation and the holder reads the act."""
    acts = MandateAct.objects.filter(action=MandateAction.FREE_SHARE_ASKED)
    before = acts.count()
    response = post(
        as_user("staff_full_mandate"),
        free_share_url(world.target["budget"]),
        {"year": 2023, "amount": "50.00"},
        key="org-1",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["role"] == "ASSISTANCE_ORGANISATION"
    assert body["organisation"] == "Bijstandsorganisatie Vol"
    assert body["outcome"] == "REFUSED" and body["accepted_amount"] == "0.00"
    assert body["rule"] == "R15" and body["code"] and body["reason"]
    assert acts.count() == before + 1
    act = acts.latest("pk")
    assert act.organisation == world.organisations["full"]
    assert act.person_id == world.target["person"].pk
    assert act.user == world.users["staff_full_mandate"]


def test_r15_a_holder_asking_records_no_act(as_user, world, monkeypatch):
    monkeypatch.setattr("budgetlijn.api.v1.free_share.today", lambda: ASKED_ON)
    before = MandateAct.objects.count()
    response = post(
        as_user("mother"),
        free_share_url(world.target["budget"]),
        {"year": 2023, "amount": "5.00"},
        key="h",
    )
    assert response.status_code == 201
    assert response.json()["role"] == "HOLDER"
    assert MandateAct.objects.count() == before


# --- payments of a budget -----------------------------------------------------------------------


def rows_by_kind(response):
    rows = response.json()["results"]
    return {kind: [r for r in rows if r["kind"] == kind] for kind in ("PAID", "WITHHELD", "DUE")}


def test_r30_payments_show_each_item_the_return_and_what_was_withheld(as_user, world):
    response = as_user("mother").get(payments_url(world.target["budget"]))
    assert response.status_code == 200
    assert response.json()["count"] == 7
    rows = rows_by_kind(response)
    returned = [r for r in rows["PAID"] if r["transfer_status"] == "RETURNED"]
    pending = [r for r in rows["PAID"] if r["transfer_status"] == "PENDING"]
    assert {(r["source_kind"], r["amount"]) for r in returned} == {
        ("COST_LINE", "1500.00"),
        ("FREE_SHARE", "300.00"),
    }
    assert all(
        r["due_again"]
        and r["item_status"] == "RETURNED"
        and r["return_reason"] == "Rekening afgesloten"
        and r["returned_on"] == timezone.localdate().isoformat()
        and r["run"] == world.run.pk
        for r in returned
    )
    assert {(r["source_kind"], r["amount"], r["due_again"]) for r in pending} == {
        ("COST_LINE", "1500.00", False),
        ("FREE_SHARE", "300.00", False),
    }
    assert all(r["run"] == world.second_run.pk for r in pending)
    free_share = next(r for r in pending if r["source_kind"] == "FREE_SHARE")
    assert free_share["source_id"] == world.free_share["target"].pk
    # withheld in the first run, given back when it came back, withheld again in the second
    assert sorted(Decimal(r["amount"]) for r in rows["WITHHELD"]) == [
        Decimal("-100.00"),
        Decimal("100.00"),
        Decimal("100.00"),
    ]
    assert {r["deduction_kind"] for r in rows["WITHHELD"]} == {"CREDIT_NOTE"}
    assert rows["DUE"] == []


def test_r30_accepted_but_unpaid_commitments_are_due_with_their_source(as_user, world):
    response = as_user("superuser").get(payments_url(world.other["budget"]))
    rows = rows_by_kind(response)
    assert rows["PAID"] == [] and rows["WITHHELD"] == []
    assert {(r["source_kind"], r["source_id"], r["amount"]) for r in rows["DUE"]} == {
        ("COST_LINE", world.other["line"].pk, "1500.00"),
        ("FREE_SHARE", world.free_share["other"].pk, "300.00"),
    }
    assert not any(r["due_again"] for r in rows["DUE"])


def test_r30_a_new_part_of_the_free_share_is_due_until_a_run_pays_it(as_user, world):
    freeshare.ask_free_share(
        budget=world.target["budget"], year=2023, amount="20.00", asked_on=ASKED_ON
    )
    rows = rows_by_kind(as_user("mother").get(payments_url(world.target["budget"])))
    assert [(r["source_kind"], r["amount"], r["day"]) for r in rows["DUE"]] == [
        ("FREE_SHARE", "20.00", ASKED_ON.isoformat())
    ]


def test_payments_filter_by_year_and_page(as_user, world):
    api = as_user("mother")
    budget = world.target["budget"]
    in_2023 = rows_by_kind(api.get(payments_url(budget, "?year=2023")))
    assert (len(in_2023["PAID"]), len(in_2023["DUE"])) == (4, 0)
    this_year = timezone.localdate().year
    withheld = rows_by_kind(api.get(payments_url(budget, f"?year={this_year}")))["WITHHELD"]
    assert len(withheld) == 3
    assert api.get(payments_url(budget, "?year=2022")).json()["count"] == 0
    page = api.get(payments_url(budget, "?page_size=2&page=2")).json()
    assert page["count"] == 7 and len(page["results"]) == 2
    bad = api.get(payments_url(budget, "?year=abc"))
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "year"


def test_payments_run_a_fixed_number_of_queries_whatever_the_rows(as_user, world):
    api = as_user("mother")
    url = payments_url(world.target["budget"])
    with CaptureQueriesContext(connection) as few:
        first = api.get(url).json()["count"]
    for number in range(4):
        freeshare.ask_free_share(
            budget=world.target["budget"], year=2023, amount=f"{number + 1}.00", asked_on=ASKED_ON
        )
    with CaptureQueriesContext(connection) as many:
        second = api.get(url).json()["count"]
    assert second == first + 4
    assert len(many) == len(few)


def test_free_share_list_runs_a_fixed_number_of_queries(
    as_user, world, django_assert_max_num_queries
):
    api = as_user("mother")
    url = free_share_url(world.target["budget"])
    for number in range(5):
        freeshare.ask_free_share(
            budget=world.target["budget"], year=2023, amount=f"{number + 1}.00", asked_on=ASKED_ON
        )
    with django_assert_max_num_queries(12):
        assert api.get(url).json()["count"] == 6


def test_payments_of_a_budget_over_many_rows_stay_within_a_query_budget(
    as_user, world, django_assert_max_num_queries
):
    for number in range(6):
        freeshare.ask_free_share(
            budget=world.target["budget"], year=2023, amount=f"{number + 1}.00", asked_on=ASKED_ON
        )
    with django_assert_max_num_queries(12):
        response = as_user("mother").get(payments_url(world.target["budget"]))
    assert response.json()["count"] == 13


# --- vouchers -----------------------------------------------------------------------------------


def voucher_body(world, **line):
    return {
        "month": "2023-05",
        "invoice_number": "F-1",
        "lines": [
            {
                "budget_id": world.target["budget"].pk,
                "contract_id": world.target["provider_contract"].pk,
                "period_from": "2023-05-01",
                "period_to": "2023-05-31",
                "amount": "412.50",
                **line,
            }
        ],
    }


def test_r11_a_provider_reads_its_invoices_with_each_lines_outcome(as_user, world):
    api = as_user("provider_staff")
    listed = api.get("/api/v1/voucherfacturen/").json()
    assert [i["id"] for i in listed["results"]] == [world.invoices["provider"].pk]
    [line] = listed["results"][0]["lines"]
    assert line["outcome"] == "REFUSED" and line["reasons"][0]["code"] == "voucher_only_for_pvb"
    assert api.get(f"/api/v1/voucherfacturen/{world.invoices['provider'].pk}/").status_code == 200
    other = api.get(f"/api/v1/voucherfacturen/{world.invoices['other_provider'].pk}/")
    assert other.status_code == 404 and other.json()["code"] == "api_not_found"


def test_r11_a_provider_files_an_invoice_once_per_key(as_user, world):
    api = as_user("provider_staff")
    first = post(api, "/api/v1/voucherfacturen/", voucher_body(world), key="mei")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["provider"] == world.organisations["provider"].pk
    [line] = body["lines"]
    # a PAB pays no vouchers (R11): refused, with the rule's Dutch reason
    assert line["outcome"] == "REFUSED" and line["reasons"]
    assert line["reasons"][0]["rule"] == "R11" and line["reasons"][0]["message"]
    count = VoucherInvoice.objects.count()
    again = post(api, "/api/v1/voucherfacturen/", voucher_body(world), key="mei")
    assert again.status_code == 200 and again.json() == body
    reused = post(api, "/api/v1/voucherfacturen/", voucher_body(world, amount="1.00"), key="mei")
    assert reused.status_code == 422
    assert reused.json()["code"] == "api_idempotency_key_reused"
    assert VoucherInvoice.objects.count() == count


def test_r11_a_budget_outside_the_providers_contracts_is_an_unknown_budget(as_user, world):
    api = as_user("provider_staff")
    answers = []
    for budget_id in (world.other["budget"].pk, world.adult["budget"].pk, 10**9, 2**70):
        response = post(
            api,
            "/api/v1/voucherfacturen/",
            voucher_body(world, budget_id=budget_id, contract_id=None),
        )
        assert response.status_code == 400, response.json()
        [error] = response.json()["errors"]
        assert (error["field"], error["code"]) == ("lines[0].budget_id", "voucher_budget_unknown")
        answers.append(error["message"].replace(str(budget_id), "N"))
    assert len(set(answers)) == 1  # the same words whether the budget exists or not
    contract = post(
        api, "/api/v1/voucherfacturen/", voucher_body(world, contract_id=world.other["contract"].pk)
    )
    assert contract.status_code == 400
    assert contract.json()["errors"][0]["code"] == "voucher_contract_missing"
    huge = post(api, "/api/v1/voucherfacturen/", voucher_body(world, contract_id=str(2**70)))
    assert huge.status_code == 400
    assert huge.json()["errors"][0]["code"] == "voucher_contract_missing"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"month": "2023-05", "lines": [{"budget": 1}]}, "lines[0].budget"),
        ({"month": "2023-13", "lines": []}, "month"),
        ({"month": "2023-05", "lines": [], "status": "PAID"}, "status"),
        ({"month": "2023-05", "lines": ["x"]}, "lines[0]"),
    ],
)
def test_r11_bad_invoices_are_a_400_problem(as_user, world, body, field):
    response = post(as_user("provider_staff"), "/api/v1/voucherfacturen/", body)
    assert response.status_code == 400
    assert field in {e["field"] for e in response.json()["errors"]}


def test_r11_only_organisation_staff_file_voucher_invoices(as_user, world):
    for role in ("mother", "payments", "inspector"):
        response = post(as_user(role), "/api/v1/voucherfacturen/", voucher_body(world))
        assert response.status_code == 403, role
        assert response.json()["code"] == "api_not_a_provider"


# --- payment runs -------------------------------------------------------------------------------


def test_payment_runs_with_status_and_totals_for_the_agency(as_user, world):
    response = as_user("payments").get("/api/v1/betaalruns/")
    assert response.status_code == 200
    runs = {r["id"]: r for r in response.json()["results"]}
    assert set(runs) == {world.run.pk, world.second_run.pk}
    first = runs[world.run.pk]
    assert (first["status"], first["items"], first["transfers"]) == ("EXPORTED", 2, 1)
    assert (first["gross"], first["withheld"], first["transferred"]) == (
        "1800.00",
        "100.00",
        "1700.00",
    )
    assert runs[world.second_run.pk]["status"] == "DRAFT"
    drafts = as_user("payments").get("/api/v1/betaalruns/?status=DRAFT").json()["results"]
    assert [r["id"] for r in drafts] == [world.second_run.pk]


def test_voucher_and_run_lists_run_a_fixed_number_of_queries(as_user, world):
    from budgetlijn.api.tests.money_world import _invoice

    def count(role, url):
        api = as_user(role)  # one client: sign in as the role just before
        with CaptureQueriesContext(connection) as captured:
            response = api.get(url)
        return len(captured), response.json()["count"]

    def both():
        return (
            count("provider_staff", "/api/v1/voucherfacturen/"),
            count("payments", "/api/v1/betaalruns/"),
        )

    before = both()
    for number in range(3):
        _invoice(world.organisations["provider"], world.target["budget"], f"more-{number}")
    freeshare.ask_free_share(
        budget=world.other["budget"], year=2023, amount="5.00", asked_on=ASKED_ON
    )
    from budgetlijn.payments import services as payments

    payments.draft_run(on=timezone.localdate(), budget_ids=[world.other["budget"].pk])
    after = both()
    assert [n for n, _rows in after] == [n for n, _rows in before]
    assert [rows for _n, rows in after] == [before[0][1] + 3, before[1][1] + 1]
