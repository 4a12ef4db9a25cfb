"""What a cost line is, as plain data, and what the rules decide about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from budgetlijn.rules.violations import Violation, _

ZERO = Decimal("0.00")

__all__ = [
    "APPROVED",
    "COST",
    "CREDIT_NOTE",
    "ENDED",
    "LATE_REASONS",
    "REFUSED",
    "REGISTERED",
    "CostLineFacts",
    "Judgement",
    "LineOutcome",
    "WaitReason",
]

# Booking types of a cost line.
COST = "COST"
CREDIT_NOTE = "CREDIT_NOTE"
BOOKING_TYPES = frozenset({COST, CREDIT_NOTE})

# Statuses of the contract version covering the line (None: no contract found).
APPROVED, REGISTERED, REFUSED, ENDED = "APPROVED", "REGISTERED", "REFUSED", "ENDED"

# R25: the reasons for which a line filed after the deadline can still be reviewed by the
# agency (FACTS.md, Other dated values), code -> Dutch label.
LATE_REASONS: dict[str, str] = {
    "LATE_WORK_ACCIDENT_INSURANCE_INVOICE": _(
        "de factuur van de arbeidsongevallenverzekering kwam laat"
    ),
    "HOSPITAL_STAY_IN_MARCH": _("een ziekenhuisopname in maart"),
    "LATE_ASSISTANCE_AFTER_INSPECTION": _("laattijdige bijstand na een inspectie"),
    "INSPECTORATE_FINDINGS": _("vaststellingen van Zorginspectie"),
    "CONTRACT_DISPUTE": _("een geschil over een overeenkomst"),
    "CASH_BUDGET_SETTLEMENT": _("de afrekening van een budget in cash"),
}


class LineOutcome(StrEnum):
    ACCEPTED = "ACCEPTED"
    PARTLY_ACCEPTED = "PARTLY_ACCEPTED"
    WAITING = "WAITING"
    REFUSED = "REFUSED"


class WaitReason(StrEnum):
    CONTRACT_NOT_APPROVED = "CONTRACT_NOT_APPROVED"
    LATE_REVIEW = "LATE_REVIEW"


# Not frozen: a frozen dataclass sets every field through object.__setattr__, which made
# building the facts of a line cost twice as much (a cost file builds one per line). The rules
# never change facts or judgements; they build new ones.
@dataclass(slots=True)
class CostLineFacts:
    """One cost line with what the rules need of its budget and contract.

    ``amount`` is positive, in cents, for a cost and for a credit note alike (``booking_type``
    says which). ``quantity`` counts what the kind counts: hours (WAGE), vouchers
    (SERVICE_VOUCHERS), days (VOLUNTEER_FLAT_FEE), days, nights or sessions (short-term
    support, in the contract type's counter or ``counter``)."""

    budget_kind: str  # PVB, PAB or CONVENANT
    budget_year: int
    contract_type_code: str | None
    contract_status: str | None  # APPROVED, REGISTERED, REFUSED, ENDED or None: none found
    contract_start: date | None
    contract_end: date | None
    contract_family: bool
    contract_weekly_hours: Decimal | None
    contract_hourly_cost: Decimal | None
    cost_kind: str
    booking_type: str  # COST or CREDIT_NOTE
    period_from: date
    period_to: date
    amount: Decimal
    quantity: Decimal | None
    filed_on: date
    late_reason: str = ""
    assistant: str = ""
    counter: str | None = None  # short-term counter; None: the contract type's default

    @property
    def is_credit_note(self) -> bool:
        return self.booking_type == CREDIT_NOTE


@dataclass(slots=True)  # not frozen: see CostLineFacts
class Judgement:
    """What the rules decide about one line, before the budget line (R26-R28).

    ``payable_amount``: the part the rules allow (for a credit note: its amount); for a
    partly accepted line the rest (``own_amount``) is the holder's own and ``violations`` say
    why. A waiting line shows what would be payable once the wait is over."""

    outcome: LineOutcome
    amount: Decimal  # the line's amount
    payable_amount: Decimal
    violations: tuple[Violation, ...] = field(default_factory=tuple)
    wait_reason: WaitReason | None = None
    accepted_quantity: Decimal | None = None  # of the line's quantity, the part accepted
    short_term_counter: str | None = None  # R21: the counter the line counts in
    other_costs: bool = False  # R29: the line counts in the PAB's 5 % of other costs

    @property
    def own_amount(self) -> Decimal:
        """The part the rules leave to the holder: the whole line when refused, 0 waiting."""
        if self.outcome is LineOutcome.WAITING:
            return ZERO
        return self.amount - self.payable_amount
