"""Pure cost rules (issue 8): one function per rule, a judgement per line, the budget line.

The Django layer builds ``CostLineFacts`` for each line, a ``CostCounters`` per budget year and
one ``CostParameters`` per (budget kind, year) with ``cost_parameters``, calls ``judge_line``,
then ``fit_line`` for what the rules allow, and advances the counters with ``counters.after``.
Nothing here imports Django."""

from budgetlijn.rules.costs.budget_line import Fit, LineState, fit_line, via_room
from budgetlijn.rules.costs.counters import CostCounters
from budgetlijn.rules.costs.eligibility import (
    via4_eligible,
    via4_eligible_in,
    year_end_premium_eligible,
    year_end_premium_entitlement,
)
from budgetlijn.rules.costs.facts import (
    COST,
    CREDIT_NOTE,
    LATE_REASONS,
    CostLineFacts,
    Judgement,
    LineOutcome,
    WaitReason,
)
from budgetlijn.rules.costs.judge import judge_line
from budgetlijn.rules.costs.r19_contract import check_r19
from budgetlijn.rules.costs.r20_vouchers import check_r20
from budgetlijn.rules.costs.r21_short_term import check_r21
from budgetlijn.rules.costs.r22_minimum_wage import check_r22
from budgetlijn.rules.costs.r24_kinds import check_r6, check_r23, check_r24, check_r32
from budgetlijn.rules.costs.r25_filing import check_r25
from budgetlijn.rules.costs.r29_limits import check_r29
from budgetlijn.rules.costs.snapshot import CostParameters, cost_parameters

__all__ = [
    "COST",
    "CREDIT_NOTE",
    "LATE_REASONS",
    "CostCounters",
    "CostLineFacts",
    "CostParameters",
    "Fit",
    "Judgement",
    "LineOutcome",
    "LineState",
    "WaitReason",
    "check_r6",
    "check_r19",
    "check_r20",
    "check_r21",
    "check_r22",
    "check_r23",
    "check_r24",
    "check_r25",
    "check_r29",
    "check_r32",
    "cost_parameters",
    "fit_line",
    "judge_line",
    "via4_eligible",
    "via4_eligible_in",
    "via_room",
    "year_end_premium_eligible",
    "year_end_premium_entitlement",
]
