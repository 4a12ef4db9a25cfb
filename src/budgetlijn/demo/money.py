"""A month of money out in the demo (November 2026), through the real services only.

Once the budgets, contracts, costs and mandates are loaded, ``load_money(seed)``:

- asks the free share (R14, R15) for two started budgets of holders who gave a mandate (the
  demo's portal logins): one part accepted, then one asked above the year's room (partly
  granted) and one more that is refused (nothing left);
- files the licensed provider's voucher invoice of October 2026 (R11): a line per holder with
  a voucher contract with it (accepted) and one line without a contract (refused, its reason
  kept);
- has two demo agency users of the payments team (``betalingen.opmaker`` drafts,
  ``betalingen.goedkeurder`` approves: four eyes) run the month: run 1 (9 November) drafted,
  approved, exported and marked paid; the bank returns one budget account transfer (a wrong
  IBAN), so it is due again from the day the return is booked (the day of loading) and run 2
  pays it again that day, for that budget (exported, paid);
- draws the sample check of 2026 and records one sampled line as not proven (its
  reimbursement is withheld from a next transfer) and the others proven;
- makes the final settlement of a stopped budget (R33).

Idempotent: the free-share requests and the invoice carry idempotency keys, the sample draw is
keyed by year and seed, a settlement is made once, and the runs are made only when the demo
has none yet. A refusal of a service that the demo does not expect stops the load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import F
from django.utils import timezone

from budgetlijn.access.roles import PAYMENTS
from budgetlijn.assistance.constants import OrganisationKind
from budgetlijn.assistance.models import Mandate, Organisation
from budgetlijn.contracts.constants import ContractStatus, PaymentMode
from budgetlijn.contracts.models import Contract
from budgetlijn.dossiers.constants import BudgetKind, BudgetStatus
from budgetlijn.dossiers.models import Budget
from budgetlijn.freeshare import services as freeshare
from budgetlijn.freeshare.constants import Outcome as FreeShareOutcome
from budgetlijn.payments import services as payments
from budgetlijn.payments.constants import BeneficiaryKind, RunStatus
from budgetlijn.payments.models import PaymentRun, Transfer
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.settlements import samples
from budgetlijn.settlements import services as settlements
from budgetlijn.settlements.constants import ProofOutcome
from budgetlijn.settlements.models import SampledLine, Settlement
from budgetlijn.vouchers import services as vouchers
from budgetlijn.vouchers.constants import Outcome as VoucherOutcome

YEAR = 2026
ASKED_ON = (date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4))
SMALL_PART = Decimal("250.00")
TOO_MUCH = Decimal("50000.00")  # above any year's free share: partly granted
AFTER_ALL = Decimal("100.00")  # asked when nothing is left: refused
VOUCHER_MONTH = date(2026, 10, 1)
VOUCHER_FILED_ON = date(2026, 11, 5)
VOUCHER_AMOUNT = Decimal("850.00")
VOUCHER_LINES = 3
RUN_1, PAID_1, RETURNED_ON = date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 12)
RETURN_REASON = "AC01 rekeningnummer onjuist: de rekening is afgesloten"
SAMPLE_ON = date(2026, 11, 20)
SAMPLE_RATE = Decimal("0.02")
NOT_PROVEN_REASON = "Geen loonfiche bezorgd binnen de termijn van de steekproef"
SETTLED_ON = date(2026, 11, 23)
DRAFTER, APPROVER = "betalingen.opmaker", "betalingen.goedkeurder"
RUN_PERMISSIONS = ("approve_paymentrun", "process_paymentrun", "view_paymentrun")


@dataclass(frozen=True)
class MoneyResult:
    free_share_requests: int = 0
    voucher_lines: int = 0
    runs: int = 0
    returned: int = 0
    sampled_lines: int = 0
    settlements: int = 0


def agency_users():
    """The payments team's two demo users (no password: signing in is set up elsewhere)."""
    User = get_user_model()
    group = Group.objects.filter(name=PAYMENTS).first()
    permissions = list(
        Permission.objects.filter(content_type__app_label="payments", codename__in=RUN_PERMISSIONS)
    )
    users = []
    for username, first in ((DRAFTER, "Opmaker"), (APPROVER, "Goedkeurder")):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": "Betalingen", "is_staff": True},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            if group is not None:
                user.groups.add(group)
            user.user_permissions.add(*permissions)
        users.append(User.objects.get(pk=user.pk))  # a fresh permission cache
    return users


def _opened(budget_ids) -> set[int]:
    from budgetlijn.ledger.constants import EntryKind
    from budgetlijn.ledger.models import Entry

    return set(
        Entry.objects.filter(
            budget_id__in=budget_ids, year=YEAR, kind=EntryKind.ALLOCATION
        ).values_list("budget_id", flat=True)
    )


def free_share_budgets(count: int = 2) -> list[Budget]:
    """Started PVB's and PAB's of persons who gave a mandate (the portal's demo logins see
    them), in the mandates' order, then other started budgets; each with 2026 opened."""
    order = Mandate.objects.order_by(F("revoked_at").asc(nulls_first=True), "pk").values_list(
        "person_id", flat=True
    )
    started = Budget.objects.filter(
        status=BudgetStatus.STARTED, kind__in=[BudgetKind.PVB, BudgetKind.PAB]
    ).order_by("pk")
    by_person = {}
    for budget in started.filter(person_id__in=list(order)):
        by_person.setdefault(budget.person_id, budget)
    chosen = [by_person[p] for p in dict.fromkeys(order) if p in by_person]
    chosen += [b for b in started[:50] if b not in chosen]
    opened = _opened([b.pk for b in chosen])
    return [b for b in chosen if b.pk in opened][:count]


def _ask_free_shares(budgets: list[Budget], by) -> list:
    asked = []
    plan = []
    if budgets:
        plan.append((budgets[0], SMALL_PART, ASKED_ON[0]))
    if len(budgets) > 1:
        plan += [(budgets[1], TOO_MUCH, ASKED_ON[1]), (budgets[1], AFTER_ALL, ASKED_ON[2])]
    for number, (budget, amount, day) in enumerate(plan, start=1):
        asked.append(
            freeshare.ask_free_share(
                budget=budget,
                year=YEAR,
                amount=amount,
                asked_on=day,
                by=by,
                idempotency_key=f"demo-free-share-{number}",
            )
        )
    return asked


def licensed_provider() -> Organisation | None:
    return (
        Organisation.objects.filter(kind=OrganisationKind.LICENSED_PROVIDER, active=True)
        .order_by("pk")
        .first()
    )


def _voucher_contracts(provider: Organisation) -> list[Contract]:
    last_day = date(2026, 10, 31)
    return list(
        Contract.objects.filter(
            counterparty_enterprise_number=provider.enterprise_number,
            payment_mode=PaymentMode.VOUCHER,
            status=ContractStatus.APPROVED,
            budget__kind=BudgetKind.PVB,
            budget__status=BudgetStatus.STARTED,
            start_date__lte=VOUCHER_MONTH,
        )
        .exclude(end_date__lt=last_day)
        .order_by("budget_id", "pk")[:VOUCHER_LINES]
    )


def _file_voucher_invoice(provider: Organisation, by):
    contracts = _voucher_contracts(provider)
    if not contracts:
        return None
    line = lambda contract, amount, contract_id: {  # noqa: E731
        "budget_id": contract.budget_id,
        "contract_id": contract_id,
        "period_from": VOUCHER_MONTH,
        "period_to": date(2026, 10, 31),
        "amount": str(amount),
        "description": "Dagondersteuning oktober 2026",
    }
    lines = [line(c, VOUCHER_AMOUNT, c.pk) for c in contracts]
    lines.append(line(contracts[0], Decimal("120.00"), None))  # no contract named: refused
    result = vouchers.file_voucher_invoice(
        provider=provider,
        month=VOUCHER_MONTH,
        lines=lines,
        filed_on=VOUCHER_FILED_ON,
        by=by,
        idempotency_key="demo-voucher-invoice-2026-10",
        invoice_number="VF-2026-10",
    )
    if result.invoice is None:
        raise RuntimeError(f"demo voucher invoice refused: {result.errors}")
    return result.invoice


def _run(on: date, paid_on: date, drafter, approver, budget_ids=None) -> PaymentRun | None:
    report = payments.draft_run(on=on, by=drafter, budget_ids=budget_ids)
    if report.run_id is None:
        return None
    run = PaymentRun.objects.get(pk=report.run_id)
    payments.approve_run(run, by=approver)
    payments.export_run(run, by=drafter)
    payments.mark_paid(run, by=drafter, on=paid_on)
    return run


def _run_the_month(returned_budget: Budget | None, drafter, approver) -> tuple[int, int]:
    if PaymentRun.objects.exclude(status=RunStatus.CANCELLED).exists():
        return 0, 0  # loaded before
    first = _run(RUN_1, PAID_1, drafter, approver)
    returned = 0
    if first is not None and returned_budget is not None:
        transfer = Transfer.objects.filter(
            run=first, beneficiary_kind=BeneficiaryKind.BUDGET_ACCOUNT, budget=returned_budget
        ).first()
        if transfer is not None:
            payments.return_transfer(transfer, reason=RETURN_REASON, on=RETURNED_ON, by=drafter)
            returned = 1
    # What came back is due again from the day the return was booked (the day of loading):
    # run 2 pays it that day, for that budget only (the demo's cost lines, decided on the day
    # of loading too, stay accepted and not paid yet, for the portal to show).
    second = None
    if returned:
        today = timezone.localdate()
        second = _run(today, today, drafter, approver, budget_ids=[returned_budget.pk])
    return (first is not None) + (second is not None), returned


def _sample_check(by) -> int:
    report = samples.draw_sample(year=YEAR, rate=SAMPLE_RATE, seed=YEAR, on=SAMPLE_ON, by=by)
    lines = list(
        SampledLine.objects.filter(sampled_statement__sample=report.sample).order_by("pk")[:3]
    )
    for number, sampled in enumerate(lines):
        if sampled.outcome != ProofOutcome.PENDING:
            continue
        if number == 0:
            samples.record_proofs(
                sampled, proven=False, on=SETTLED_ON, by=by, reason=NOT_PROVEN_REASON
            )
        else:
            samples.record_proofs(sampled, proven=True, on=SETTLED_ON, by=by)
    return len(lines)


def _settle_a_stopped_budget(by) -> int:
    if Settlement.objects.exists():
        return Settlement.objects.count()
    for budget in Budget.objects.filter(status=BudgetStatus.STOPPED).order_by("pk")[:10]:
        try:
            settlements.settle_budget(budget, on=SETTLED_ON, by=by)
        except RuleViolations:
            continue  # this one cannot be settled yet (the rules say why): try the next
        return 1
    return 0


def load_money(seed: int) -> MoneyResult:
    """The month of money out (see the module docstring); the caller holds the transaction."""
    drafter, approver = agency_users()
    budgets = free_share_budgets()
    asked = _ask_free_shares(budgets, drafter)
    returned_budget = next(
        (r.budget for r in asked if r.outcome == FreeShareOutcome.ACCEPTED), None
    )
    provider = licensed_provider()
    invoice = _file_voucher_invoice(provider, drafter) if provider is not None else None
    runs, returned = _run_the_month(returned_budget, drafter, approver)
    sampled = _sample_check(approver)
    settled = _settle_a_stopped_budget(approver)
    voucher_lines = invoice.lines.exclude(outcome=VoucherOutcome.REFUSED).count() if invoice else 0
    return MoneyResult(len(asked), voucher_lines, runs, returned, sampled, settled)
