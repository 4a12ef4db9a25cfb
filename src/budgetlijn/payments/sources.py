"""What a payment run pays: the sources of open commitments, one entry per kind of source.

Every source of money out books a ledger COMMITMENT when it is accepted and keeps it in a
OneToOne field ``commitment`` to ``ledger.Entry``; the reverse relation's name (on the entry)
tells the run which source a commitment belongs to. A source is registered here with:

- ``relation``: the reverse OneToOne from ``ledger.Entry`` to the source (``cost_line``);
- ``payout_kind``: the ledger kind of the payout (REIMBURSEMENT, FREE_SHARE_PAYOUT, ...);
- ``beneficiary``: the budget's account (R10) or a provider's account;
- ``accepted_on``: the path, from the entry, of the day it was accepted (R30: 30 days);
- ``payable(on)``: the filter, on ``ledger.Entry``, of what is payable on a run day.

Only sources whose relation exists are used, so the payments app works before free-share
requests (``free_share_request``) and voucher lines (``voucher_line``) exist; they plug in by
adding their ``PayableSource`` to ``SOURCES`` (docs/decisions/0021-payment-runs.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from budgetlijn.costs.constants import Outcome
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.payments.constants import BeneficiaryKind, SourceKind


def day_after(on: date) -> datetime:
    """The first moment after ``on`` in the project's time zone (accepted up to ``on``)."""
    return timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))


@dataclass(frozen=True)
class PayableSource:
    kind: SourceKind
    relation: str
    payout_kind: str
    beneficiary: BeneficiaryKind
    accepted_on: str
    payable: Callable[[date], Q]
    # PROVIDER sources: the path from the entry to the provider (an Organisation with
    # ``name``, ``iban`` and ``bic``).
    provider: str = ""

    @property
    def exists(self) -> bool:
        return _has_relation(self.relation)


def _has_relation(name: str) -> bool:
    return any(
        getattr(relation, "related_name", None) == name or relation.name == name
        for relation in Entry._meta.related_objects
    )


def _cost_line_payable(on: date) -> Q:
    # An accepted (or partly accepted) cost line of a statement received by the run day and
    # decided by the end of it (R30: the run pays everything accepted up to its day).
    return Q(
        cost_line__outcome__in=(Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED),
        cost_line__statement__filed_on__lte=on,
        cost_line__decided_at__lt=day_after(on),
    )


def _accepted_commitment(relation: str) -> Callable[[date], Q]:
    # A source that books its commitment only for what it accepted, on the day it accepted.
    return lambda on: Q(**{f"{relation}__isnull": False}, effective_date__lte=on)


SOURCES: tuple[PayableSource, ...] = (
    PayableSource(
        kind=SourceKind.COST_LINE,
        relation="cost_line",
        payout_kind=EntryKind.REIMBURSEMENT,
        beneficiary=BeneficiaryKind.BUDGET_ACCOUNT,
        accepted_on="cost_line__decided_at",
        payable=_cost_line_payable,
    ),
    PayableSource(
        kind=SourceKind.FREE_SHARE,
        relation="free_share_request",
        payout_kind=EntryKind.FREE_SHARE_PAYOUT,
        beneficiary=BeneficiaryKind.BUDGET_ACCOUNT,
        accepted_on="effective_date",
        payable=_accepted_commitment("free_share_request"),
    ),
    PayableSource(
        kind=SourceKind.VOUCHER_LINE,
        relation="voucher_line",
        payout_kind=EntryKind.VOUCHER_PAYMENT,
        beneficiary=BeneficiaryKind.PROVIDER,
        accepted_on="effective_date",
        payable=_accepted_commitment("voucher_line"),
        provider="voucher_line__invoice__provider",
    ),
)


def sources() -> tuple[PayableSource, ...]:
    """The registered sources whose relation exists in this installation."""
    return tuple(source for source in SOURCES if source.exists)


def source_for(kind: str) -> PayableSource:
    for source in SOURCES:
        if source.kind == kind:
            return source
    raise LookupError(kind)
