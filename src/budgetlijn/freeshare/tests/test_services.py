"""ask_free_share: parts decided under the budget lock against the year's limit (R14 PVB, R15
PAB), what was granted and the budget line; the accepted part a COMMITMENT in the ledger."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.assistance.tests.factories import MandateFactory
from budgetlijn.costs.tests.conftest import make_pab
from budgetlijn.freeshare import services
from budgetlijn.freeshare.constants import ErrorCode, Outcome
from budgetlijn.freeshare.models import FreeShareRequest
from budgetlijn.freeshare.tests.conftest import make_pvb
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger import services as ledger_services
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.rules.codes import FreeShareCode
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db

D = Decimal
ON = date(2023, 10, 2)


def ask(budget, amount, asked_on=ON, year=2023, **kw):
    return services.ask_free_share(budget=budget, year=year, amount=amount, asked_on=asked_on, **kw)


def test_r14_free_share_pvb_allocated_1_september_gets_1200_of_3600(pvb):
    first = ask(pvb, "1500.00")
    assert (first.outcome, first.accepted_amount, first.limit) == (
        Outcome.PARTLY,
        D("1200.00"),
        D("1200.00"),
    )
    assert (first.rule_id, first.code) == ("R14", FreeShareCode.FREE_SHARE_ABOVE_LIMIT)
    assert "1\u00a0200,00" in first.message
    commitment = first.commitment
    assert (commitment.kind, commitment.amount, commitment.year) == (
        EntryKind.COMMITMENT,
        D("1200.00"),
        2023,
    )
    assert commitment.idempotency_key == f"free-share:{pvb.pk}:2023:1"
    assert commitment.free_share_request == first
    assert ledger.balances(pvb, 2023).committed == D("1200.00")

    second = ask(pvb, "100.00")
    assert (second.part_number, second.outcome, second.accepted_amount) == (
        2,
        Outcome.REFUSED,
        D("0"),
    )
    assert second.code == FreeShareCode.FREE_SHARE_USED_UP
    assert second.commitment is None
    assert check_ledger() == []


def test_r14_free_share_categories_1_to_4_get_1800_a_year_pro_rata(db):
    budget = make_pvb(category="IV", allocated_on=date(2023, 1, 1), started_on=date(2023, 1, 10))
    assert services.free_share_limit(budget, 2023) == D("1800.00")
    assert ask(budget, "1800.00").outcome == Outcome.ACCEPTED


def test_r15_free_share_pab_asked_in_parts_up_to_5_percent(pab):
    assert services.free_share_limit(pab, 2023) == D("1000.00")  # 5 % of 20 000
    parts = [ask(pab, "400.00", asked_on=date(2023, m, 1)) for m in (2, 3, 4)]
    assert [(p.part_number, p.outcome, p.accepted_amount) for p in parts] == [
        (1, Outcome.ACCEPTED, D("400.00")),
        (2, Outcome.ACCEPTED, D("400.00")),
        (3, Outcome.PARTLY, D("200.00")),
    ]
    assert parts[2].rule_id == "R15"
    assert ledger.balances(pab, 2023).committed == D("1000.00")
    assert services.granted(pab, 2023) == D("1000.00")


def test_r15_free_share_pab_started_1_march_is_ten_twelfths(db):
    budget = make_pab()["budget"]
    dossiers_budget = type(budget).objects.get(pk=budget.pk)
    # the same PAB as if started on 1 March: 10/12 of 1 000
    dossiers_budget.started_on = date(2023, 3, 1)
    assert services.free_share_limit(dossiers_budget, 2023) == D("833.33")


def test_r15_free_share_paid_within_30_days_of_the_request(pab):
    request = ask(pab, "100.00", asked_on=date(2023, 5, 2))
    assert request.pay_by == date(2023, 6, 1)


def test_r15_free_share_until_1_april_of_the_next_year(pab):
    assert ask(pab, "10.00", asked_on=date(2024, 4, 1)).outcome == Outcome.ACCEPTED
    late = ask(pab, "10.00", asked_on=date(2024, 4, 2))
    assert (late.outcome, late.code) == (Outcome.REFUSED, FreeShareCode.FREE_SHARE_ASKED_TOO_LATE)


def test_r15_free_share_only_while_budget_remains(pab):
    ledger_services.pay(
        budget=pab, year=2023, kind=EntryKind.COMMITMENT, amount="19700.00", reason="kosten"
    )
    request = ask(pab, "500.00")
    assert (request.outcome, request.accepted_amount, request.code) == (
        Outcome.PARTLY,
        D("300.00"),
        FreeShareCode.FREE_SHARE_ABOVE_BUDGET_LINE,
    )
    spent = ask(pab, "1.00")
    assert (spent.outcome, spent.code) == (
        Outcome.REFUSED,
        FreeShareCode.FREE_SHARE_BUDGET_LINE_SPENT,
    )
    assert ledger.budget_line(pab, 2023) == D("0.00")
    assert check_ledger() == []


def test_r15_free_share_a_pab_not_started_has_none(db):
    child_budget = make_pab()["budget"]
    not_started = type(child_budget).objects.get(pk=child_budget.pk)
    not_started.started_on = None
    not_started.status = "ALLOCATED"
    not_started.save(update_fields=["started_on", "status"])
    request = ask(not_started, "100.00")
    assert (request.outcome, request.code) == (
        Outcome.REFUSED,
        FreeShareCode.FREE_SHARE_BUDGET_NOT_IN_FORCE,
    )


def test_r14_free_share_a_year_not_opened_is_refused_with_its_reason(pvb):
    request = ask(pvb, "100.00", year=2024, asked_on=date(2024, 1, 5))
    assert (request.outcome, request.code) == (
        Outcome.REFUSED,
        ErrorCode.FREE_SHARE_YEAR_NOT_OPENED,
    )
    assert request.commitment is None


def test_r14_free_share_not_before_the_budget_is_in_force(pvb):
    request = ask(pvb, "100.00", asked_on=date(2023, 8, 31))
    assert request.code == FreeShareCode.FREE_SHARE_ASKED_TOO_EARLY


def test_r15_free_share_a_mandated_assistance_organisation_may_ask_it(pab):
    in_2023 = {"starts_on": date(2023, 1, 1), "ends_on": date(2023, 12, 31)}
    with_right = MandateFactory(person=pab.person, all_rights=True, **in_2023)
    asked = ask(pab, "100.00", role="ASSISTANCE_ORGANISATION", mandate=with_right)
    assert (asked.outcome, asked.role) == (Outcome.ACCEPTED, "ASSISTANCE_ORGANISATION")
    assert asked.organisation == with_right.organisation.name
    expired = ask(
        pab, "100.00", asked_on=date(2024, 1, 2), role="ASSISTANCE_ORGANISATION", mandate=with_right
    )
    assert expired.code == FreeShareCode.FREE_SHARE_ASKER_NOT_ALLOWED
    view_only = MandateFactory(person=pab.person, **in_2023)
    refused = ask(pab, "100.00", role="ASSISTANCE_ORGANISATION", mandate=view_only)
    assert refused.code == FreeShareCode.FREE_SHARE_ASKER_NOT_ALLOWED
    no_mandate = ask(pab, "100.00", role="ASSISTANCE_ORGANISATION")
    assert no_mandate.code == FreeShareCode.FREE_SHARE_ASKER_NOT_ALLOWED
    other_person = MandateFactory(all_rights=True, **in_2023)
    assert (
        ask(pab, "100.00", role="ASSISTANCE_ORGANISATION", mandate=other_person).outcome
        == Outcome.REFUSED
    )


def test_the_same_idempotency_key_books_once(pab):
    first = ask(pab, "300.00", idempotency_key="vbd-2023-1")
    again = ask(pab, "300.00", idempotency_key="vbd-2023-1")
    assert again.pk == first.pk
    assert FreeShareRequest.objects.count() == 1
    assert ledger.balances(pab, 2023).committed == D("300.00")
    with pytest.raises(RuleViolations) as refused:
        ask(pab, "301.00", idempotency_key="vbd-2023-1")
    assert [v.code for v in refused.value.violations] == [ErrorCode.FREE_SHARE_KEY_REUSED]


@pytest.mark.parametrize(
    ("field", "kwargs", "code"),
    [
        ("amount", {"amount": "12.345"}, ErrorCode.FREE_SHARE_AMOUNT_INVALID),
        ("amount", {"amount": "abc"}, ErrorCode.FREE_SHARE_AMOUNT_INVALID),
        ("year", {"year": 1999}, ErrorCode.FREE_SHARE_YEAR_INVALID),
        ("role", {"role": "BUURMAN"}, ErrorCode.FREE_SHARE_ROLE_UNKNOWN),
        ("idempotency_key", {"idempotency_key": " "}, ErrorCode.FREE_SHARE_KEY_INVALID),
    ],
)
def test_input_errors_keep_nothing(pab, field, kwargs, code):
    arguments = {"amount": "10.00", **kwargs}
    with pytest.raises(RuleViolations) as refused:
        ask(pab, **arguments)
    assert [(v.field, v.code) for v in refused.value.violations] == [(field, code)]
    assert FreeShareRequest.objects.count() == 0


def test_a_float_amount_is_a_programming_error(pab):
    with pytest.raises(TypeError):
        ask(pab, 10.5)


def test_r15_free_share_amount_must_be_positive(pab):
    request = ask(pab, "0.00")
    assert (request.outcome, request.code) == (
        Outcome.REFUSED,
        FreeShareCode.FREE_SHARE_AMOUNT_NOT_POSITIVE,
    )


def test_check_ledger_finds_a_request_that_does_not_match_its_commitment(pab):
    request = ask(pab, "300.00")
    assert check_ledger() == []
    FreeShareRequest.objects.filter(pk=request.pk).update(accepted_amount=D("250.00"))
    assert [v.code for v in check_ledger()] == [ErrorCode.FREE_SHARE_COMMITMENT_MISMATCH]
    FreeShareRequest.objects.filter(pk=request.pk).update(
        accepted_amount=D("300.00"), commitment=None
    )
    assert [v.code for v in check_ledger()] == [ErrorCode.FREE_SHARE_COMMITMENT_MISSING]


def test_the_decision_is_audited(pab):
    from budgetlijn.audit.models import AuditEvent

    request = ask(pab, "300.00")
    event = AuditEvent.objects.filter(object_type="freeshare.FreeShareRequest").get()
    assert event.object_id == str(request.pk)
    assert event.person_id == pab.person_id
    assert event.details["accepted"] == "300.00"


def test_r14_free_share_a_category_change_counts_from_its_month(pvb):
    from budgetlijn.dossiers.models import BudgetAllocationChange

    assert services.free_share_limit(pvb, 2023) == D("1200.00")
    BudgetAllocationChange.objects.create(
        budget=pvb,
        number=1,
        from_day=date(2023, 11, 1),
        old_scheme="old",
        old_category="V",
        new_scheme="old",
        new_category="IV",
        reason="herziening",
    )
    # September, October at V (3 600), November, December at IV (1 800): 600 + 300
    assert services.free_share_limit(pvb, 2023) == D("900.00")


def test_r15_free_share_filed_on_a_cost_statement_counts_as_granted(db):
    from budgetlijn.costs import services as costs
    from budgetlijn.costs.tests.conftest import cost, statement

    world = make_pab()
    budget = world["budget"]
    filed = costs.file_statement(
        statement(budget, cost(world["contract"], "400.00", kind="FREE_SHARE", month=4)),
        filed_on=date(2023, 6, 15),
    )
    assert filed.statement.lines.get().accepted_amount == D("400.00")
    assert services.granted(budget, 2023) == D("400.00")
    request = ask(budget, "800.00")
    assert (request.outcome, request.accepted_amount) == (Outcome.PARTLY, D("600.00"))
    assert check_ledger() == []
