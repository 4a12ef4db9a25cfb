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
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cache

from django.utils.translation import gettext

from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.models import Contract
from budgetlijn.costs import selectors
from budgetlijn.costs.constants import BookingType, Outcome, WaitReason
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.selectors import line_figures
from budgetlijn.rules import contract_types
from budgetlijn.rules import costs as cost_rules
from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.money import ZERO, format_eur
from budgetlijn.rules.violations import Violation, _

# The contract's status as the rules know it: a superseded version was approved for its period.
RULE_STATUS = {
    ContractStatus.APPROVED: cost_rules.facts.APPROVED,
    ContractStatus.SUPERSEDED: cost_rules.facts.APPROVED,
    ContractStatus.REGISTERED: cost_rules.facts.REGISTERED,
    ContractStatus.REFUSED: cost_rules.facts.REFUSED,
}


@cache
def _kinds() -> tuple[frozenset[str], dict[str, str]]:
    catalogue = contract_types.catalogue()
    labels = {code: kind.label for code, kind in catalogue.cost_kinds.items()}
    labels.update({code: kind.label for code, kind in catalogue.non_payable.items()})
    return frozenset(labels), labels


def known_cost_kinds() -> frozenset[str]:
    """Every cost kind a filer may name: the payable ones and the never-payable ones (which the
    rules refuse with their own reason, R32/R23/R6)."""
    return _kinds()[0]


def cost_kind_labels() -> dict[str, str]:
    return dict(_kinds()[1])


def months_employed(start: date, end: date | None, year: int) -> int:
    """Months of ``year`` a contract runs in (a month counts when the contract runs in it)."""
    first = max(start, date(year, 1, 1))
    last = min(end or date(year, 12, 31), date(year, 12, 31))
    if last < first:
        return 0
    return last.month - first.month + 1


@dataclass(slots=True)  # not frozen: a frozen dataclass is slower to make, a file makes many
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


@dataclass(slots=True)  # one per line of a file
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
    accepted_quantity: Decimal | None = None
    short_term_counter: str = ""
    other_costs: bool = False
    # (kind, amount) to book, in this order, all or nothing with the rest of the statement.
    bookings: list[tuple[str, Decimal]] = field(default_factory=list)


def violation_dicts(violations: Iterable, texts: dict[str, str] | None = None) -> list[dict]:
    """Violations as stored on a line: rule id, code, Dutch message (and what filled it).

    ``texts`` keeps each message's translation for a run (a file repeats a few messages
    thousands of times; looking a translation up costs more than judging the line)."""
    result = []
    for v in violations:
        if texts is None:
            message = v.text()
        else:
            template = texts.get(v.message)
            if template is None:
                template = texts[v.message] = gettext(v.message)
            message = template % v.params if v.params else template
        result.append(
            {"rule": v.rule_id, "code": str(v.code), "message": message, "field": v.field}
        )
    return result


class Decider:
    def __init__(self, params: dict | None = None):
        self.states: dict[tuple[int, int], cost_rules.LineState] = {}
        self.counters: dict[tuple[int, int], cost_rules.CostCounters] = {}
        # The parameter snapshots per (budget kind, year): each reads the parameter files and
        # the administrators' values once; a bulk run shares them between its chunks.
        self.params: dict[tuple[str, int], cost_rules.CostParameters] = (
            params if params is not None else {}
        )
        self.premium_added: dict[tuple[int, int, int], Decimal] = defaultdict(lambda: ZERO)
        # (budget, year) that have their allocation: only those take bookings (ledger)
        self.allocated: set[tuple[int, int]] = set()
        self.texts: dict[str, str] = {}  # message -> its translation, for this decider's run
        self._contracts: dict[int, tuple] = {}  # id(contract) -> (contract, its facts)
        self._eligible: dict[tuple, tuple[bool, bool]] = {}

    def load(self, budgets: Iterable, years: Iterable[int], *, state: bool = True) -> None:
        """Read the state of these (locked) budgets for these years: one query per year for
        the budget lines, two grouped queries for credit and premiums, one for the counters.
        With ``state=False`` only which budget years have their allocation (a check)."""
        budgets = list(budgets)
        years = sorted(set(years))
        ids = [b.pk for b in budgets]
        kinds = {b.pk: b.kind for b in budgets}
        for year in years:
            figures = line_figures(ids, year)
            if not state:
                self.allocated.update((pk, year) for pk, f in figures.items() if f.allocated)
                continue
            for budget in budgets:
                if (budget.kind, year) not in self.params:  # built once, not per budget
                    self.params[(budget.kind, year)] = cost_rules.cost_parameters(budget.kind, year)
                f = figures[budget.pk]
                if f.allocated:
                    self.allocated.add((budget.pk, year))
                params = self.params[(budget.kind, year)]
                self.states[(budget.pk, year)] = cost_rules.LineState(
                    yearly_amount=f.entitlement,
                    premium_entitlement=f.premium,
                    via_room=cost_rules.via_room(f.entitlement, params.via4_rate),
                    via_used=f.via,
                    accepted=f.paid + f.committed,
                    other_spent=ZERO,
                    credit_remaining=ZERO,
                )
                self.counters[(budget.pk, year)] = cost_rules.CostCounters(
                    yearly_amount=f.entitlement
                )
        if not state:
            return
        credit, premium = selectors.credit_and_premium(ids, years)
        for key, remaining in credit.items():
            if key in self.states:
                self.states[key] = replace(self.states[key], credit_remaining=remaining)
        self.premium_added.update(premium)
        for row in selectors.decided_lines(ids, years):
            key = (row["budget_id"], row["year"])
            facts = cost_rules.CostLineFacts(
                budget_kind=kinds[row["budget_id"]],
                budget_year=row["year"],
                contract_type_code=row["contract__type_code"],
                contract_status=cost_rules.facts.APPROVED,
                contract_start=None,
                contract_end=None,
                contract_family=False,
                contract_weekly_hours=None,
                contract_hourly_cost=None,
                cost_kind=row["cost_kind"],
                booking_type=row["booking_type"],
                period_from=row["period_from"],
                period_to=row["period_to"],
                amount=row["amount"],
                quantity=row["quantity"],
                filed_on=row["period_to"],
                assistant=row["assistant"],
            )
            judgement = cost_rules.Judgement(
                outcome=cost_rules.LineOutcome(row["outcome"]),
                amount=row["amount"],
                payable_amount=row["allowed_amount"],
                accepted_quantity=row["accepted_quantity"],
                short_term_counter=row["short_term_counter"] or None,
                other_costs=row["other_costs"],
            )
            self.counters[key] = self.counters[key].after(facts, judgement)

    def _contract_facts(self, contract: Contract) -> tuple:
        """What the rules need of a contract version, read once per version for this decider
        (a file has a few thousand contracts and a hundred thousand lines): type code, rule
        status, start, end, family, weekly hours, hourly cost, counterparty name."""
        cached = self._contracts.get(id(contract))
        if cached is not None and cached[0] is contract:
            return cached[1]
        c = contract
        values = (
            c.type_code,
            RULE_STATUS.get(c.status),
            c.start_date,
            c.end_date,
            bool(c.family_second_degree or c.same_household),
            c.weekly_hours,
            c.hourly_cost,
            c.counterparty_name,
        )
        self._contracts[id(contract)] = (contract, values)  # the object kept: its id stays its
        return values

    def _eligibility(self, budget_kind: str, year: int, type_code, cost_kind: str):
        """(VIA4 eligible, year-end premium kind) of a line: the same for every line of a
        contract type and cost kind in a budget kind's year, so asked of the rules once."""
        key = (budget_kind, year, type_code, cost_kind)
        found = self._eligible.get(key)
        if found is None:
            params = self.params[(budget_kind, year)]
            found = self._eligible[key] = (
                cost_rules.via4_eligible_in(params, type_code, cost_kind),
                cost_rules.year_end_premium_eligible(type_code, cost_kind),
            )
        return found

    def _facts(self, line: LineToDecide) -> cost_rules.CostLineFacts:
        return self._line_facts(
            line.budget_kind,
            line.year,
            line.contract,
            line.cost_kind,
            line.booking_type,
            line.period_from,
            line.period_to,
            line.amount,
            line.quantity,
            line.filed_on,
            line.late_reason,
            line.assistant,
        )

    def _line_facts(
        self,
        budget_kind,
        year,
        contract,
        cost_kind,
        booking_type,
        period_from,
        period_to,
        amount,
        quantity,
        filed_on,
        late_reason,
        assistant,
    ) -> cost_rules.CostLineFacts:
        type_code, status, start, end, family, hours, hourly, counterparty = self._contract_facts(
            contract
        )
        return cost_rules.CostLineFacts(
            budget_kind,
            year,
            type_code,
            status,
            start,
            end,
            family,
            hours,
            hourly,
            cost_kind,
            booking_type,
            period_from,
            period_to,
            amount,
            quantity,
            filed_on,
            late_reason,
            assistant or counterparty,
        )

    def decide(self, line: LineToDecide) -> Decision:
        return self._decide(
            self._facts(line),
            line.budget_id,
            line.contract,
            late_accepted=line.late_accepted,
        )

    def decide_filed(
        self, budget_id: int, budget_kind: str, year: int, contract: Contract, item, filed_on
    ) -> Decision:
        """``decide`` for a line as filed (``inputs.LineInput``), without a ``LineToDecide``:
        the bulk path of ``services._file_chunk`` (the same decision)."""
        return self._decide(
            self._line_facts(
                budget_kind,
                year,
                contract,
                item.cost_kind,
                item.booking_type,
                item.period_from,
                item.period_to,
                item.amount,
                item.quantity,
                filed_on,
                item.late_reason,
                item.assistant,
            ),
            budget_id,
            contract,
        )

    def _decide(
        self,
        facts: cost_rules.CostLineFacts,
        budget_id: int,
        contract: Contract,
        *,
        late_accepted: bool = False,
    ) -> Decision:
        year = facts.budget_year
        key = (budget_id, year)
        params = self.params[(facts.budget_kind, year)]
        judgement = cost_rules.judge_line(
            facts, self.counters[key], params, late_accepted=late_accepted
        )
        via4, premium_kind = self._eligibility(
            facts.budget_kind, year, facts.contract_type_code, facts.cost_kind
        )
        violations = judgement.violations
        outcome = judgement.outcome
        decision = Decision(
            outcome,
            judgement.wait_reason or "",
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            via4,
            premium_kind,
            [],
            judgement.accepted_quantity,
            judgement.short_term_counter or "",
            judgement.other_costs,
        )
        if outcome == Outcome.WAITING:
            decision.violations = violation_dicts(violations, self.texts)
            return decision
        amount = facts.amount
        if outcome == Outcome.REFUSED:
            decision.own = amount if facts.booking_type == BookingType.COST else ZERO
            decision.violations = violation_dicts(violations, self.texts)
            return decision
        allowed = judgement.payable_amount
        decision.allowed = allowed
        state = self.states[key]
        if facts.booking_type == BookingType.CREDIT_NOTE:
            fit = cost_rules.fit_line(state, allowed, via4_eligible=False, credit_note=True)
            self.states[key] = fit.state_after
            decision.outcome = Outcome.ACCEPTED
            if violations:
                decision.violations = violation_dicts(violations, self.texts)
            self.counters[key] = self.counters[key].after(facts, judgement)
            return decision
        if premium_kind:
            due = cost_rules.year_end_premium_entitlement(
                params,
                contract.weekly_hours or ZERO,
                months=months_employed(contract.start_date, contract.end_date, year),
            )
            pkey = (budget_id, year, contract.pk)
            add = max(ZERO, min(allowed, due - self.premium_added[pkey]))
            if add > 0:
                self.premium_added[pkey] += add
                state = replace(state, premium_entitlement=state.premium_entitlement + add)
                decision.premium_added = add
                decision.bookings.append((EntryKind.YEAR_END_PREMIUM, add))
        fit = cost_rules.fit_line(state, allowed, via4_eligible=via4, credit_note=False)
        self.states[key] = fit.state_after
        self.counters[key] = self.counters[key].after(facts, judgement)
        payable = fit.payable
        decision.accepted = payable
        decision.credit_used = fit.credit_used
        via_now = fit.via_used_now
        decision.via_used = via_now
        own = decision.own = amount - fit.accepted
        if fit.own > 0:
            violations = (*violations, _line_spent(year, fit.own, via4))
        if via_now > 0:
            decision.bookings.append((EntryKind.VIA_SUPPLEMENT, via_now))
        if payable > 0:
            decision.bookings.append((EntryKind.COMMITMENT, payable))
        if own == 0:
            decision.outcome = Outcome.ACCEPTED
        elif fit.accepted > 0:
            decision.outcome = Outcome.PARTLY_ACCEPTED
        else:
            decision.outcome = Outcome.REFUSED
        if violations:  # an accepted line has none: no message built for it
            decision.violations = violation_dicts(violations, self.texts)
        return decision


def _line_spent(year: int, own: Decimal, via4: bool) -> Violation:
    if via4:
        message = _(
            "Het budget %(year)s en de VIA4-middelen zijn op: %(own)s van deze kost past er niet "
            "meer in en is ten laste van de budgethouder (R26, R27)."
        )
    else:
        message = _(
            "Het budget %(year)s is op: %(own)s van deze kost past er niet meer in en is ten "
            "laste van de budgethouder (R26). Controleer of de kost bij een ander jaar hoort."
        )
    return Violation(
        "R26",
        CostCode.BUDGET_LINE_SPENT,
        message,
        "amount",
        {"year": year, "own": format_eur(own)},
    )


__all__ = [
    "Decider",
    "Decision",
    "LineToDecide",
    "WaitReason",
    "cost_kind_labels",
    "known_cost_kinds",
    "violation_dicts",
]
