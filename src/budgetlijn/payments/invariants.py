"""What ``check_ledger`` checks with knowledge of payment runs (registered from
``PaymentsConfig.ready``; one grouped query per check, whatever the number of runs):

- every payout a run booked (key ``payout:``) has exactly one item, and each item's payout is
  of its budget, for its amount, and its commitment was released (``PAYOUT_WITHOUT_ITEM``,
  ``ITEM_PAYOUT_MISMATCH``);
- per transfer, gross == the sum of its items and deducted == what its deduction uses
  withheld; per run, items - withheld == transfers (``TRANSFER_SUMS_MISMATCH``,
  ``RUN_SUMS_MISMATCH``);
- an exported run's stored SEPA file's control sum == the sum of its transfers
  (``EXPORT_CONTROL_SUM_MISMATCH``);
- no source is paid twice: at most one booked item per source (``COMMITMENT_PAID_TWICE``; a
  commitment itself is released at most once by the ledger's OneToOne);
- a deduction's remaining == its amount - its uses - what was waived
  (``DEDUCTION_REMAINING_MISMATCH``);
- R31: every SAMPLE_REFUSED deduction (and every NOT_PROVEN reclaim of a sampled line not
  taken over yet) has its one REIMBURSEMENT_RECLAIMED entry, of its budget and the line's
  year, of minus what is owed (amount - waived), not reversed; every such entry not reversed
  belongs to one of them; no cost line is reclaimed twice (``SAMPLE_REFUSED_BOOKING_MISMATCH``).

Sums run in SQL; on SQLite they are floats, so they are compared rounded to the cent.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_noop

from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.selectors import _cents
from budgetlijn.payments.constants import (
    PAYMENT_RULE,
    DeductionKind,
    ErrorCode,
    ItemStatus,
    RunStatus,
)
from budgetlijn.payments.models import Deduction, DeductionUse, PaymentItem, PaymentRun, Transfer
from budgetlijn.rules.money import ZERO, format_eur
from budgetlijn.rules.violations import Violation
from budgetlijn.settlements.constants import ReclaimKind
from budgetlijn.settlements.models import Reclaim

PAYOUT_KINDS = (EntryKind.REIMBURSEMENT, EntryKind.FREE_SHARE_PAYOUT, EntryKind.VOUCHER_PAYMENT)
PAYOUT_KEY_PREFIX = "payout:"


def _v(code: ErrorCode, message: str, **params) -> Violation:
    return Violation(PAYMENT_RULE, code, message, params=params)


def _sum(value) -> Decimal:
    return _cents(Decimal(str(value))) if value is not None else ZERO


def payouts() -> list[Violation]:
    found = [
        _v(
            ErrorCode.PAYOUT_WITHOUT_ITEM,
            gettext_noop(
                "Uitbetaling #%(entry)s (budget %(budget)s, %(amount)s) werd door een betaalrun "
                "geboekt, maar geen betaalde vastlegging verwijst ernaar."
            ),
            entry=pk,
            budget=budget_id,
            amount=format_eur(amount),
        )
        for pk, budget_id, amount in Entry.objects.filter(
            kind__in=PAYOUT_KINDS,
            idempotency_key__startswith=PAYOUT_KEY_PREFIX,
            payout_item__isnull=True,
        ).values_list("pk", "budget_id", "amount")
    ]
    wrong = PaymentItem.objects.filter(
        ~Q(payout__budget_id=F("budget_id"))
        | ~Q(payout__amount=F("amount"))
        | ~Q(payout__kind__in=PAYOUT_KINDS)
        | ~Q(commitment__amount=F("amount"))
        | ~Q(commitment__kind=EntryKind.COMMITMENT)
        | Q(commitment__reversed_by__isnull=True)
    ).values_list("pk", "run_id", "payout_id", "commitment_id")
    found += [
        _v(
            ErrorCode.ITEM_PAYOUT_MISMATCH,
            gettext_noop(
                "Betaalde vastlegging %(item)s (betaalrun %(run)s): uitbetaling #%(payout)s en "
                "vastlegging #%(commitment)s passen niet bij het bedrag, het budget of de soort, "
                "of de vastlegging is niet vrijgegeven."
            ),
            item=pk,
            run=run_id,
            payout=payout_id,
            commitment=commitment_id,
        )
        for pk, run_id, payout_id, commitment_id in wrong
    ]
    return found


def sums() -> list[Violation]:
    items_by_transfer = {
        row["transfer_id"]: _sum(row["total"])
        for row in PaymentItem.objects.values("transfer_id").annotate(total=Sum("amount"))
    }
    withheld_by_transfer = {
        row["transfer_id"]: _sum(row["total"])
        for row in DeductionUse.objects.filter(undoes__isnull=True)
        .values("transfer_id")
        .annotate(total=Sum("amount"))
    }
    found: list[Violation] = []
    runs: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for pk, run_id, gross, deducted, amount, ref in Transfer.objects.values_list(
        "pk", "run_id", "gross", "deducted", "amount", "end_to_end_id"
    ):
        items = items_by_transfer.get(pk, ZERO)
        withheld = withheld_by_transfer.get(pk, ZERO)
        if items != gross or withheld != deducted or amount != gross - deducted:
            found.append(
                _v(
                    ErrorCode.TRANSFER_SUMS_MISMATCH,
                    gettext_noop(
                        "Overschrijving %(ref)s: verschuldigd %(gross)s, ingehouden %(deducted)s, "
                        "overgeschreven %(amount)s, maar de vastleggingen zijn samen %(items)s "
                        "en de inhoudingen %(withheld)s."
                    ),
                    ref=ref,
                    gross=format_eur(gross),
                    deducted=format_eur(deducted),
                    amount=format_eur(amount),
                    items=format_eur(items),
                    withheld=format_eur(withheld),
                )
            )
        runs[run_id][2] += amount
    for row in PaymentItem.objects.values("run_id").annotate(total=Sum("amount")):
        runs[row["run_id"]][0] += _sum(row["total"])
    for row in (
        DeductionUse.objects.filter(undoes__isnull=True)
        .values("run_id")
        .annotate(total=Sum("amount"))
    ):
        runs[row["run_id"]][1] += _sum(row["total"])
    for run_id, (items, withheld, transferred) in sorted(runs.items()):
        if items - withheld != transferred:
            found.append(
                _v(
                    ErrorCode.RUN_SUMS_MISMATCH,
                    gettext_noop(
                        "Betaalrun %(run)s: vastleggingen %(items)s min inhoudingen %(withheld)s "
                        "is niet het totaal van de overschrijvingen (%(transferred)s)."
                    ),
                    run=run_id,
                    items=format_eur(items),
                    withheld=format_eur(withheld),
                    transferred=format_eur(transferred),
                )
            )
    return found


def _control_sum(xml: str) -> Decimal | None:
    try:
        root = ET.fromstring(xml.encode("utf-8"))  # noqa: S314 - our own stored file
    except ET.ParseError:
        return None
    for element in root.iter():
        if element.tag.endswith("GrpHdr"):
            for child in element:
                if child.tag.endswith("CtrlSum"):
                    return Decimal(child.text or "0")
    return None


def exports() -> list[Violation]:
    totals = {
        row["run_id"]: _sum(row["total"])
        for row in Transfer.objects.filter(run__status__in=(RunStatus.EXPORTED, RunStatus.CLOSED))
        .values("run_id")
        .annotate(total=Sum("amount"))
    }
    found = []
    for pk, xml, stored in PaymentRun.objects.filter(
        status__in=(RunStatus.EXPORTED, RunStatus.CLOSED)
    ).values_list("pk", "sepa_xml", "sepa_control_sum"):
        total = totals.get(pk, ZERO)
        in_file = _control_sum(xml) if xml else ZERO
        if in_file != total or stored != total:
            found.append(
                _v(
                    ErrorCode.EXPORT_CONTROL_SUM_MISMATCH,
                    gettext_noop(
                        "Betaalrun %(run)s: het controletotaal van het SEPA-bestand (%(file)s) is "
                        "niet het totaal van de overschrijvingen (%(total)s)."
                    ),
                    run=pk,
                    file=format_eur(in_file) if in_file is not None else "?",
                    total=format_eur(total),
                )
            )
    return found


def paid_twice() -> list[Violation]:
    rows = (
        PaymentItem.objects.filter(status=ItemStatus.BOOKED)
        .values("source_kind", "source_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("source_kind", "source_id", "n")
    )
    return [
        _v(
            ErrorCode.COMMITMENT_PAID_TWICE,
            gettext_noop("%(kind)s #%(id)s is %(n)s keer betaald."),
            kind=kind,
            id=source_id,
            n=n,
        )
        for kind, source_id, n in rows
    ]


def deductions() -> list[Violation]:
    rows = (
        Deduction.objects.annotate(used=Sum("uses__amount"))
        .values_list("pk", "amount", "remaining", "used", "waived")
        .order_by("pk")
    )
    found = []
    for pk, amount, remaining, used, waived in rows:
        if amount - _sum(used) - waived != remaining:
            found.append(
                _v(
                    ErrorCode.DEDUCTION_REMAINING_MISMATCH,
                    gettext_noop(
                        "Inhouding %(deduction)s: nog in te houden %(remaining)s, maar bedrag "
                        "%(amount)s min het gebruik %(used)s en het kwijtgescholden bedrag is "
                        "anders."
                    ),
                    deduction=pk,
                    remaining=format_eur(remaining),
                    amount=format_eur(amount),
                    used=format_eur(_sum(used)),
                )
            )
    return found


def _sample_refused_mismatch(message: str, **params) -> Violation:
    return _v(ErrorCode.SAMPLE_REFUSED_BOOKING_MISMATCH, message, **params)


def sample_refused_bookings() -> list[Violation]:
    """R31: every paid line not proven is booked back once, for what the holder owes: a
    SAMPLE_REFUSED deduction's entry is REIMBURSEMENT_RECLAIMED of its budget and year, of
    minus (amount - waived), not reversed (none when all was waived); a NOT_PROVEN reclaim of
    a sampled line not taken over yet has its entry of minus its amount in the line's year;
    every REIMBURSEMENT_RECLAIMED entry not reversed is one of those; no cost line is reclaimed
    twice (one NOT_PROVEN reclaim per line, however many samples drew it; four queries)."""
    entries = {
        pk: row
        for pk, *row in Entry.objects.filter(kind=EntryKind.REIMBURSEMENT_RECLAIMED).values_list(
            "pk", "budget_id", "year", "amount", "reversed_by"
        )
    }
    found: list[Violation] = []
    claimed: set[int] = set()

    def check(entry_id, budget_id, year, owed) -> bool:
        if entry_id is not None:
            claimed.add(entry_id)
        if owed <= 0:
            return entry_id is None
        row = entries.get(entry_id)
        return row is not None and (row[0], row[1], _sum(row[2]), row[3]) == (
            budget_id,
            year,
            -owed,
            None,
        )

    for pk, budget_id, year, amount, waived, entry_id in Deduction.objects.filter(
        kind=DeductionKind.SAMPLE_REFUSED
    ).values_list("pk", "budget_id", "year", "amount", "waived", "reclaimed_entry_id"):
        if not check(entry_id, budget_id, year, amount - waived):
            found.append(
                _sample_refused_mismatch(
                    gettext_noop(
                        "Inhouding %(deduction)s (niet bewezen bij steekproef, R31; nog "
                        "verschuldigd %(owed)s, budgetjaar %(year)s) heeft geen passende "
                        "teruggevorderde terugbetaling in het grootboek (boeking #%(entry)s)."
                    ),
                    deduction=pk,
                    owed=format_eur(amount - waived),
                    year=year,
                    entry=entry_id if entry_id is not None else "-",
                )
            )
    for pk, budget_id, year, amount, entry_id in Reclaim.objects.filter(
        kind=ReclaimKind.NOT_PROVEN, sampled_line__isnull=False, deduction_id__isnull=True
    ).values_list("pk", "budget_id", "sampled_line__line__year", "amount", "reclaimed_entry_id"):
        if not check(entry_id, budget_id, year, amount):
            found.append(
                _sample_refused_mismatch(
                    gettext_noop(
                        "Terugvordering %(reclaim)s (niet bewezen bij steekproef, R31; "
                        "%(amount)s, budgetjaar %(year)s) heeft geen passende teruggevorderde "
                        "terugbetaling in het grootboek (boeking #%(entry)s)."
                    ),
                    reclaim=pk,
                    amount=format_eur(amount),
                    year=year,
                    entry=entry_id if entry_id is not None else "-",
                )
            )
    for pk in sorted(pk for pk, row in entries.items() if row[3] is None and pk not in claimed):
        found.append(
            _sample_refused_mismatch(
                gettext_noop(
                    "Boeking #%(entry)s (%(amount)s) is een teruggevorderde terugbetaling (R31), "
                    "maar geen inhouding of terugvordering wijst ernaar."
                ),
                entry=pk,
                amount=format_eur(entries[pk][2]),
            )
        )
    for line_id, count in (
        Reclaim.objects.filter(kind=ReclaimKind.NOT_PROVEN, sampled_line__isnull=False)
        .values("sampled_line__line_id")
        .order_by("sampled_line__line_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("sampled_line__line_id", "n")
    ):
        found.append(
            _sample_refused_mismatch(
                gettext_noop(
                    "Kostenlijn %(line)s werd %(count)s keer teruggevorderd (niet bewezen bij "
                    "steekproef, R31): een niet bewezen kost wordt maar een keer teruggeboekt."
                ),
                line=line_id,
                count=count,
            )
        )
    return found


def payments() -> list[Violation]:
    """Every broken guarantee of the payment runs (see the module docstring)."""
    return [
        *payouts(),
        *sums(),
        *exports(),
        *paid_twice(),
        *deductions(),
        *sample_refused_bookings(),
    ]
