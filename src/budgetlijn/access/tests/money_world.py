"""A month of money out for the access and portal tests, booked through the real services.

Jan Wouters' PVB of EUR 12 000 for 2023 (vouchers' test budget, a licensed provider with a
voucher contract): three free-share requests (accepted, partly, refused), a voucher invoice of
three lines (two accepted, one refused), a reclaim withheld from the budget account; run 1
drafted by one agency user, approved by another, exported and paid; its budget account transfer
returned by the bank (a wrong IBAN), so run 2 (drafted, pending) pays it again; then a second
voucher invoice accepted but not paid yet. Beside it another holder's PVB with its own provider,
invoice and payment (never in the first holder's sight), and one user per role.
"""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from budgetlijn.access.tests.world import holder, mandate, organisation, staff_of
from budgetlijn.assistance.constants import OrganisationKind
from budgetlijn.dossiers.models import BudgetAccount
from budgetlijn.freeshare import services as freeshare
from budgetlijn.payments import services as payments
from budgetlijn.payments.constants import BeneficiaryKind, DeductionKind
from budgetlijn.payments.models import PaymentRun, Transfer
from budgetlijn.payments.tests.conftest import agency_user
from budgetlijn.vouchers import services as vouchers
from budgetlijn.vouchers.tests.conftest import make_world

WRONG_IBAN_REASON = "AC01 rekeningnummer onjuist"


def voucher_line(budget, contract, amount, month):
    last = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(month, 31)
    return {
        "budget_id": budget.pk,
        "contract_id": contract.pk,
        "period_from": date(2023, month, 1),
        "period_to": date(2023, month, last),
        "amount": str(amount),
    }


def build_money_world():
    today = timezone.localdate()
    made = make_world()
    budget, provider, contract = made["budget"], made["provider"], made["contract"]
    other = make_world()
    other_budget = other["budget"]
    drafter = agency_user("opmaker", "approve_paymentrun", "process_paymentrun")
    approver = agency_user("goedkeurder", "approve_paymentrun", "process_paymentrun")

    asked = [
        freeshare.ask_free_share(
            budget=budget, year=2023, amount=amount, asked_on=day, idempotency_key=f"fs-{i}"
        )
        for i, (amount, day) in enumerate(
            [
                ("1000.00", date(2023, 3, 1)),
                ("5000.00", date(2023, 4, 1)),
                ("100.00", date(2023, 5, 1)),
            ]
        )
    ]
    invoice = vouchers.file_voucher_invoice(
        provider=provider,
        month=date(2023, 5, 1),
        lines=[
            voucher_line(budget, contract, "600.00", 5),
            voucher_line(budget, contract, "400.00", 5),
            voucher_line(budget, contract, "300.00", 5) | {"contract_id": None},
        ],
        filed_on=date(2023, 6, 5),
        invoice_number="F-2023-05",
        idempotency_key="invoice-may",
    ).invoice
    other_invoice = vouchers.file_voucher_invoice(
        provider=other["provider"],
        month=date(2023, 5, 1),
        lines=[voucher_line(other_budget, other["contract"], "250.00", 5)],
        filed_on=date(2023, 6, 5),
        idempotency_key="invoice-other",
    ).invoice
    deduction = payments.open_deduction(
        budget=budget,
        kind=DeductionKind.RECLAIM,
        amount=Decimal("50.00"),
        reason="Te veel terugbetaald in 2022",
        by=drafter,
    )

    payments.draft_run(on=today, by=drafter)
    run1 = PaymentRun.objects.get()
    payments.approve_run(run1, by=approver)
    payments.export_run(run1, by=drafter)
    payments.mark_paid(run1, by=drafter, on=today)
    account_transfer = Transfer.objects.get(
        run=run1, beneficiary_kind=BeneficiaryKind.BUDGET_ACCOUNT, budget=budget
    )
    payments.return_transfer(account_transfer, reason=WRONG_IBAN_REASON, on=today, by=drafter)
    BudgetAccount.objects.filter(budget=budget).update(iban="BE71096123456769")
    payments.draft_run(on=today, by=drafter, budget_ids=[budget.pk])
    run2 = PaymentRun.objects.exclude(pk=run1.pk).get()

    later = vouchers.file_voucher_invoice(
        provider=provider,
        month=date(2023, 6, 1),
        lines=[voucher_line(budget, contract, "200.00", 6)],
        filed_on=date(2023, 7, 5),
        invoice_number="F-2023-06",
        idempotency_key="invoice-june",
    ).invoice

    person = budget.person
    starts, ends = today - timedelta(days=30), today + timedelta(days=300)
    view_org = organisation(name="Bijstand Kijk")
    ask_org = organisation(name="Bijstand Vraag")
    expired_org = organisation(name="Bijstand Verlopen")
    revoked_org = organisation(name="Bijstand Ingetrokken")
    mandate(person, view_org, starts_on=starts, ends_on=ends, rights=())
    mandate(person, ask_org, starts_on=starts, ends_on=ends, rights=("ask_free_share",))
    mandate(
        person,
        expired_org,
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=1),
    )
    mandate(person, revoked_org, starts_on=starts, ends_on=ends, revoked=True)
    stranger_provider = organisation(OrganisationKind.LICENSED_PROVIDER, name="Zorg Elders")
    users = {
        "holder": holder(person, "jan"),
        "other_holder": holder(other_budget.person, "ander"),
        "view_staff": staff_of(view_org, "kijker"),
        "ask_staff": staff_of(ask_org, "vrager"),
        "expired_staff": staff_of(expired_org, "verlopen"),
        "revoked_staff": staff_of(revoked_org, "ingetrokken"),
        "provider_staff": staff_of(provider, "aanbieder"),
        "stranger_provider_staff": staff_of(stranger_provider, "vreemde"),
        "drafter": drafter,
        "approver": approver,
    }
    return SimpleNamespace(
        budget=budget,
        other_budget=other_budget,
        provider=provider,
        contract=contract,
        asked=asked,
        invoice=invoice,
        other_invoice=other_invoice,
        later_invoice=later,
        deduction=deduction,
        run1=run1,
        run2=run2,
        returned=account_transfer,
        users=users,
    )
