"""What ``check_ledger`` checks with knowledge of cost lines: the money guarantees of costs.

The ledger is on the lowest floor and knows no cost lines; these checks are registered with it
(``ledger.invariants.register_check``, from ``CostsConfig.ready``) and run after the ledger's
own. ``cost_lines`` runs a fixed number of grouped queries, whatever the number of lines:

- per budget year, the accepted (payable) parts of the cost lines together never exceed the
  year's entitlement + year-end premium + VIA4 room used (R26-R28);
- a decided line's commitment is a COMMITMENT entry of the line's own budget and year, for
  exactly the line's accepted amount; a line with an accepted amount has one, a line without
  none (a line is never committed twice: see also ``COMMITMENT_WITHOUT_LINE``), except a line
  refused after the fact (R31) that keeps the link to its released or paid commitment;
- a commitment the costs app booked (its key starts with ``cost:`` or ``cost-line:``) belongs
  to a line: one that belongs to none was booked twice or lost its line;
- a decided cost's parts add up: accepted + netted with credit + the holder's own == amount;
- per budget year, the VIA4 used by the lines equals the VIA bucket the costs app booked
  (VIA supplements under a cost key and their reversals: VIA entries booked elsewhere, by hand
  or by a migration, are not the lines' and are left out), and likewise the year-end premium
  the lines added (R27, R28);
- per budget year, no more credit is netted than the accepted credit notes gave (R26).

Sums run in SQL; on SQLite they are floats, so they are rounded to the cent before comparing
(``ledger.selectors._cents``) and compared in SQL with a half-cent margin.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Q
from django.utils.translation import gettext_noop

from budgetlijn.costs.constants import BookingType, ErrorCode, Outcome
from budgetlijn.costs.models import CostLine
from budgetlijn.ledger.constants import Bucket, EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.ledger.selectors import NEGATIVE_MARGIN, _cents, money_sum
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import Violation

POSITIVE_MARGIN = -NEGATIVE_MARGIN
# The idempotency keys under which services.py books a line's entries (first decision, and a
# later one: contract decided, review).
COST_KEY_PREFIXES = ("cost:", "cost-line:")
WITH_MONEY = (Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED)
DECIDED = (Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED, Outcome.REFUSED)


def _cost_key(prefix: str = "") -> Q:
    q = Q(pk__in=[])
    for start in COST_KEY_PREFIXES:
        q |= Q(**{f"{prefix}idempotency_key__startswith": start})
    return q


def _booked_by_costs() -> Q:
    """Entries the costs app booked: under a cost key, or a reversal of such an entry."""
    return _cost_key() | (Q(kind=EntryKind.REVERSAL) & _cost_key("reverses__"))


def _outside(expression) -> Q:
    """``expression`` (a difference of amounts) is not zero, allowing for SQLite's floats."""
    return Q(**{f"{expression}__gt": POSITIVE_MARGIN}) | Q(**{f"{expression}__lt": NEGATIVE_MARGIN})


def _year_figures() -> dict[tuple[int, int], dict[str, Decimal]]:
    """Per budget year with cost lines: what the lines say and what the ledger says (three
    grouped queries)."""
    figures: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    lines = (
        CostLine.objects.values("budget_id", "year")
        .order_by()
        .annotate(
            accepted=money_sum("accepted_amount", where=Q(outcome__in=WITH_MONEY)),
            via_used=money_sum("via_used"),
            premium_added=money_sum("premium_added"),
            credit_used=money_sum("credit_used"),
            credits=money_sum(
                "allowed_amount",
                where=Q(booking_type=BookingType.CREDIT_NOTE, outcome__in=WITH_MONEY),
            ),
        )
    )
    for row in lines:
        key = (row["budget_id"], row["year"])
        for name in ("accepted", "via_used", "premium_added", "credit_used", "credits"):
            figures[key][name] = _cents(row[name])
    if not figures:
        return {}
    budget_ids = {budget_id for budget_id, _year in figures}
    ledger = (
        Entry.objects.filter(budget_id__in=budget_ids)
        .values("budget_id", "year")
        .order_by()
        .annotate(
            entitlement=money_sum(where=Q(bucket=Bucket.ENTITLEMENT)),
            premium=money_sum(where=Q(bucket=Bucket.PREMIUM)),
            via=money_sum(where=Q(bucket=Bucket.VIA)),
        )
    )
    booked = (
        Entry.objects.filter(budget_id__in=budget_ids)
        .filter(_booked_by_costs())
        .values("budget_id", "year")
        .order_by()
        .annotate(
            cost_via=money_sum(where=Q(bucket=Bucket.VIA)),
            cost_premium=money_sum(where=Q(bucket=Bucket.PREMIUM)),
        )
    )
    for rows in (ledger, booked):
        for row in rows:
            key = (row["budget_id"], row["year"])
            if key in figures:
                for name, value in row.items():
                    if name not in ("budget_id", "year"):
                        figures[key][name] = _cents(value)
    return figures


def _per_year(figures) -> list[Violation]:
    found: list[Violation] = []
    for (budget_id, year), f in sorted(figures.items()):
        where = {"budget": budget_id, "year": year}
        room = f["entitlement"] + f["premium"] + f["via"]
        if f["accepted"] > room:
            found.append(
                Violation(
                    "R26",
                    ErrorCode.LINES_EXCEED_BUDGET_LINE,
                    gettext_noop(
                        "Budget %(budget)s, %(year)s: de kostenlijnen samen zijn voor "
                        "%(accepted)s aanvaard, meer dan het jaarbudget, de eindejaarspremie "
                        "en de gebruikte VIA4-middelen samen (%(room)s). Zoek uit welke "
                        "kostenlijn te veel aanvaardde en boek een correctie."
                    ),
                    params={
                        **where,
                        "accepted": format_eur(f["accepted"]),
                        "room": format_eur(room),
                    },
                )
            )
        for used, booked, code, rule, label in (
            ("via_used", "cost_via", ErrorCode.VIA_MISMATCH, "R27", gettext_noop("VIA4-middelen")),
            (
                "premium_added",
                "cost_premium",
                ErrorCode.PREMIUM_MISMATCH,
                "R28",
                gettext_noop("eindejaarspremie"),
            ),
        ):
            if f[used] != f[booked]:
                found.append(
                    Violation(
                        rule,
                        code,
                        gettext_noop(
                            "Budget %(budget)s, %(year)s: de kostenlijnen gebruikten %(lines)s "
                            "aan %(what)s, maar het grootboek boekte er voor de kostenlijnen "
                            "%(ledger)s. Zoek uit welke kostenlijn of boeking niet klopt."
                        ),
                        params={
                            **where,
                            "what": label,
                            "lines": format_eur(f[used]),
                            "ledger": format_eur(f[booked]),
                        },
                    )
                )
        if f["credit_used"] > f["credits"]:
            found.append(
                Violation(
                    "R26",
                    ErrorCode.CREDIT_OVERUSED,
                    gettext_noop(
                        "Budget %(budget)s, %(year)s: de kostenlijnen verrekenden %(used)s met "
                        "creditnota's, maar de aanvaarde creditnota's zijn samen maar "
                        "%(credits)s. Zoek uit welke kostenlijn te veel verrekende."
                    ),
                    params={
                        **where,
                        "used": format_eur(f["credit_used"]),
                        "credits": format_eur(f["credits"]),
                    },
                )
            )
    return found


def _commitments() -> list[Violation]:
    """Each line against its commitment (one query)."""
    with_money = Q(outcome__in=WITH_MONEY)
    has_accepted = Q(accepted_amount__gt=POSITIVE_MARGIN)
    wrong = (
        # accepted money without a commitment
        (with_money & has_accepted & Q(commitment__isnull=True))
        # a commitment on a line that has no money (waiting, refused, or nothing accepted)
        | (Q(commitment__isnull=False) & (~with_money | ~has_accepted))
        # a commitment that is not this line's: another budget or year, kind, or amount
        | (
            Q(commitment__isnull=False)
            & (
                ~Q(commitment__budget_id=F("budget_id"))
                | ~Q(commitment__year=F("year"))
                | ~Q(commitment__kind=EntryKind.COMMITMENT)
                | _outside("difference")
            )
        )
    )
    # A line refused after the fact (R31: not proven in a sample check, settlements.samples)
    # keeps the link to its commitment, which was released (or paid, and then reclaimed): no
    # money on the line, the commitment reversed, of the line's own budget and year.
    refused_later = (
        (~with_money | ~has_accepted)
        & Q(commitment__reversed_by__isnull=False)
        & Q(commitment__budget_id=F("budget_id"))
        & Q(commitment__year=F("year"))
        & Q(commitment__kind=EntryKind.COMMITMENT)
    )
    rows = (
        CostLine.objects.annotate(difference=F("commitment__amount") - F("accepted_amount"))
        .filter(wrong)
        .exclude(refused_later)
        .values(
            "pk",
            "budget_id",
            "year",
            "accepted_amount",
            "commitment_id",
            "commitment__amount",
            "commitment__budget_id",
            "commitment__year",
        )
        .order_by("budget_id", "year", "pk")
    )
    found = []
    for row in rows:
        if row["commitment_id"] is None:
            shown = gettext_noop("geen")
        else:
            shown = (
                f"#{row['commitment_id']} (budget {row['commitment__budget_id']}, "
                f"{row['commitment__year']}, {format_eur(row['commitment__amount'])})"
            )
        found.append(
            Violation(
                "R26",
                ErrorCode.COMMITMENT_MISMATCH,
                gettext_noop(
                    "Kostenlijn %(line)s (budget %(budget)s, %(year)s) is voor %(accepted)s "
                    "aanvaard, maar haar vastlegging klopt niet: %(commitment)s. Een aanvaarde "
                    "kost heeft precies één vastlegging van haar aanvaard bedrag, op hetzelfde "
                    "budget en budgetjaar."
                ),
                params={
                    "line": row["pk"],
                    "budget": row["budget_id"],
                    "year": row["year"],
                    "accepted": format_eur(row["accepted_amount"]),
                    "commitment": shown,
                },
            )
        )
    return found


def _commitments_without_line() -> list[Violation]:
    """A commitment booked by the costs app that no line points to (one query)."""
    rows = (
        Entry.objects.filter(kind=EntryKind.COMMITMENT)
        .filter(_cost_key())
        .filter(cost_line__isnull=True)
        .values("pk", "budget_id", "year", "amount", "idempotency_key")
        .order_by("budget_id", "year", "pk")
    )
    return [
        Violation(
            "R26",
            ErrorCode.COMMITMENT_WITHOUT_LINE,
            gettext_noop(
                "Vastlegging #%(entry)s (budget %(budget)s, %(year)s, %(amount)s, sleutel "
                "%(key)s) werd voor een kostenlijn geboekt, maar geen kostenlijn verwijst "
                "ernaar: de kost is dubbel vastgelegd of haar lijn ontbreekt. Boek ze tegen "
                "als ze te veel is."
            ),
            params={
                "entry": row["pk"],
                "budget": row["budget_id"],
                "year": row["year"],
                "amount": format_eur(row["amount"]),
                "key": row["idempotency_key"],
            },
        )
        for row in rows
    ]


def _parts() -> list[Violation]:
    """A decided cost: accepted + credit used + own == amount (one query)."""
    rows = (
        CostLine.objects.filter(booking_type=BookingType.COST, outcome__in=DECIDED)
        .annotate(
            difference=F("accepted_amount") + F("credit_used") + F("own_amount") - F("amount")
        )
        .filter(_outside("difference"))
        .values("pk", "budget_id", "year", "amount", "accepted_amount", "credit_used", "own_amount")
        .order_by("budget_id", "year", "pk")
    )
    return [
        Violation(
            "R26",
            ErrorCode.PARTS_MISMATCH,
            gettext_noop(
                "Kostenlijn %(line)s (budget %(budget)s, %(year)s): aanvaard %(accepted)s, "
                "verrekend met een creditnota %(credit)s en ten laste van de budgethouder "
                "%(own)s zijn samen niet het bedrag van de kost (%(amount)s)."
            ),
            params={
                "line": row["pk"],
                "budget": row["budget_id"],
                "year": row["year"],
                "amount": format_eur(row["amount"]),
                "accepted": format_eur(row["accepted_amount"]),
                "credit": format_eur(row["credit_used"]),
                "own": format_eur(row["own_amount"]),
            },
        )
        for row in rows
    ]


def cost_lines() -> list[Violation]:
    """Every broken money guarantee of the cost lines (see the module docstring)."""
    return [
        *_per_year(_year_figures()),
        *_commitments(),
        *_commitments_without_line(),
        *_parts(),
    ]


__all__ = ["COST_KEY_PREFIXES", "cost_lines"]
