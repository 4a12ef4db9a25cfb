"""Cost statements in the demo: a year of them, filed through ``costs.services`` only.

Once the budgets and contracts are loaded, ``load_costs(seed)`` reads the started PVB's and
PAB's and their contracts (in primary key order, so the same load gives the same statements)
and files, month by month, what their holders spend on their cash contracts in ``COST_YEAR``
(January to October, each month's statement filed on the tenth of the next month, on time):
wages by the hour of the contract with the social secretariat's invoice, service vouchers,
invoices of organisations and providers, now and then a premium, a gift or a credit note. The
amounts follow each budget's yearly amount in the ledger, so most budgets stay within their
budget line; one PAB spends more than its yearly amount on its assistant (VIA4-eligible wages),
so VIA4 is used and the rest is the holder's own (R26, R27).

So that ``make demo`` shows every decision, a few statements carry what the rules refuse or
hold: a never-payable cost (R32), a kind the contract does not allow (R24), a gift above the
limit (R29, partly accepted), lines of the year before filed late with a reason (R25: waiting
in the agency's review queue; the agency accepts one) or without one (refused), and lines on a
contract that waits for the agency's approval (R19: waiting). Every statement has an
idempotency key: filing the demo's costs again books nothing twice.

Nothing here bypasses the services: a statement the services refuse (a field error) is a bug
in this generator and stops the load.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum

from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.models import Contract
from budgetlijn.costs import services as cost_services
from budgetlijn.costs.constants import FiledByRole, Outcome, Source, WaitReason
from budgetlijn.costs.models import CostLine
from budgetlijn.demo.draws import make_rng
from budgetlijn.dossiers.constants import BudgetKind, BudgetStatus
from budgetlijn.dossiers.models import Budget
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.rules import contract_types
from budgetlijn.rules.money import round_cents

# The demo's reference day is 2026-11-23 (plan.REFERENCE_DATE): the costs of January to October
# 2026 are filed by then, each month's on the tenth of the next month.
COST_YEAR = 2026
LAST_MONTH = 10
FILING_DAY = 10
LATE_FILED_ON = date(COST_YEAR, 6, 15)  # costs of the year before, after its deadline
PENDING_FILED_ON = date(COST_YEAR, 11, 20)  # costs on contracts still waiting for approval
LATE_REASON = "HOSPITAL_STAY_IN_MARCH"
REVIEW_REASON = (
    "De budgethouder werd in maart opgenomen in het ziekenhuis (opnameattest bijgevoegd): de "
    "laattijdige indiening is aanvaard."
)

APPROVED_STATES = (ContractStatus.APPROVED, ContractStatus.SUPERSEDED)
HOURS_PER_MONTH = Decimal("4.33")  # weeks in a month
SERVICE_VOUCHER_PRICE = Decimal("9.00")
WIJK_WERK_PRICE = Decimal("7.45")
CENT = Decimal("0.01")

# The kind a contract's monthly cost is filed as: the first of these its type allows.
MAIN_KINDS = (
    "WAGE",
    "SERVICE_VOUCHERS",
    "WIJK_WERK_CHEQUES",
    "TEMP_AGENCY_INVOICE",
    "ASSISTANT_ORGANISATION_INVOICE",
    "ASSISTANCE_ORGANISATION_INVOICE",
    "PROVIDER_INVOICE",
    "TRANSPORT_INVOICE",
    "NATURAL_LEGAL_PERSON_INVOICE",
    "RECOGNISED_ORGANISATION_INVOICE",
    "FAMILY_INITIATIVE_INVOICE",
    "WVG_ORGANISATION_INVOICE",
    "GREEN_CARE_INVOICE",
    "PARENT_INITIATIVE_INVOICE",
    "FOREIGN_FACILITY_INVOICE",
    "VOLUNTEER_ALLOWANCE",
    "ASSISTANCE_ORGANISATION_MEMBERSHIP",
)
# Kinds filed once a year (a membership), in the first month the contract covers.
YEARLY_KINDS = frozenset({"ASSISTANCE_ORGANISATION_MEMBERSHIP", "VOLUNTEER_ALLOWANCE"})
YEARLY_AMOUNTS = {
    "ASSISTANCE_ORGANISATION_MEMBERSHIP": Decimal("95.00"),
    "VOLUNTEER_ALLOWANCE": Decimal("60.00"),
}
# Short-term support is filed in days or nights, a few per invoice (R21).
SHORT_TERM_PRICE = Decimal("85.00")
SHORT_TERM_MONTHS = (4, 7, 8)


class DemoCostsRefused(Exception):
    """The services refused a statement of the demo (a bug in this generator)."""


@dataclass
class Filing:
    """The statements filed on one day, as the services take them."""

    filed_on: date
    statements: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class CostLoadResult:
    statements: int
    lines: int
    outcomes: dict[str, int]
    waiting: dict[str, int]


def _month(month: int, year: int = COST_YEAR) -> tuple[date, date]:
    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return first, last


def _covers(contract: Contract, first: date, last: date) -> bool:
    return contract.start_date <= first and (contract.end_date is None or last <= contract.end_date)


def _main_kind(type_code: str) -> str | None:
    allowed = contract_types.contract_type(type_code).cost_kinds
    return next((kind for kind in MAIN_KINDS if kind in allowed), None)


def _money(value: Decimal) -> str:
    return str(round_cents(value))


def _line(contract: Contract, kind: str, first: date, last: date, amount: Decimal, **extra):
    line = {
        "contract_id": contract.pk,
        "cost_kind": kind,
        "booking_type": "COST",
        "period_from": first.isoformat(),
        "period_to": last.isoformat(),
        "assistant": contract.counterparty_name,
        "amount": _money(amount),
    }
    line.update({k: (str(v) if isinstance(v, Decimal) else v) for k, v in extra.items()})
    return line


class CostPlanner:
    """Draws the demo's cost statements from the loaded budgets and contracts."""

    def __init__(self, seed: int):
        self.seed = seed
        self.rng: random.Random = make_rng(seed * 7919 + COST_YEAR)
        self.filings: dict[date, Filing] = {}
        self.used: set[int] = set()  # budgets that got a special case

    def key(self, budget: Budget, label: str) -> str:
        return f"demo-{self.seed}:{budget.pk}:{label}"

    def filing(self, filed_on: date) -> Filing:
        return self.filings.setdefault(filed_on, Filing(filed_on))

    def statement(self, filed_on: date, budget: Budget, year: int, label: str, lines: list):
        self.filing(filed_on).statements.append(
            {
                "budget_id": budget.pk,
                "year": year,
                "idempotency_key": self.key(budget, label),
                "lines": lines,
            }
        )

    # -- what there is to spend on --

    @staticmethod
    def budgets() -> list[Budget]:
        return list(
            Budget.objects.filter(
                kind__in=(BudgetKind.PVB, BudgetKind.PAB),
                status__in=(BudgetStatus.STARTED, BudgetStatus.STOPPED),
            ).order_by("pk")
        )

    @staticmethod
    def contracts(budget_ids) -> dict[int, list[Contract]]:
        result: dict[int, list[Contract]] = defaultdict(list)
        for contract in Contract.objects.filter(budget_id__in=budget_ids).order_by("pk"):
            result[contract.budget_id].append(contract)
        return result

    @staticmethod
    def entitlements(budget_ids, year: int) -> dict[int, Decimal]:
        rows = (
            Entry.objects.filter(
                budget_id__in=budget_ids,
                year=year,
                kind__in=(EntryKind.ALLOCATION, EntryKind.ADJUSTMENT),
            )
            .values("budget_id")
            .order_by()
            .annotate(total=Sum("amount"))
        )
        return {row["budget_id"]: row["total"] for row in rows}

    @staticmethod
    def running(contracts: list[Contract], first: date, last: date, filed_on: date):
        """The approved cash contracts covering [first, last], newest version of each."""
        latest: dict[int, Contract] = {}
        by_pk = {c.pk: c for c in contracts}
        for contract in contracts:
            if (
                contract.status in APPROVED_STATES
                and contract.payment_mode == "CASH"
                and contract.decided_on is not None
                and contract.decided_on < filed_on
                and _covers(contract, first, last)
                and _main_kind(contract.type_code) is not None
            ):
                current = contract
                while current.previous_id and current.previous_id in by_pk:
                    current = by_pk[current.previous_id]
                root = current.pk
                if root not in latest or latest[root].version < contract.version:
                    latest[root] = contract
        return [latest[root] for root in sorted(latest)]

    # -- the monthly statements --

    def plan(self) -> list[Filing]:
        budgets = self.budgets()
        ids = [b.pk for b in budgets]
        contracts = self.contracts(ids)
        yearly = self.entitlements(ids, COST_YEAR)
        months_of: dict[int, list[tuple[int, list[Contract]]]] = {}
        for budget in budgets:
            months = []
            for month in range(1, LAST_MONTH + 1):
                first, last = _month(month)
                filed_on = date(COST_YEAR, month + 1, FILING_DAY)
                running = self.running(contracts[budget.pk], first, last, filed_on)
                if running:
                    months.append((month, running))
            months_of[budget.pk] = months
        over = self.over_budget(budgets, months_of)
        for budget in budgets:
            months = months_of[budget.pk]
            entitlement = yearly.get(budget.pk)
            if not months or not entitlement:
                continue
            share = (
                Decimal("1.15") if budget.pk == over else Decimal(self.rng.randint(50, 88)) / 100
            )
            monthly = entitlement * share / len(months)
            credit_month = months[len(months) // 2][0] if self.rng.random() < 0.06 else None
            gift_month = months[-1][0] if self.rng.random() < 0.15 else None
            premium_month = months[-1][0] if self.rng.random() < 0.1 else None
            for month, running in months:
                lines = self.month_lines(budget, month, running, monthly, budget.pk == over)
                first, last = _month(month)
                employment = next((c for c in running if _main_kind(c.type_code) == "WAGE"), None)
                if employment is not None and month == gift_month:
                    amount = Decimal(self.rng.choice((25, 30, 35, 40)))
                    lines.append(
                        _line(employment, "GIFT", last, last, amount, description="Geschenkbon")
                    )
                if employment is not None and month == premium_month:
                    amount = Decimal(self.rng.randint(100, 250))
                    lines.append(_line(employment, "OTHER_PREMIUMS", first, last, amount))
                if month == credit_month:
                    contract = running[0]
                    lines.append(
                        _line(
                            contract,
                            _main_kind(contract.type_code),
                            first,
                            last,
                            Decimal(self.rng.randint(40, 160)),
                            booking_type="CREDIT_NOTE",
                            description="Creditnota: te veel aangerekend de vorige maand",
                        )
                    )
                if lines:
                    filed_on = date(COST_YEAR, month + 1, FILING_DAY)
                    self.statement(filed_on, budget, COST_YEAR, f"{COST_YEAR}-{month:02d}", lines)
        self.refusals(budgets, months_of)
        self.late(budgets, contracts)
        self.waiting_on_contracts(budgets, contracts)
        return [self.filings[day] for day in sorted(self.filings)]

    def month_lines(
        self, budget: Budget, month: int, running: list[Contract], monthly: Decimal, over: bool
    ) -> list[dict]:
        first, last = _month(month)
        lines = []
        # The first contract takes most of the month's spending, the others share the rest.
        shares = [Decimal(1)] if len(running) == 1 else [Decimal("0.75")]
        if len(running) > 1:
            shares += [Decimal("0.25") / (len(running) - 1)] * (len(running) - 1)
        for contract, share in zip(running, shares, strict=True):
            kind = _main_kind(contract.type_code)
            target = monthly * share * Decimal(self.rng.randint(90, 110)) / 100
            kind_type = contract_types.contract_type(contract.type_code)
            if kind in YEARLY_KINDS:
                if month == next(
                    m for m in range(1, LAST_MONTH + 1) if _covers(contract, *_month(m))
                ):
                    lines.append(_line(contract, kind, first, last, YEARLY_AMOUNTS[kind]))
                continue
            if kind_type.is_short_term:
                if month in SHORT_TERM_MONTHS:
                    days = Decimal(self.rng.randint(1, 2))
                    lines.append(
                        _line(contract, kind, first, last, days * SHORT_TERM_PRICE, quantity=days)
                    )
                continue
            if kind == "WAGE" and contract.hourly_cost:
                hours = round_cents(target / contract.hourly_cost)
                if not over:
                    weekly = contract.weekly_hours or Decimal(38)
                    hours = min(hours, round_cents(weekly * HOURS_PER_MONTH))
                lines.append(
                    _line(
                        contract,
                        kind,
                        first,
                        last,
                        hours * contract.hourly_cost,
                        quantity=hours,
                        description=f"Loon {month:02d}/{COST_YEAR}",
                    )
                )
                if "SOCIAL_SECRETARIAT_INVOICE" in kind_type.cost_kinds:
                    fee = Decimal(self.rng.randint(3500, 5500)) / 100
                    lines.append(_line(contract, "SOCIAL_SECRETARIAT_INVOICE", first, last, fee))
            elif kind in ("SERVICE_VOUCHERS", "WIJK_WERK_CHEQUES"):
                price = SERVICE_VOUCHER_PRICE if kind == "SERVICE_VOUCHERS" else WIJK_WERK_PRICE
                count = max(1, min(int(target / price), 60))
                lines.append(
                    _line(contract, kind, first, last, price * count, quantity=Decimal(count))
                )
            else:
                lines.append(_line(contract, kind, first, last, max(target, Decimal(20))))
        return lines

    def over_budget(self, budgets: list[Budget], months_of) -> int | None:
        """A PAB whose assistant is employed directly (VIA4-eligible wages) for all ten months."""
        for budget in budgets:
            months = months_of[budget.pk]
            if budget.kind != BudgetKind.PAB or len(months) != LAST_MONTH:
                continue
            if all(
                len(running) == 1 and running[0].type_code == "PAB_EMPLOYMENT"
                for _m, running in months
            ):
                self.used.add(budget.pk)
                return budget.pk
        return None

    # -- what the rules refuse, hold or cut --

    def refusals(self, budgets: list[Budget], months_of) -> None:
        """A never-payable cost (R32), a kind the contract does not allow (R24) and a gift above
        the limit (R29), each on its own budget, filed with the September statement."""
        cases = [
            ("THERAPY", Decimal("65.00"), "Sessie kinesitherapie"),
            ("SERVICE_VOUCHERS", Decimal("90.00"), "Dienstencheques"),
            ("GIFT", Decimal("45.00"), "Geschenkbon verjaardag"),
        ]
        month = LAST_MONTH - 1
        first, last = _month(month)
        filed_on = date(COST_YEAR, month + 1, FILING_DAY)
        for budget in budgets:
            if not cases:
                return
            if budget.pk in self.used:
                continue
            running = dict(months_of[budget.pk]).get(month)
            employment = next(
                (c for c in running or [] if c.type_code in ("PVB_EMPLOYMENT", "PAB_EMPLOYMENT")),
                None,
            )
            if employment is None:
                continue
            kind, amount, text = cases.pop(0)
            quantity = {"quantity": Decimal(10)} if kind == "SERVICE_VOUCHERS" else {}
            self.used.add(budget.pk)
            self.statement(
                filed_on,
                budget,
                COST_YEAR,
                f"{COST_YEAR}-{month:02d}-extra",
                [
                    _line(
                        employment,
                        kind,
                        last if kind == "GIFT" else first,
                        last,
                        amount,
                        description=text,
                        **quantity,
                    )
                ],
            )

    def late(self, budgets: list[Budget], contracts) -> None:
        """Costs of November of the year before, filed in June (after the deadline of 31 March
        or 1 April): three with a reason (they wait for the agency), one without (refused)."""
        year = COST_YEAR - 1
        first, last = _month(11, year)
        reasons = [LATE_REASON, LATE_REASON, LATE_REASON, ""]
        for budget in budgets:
            if not reasons:
                return
            if budget.pk in self.used:
                continue
            running = self.running(contracts[budget.pk], first, last, LATE_FILED_ON)
            wage = next((c for c in running if _main_kind(c.type_code) == "WAGE"), None)
            if wage is None or not wage.hourly_cost:
                continue
            self.used.add(budget.pk)
            hours = Decimal(self.rng.randint(20, 40))
            reason = reasons.pop(0)
            self.statement(
                LATE_FILED_ON,
                budget,
                year,
                f"{year}-11-late",
                [
                    _line(
                        wage,
                        "WAGE",
                        first,
                        last,
                        hours * wage.hourly_cost,
                        quantity=hours,
                        late_reason=reason,
                        description=f"Loon 11/{year}, laattijdig",
                    )
                ],
            )

    def waiting_on_contracts(self, budgets: list[Budget], contracts) -> None:
        """A week of costs on contracts registered but not yet approved: they wait (R19)."""
        count = 0
        for budget in budgets:
            for contract in contracts[budget.pk]:
                if count >= 3:
                    return
                first = contract.start_date
                last = first + timedelta(days=6)
                if (
                    contract.status != ContractStatus.REGISTERED
                    or contract.previous_id is not None
                    or contract.payment_mode != "CASH"
                    or first.year != COST_YEAR
                    or last >= PENDING_FILED_ON
                    or (contract.end_date is not None and last > contract.end_date)
                ):
                    continue
                kind = _main_kind(contract.type_code)
                if kind is None:
                    continue
                count += 1
                quantity = {}
                amount = Decimal("150.00")
                if kind in ("SERVICE_VOUCHERS", "WIJK_WERK_CHEQUES"):
                    quantity = {"quantity": Decimal(10)}
                    price = SERVICE_VOUCHER_PRICE if kind == "SERVICE_VOUCHERS" else WIJK_WERK_PRICE
                    amount = price * 10
                elif kind == "WAGE" and contract.hourly_cost:
                    quantity = {"quantity": Decimal(8)}
                    amount = contract.hourly_cost * 8
                self.statement(
                    PENDING_FILED_ON,
                    budget,
                    COST_YEAR,
                    f"pending-{contract.pk}",
                    [_line(contract, kind, first, last, amount, **quantity)],
                )


def load_costs(seed: int, *, by=None) -> CostLoadResult:
    """File the demo's cost statements through the services (one call per filing day) and let
    the agency review one late line. Filing again books nothing twice (idempotency keys)."""
    planner = CostPlanner(seed)
    filings = planner.plan()
    statements = 0
    for filing in filings:
        results = cost_services.file_statements(
            filing.statements,
            by=by,
            role=FiledByRole.HOLDER,
            source=Source.MANUAL,
            filed_on=filing.filed_on,
        )
        bad = [r for r in results if r.status == cost_services.Status.INVALID]
        if bad:
            raise DemoCostsRefused(
                f"{filing.filed_on}: "
                + "; ".join(
                    f"budget {filing.statements[r.index]['budget_id']}: "
                    + ", ".join(f"{e.field} {e.code}" for e in r.errors)
                    for r in bad
                )
            )
        statements += len(results)
    late = (
        CostLine.objects.filter(outcome=Outcome.WAITING, wait_reason=WaitReason.LATE_REVIEW)
        .order_by("pk")
        .first()
    )
    if late is not None and not CostLine.objects.exclude(review_decision="").exists():
        cost_services.review_line(late, accept=True, reason=REVIEW_REASON, by=by)
    return summary(statements)


def summary(statements: int | None = None) -> CostLoadResult:
    outcomes = Counter(CostLine.objects.values_list("outcome", flat=True))
    waiting = Counter(
        CostLine.objects.filter(outcome=Outcome.WAITING).values_list("wait_reason", flat=True)
    )
    if statements is None:
        from budgetlijn.costs.models import CostStatement

        statements = CostStatement.objects.count()
    return CostLoadResult(
        statements=statements,
        lines=sum(outcomes.values()),
        outcomes=dict(outcomes),
        waiting=dict(waiting),
    )
