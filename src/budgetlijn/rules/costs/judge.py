"""Judging one cost line: every rule in order, one decision with its reasons.

Order: the year binding (R25), what is never payable (R32, R23, R6: refused at once, with that
rule's own message), the contract (R19), the allowed kinds (R24), family through vouchers or
wijk-werk (R20), the minimum wage (R22), the filing deadline (R25); a refusal by any of them
refuses the line (with every refusal's message). A line that is not refused but waits (contract
not approved, late line under review) is WAITING and shows what would be payable. Then the caps
(R20 vouchers, R21 short-term, R29 limits) say how much is payable: all of it (ACCEPTED), part
(PARTLY_ACCEPTED, the rest is the holder's own), or nothing (REFUSED). A credit note passes the
same gates; no cap applies to it and it is accepted for its whole amount."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from budgetlijn.rules.costs import kinds as k
from budgetlijn.rules.costs.counters import CostCounters
from budgetlijn.rules.costs.facts import CostLineFacts, Judgement, LineOutcome, WaitReason
from budgetlijn.rules.costs.findings import CAP, QUANTITY_PLACES, REFUSE, WAIT, Finding
from budgetlijn.rules.costs.r19_contract import check_r19
from budgetlijn.rules.costs.r20_vouchers import check_r20_family, check_r20_service_vouchers
from budgetlijn.rules.costs.r21_short_term import check_r21, short_term_counter
from budgetlijn.rules.costs.r22_minimum_wage import check_r22
from budgetlijn.rules.costs.r24_kinds import check_non_payable, check_r24
from budgetlijn.rules.costs.r25_filing import check_r25_deadline, check_r25_year
from budgetlijn.rules.costs.r29_limits import (
    check_r29_gift,
    check_r29_other_costs,
    check_r29_premiums,
    check_r29_volunteer_fee,
    other_costs_line,
)
from budgetlijn.rules.costs.snapshot import CostParameters

__all__ = ["judge_line"]

GATES = (check_r25_year, check_non_payable, check_r19, check_r24, check_r20_family, check_r22)
# The caps that concern a kind (the others would return nothing: not asked, for speed).
CAPS_BY_KIND = {
    k.SERVICE_VOUCHERS: (check_r20_service_vouchers,),
    k.GIFT: (check_r29_gift,),
    k.YEAR_END_PREMIUM: (check_r29_premiums,),
    k.OTHER_PREMIUMS: (check_r29_premiums,),
    k.VOLUNTEER_FLAT_FEE: (check_r29_volunteer_fee,),
}


def _refused(facts: CostLineFacts, violations, counter, other) -> Judgement:
    return Judgement(
        LineOutcome.REFUSED,
        facts.amount,
        Decimal("0.00"),
        tuple(violations),
        None,
        Decimal(0) if facts.quantity is not None else None,
        counter,
        other,
    )


def judge_line(
    facts: CostLineFacts,
    counters: CostCounters,
    params: CostParameters,
    *,
    late_accepted: bool = False,
) -> Judgement:
    """The rules' decision on one line (before the budget line: ``budget_line.fit_line``).

    ``late_accepted``: the agency accepted the late reason (the review queue judges the line
    again with it)."""
    refusals = []
    waits: list[Finding] = []
    for check in GATES:
        for finding in check(facts, counters, params):
            if finding.action == REFUSE:
                if finding.final:
                    return _refused(facts, [finding.violation], None, False)
                refusals.append(finding.violation)
            elif finding.action == WAIT:
                waits.append(finding)
    for finding in check_r25_deadline(facts, counters, params, late_accepted=late_accepted):
        if finding.action == REFUSE:
            refusals.append(finding.violation)
        else:
            waits.append(finding)
    counter = short_term_counter(facts, params)
    other = other_costs_line(facts, params)
    if refusals:
        return _refused(facts, refusals, counter, other)

    amount, quantity = facts.amount, facts.quantity
    payable, accepted_quantity = amount, quantity
    cap_violations = []
    if not facts.is_credit_note:
        quantity_caps: list[Decimal] = []
        amount_capped = False
        caps = CAPS_BY_KIND.get(facts.cost_kind, ())
        if counter is not None:
            caps = (*caps, check_r21)
        if other:
            caps = (*caps, check_r29_other_costs)
        for check in caps:
            for finding in check(facts, counters, params):
                if finding.action == REFUSE:
                    refusals.append(finding.violation)
                elif finding.action == CAP:
                    cap_violations.append(finding.violation)
                    payable = min(payable, finding.limit)
                    if finding.quantity is not None:
                        quantity_caps.append(finding.quantity)
                    else:
                        amount_capped = True
        if refusals:
            return _refused(facts, refusals, counter, other)
        if quantity is not None and cap_violations:
            # every cap on a quantity holds, and a cap on the amount takes its share of it
            if amount_capped and amount > 0:
                quantity_caps.append(
                    (quantity * payable / amount).quantize(QUANTITY_PLACES, rounding=ROUND_DOWN)
                )
            accepted_quantity = min(quantity, *quantity_caps)
    if waits:
        reasons = [w.wait_reason for w in waits]
        reason = (
            WaitReason.CONTRACT_NOT_APPROVED
            if WaitReason.CONTRACT_NOT_APPROVED in reasons
            else reasons[0]
        )
        violations = tuple(w.violation for w in waits) + tuple(cap_violations)
        return Judgement(
            LineOutcome.WAITING,
            amount,
            payable,
            violations,
            reason,
            accepted_quantity,
            counter,
            other,
        )
    if payable <= 0:
        return _refused(facts, cap_violations, counter, other)
    # A cap that binds makes the line partly accepted, even when rounding the pro rata amount
    # to the cent leaves the whole amount (0,01 for 93 days of which 92 fit).
    outcome = (
        LineOutcome.ACCEPTED
        if payable == amount and not cap_violations
        else LineOutcome.PARTLY_ACCEPTED
    )
    return Judgement(
        outcome,
        amount,
        payable,
        tuple(cap_violations),
        None,
        accepted_quantity,
        counter,
        other,
    )
