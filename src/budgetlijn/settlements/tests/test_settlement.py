"""R33 and R34 through the settlement service: the last statement, the pro-rata yearly budget,
notice pay cut short, the severance cap and extra after a death, the advance reclaimed."""

from datetime import date
from decimal import Decimal as D

import pytest

from budgetlijn.costs.models import CostLine
from budgetlijn.dossiers.services import death_stop_day
from budgetlijn.ledger import selectors as ledger_selectors
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.codes import SettlementCode
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import services
from budgetlijn.settlements.constants import EndKind, ErrorCode, ReclaimKind
from budgetlijn.settlements.models import Reclaim, Settlement
from budgetlijn.settlements.tests.helpers import (
    FILED,
    cost,
    first_quarter,
    started_pab,
    statement,
    stop,
)

pytestmark = pytest.mark.django_db

SETTLED_ON = date(2023, 7, 10)
DEATH = date(2023, 6, 14)


@pytest.fixture
def pab():
    data = started_pab()
    first_quarter(data)
    return data


def codes(error):
    return [v.code for v in error.value.violations]


def test_r33_stop_settles_up_to_the_pro_rata_budget_and_names_notice_pay_cut_short(pab):
    budget, contract = pab["budget"], pab["contract"]
    assert ledger_selectors.advance_outstanding(budget) == D("5000.00")
    stop(budget, date(2023, 6, 1))  # in use through 31 May: 5/12 of 20 000
    assert ledger_selectors.balances(budget, 2023).entitlement == D("8333.33")
    last = statement(
        budget,
        cost(contract, "1500.00", month=4),
        cost(contract, "1500.00", month=5),
        cost(contract, "3000.00", kind="NOTICE_PAY", month=6),
    )
    report = services.settle_budget(budget, on=SETTLED_ON, statement=last)
    settlement = report.settlement
    assert report.created and settlement.end_kind == EndKind.STOP
    assert settlement.last_day == date(2023, 5, 31)
    # 4 500 + 3 000 wages; the 3 000 notice pay gets what is left of 8 333,33 and the VIA4
    # room the wages opened (R27): 8 333,33 + 583,33 - 7 500 = 1 416,66.
    figures = ledger_selectors.balances(budget, 2023)
    assert figures.via == D("583.33")
    assert settlement.notice_pay_claimed == D("3000.00")
    assert settlement.notice_pay_accepted == D("1416.66")
    assert settlement.payable == D("8916.66") == figures.entitlement + figures.via
    assert settlement.advance == D("5000.00")
    assert settlement.advance_deducted == D("5000.00")
    assert settlement.advance_asked_back == D("0.00")
    assert settlement.net_payout == D("3916.66")
    assert settlement.unused == D("0.00")
    assert settlement.severance_extra == D("0.00")
    found = {f["code"]: f for f in settlement.findings}
    assert SettlementCode.SETTLEMENT_NOTICE_PAY_CUT_SHORT in found
    assert "1\u00a0583,34" in found[SettlementCode.SETTLEMENT_NOTICE_PAY_CUT_SHORT]["message"]
    reclaim = Reclaim.objects.get(budget=budget)
    assert (reclaim.kind, reclaim.amount, reclaim.settlement) == (
        ReclaimKind.ADVANCE,
        D("5000.00"),
        settlement,
    )
    assert check_ledger() == []


def test_r33_a_second_settlement_returns_the_first(pab):
    budget = pab["budget"]
    stop(budget, date(2023, 6, 1))
    first = services.settle_budget(budget, on=SETTLED_ON)
    again = services.settle_budget(budget, on=SETTLED_ON)
    assert (first.created, again.created) == (True, False)
    assert again.settlement.pk == first.settlement.pk
    assert Settlement.objects.count() == 1 and Reclaim.objects.count() == 1


def test_r33_without_a_last_statement_the_advance_is_partly_asked_back(pab):
    budget = pab["budget"]
    stop(budget, date(2023, 6, 1))
    settlement = services.settle_budget(budget, on=SETTLED_ON).settlement
    assert settlement.payable == D("4500.00")
    assert settlement.advance_deducted == D("4500.00")
    assert settlement.advance_asked_back == D("500.00")
    assert settlement.unused == D("3833.33")  # 8 333,33 - 4 500: lapses
    assert SettlementCode.SETTLEMENT_ADVANCE_ASKED_BACK in {f["code"] for f in settlement.findings}


def test_r33_a_line_after_the_stop_refuses_the_whole_statement(pab):
    budget, contract = pab["budget"], pab["contract"]
    stop(budget, date(2023, 6, 1))
    lines_before = CostLine.objects.count()
    last = statement(budget, cost(contract, "1500.00", month=5), cost(contract, "1500.00", month=6))
    with pytest.raises(RuleViolations) as error:
        services.settle_budget(budget, on=SETTLED_ON, statement=last)
    assert codes(error) == [SettlementCode.SETTLEMENT_LINE_AFTER_END]
    assert CostLine.objects.count() == lines_before
    assert not Settlement.objects.exists()


def test_r33_a_running_budget_is_not_settled(pab):
    with pytest.raises(RuleViolations) as error:
        services.settle_budget(pab["budget"], on=SETTLED_ON)
    assert codes(error) == [SettlementCode.SETTLEMENT_BUDGET_NOT_ENDED]


def test_r33_a_day_after_today_is_refused(pab):
    stop(pab["budget"], date(2023, 6, 1))
    with pytest.raises(RuleViolations) as error:
        services.settle_budget(pab["budget"], on=date(2999, 1, 1))
    assert codes(error) == [ErrorCode.SETTLEMENT_DAY_IN_FUTURE]


def test_r33_statement_of_another_year_is_refused(pab):
    budget, contract = pab["budget"], pab["contract"]
    stop(budget, date(2023, 6, 1))
    last = statement(budget, cost(contract, "100.00", month=5), year=2022)
    with pytest.raises(RuleViolations) as error:
        services.settle_budget(budget, on=SETTLED_ON, statement=last)
    assert codes(error) == [ErrorCode.SETTLEMENT_STATEMENT_YEAR]


def test_r33_dry_run_keeps_nothing(pab):
    budget, contract = pab["budget"], pab["contract"]
    stop(budget, date(2023, 6, 1))
    entries = Entry.objects.count()
    last = statement(budget, cost(contract, "1500.00", month=4))
    report = services.settle_budget(budget, on=SETTLED_ON, statement=last, dry_run=True)
    assert report.dry_run and report.settlement.payable == D("6000.00")
    assert Entry.objects.count() == entries
    assert not Settlement.objects.exists() and not Reclaim.objects.exists()


def test_r34_death_extra_pays_the_severance_the_budget_cannot_carry(pab):
    budget, contract = pab["budget"], pab["contract"]
    stop(budget, death_stop_day(DEATH), reason="DEATH")  # in use through June: 10 000
    last = statement(
        budget,
        *(cost(contract, "1500.00", month=m) for m in (4, 5)),
        cost(contract, "750.00", month=6, period_to=date(2023, 6, 14)),
        cost(contract, "5000.00", kind="NOTICE_PAY", month=6, period_from=date(2023, 6, 15)),
        cost(
            contract,
            "250.00",
            kind="SOCIAL_SECRETARIAT_INVOICE",
            month=7,
        ),
    )
    report = services.settle_budget(budget, on=SETTLED_ON, statement=last)
    settlement = report.settlement
    assert settlement.end_kind == EndKind.DEATH and settlement.last_day == DEATH
    assert settlement.cash_part == D("20000.00")
    # line left 10 000 - 4 500 = 5 500; costs 3 750 + 250 + severance 5 000 = 9 000: 3 500 extra.
    assert settlement.severance_extra == D("3500.00")
    assert settlement.notice_pay_accepted == D("5000.00")
    assert settlement.payable == D("13500.00")
    assert ledger_selectors.budget_line(budget, 2023) == D("0.00")
    extra = Entry.objects.get(idempotency_key=f"settlement-extra:{budget.pk}:2023")
    assert extra.amount == D("3500.00")
    assert settlement.findings == []
    assert check_ledger() == []


def test_r34_unneeded_extra_is_taken_back(pab):
    budget, contract = pab["budget"], pab["contract"]
    stop(budget, death_stop_day(DEATH), reason="DEATH")
    # 5 500 left; the statement asks 6 000 but the wage line is refused (no contract cost kind).
    last = statement(
        budget,
        cost(contract, "1000.00", month=4, kind="HOTEL_COSTS"),
        cost(contract, "5000.00", kind="NOTICE_PAY", month=6),
    )
    settlement = services.settle_budget(budget, on=SETTLED_ON, statement=last).settlement
    assert settlement.notice_pay_accepted == D("5000.00")
    assert settlement.severance_extra == D("0.00")
    assert ledger_selectors.budget_line(budget, 2023) == D("500.00")
    assert check_ledger() == []


def test_r34_seed_example_severance_above_a_quarter_of_20000_is_refused(pab):
    budget, contract = pab["budget"], pab["contract"]
    stop(budget, death_stop_day(DEATH), reason="DEATH")
    lines_before = CostLine.objects.count()
    last = statement(budget, cost(contract, "5000.01", kind="NOTICE_PAY", month=6))
    with pytest.raises(RuleViolations) as error:
        services.settle_budget(budget, on=SETTLED_ON, statement=last)
    assert codes(error) == [SettlementCode.SETTLEMENT_SEVERANCE_ABOVE_CAP]
    assert "5\u00a0000,00" in error.value.violations[0].text()
    assert CostLine.objects.count() == lines_before
    assert not Entry.objects.filter(idempotency_key__startswith="settlement-extra").exists()


def test_r34_a_wage_after_the_death_is_refused(pab):
    budget, contract = pab["budget"], pab["contract"]
    stop(budget, death_stop_day(DEATH), reason="DEATH")
    last = statement(budget, cost(contract, "1500.00", month=7))
    with pytest.raises(RuleViolations) as error:
        services.settle_budget(budget, on=SETTLED_ON, statement=last)
    assert [v.rule_id for v in error.value.violations] == ["R34"]


def test_filed_day_is_the_settlement_day(pab):
    budget, contract = pab["budget"], pab["contract"]
    stop(budget, date(2023, 6, 1))
    last = statement(budget, cost(contract, "1500.00", month=4))
    settlement = services.settle_budget(budget, on=SETTLED_ON, statement=last).settlement
    assert settlement.statement.filed_on == SETTLED_ON != FILED


def test_r33_a_reclaim_is_handed_over_to_the_payment_runs_once(pab):
    stop(pab["budget"], date(2023, 6, 1))
    services.settle_budget(pab["budget"], on=SETTLED_ON)
    (reclaim,) = services.reclaims_to_hand_over()
    assert services.record_handover(reclaim, deduction_id=77).deduction_id == 77
    assert list(services.reclaims_to_hand_over()) == []
    with pytest.raises(RuleViolations) as error:
        services.record_handover(reclaim, deduction_id=78)
    assert codes(error) == [ErrorCode.RECLAIM_HANDED_OVER]
    assert Reclaim.objects.get().deduction_id == 77
