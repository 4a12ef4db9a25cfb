"""The agency's queue of waiting cost lines and the Excel template for one budget year, as read
by the admin and the commands (a fixed number of queries, whatever the queue's length)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.models import Contract
from budgetlijn.costs import fileformat
from budgetlijn.costs.constants import Outcome, WaitReason
from budgetlijn.costs.models import CostLine
from budgetlijn.dossiers.models import Budget
from budgetlijn.rules import contract_types
from budgetlijn.rules import costs as cost_rules

# The queue's order: the line filed first is decided first.
QUEUE_ORDER = ("statement__filed_on", "id")


def waiting_lines(queryset: QuerySet[CostLine] | None = None) -> QuerySet[CostLine]:
    """Lines waiting for the agency, oldest first: late lines waiting for a decision on their
    reason (R25) and lines waiting for their contract's approval (R19)."""
    queryset = CostLine.objects.all() if queryset is None else queryset
    return (
        queryset.filter(outcome=Outcome.WAITING)
        .select_related("statement", "budget__person", "contract")
        .order_by(*QUEUE_ORDER)
    )


def late_lines(queryset: QuerySet[CostLine] | None = None) -> QuerySet[CostLine]:
    """Only the late lines, which the agency decides on here (``services.review_line``)."""
    return waiting_lines(queryset).filter(wait_reason=WaitReason.LATE_REVIEW)


def age_days(line: CostLine, today: date) -> int:
    return (today - line.statement.filed_on).days


def cost_kind_label(code: str) -> str:
    try:
        return contract_types.cost_kind_label(code)
    except KeyError:  # a kind no longer in the catalogue is shown as its code
        return code


def late_reason_label(code: str) -> str:
    if not code:
        return ""
    label = dict(cost_rules.LATE_REASONS).get(code)
    return gettext(label) if label else code


# --- the Excel template -------------------------------------------------------------------------


def template_contracts(budget: Budget, year: int) -> list[Contract]:
    """The contracts a cost of this budget year can fall under: the current version of each
    contract (approved or still waiting) whose period touches the year."""
    return list(
        Contract.objects.filter(
            budget=budget,
            status__in=[ContractStatus.APPROVED, ContractStatus.REGISTERED],
            start_date__lte=date(year, 12, 31),
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=date(year, 1, 1)))
        .order_by("start_date", "pk")
    )


def _contract_label(contract: Contract) -> str:
    end = f"{contract.end_date:%d/%m/%Y}" if contract.end_date else "…"
    label = (
        f"{contract.type_label}, {contract.counterparty_name}, {contract.start_date:%d/%m/%Y}–{end}"
    )
    if contract.status != ContractStatus.APPROVED:
        label += " (" + gettext("nog niet goedgekeurd") + ")"
    return label


def template_kinds(budget: Budget, contracts: list[Contract]) -> list[tuple[str, str]]:
    """The cost kinds the budget's contracts allow (R24); without contracts, the kinds of every
    contract type of the budget's kind."""
    types = {c.type_code for c in contracts}
    codes: set[str] = set()
    for code in types:
        try:
            codes |= set(contract_types.contract_type(code).cost_kinds)
        except contract_types.UnknownContractType:  # no longer in the catalogue: allows nothing
            pass
    if not contracts:
        for contract_type in contract_types.contract_types(budget.kind):
            codes |= set(contract_type.cost_kinds)
    labels = contract_types.cost_kinds()
    return sorted(((c, labels.get(c, c)) for c in codes), key=lambda item: item[1].casefold())


def template_file(budget: Budget, year: int) -> bytes:
    """The Excel template for one budget year, with drop-down lists of its contracts, the
    allowed cost kinds and the late reasons."""
    contracts = template_contracts(budget, year)
    return fileformat.build_template(
        [(c.pk, _contract_label(c)) for c in contracts],
        template_kinds(budget, contracts),
        [(code, gettext(label)) for code, label in dict(cost_rules.LATE_REASONS).items()],
        budget_id=budget.pk,
        year=year,
    )


def template_filename(budget: Budget, year: int) -> str:
    return f"kostenstaat-budget-{budget.pk}-{year}.xlsx"
