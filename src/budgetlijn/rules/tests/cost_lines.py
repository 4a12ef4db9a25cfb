"""Helpers for the cost rule tests: a valid line to vary, and judging it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from budgetlijn.rules.costs import CostCounters, CostLineFacts, cost_parameters, judge_line

D = Decimal


def line(**changes) -> CostLineFacts:
    """A PAB wage line of May 2021 under an approved employment contract, filed in time."""
    base = CostLineFacts(
        budget_kind="PAB",
        budget_year=2021,
        contract_type_code="PAB_EMPLOYMENT",
        contract_status="APPROVED",
        contract_start=date(2021, 1, 1),
        contract_end=None,
        contract_family=False,
        contract_weekly_hours=D("20"),
        contract_hourly_cost=D("12.00"),
        cost_kind="WAGE",
        booking_type="COST",
        period_from=date(2021, 5, 1),
        period_to=date(2021, 5, 31),
        amount=D("1200.00"),
        quantity=None,
        filed_on=date(2021, 6, 15),
        late_reason="",
        assistant="Jan Janssens",
    )
    return replace(base, **changes)


def judge(facts: CostLineFacts, counters: CostCounters | None = None, **kwargs):
    params = cost_parameters(facts.budget_kind, facts.budget_year)
    return judge_line(facts, counters or CostCounters(), params, **kwargs)


def codes(judgement) -> list[str]:
    return [v.code for v in judgement.violations]


def rules(judgement) -> list[str]:
    return [v.rule_id for v in judgement.violations]
