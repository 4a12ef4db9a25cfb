"""Deciding cost lines in memory: the one place the costs app calls the pure cost rules.

``Decider`` holds, for the budgets of one chunk (locked by the caller), what the decisions
depend on: the budget line per budget year (from the ledger's running balances), the counters
of earlier accepted lines (R20, R21, R29), the credit not yet netted and the year-end premium
already added per contract. ``decide`` judges one line with ``rules.costs.judge_line``, fits
what the rules allow into the budget line with ``rules.costs.fit_line`` and advances the state,
so the next line of the same budget sees it. It returns the figures to store on the line and the
ledger bookings to make; nothing here touches the database except ``Decider.load``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from budgetlijn.contracts.models import Contract
from budgetlijn.costs import selectors
from budgetlijn.costs.constants import BookingType, Outcome, WaitReason
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.selectors import line_figures
from budgetlijn.rules import costs as cost_rules
from budgetlijn.rules.money import ZERO


@dataclass(frozen=True)
class LineToDecide:
    """A line with what it was filed with: new from a filer, or waiting and decided again."""

    budget_id: int
    budget_kind: str
    person_id: int
    year: int
    contract: Contract
    cost_kind: str
    booking_type: str
    period_from: date
    period_to: date
    assistant: str
    quantity: Decimal | None
    amount: Decimal
    filed_on: date
    late_reason: str
    late_accepted: bool = False  # the agency accepted the late reason (review queue)


@dataclass
class Decision:
    outcome: str
    wait_reason: str
    allowed: Decimal
    accepted: Decimal
    own: Decimal
    credit_used: Decimal
    via_used: Decimal
    premium_added: Decimal
    via4_eligible: bool
    year_end_premium: bool
    violations: list[dict]
    # (kind, amount) to book, in this order, all or nothing with the rest of the statement.
    bookings: list[tuple[str, Decimal]] = field(default_factory=list)


def violation_dicts(violations: Iterable) -> list[dict]:
    """Violations as stored on a line: rule id, code, Dutch message (and what filled it)."""
    return [
        {
            "rule": v.rule_id,
            "code": str(v.code),
            "message": v.text(),
            "field": v.field,
        }
        for v in violations
    ]


class Decider:
    def __init__(self):
        self.states: dict[tuple[int, int], cost_rules.LineState] = {}
        self.counters: dict[tuple[int, int], cost_rules.CostCounters] = {}
        self.params: dict[tuple[str, int], cost_rules.CostParameters] = {}
        self.premium_added: dict[tuple[int, int, int], Decimal] = defaultdict(lambda: ZERO)

    def load(self, budgets: Iterable, years: Iterable[int]) -> None:
        """Read the state of these (locked) budgets for these years: one query per year for
        the budget lines, two grouped queries for credit and premiums, one for the counters."""
        budgets = list(budgets)
        years = sorted(set(years))
        ids = [b.pk for b in budgets]
        kinds = {b.pk: b.kind for b in budgets}
        for year in years:
            figures = line_figures(ids, year)
            for budget in budgets:
                self.params.setdefault(
                    (budget.kind, year), cost_rules.cost_parameters(budget.kind, year)
                )
                f = figures[budget.pk]
                params = self.params[(budget.kind, year)]
                self.states[(budget.pk, year)] = cost_rules.LineState(
                    yearly_amount=f.entitlement,
                    premium_entitlement=f.premium,
                    via_room=cost_rules.via_room(params, f.entitlement),
                    via_used=f.via,
                    accepted=f.paid + f.committed,
                    other_spent=ZERO,
                    credit_remaining=ZERO,
                )
                self.counters[(budget.pk, year)] = cost_rules.CostCounters.empty(
                    yearly_amount=f.entitlement
                )
        credit, premium = selectors.credit_and_premium(ids, years)
        for key, remaining in credit.items():
            if key in self.states:
                self.states[key] = self.states[key].with_credit(remaining)
        self.premium_added.update(premium)
        for line in selectors.decided_lines(ids, years):
            key = (line.budget_id, line.year)
            facts = self._facts(
                LineToDecide(
                    budget_id=line.budget_id,
                    budget_kind=kinds[line.budget_id],
                    person_id=0,
                    year=line.year,
                    contract=line.contract,
                    cost_kind=line.cost_kind,
                    booking_type=line.booking_type,
                    period_from=line.period_from,
                    period_to=line.period_to,
                    assistant=line.assistant,
                    quantity=line.quantity,
                    amount=line.amount,
                    filed_on=line.period_to,
                    late_reason=line.late_reason,
                )
            )
            self.counters[key] = self.counters[key].after_allowed(facts, line.allowed_amount)

    @staticmethod
    def _facts(line: LineToDecide) -> cost_rules.CostLineFacts:
        c = line.contract
        return cost_rules.CostLineFacts(
            budget_kind=line.budget_kind,
            budget_year=line.year,
            contract_type_code=c.type_code,
            contract_status=cost_rules.contract_status_for(c.status),
            contract_start=c.start_date,
            contract_end=c.end_date,
            contract_family=bool(c.family_second_degree or c.same_household),
            contract_weekly_hours=c.weekly_hours,
            contract_hourly_cost=c.hourly_cost,
            cost_kind=line.cost_kind,
            booking_type=line.booking_type,
            period_from=line.period_from,
            period_to=line.period_to,
            amount=line.amount,
            quantity=line.quantity,
            filed_on=line.filed_on,
            late_reason=line.late_reason,
            late_accepted=line.late_accepted,
            assistant=line.assistant or c.counterparty_name,
        )

    def decide(self, line: LineToDecide) -> Decision:
        key = (line.budget_id, line.year)
        params = self.params[(line.budget_kind, line.year)]
        facts = self._facts(line)
        judgement = cost_rules.judge_line(facts, self.counters[key], params)
        via4 = cost_rules.via4_eligible(line.contract.type_code, line.cost_kind, line.period_from)
        premium_kind = cost_rules.year_end_premium_eligible(line.contract.type_code, line.cost_kind)
        violations = list(judgement.violations)
        decision = Decision(
            outcome=judgement.outcome,
            wait_reason=judgement.wait_reason or "",
            allowed=ZERO,
            accepted=ZERO,
            own=ZERO,
            credit_used=ZERO,
            via_used=ZERO,
            premium_added=ZERO,
            via4_eligible=via4,
            year_end_premium=premium_kind,
            violations=[],
        )
        if judgement.outcome == Outcome.WAITING:
            decision.violations = violation_dicts(violations)
            return decision
        if judgement.outcome == Outcome.REFUSED:
            decision.own = line.amount if line.booking_type == BookingType.COST else ZERO
            decision.violations = violation_dicts(violations)
            return decision
        allowed = judgement.payable_amount
        decision.allowed = allowed
        state = self.states[key]
        if line.booking_type == BookingType.CREDIT_NOTE:
            fit = cost_rules.fit_line(state, allowed, via4_eligible=False, credit_note=True)
            self.states[key] = fit.state_after
            decision.outcome = Outcome.ACCEPTED
            decision.violations = violation_dicts(violations)
            self.counters[key] = self.counters[key].after(facts, judgement)
            return decision
        if premium_kind:
            due = cost_rules.year_end_premium_entitlement(
                params,
                weekly_hours=line.contract.weekly_hours,
                contract_start=line.contract.start_date,
                contract_end=line.contract.end_date,
                year=line.year,
            )
            pkey = (line.budget_id, line.year, line.contract.pk)
            add = max(ZERO, min(allowed, due - self.premium_added[pkey]))
            if add > 0:
                self.premium_added[pkey] += add
                state = state.with_premium(add)
                decision.premium_added = add
                decision.bookings.append((EntryKind.YEAR_END_PREMIUM, add))
        fit = cost_rules.fit_line(state, allowed, via4_eligible=via4, credit_note=False)
        self.states[key] = fit.state_after
        self.counters[key] = self.counters[key].after(facts, judgement)
        decision.accepted = fit.accepted
        decision.credit_used = fit.credit_used
        decision.via_used = fit.via_used_now
        decision.own = line.amount - fit.accepted - fit.credit_used
        violations += fit.violations
        if fit.via_used_now > 0:
            decision.bookings.append((EntryKind.VIA_SUPPLEMENT, fit.via_used_now))
        if fit.accepted > 0:
            decision.bookings.append((EntryKind.COMMITMENT, fit.accepted))
        if decision.own == 0:
            decision.outcome = Outcome.ACCEPTED
        elif fit.accepted + fit.credit_used > 0:
            decision.outcome = Outcome.PARTLY_ACCEPTED
        else:
            decision.outcome = Outcome.REFUSED
        decision.violations = violation_dicts(violations)
        return decision


__all__ = ["Decider", "Decision", "LineToDecide", "WaitReason", "violation_dicts"]
