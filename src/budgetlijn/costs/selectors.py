"""Reading cost statements and what the decisions on new lines depend on, in sets.

Every function here takes many budgets at once and runs a fixed number of queries, so filing
one statement and booking a file of 100 000 lines take the same path (ENGINEERING.md,
performance habits)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.models import Contract
from budgetlijn.costs.constants import BookingType, Outcome, WaitReason
from budgetlijn.costs.models import CostLine, CostStatement
from budgetlijn.rules.money import ZERO, round_cents

# A superseded version was approved before a newer version replaced it: costs of its period
# still count under it (R19).
APPROVED_STATES = frozenset({ContractStatus.APPROVED, ContractStatus.SUPERSEDED})
DECIDED_WITH_MONEY = (Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED)


# What filing a cost line reads of a contract: finding the version (ContractIndex) and
# deciding the line (deciding.Decider). A contract has some sixty columns; reading these only
# makes building the index of a file's contracts five times cheaper. Reading another field
# of such a contract costs a query per contract: the query-count tests of filing catch it.
CONTRACT_FIELDS = (
    "id",
    "budget_id",
    "previous_id",
    "version",
    "status",
    "start_date",
    "end_date",
    "type_code",
    "family_second_degree",
    "same_household",
    "weekly_hours",
    "hourly_cost",
    "counterparty_name",
)


def contracts_by_budget(budget_ids: Iterable[int]) -> dict[int, list[Contract]]:
    """Every version of every contract of these budgets (one query), with the fields filing a
    cost line reads (``CONTRACT_FIELDS``)."""
    result: dict[int, list[Contract]] = defaultdict(list)
    contracts = (
        Contract.objects.filter(budget_id__in=set(budget_ids)).only(*CONTRACT_FIELDS).order_by("pk")
    )
    for contract in contracts:
        result[contract.budget_id].append(contract)
    return result


def _chains(contracts: list[Contract]) -> dict[int, list[Contract]]:
    """Each contract id -> all versions of its contract, oldest first."""
    by_pk = {c.pk: c for c in contracts}
    root_of: dict[int, int] = {}
    for contract in contracts:
        current = contract
        while current.previous_id and current.previous_id in by_pk:
            current = by_pk[current.previous_id]
        root_of[contract.pk] = current.pk
    members: dict[int, list[Contract]] = defaultdict(list)
    for contract in contracts:
        members[root_of[contract.pk]].append(contract)
    return {pk: sorted(members[root], key=lambda c: c.version) for pk, root in root_of.items()}


class ContractIndex:
    """The contracts of a set of budgets, to find the version a cost line falls under."""

    def __init__(self, budget_ids: Iterable[int]):
        self.by_budget = contracts_by_budget(budget_ids)
        self.chains: dict[int, list[Contract]] = {}
        self.budget_of: dict[int, int] = {}
        for budget_id, contracts in self.by_budget.items():
            self.chains.update(_chains(contracts))
            for contract in contracts:
                self.budget_of[contract.pk] = budget_id

    def belongs_to(self, contract_id: int, budget_id: int) -> bool:
        return self.budget_of.get(contract_id) == budget_id

    def version_for(self, contract_id: int, start: date, end: date) -> Contract:
        """The version of the contract a line of [start, end] falls under: the newest approved
        version covering the period; else the newest version covering it (registered: the line
        waits; refused: it is refused); else the newest version (the rules say it does not
        cover the period)."""
        versions = self.chains[contract_id]
        covering = [c for c in versions if covers(c, start, end)]
        approved = [c for c in covering if c.status in APPROVED_STATES]
        if approved:
            return approved[-1]
        pending = [c for c in covering if c.status == ContractStatus.REGISTERED]
        if pending:
            return pending[-1]
        if covering:
            return covering[-1]
        return versions[-1]


def covers(contract: Contract, start: date, end: date) -> bool:
    return contract.start_date <= start and (contract.end_date is None or end <= contract.end_date)


COUNTER_COLUMNS = (
    "budget_id",
    "year",
    "contract__type_code",
    "cost_kind",
    "booking_type",
    "period_from",
    "period_to",
    "amount",
    "quantity",
    "assistant",
    "outcome",
    "allowed_amount",
    "accepted_quantity",
    "short_term_counter",
    "other_costs",
)


def decided_lines(budget_ids: Iterable[int], years: Iterable[int]):
    """The lines of these budgets and years that were accepted (wholly or partly), oldest
    first, with what the counters of R20, R21 and R29 need of them (one query)."""
    return (
        CostLine.objects.filter(
            budget_id__in=set(budget_ids), year__in=set(years), outcome__in=DECIDED_WITH_MONEY
        )
        .order_by("budget_id", "id")
        .values(*COUNTER_COLUMNS)
    )


def _cents(value) -> Decimal:
    return round_cents(value or ZERO) + ZERO


def credit_and_premium(budget_ids: Iterable[int], years: Iterable[int]):
    """Per (budget, year): credit notes not yet netted; per (budget, year, contract): the
    year-end premium already added to the budget (two grouped queries)."""
    ids, years = set(budget_ids), set(years)
    credit: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    rows = (
        CostLine.objects.filter(budget_id__in=ids, year__in=years)
        .values("budget_id", "year")
        .order_by()
        .annotate(
            credits=Sum(
                "allowed_amount",
                filter=Q(booking_type=BookingType.CREDIT_NOTE, outcome__in=DECIDED_WITH_MONEY),
            ),
            used=Sum("credit_used"),
        )
    )
    for row in rows:
        credit[(row["budget_id"], row["year"])] = _cents(row["credits"]) - _cents(row["used"])
    premium: dict[tuple[int, int, int], Decimal] = defaultdict(lambda: ZERO)
    rows = (
        CostLine.objects.filter(budget_id__in=ids, year__in=years, premium_added__gt=0)
        .values("budget_id", "year", "contract_id")
        .order_by()
        .annotate(total=Sum("premium_added"))
    )
    for row in rows:
        premium[(row["budget_id"], row["year"], row["contract_id"])] = _cents(row["total"])
    return credit, premium


def statements_by_key(keys: Iterable[str]) -> dict[str, CostStatement]:
    keys = [k for k in set(keys) if k]
    if not keys:
        return {}
    return {s.idempotency_key: s for s in CostStatement.objects.filter(idempotency_key__in=keys)}


def review_queue() -> QuerySet[CostLine]:
    """Lines waiting for the agency: late lines with a reason, oldest first."""
    return (
        CostLine.objects.filter(outcome=Outcome.WAITING, wait_reason=WaitReason.LATE_REVIEW)
        .select_related("statement", "budget__person", "contract")
        .order_by("statement__filed_on", "id")
    )


def waiting_on_contract(contract_ids: Iterable[int]) -> QuerySet[CostLine]:
    return CostLine.objects.filter(
        contract_id__in=set(contract_ids),
        outcome=Outcome.WAITING,
        wait_reason=WaitReason.CONTRACT_NOT_APPROVED,
    ).order_by("id")


@dataclass(frozen=True)
class BudgetLineOverview:
    """A budget year's line as the holder reads it (R26-R28), from the ledger's running
    balances and one grouped query over the year's payments; the cost figures from the lines."""

    year: int
    yearly_amount: Decimal  # the allocation (pro rata) with its adjustments
    year_end_premium: Decimal  # R28: what the line rose by for year-end premiums
    via_room: Decimal  # R27: 7 % of a PAB's yearly amount, not carried over
    via_used: Decimal
    committed: Decimal  # accepted, not yet paid
    reimbursed: Decimal  # accepted costs paid out, less what was reclaimed (R31)
    free_share: Decimal
    vouchers: Decimal
    remaining: Decimal  # what the line still takes (VIA4 room apart)
    credit_remaining: Decimal  # credit notes not yet netted against later costs
    own: Decimal  # the holder's own part of this year's lines
    waiting: Decimal  # lines waiting for a contract or the agency

    @property
    def via_left(self) -> Decimal:
        return max(ZERO, self.via_room - self.via_used)


def budget_line_overview(budget, year: int) -> BudgetLineOverview:
    from budgetlijn.ledger.constants import Bucket, EntryKind
    from budgetlijn.ledger.models import Entry
    from budgetlijn.ledger.selectors import line_figures
    from budgetlijn.rules import costs as cost_rules

    figures = line_figures([budget.pk], year)[budget.pk]
    paid = defaultdict(lambda: ZERO)
    rows = (
        Entry.objects.filter(budget_id=budget.pk, year=year, bucket=Bucket.PAID)
        .annotate(of_kind=Coalesce("reverses__kind", "kind"))
        .values("of_kind")
        .order_by()
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        paid[row["of_kind"]] = _cents(row["total"])
    lines = CostLine.objects.filter(budget_id=budget.pk, year=year).aggregate(
        own=Sum("own_amount"),
        waiting=Sum("amount", filter=Q(outcome=Outcome.WAITING)),
    )
    credit, _premium = credit_and_premium([budget.pk], [year])
    params = cost_rules.cost_parameters(budget.kind, year)
    return BudgetLineOverview(
        year=year,
        yearly_amount=figures.entitlement,
        year_end_premium=figures.premium,
        via_room=cost_rules.via_room(figures.entitlement, params.via4_rate),
        via_used=figures.via,
        committed=figures.committed,
        # R31: net of what was withheld back for lines not proven in a sample check
        reimbursed=paid[EntryKind.REIMBURSEMENT] + paid[EntryKind.REIMBURSEMENT_RECLAIMED],
        free_share=paid[EntryKind.FREE_SHARE_PAYOUT] + paid[EntryKind.FREE_SHARE_CORRECTION],
        vouchers=paid[EntryKind.VOUCHER_PAYMENT],
        remaining=figures.line,
        credit_remaining=credit[(budget.pk, year)],
        own=_cents(lines["own"]),
        waiting=_cents(lines["waiting"]),
    )
