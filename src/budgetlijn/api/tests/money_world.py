"""The API world with money out: the world of ``world.build_api_world`` plus free-share
requests, a payment run (paid, one transfer returned, a deduction withheld), voucher invoices
of two providers, and the roles the money endpoints tell apart (an expired and a future
mandate, provider staff, agency staff with and without the payments permissions)."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.utils import timezone

from budgetlijn.access.roles import INTAKE, PAYMENTS
from budgetlijn.access.tests.world import (
    OTHER_PROVIDER_NUMBER,
    PROVIDER_NUMBER,
    mandate,
    organisation,
    staff_of,
    user,
)
from budgetlijn.api.tests.world import build_api_world
from budgetlijn.assistance.constants import OrganisationKind
from budgetlijn.freeshare import services as freeshare
from budgetlijn.payments import services as payments
from budgetlijn.payments.constants import DeductionKind
from budgetlijn.payments.models import PaymentItem, PaymentRun, Transfer
from budgetlijn.reporting.access import ANALYSTS_GROUP
from budgetlijn.vouchers.constants import Outcome as VoucherOutcome
from budgetlijn.vouchers.models import VoucherInvoice, VoucherInvoiceLine

ASKED_ON = date(2023, 6, 15)
PAYMENT_PERMISSIONS = ("view_paymentrun", "view_paymentitem", "view_deduction")


def _invoice(provider, budget, key: str) -> VoucherInvoice:
    invoice = VoucherInvoice.objects.create(
        provider=provider,
        month=date(2023, 5, 1),
        invoice_number=key,
        filed_on=date(2023, 6, 2),
        outcome=VoucherOutcome.REFUSED,
        amount=Decimal("100.00"),
        idempotency_key=key,
        request_hash=key.ljust(64, "0"),
    )
    VoucherInvoiceLine.objects.create(
        invoice=invoice,
        line_no=1,
        budget=budget,
        year=2023,
        period_from=date(2023, 5, 1),
        period_to=date(2023, 5, 31),
        amount=Decimal("100.00"),
        outcome=VoucherOutcome.REFUSED,
        violations=[
            {
                "rule": "R11",
                "code": "voucher_only_for_pvb",
                "message": "Vouchers zijn er enkel voor een PVB.",
                "field": None,
            }
        ],
    )
    return invoice


def build_money_world():
    world = build_api_world()
    today = timezone.localdate()
    target, other = world.target, world.other
    child = target["person"]
    expired_org = organisation(name="Bijstandsorganisatie Verlopen")
    future_org = organisation(name="Bijstandsorganisatie Later")
    world.mandates["expired"] = mandate(
        child, expired_org, starts_on=today - timedelta(days=400), ends_on=today - timedelta(1)
    )
    world.mandates["future"] = mandate(
        child, future_org, starts_on=today + timedelta(days=2), ends_on=today + timedelta(100)
    )
    provider = organisation(
        OrganisationKind.LICENSED_PROVIDER,
        name="Zorgaanbieder De Linde",
        enterprise_number=PROVIDER_NUMBER,
    )
    other_provider = organisation(
        OrganisationKind.LICENSED_PROVIDER,
        name="Zorgaanbieder Elders",
        enterprise_number=OTHER_PROVIDER_NUMBER,
    )
    payments_user = user("payments", PAYMENTS, is_staff=True)
    payments_user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="payments", codename__in=PAYMENT_PERMISSIONS
        )
    )
    world.users |= {
        "staff_expired_mandate": staff_of(expired_org, "expired"),
        "staff_future_mandate": staff_of(future_org, "future"),
        "provider_staff": staff_of(provider, "provider"),
        "other_provider_staff": staff_of(other_provider, "otherprovider"),
        "intake": user("intake", INTAKE, is_staff=True),
        "payments_without_run_permission": user("paymentsgroup", PAYMENTS, is_staff=True),
        "payments": payments_user,
        "analyst": user("analyst", ANALYSTS_GROUP),
    }
    world.organisations |= {"provider": provider, "other_provider": other_provider}

    # Free share: a part on the target budget and one on the other family's.
    world.free_share = {
        "target": freeshare.ask_free_share(
            budget=target["budget"], year=2023, amount="300.00", asked_on=ASKED_ON
        ),
        "other": freeshare.ask_free_share(
            budget=other["budget"], year=2023, amount="300.00", asked_on=ASKED_ON
        ),
    }
    # A deduction withheld by the run, then one transfer of the target returned by the bank.
    payments.open_deduction(
        budget=target["budget"],
        kind=DeductionKind.CREDIT_NOTE,
        amount="100.00",
        reason="Creditnota van De Linde",
    )
    drafter = user("drafter", is_staff=True)
    approver = user("approver", is_staff=True)
    for agency in (drafter, approver):
        agency.user_permissions.set(
            Permission.objects.filter(codename__in=("approve_paymentrun", "process_paymentrun"))
        )
    drafter, approver = (type(drafter).objects.get(pk=u.pk) for u in (drafter, approver))
    payments.draft_run(on=today, by=drafter, budget_ids=[target["budget"].pk])
    world.run = PaymentRun.objects.order_by("-pk").first()
    payments.approve_run(world.run, by=approver)
    payments.export_run(world.run, by=drafter)
    world.items = {
        "target": PaymentItem.objects.filter(budget=target["budget"]).order_by("pk").first(),
    }
    world.invoices = {
        "provider": _invoice(provider, target["budget"], "w-provider"),
        "other_provider": _invoice(other_provider, other["budget"], "w-other"),
    }
    payments.return_transfer(
        Transfer.objects.get(items=world.items["target"]),
        reason="Rekening afgesloten",
        on=today,
        by=approver,
    )
    # A second run pays what came back again (withholding the deduction again); it stays a
    # draft. The other family's budget is never paid: its commitments stay due.
    payments.draft_run(on=today, by=drafter, budget_ids=[target["budget"].pk])
    world.second_run = PaymentRun.objects.order_by("-pk").first()
    return world
