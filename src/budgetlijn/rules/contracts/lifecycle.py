"""R19 in a contract's life: registered while the budget is open, decided once, refused with a
reason, changed only from the latest approved version."""

from __future__ import annotations

from budgetlijn.rules.violations import Violation, _


def check_budget_open(budget_ended: bool, status_label: str) -> list[Violation]:
    """A budget that ended (stopped, lapsed, converted) takes no more contracts."""
    if not budget_ended:
        return []
    return [
        Violation(
            "R19",
            "budget_ended",
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
            "contract_not_pending",
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
            "refusal_reason_missing",
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
            "only_latest_approved_can_change",
            _(
                "Alleen de laatste goedgekeurde versie van een overeenkomst kan gewijzigd "
                "worden. Wacht op de beslissing over de vorige wijziging."
            ),
            "status",
        )
    ]
