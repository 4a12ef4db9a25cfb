"""R19 in a contract's life: registered while the budget is open, decided once, refused with a
reason, changed only from the latest approved version."""

from __future__ import annotations

from budgetlijn.rules.codes import BudgetCode, ContractCode
from budgetlijn.rules.violations import Violation, _


def check_budget_open(budget_ended: bool, status_label: str) -> list[Violation]:
    """A budget that ended (stopped, lapsed, converted) takes no more contracts."""
    if not budget_ended:
        return []
    return [
        Violation(
            "R19",
            BudgetCode.BUDGET_ENDED,
            _("Dit budget is beëindigd (%(status)s); er kunnen geen overeenkomsten meer bij."),
            "budget",
            {"status": status_label},
        )
    ]


def check_pending(pending: bool, status_label: str) -> list[Violation]:
    """The agency decides once on a registered contract (approve or refuse)."""
    if pending:
        return []
    return [
        Violation(
            "R19",
            ContractCode.CONTRACT_NOT_PENDING,
            _("Over deze overeenkomst is al beslist (%(status)s)."),
            "status",
            {"status": status_label},
        )
    ]


def check_refusal_reason(reason: str | None) -> list[Violation]:
    """A refusal states its reason: the holder reads it in the decision."""
    if (reason or "").strip():
        return []
    return [
        Violation(
            "R19",
            ContractCode.REFUSAL_REASON_MISSING,
            _("Geef de reden van de weigering; de budgethouder leest ze in de beslissing."),
            "refusal_reason",
        )
    ]


def check_changeable(latest_approved: bool) -> list[Violation]:
    """A change is a new version of the latest approved version, one change at a time."""
    if latest_approved:
        return []
    return [
        Violation(
            "R19",
            ContractCode.ONLY_LATEST_APPROVED_CAN_CHANGE,
            _(
                "Alleen de laatste goedgekeurde versie van een overeenkomst kan gewijzigd "
                "worden. Wacht op de beslissing over de vorige wijziging."
            ),
            "status",
        )
    ]
