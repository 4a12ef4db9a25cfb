"""Invariants of the whole ledger, checked with set-based queries (one query per invariant).

services.py keeps them for every entry it writes; this module finds entries that break them
anyway (written around the services, imported, or from a bug). Used by the ``check_ledger``
command and by the tests.

The ledger is on the lowest floor and knows no dossiers: an app above it that knows what a
budget's entries should be registers its own check (``register_check``, from its
``AppConfig.ready``), and ``check_ledger`` runs it after the ledger's own.
"""

from collections.abc import Callable

from django.db.models import CharField, Count, Exists, F, Max, Min, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_noop

from budgetlijn.audit.models import AuditEvent
from budgetlijn.ledger.constants import (
    ENTITLEMENT_BUCKETS,
    KIND_RULES,
    LEDGER_RULE,
    NEEDS_ALLOCATION_KINDS,
    SPENDING_BUCKETS,
    Bucket,
    EntryKind,
    ErrorCode,
    SignRule,
)
from budgetlijn.ledger.models import BudgetYearBalance, Entry, OpenCommitment
from budgetlijn.ledger.running_balances import BUCKET_COLUMNS
from budgetlijn.ledger.selectors import NEGATIVE_MARGIN, _cents, from_cents, money_sum
from budgetlijn.rules.money import ZERO, format_eur
from budgetlijn.rules.violations import Violation

POSITIVE_MARGIN = -NEGATIVE_MARGIN


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def reversal_amounts() -> list[Violation]:
    """Every reversal's amount is exactly minus the reversed entry's amount."""
    rows = (
        Entry.objects.filter(kind=EntryKind.REVERSAL, reverses__isnull=False)
        .annotate(total=F("amount") + F("reverses__amount"))
        .filter(Q(total__gt=POSITIVE_MARGIN) | Q(total__lt=NEGATIVE_MARGIN))
        .values("pk", "budget_id", "year", "amount", "reverses_id", "reverses__amount")
        .order_by("pk")
    )
    return [
        Violation(
            LEDGER_RULE,
            ErrorCode.REVERSAL_AMOUNT_MISMATCH,
            gettext_noop(
                "Tegenboeking #%(entry)s (budget %(budget)s, %(year)s) bedraagt %(amount)s, maar "
                "de tegengeboekte boeking #%(original)s bedraagt %(original_amount)s. Een "
                "tegenboeking heeft precies het tegengestelde bedrag."
            ),
            params={
                "entry": row["pk"],
                "budget": row["budget_id"],
                "year": row["year"],
                "amount": format_eur(row["amount"]),
                "original": row["reverses_id"],
                "original_amount": format_eur(row["reverses__amount"]),
            },
        )
        for row in rows
    ]


def reversal_targets() -> list[Violation]:
    """A reversal has the budget, year and bucket of the entry it reverses."""
    rows = (
        Entry.objects.filter(kind=EntryKind.REVERSAL, reverses__isnull=False)
        .filter(
            ~Q(budget_id=F("reverses__budget_id"))
            | ~Q(year=F("reverses__year"))
            | ~Q(bucket=F("reverses__bucket"))
        )
        .values("pk", "reverses_id")
        .order_by("pk")
    )
    return [
        Violation(
            LEDGER_RULE,
            ErrorCode.REVERSAL_TARGET_MISMATCH,
            gettext_noop(
                "Tegenboeking #%(entry)s hoort niet bij hetzelfde budget, budgetjaar en dezelfde "
                "rubriek als de tegengeboekte boeking #%(original)s."
            ),
            params={"entry": row["pk"], "original": row["reverses_id"]},
        )
        for row in rows
    ]


def reversals_of_reversals() -> list[Violation]:
    """A reversal is never reversed itself."""
    rows = (
        Entry.objects.filter(kind=EntryKind.REVERSAL, reverses__kind=EntryKind.REVERSAL)
        .values("pk", "reverses_id")
        .order_by("pk")
    )
    return [
        Violation(
            LEDGER_RULE,
            ErrorCode.REVERSAL_OF_REVERSAL,
            gettext_noop(
                "Boeking #%(entry)s boekt tegenboeking #%(original)s tegen. Een tegenboeking "
                "wordt nooit zelf tegengeboekt."
            ),
            params={"entry": row["pk"], "original": row["reverses_id"]},
        )
        for row in rows
    ]


def reversal_links() -> list[Violation]:
    """Only a reversal points to another entry, and every reversal does (also a DB check)."""
    rows = (
        Entry.objects.filter(
            Q(kind=EntryKind.REVERSAL, reverses__isnull=True)
            | (~Q(kind=EntryKind.REVERSAL) & Q(reverses__isnull=False))
        )
        .values("pk")
        .order_by("pk")
    )
    return [
        Violation(
            LEDGER_RULE,
            ErrorCode.REVERSAL_LINK_MISSING,
            gettext_noop(
                "Boeking #%(entry)s: een tegenboeking verwijst naar de boeking die ze "
                "tegenboekt, en alleen een tegenboeking doet dat."
            ),
            params={"entry": row["pk"]},
        )
        for row in rows
    ]


def buckets() -> list[Violation]:
    """Every entry is in the bucket of its kind (a reversal: checked by reversal_targets)."""
    wrong = Q(pk__in=[])
    for kind, (bucket, _rule) in KIND_RULES.items():
        if bucket is not None:
            wrong |= Q(kind=kind) & ~Q(bucket=bucket)
    wrong |= ~Q(bucket__in=Bucket.values) | ~Q(kind__in=EntryKind.values)
    rows = Entry.objects.filter(wrong).values("pk", "kind", "bucket").order_by("pk")
    return [
        Violation(
            LEDGER_RULE,
            ErrorCode.BUCKET_MISMATCH,
            gettext_noop(
                "Boeking #%(entry)s (%(kind)s) staat in rubriek '%(bucket)s' in plaats van "
                "'%(expected)s'."
            ),
            params={
                "entry": row["pk"],
                "kind": _label(EntryKind, row["kind"]),
                "bucket": _label(Bucket, row["bucket"]),
                "expected": _label(Bucket, (KIND_RULES.get(row["kind"]) or ("?",))[0]),
            },
        )
        for row in rows
    ]


def signs() -> list[Violation]:
    """Every entry's amount has the sign of its kind (a reversal: checked by reversal_amounts)."""
    wrong = Q(amount=0)
    for kind, (_bucket, rule) in KIND_RULES.items():
        if rule is SignRule.POSITIVE:
            wrong |= Q(kind=kind, amount__lt=POSITIVE_MARGIN)
        elif rule is SignRule.STORED_NEGATIVE:
            wrong |= Q(kind=kind, amount__gt=NEGATIVE_MARGIN)
    rows = Entry.objects.filter(wrong).values("pk", "kind", "amount").order_by("pk")
    return [
        Violation(
            LEDGER_RULE,
            ErrorCode.SIGN_MISMATCH,
            gettext_noop(
                "Boeking #%(entry)s (%(kind)s) heeft een bedrag met het verkeerde teken: "
                "%(amount)s."
            ),
            params={
                "entry": row["pk"],
                "kind": _label(EntryKind, row["kind"]),
                "amount": format_eur(row["amount"]),
            },
        )
        for row in rows
    ]


def budget_lines() -> list[Violation]:
    """R26: per budget and year, paid + committed never exceeds the entitlement (yearly
    amount, year-end premium and VIA room used: R26-R28)."""
    rows = (
        Entry.objects.values("budget_id", "year")
        .order_by()
        .annotate(
            entitlement=money_sum(where=Q(bucket__in=ENTITLEMENT_BUCKETS)),
            spent=money_sum(where=Q(bucket__in=SPENDING_BUCKETS)),
        )
        .annotate(line=F("entitlement") - F("spent"))
        .filter(line__lt=NEGATIVE_MARGIN)
        .order_by("budget_id", "year")
    )
    return [
        Violation(
            "R26",
            ErrorCode.BUDGET_LINE_NEGATIVE,
            gettext_noop(
                "Budget %(budget)s, %(year)s: de budgetlijn is negatief (%(line)s). Er is meer "
                "betaald of vastgelegd (%(spent)s) dan het jaarbudget (%(entitlement)s)."
            ),
            params={
                "budget": row["budget_id"],
                "year": row["year"],
                "line": format_eur(row["entitlement"] - row["spent"]),
                "spent": format_eur(row["spent"]),
                "entitlement": format_eur(row["entitlement"]),
            },
        )
        for row in rows
    ]


def advances() -> list[Violation]:
    """R13: per budget, no more advance is repaid than was paid."""
    rows = (
        Entry.objects.filter(bucket=Bucket.ADVANCE)
        .values("budget_id")
        .order_by()
        .annotate(outstanding=money_sum())
        .filter(outstanding__lt=NEGATIVE_MARGIN)
        .order_by("budget_id")
    )
    return [
        Violation(
            "R13",
            ErrorCode.ADVANCE_NEGATIVE,
            gettext_noop(
                "Budget %(budget)s: het openstaande voorschot is negatief (%(outstanding)s). Er "
                "is meer voorschot terugbetaald dan betaald."
            ),
            params={"budget": row["budget_id"], "outstanding": format_eur(row["outstanding"])},
        )
        for row in rows
    ]


def allocations() -> list[Violation]:
    """Money is only booked on a budget year that has an allocation."""
    allocation = Entry.objects.filter(
        budget_id=OuterRef("budget_id"), year=OuterRef("year"), kind=EntryKind.ALLOCATION
    )
    rows = (
        Entry.objects.filter(kind__in=NEEDS_ALLOCATION_KINDS)
        .filter(~Exists(allocation))
        .values("budget_id", "year")
        .distinct()
        .order_by("budget_id", "year")
    )
    return [
        Violation(
            LEDGER_RULE,
            ErrorCode.NO_ALLOCATION,
            gettext_noop(
                "Budget %(budget)s, %(year)s: er zijn boekingen op dit budgetjaar, maar geen "
                "toekenning van het jaarbudget."
            ),
            params={"budget": row["budget_id"], "year": row["year"]},
        )
        for row in rows
    ]


# The key under which the services open a budget year (dossiers.services.open_budget_year).
OPENING_KEY_PREFIX = "allocation:"


def openings() -> list[Violation]:
    """A budget year is opened all or nothing (decision 0009): its allocation is booked in one
    transaction with the audit event that records it. An opening (an allocation under the
    opening key) without that audit event is a half-opened year: written around the
    services, or left behind by a run that did not finish its transaction."""
    audited = AuditEvent.objects.filter(
        object_type=Entry._meta.label,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    rows = (
        Entry.objects.filter(
            kind=EntryKind.ALLOCATION, idempotency_key__startswith=OPENING_KEY_PREFIX
        )
        .filter(~Exists(audited))
        .values("pk", "budget_id", "year")
        .order_by("budget_id", "year")
    )
    return [
        Violation(
            LEDGER_RULE,
            ErrorCode.OPENING_NOT_AUDITED,
            gettext_noop(
                "Budget %(budget)s, %(year)s: het budgetjaar is maar half geopend. De "
                "toekenning #%(entry)s heeft geen auditgebeurtenis. Zoek uit hoe ze geboekt "
                "werd, boek ze tegen en open het jaar opnieuw met open_budget_year."
            ),
            params={"budget": row["budget_id"], "year": row["year"], "entry": row["pk"]},
        )
        for row in rows
    ]


def opened_years() -> list[Violation]:
    """A budget is in force without interruption, so its allocations cover every year from
    its first to its last allocated year: a missing year in between was never (fully)
    opened."""
    rows = (
        Entry.objects.filter(kind=EntryKind.ALLOCATION)
        .values("budget_id")
        .order_by()
        .annotate(first=Min("year"), last=Max("year"), years=Count("year", distinct=True))
        .filter(years__lt=F("last") - F("first") + 1)
        .order_by("budget_id")
    )
    return [
        Violation(
            LEDGER_RULE,
            ErrorCode.YEAR_NOT_OPENED,
            gettext_noop(
                "Budget %(budget)s: er zijn toekenningen voor %(first)s tot %(last)s, maar "
                "niet voor elk jaar daartussen. Open de ontbrekende jaren met "
                "open_budget_year."
            ),
            params={"budget": row["budget_id"], "first": row["first"], "last": row["last"]},
        )
        for row in rows
    ]


def running_balances() -> list[Violation]:
    """Every budget year's running balance (kept by the trigger, read by the services) equals
    the sum of its entries, bucket by bucket, and so do its counts. Two grouped queries: the
    sums of the entries per budget year, and the balance rows."""
    sums = {column: money_sum(where=Q(bucket=bucket)) for column, bucket in BUCKET_COLUMNS.items()}
    expected = {
        (row["budget_id"], row["year"]): row
        for row in Entry.objects.values("budget_id", "year")
        .order_by()
        .annotate(
            **sums,
            allocations=Count("pk", filter=Q(kind=EntryKind.ALLOCATION)),
            entries=Count("pk"),
        )
    }
    kept = {
        (row["budget_id"], row["year"]): row
        for row in BudgetYearBalance.objects.values(
            "budget_id", "year", *BUCKET_COLUMNS, "allocations", "entries"
        )
    }
    found = []
    for budget_id, year in sorted(expected.keys() | kept.keys()):
        should = expected.get((budget_id, year))
        has = kept.get((budget_id, year))
        differences = []
        for column in (*BUCKET_COLUMNS, "allocations", "entries"):
            counted = column not in BUCKET_COLUMNS
            if should is None:
                want = 0 if counted else ZERO
            else:
                want = should[column] if counted else _cents(should[column])
            got = has[column] if has else 0
            got = got if counted else from_cents(got)
            if want != got:
                shown = (str(want), str(got)) if counted else (format_eur(want), format_eur(got))
                differences.append(f"{column} {shown[1]} (som {shown[0]})")
        if differences:
            found.append(
                Violation(
                    LEDGER_RULE,
                    ErrorCode.RUNNING_BALANCE_MISMATCH,
                    gettext_noop(
                        "Budget %(budget)s, %(year)s: het lopende saldo verschilt van de som van "
                        "de boekingen: %(differences)s. Iets heeft het saldo buiten het "
                        "grootboek om gewijzigd; zoek uit wat, en zet het saldo terug op de som "
                        "van de boekingen."
                    ),
                    params={
                        "budget": budget_id,
                        "year": year,
                        "differences": ", ".join(differences),
                    },
                )
            )
    return found


def open_commitments() -> list[Violation]:
    """The queue of open commitments (kept by the trigger, read by the payment runs) holds
    exactly the COMMITMENT entries no entry reverses, with their budget and year. Two queries:
    the anti-join and the queue."""
    expected = set(
        Entry.objects.filter(kind=EntryKind.COMMITMENT, reversed_by__isnull=True)
        .order_by()
        .values_list("pk", "budget_id", "year")
    )
    kept = set(OpenCommitment.objects.order_by().values_list("entry_id", "budget_id", "year"))
    return [
        Violation(
            LEDGER_RULE,
            ErrorCode.OPEN_COMMITMENTS_MISMATCH,
            gettext_noop(
                "Vastlegging #%(entry)s (budget %(budget)s, %(year)s) is %(state)s, maar de lijst "
                "van open vastleggingen zegt anders. Iets heeft die lijst buiten het grootboek om "
                "gewijzigd; zoek uit wat, en zet ze terug op de boekingen."
            ),
            params={
                "entry": pk,
                "budget": budget_id,
                "year": year,
                "state": "open" if (pk, budget_id, year) in expected else "niet open",
            },
        )
        for pk, budget_id, year in sorted(expected ^ kept)
    ]


CHECKS = (
    reversal_links,
    reversal_amounts,
    reversal_targets,
    reversals_of_reversals,
    buckets,
    signs,
    budget_lines,
    running_balances,
    open_commitments,
    advances,
    allocations,
    openings,
    opened_years,
)


Check = Callable[[], list[Violation]]
_registered: list[Check] = []


def register_check(check: Check) -> Check:
    """Add a check from a higher floor (a function without arguments returning violations,
    each with a rule id, a stable code and a Dutch message). Called from an app's
    ``AppConfig.ready``; registering the same function again changes nothing. Returns
    ``check``, so it can be used as a decorator."""
    if check not in _registered:
        _registered.append(check)
    return check


def checks() -> tuple[Check, ...]:
    """The ledger's own checks (``CHECKS``), then the registered ones in registration order."""
    return (*CHECKS, *_registered)


def check_ledger() -> list[Violation]:
    """Every broken invariant of the ledger; an empty list when it is in order."""
    found: list[Violation] = []
    for check in checks():
        found.extend(check())
    return found
