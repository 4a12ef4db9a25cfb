"""R11: a PVB is spent in voucher, in cash, or both (seed 001 'Stap 4' and 'Stap 5').

With a voucher the agency pays the licensed provider or the assistance organisation directly.
The provider invoices the agency once a month: one line per holder (budget) and month, each
checked here against the holder's voucher contract with that provider:

- only a PVB is spent in voucher, and not one the holder spends wholly in cash;
- the budget is in force on every day of the period (started, not lapsed or converted, from
  its first day in force up to the day before its stop);
- the period lies in the invoice's month (from <= to);
- the provider is licensed on every day of the period (an assistance organisation holds a
  licence too: R36);
- the contract exists, belongs to the budget, is approved (R19), is a voucher contract, is made
  with this provider (the enterprise number), and covers the whole period;
- one line per budget and contract and month: a second one (in the same invoice or an earlier
  invoice of the month) is refused as a duplicate;
- the amount fits in what is left of the voucher part of the year (yearly amount minus the
  estimated cash part, pro rata) and of the budget line (R26); what does not fit is refused,
  the rest accepted (the provider is paid for the accepted part).

Lines are judged in order, as a whole: the lines of one budget use its room one after the
other (``judge_invoice``). Nothing here rounds: amounts are cents already.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from budgetlijn.rules.codes import VoucherCode
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.money import ZERO, format_eur, to_decimal
from budgetlijn.rules.violations import Violation, _

RULE = "R11"
ACCEPTED, PARTLY, REFUSED = "ACCEPTED", "PARTLY", "REFUSED"
ALL_CASH = "CASH"  # the budget's payment mode when nothing is spent in voucher
VOUCHER = "VOUCHER"  # a contract's payment mode

__all__ = [
    "RULE",
    "VoucherContractFacts",
    "VoucherLineDecision",
    "VoucherLineFacts",
    "VoucherRoom",
    "check_line",
    "judge_invoice",
    "voucher_part_of_year",
]


@dataclass(frozen=True)
class VoucherContractFacts:
    budget_id: int
    approved: bool
    payment_mode: str  # CASH or VOUCHER
    provider_enterprise_number: str
    start: date
    end: date | None  # None: indefinite


@dataclass(frozen=True)
class VoucherLineFacts:
    budget_id: int
    budget_kind: str  # PVB, PAB, CONVENANT
    budget_payment_mode: str  # CASH, VOUCHER, COMBINATION
    provider_enterprise_number: str
    provider_licensed_from: date | None
    provider_licensed_until: date | None
    month: date  # the invoice's month (any day of it)
    period_from: date
    period_to: date
    amount: Decimal
    contract: VoucherContractFacts | None
    contract_id: int | None = None
    already_invoiced: bool = False  # an earlier invoice of the month has this budget and contract
    budget_usable: bool = True  # False: not started, lapsed or converted
    budget_from: date | None = None  # first day in force (None: before the period)
    budget_until: date | None = None  # last day in force (None: still running)


@dataclass(frozen=True)
class VoucherRoom:
    """What one budget year still takes: the voucher part left and the budget line left."""

    voucher_left: Decimal
    line_left: Decimal


@dataclass(frozen=True)
class VoucherLineDecision:
    outcome: str
    accepted: Decimal
    violations: tuple[Violation, ...] = ()


def voucher_part_of_year(payment_mode: str, entitlement: Decimal, cash_of_year: Decimal) -> Decimal:
    """The voucher part of a budget year: the year's entitlement (pro rata, as booked) minus the
    estimated cash part of the same months (``budget_year.pro_rata`` of the yearly estimate);
    all of it when the holder spends only in voucher, nothing when only in cash; never below 0."""
    if payment_mode == ALL_CASH:
        return ZERO
    if payment_mode == VOUCHER:
        return max(ZERO, to_decimal(entitlement))
    return max(ZERO, to_decimal(entitlement) - to_decimal(cash_of_year))


def _v(code: VoucherCode, message: str, field: str, **params) -> Violation:
    return Violation(RULE, code, message, field, params)


def _same_month(a: date, b: date) -> bool:
    return (a.year, a.month) == (b.year, b.month)


def check_line(facts: VoucherLineFacts) -> list[Violation]:
    """Every reason the line cannot be paid at all (the room is checked by ``judge_invoice``)."""
    if facts.budget_kind != "PVB":
        return [
            _v(
                VoucherCode.VOUCHER_ONLY_FOR_PVB,
                _(
                    "Alleen een persoonsvolgend budget (PVB) kan in voucher besteed worden. "
                    "Dit budget wordt betaald via kostenstaten van de budgethouder."
                ),
                "budget",
            )
        ]
    if facts.budget_payment_mode == ALL_CASH:
        return [
            _v(
                VoucherCode.VOUCHER_BUDGET_ALL_CASH,
                _(
                    "De budgethouder besteedt dit budget volledig in cash: het agentschap "
                    "betaalt niets rechtstreeks aan de zorgaanbieder. Factureer aan de "
                    "budgethouder."
                ),
                "budget",
            )
        ]
    violations: list[Violation] = []
    amount = to_decimal(facts.amount)
    if amount <= 0:
        violations.append(
            _v(
                VoucherCode.VOUCHER_AMOUNT_NOT_POSITIVE,
                _("Vul een bedrag groter dan 0 in."),
                "amount",
            )
        )
    day = {"from": format_day(facts.period_from), "to": format_day(facts.period_to)}
    if facts.period_to < facts.period_from:
        violations.append(
            _v(
                VoucherCode.VOUCHER_PERIOD_REVERSED,
                _("De periode eindigt (%(to)s) vóór ze begint (%(from)s). Vul ze juist in."),
                "period_to",
                **day,
            )
        )
        return violations
    if not (
        _same_month(facts.period_from, facts.month) and _same_month(facts.period_to, facts.month)
    ):
        violations.append(
            _v(
                VoucherCode.VOUCHER_PERIOD_OUTSIDE_MONTH,
                _(
                    "De periode %(from)s tot %(to)s valt niet binnen de maand van de "
                    "factuur (%(month)s). Factureer elke maand apart."
                ),
                "period_from",
                month=facts.month.strftime("%m/%Y"),
                **day,
            )
        )
    in_force = (
        facts.budget_usable
        and (facts.budget_from is None or facts.budget_from <= facts.period_from)
        and (facts.budget_until is None or facts.period_to <= facts.budget_until)
    )
    if not in_force:
        violations.append(
            _v(
                VoucherCode.VOUCHER_BUDGET_NOT_IN_FORCE,
                _(
                    "Het budget is niet de hele periode %(from)s tot %(to)s van kracht (niet "
                    "opgestart, vervallen, omgezet of stopgezet). Factureer alleen de dagen "
                    "waarop het budget loopt."
                ),
                "period_from",
                **day,
            )
        )
    licensed = (
        facts.provider_licensed_from is not None
        and facts.provider_licensed_from <= facts.period_from
        and (
            facts.provider_licensed_until is None
            or facts.period_to <= facts.provider_licensed_until
        )
    )
    if not licensed:
        violations.append(
            _v(
                VoucherCode.VOUCHER_PROVIDER_NOT_LICENSED,
                _(
                    "De zorgaanbieder is niet voor de hele periode %(from)s tot %(to)s door het "
                    "agentschap vergund. Alleen een vergunde zorgaanbieder of bijstandsorganisatie "
                    "wordt in voucher betaald; anders betaalt de budgethouder in cash."
                ),
                "provider",
                **day,
            )
        )
    violations += _contract_violations(facts, day)
    if facts.already_invoiced:
        violations.append(
            _v(
                VoucherCode.VOUCHER_LINE_DUPLICATE,
                _(
                    "Voor deze budgethouder en overeenkomst is de maand %(month)s al "
                    "gefactureerd. Factureer één lijn per budgethouder en maand."
                ),
                "contract",
                month=facts.month.strftime("%m/%Y"),
            )
        )
    return violations


def _contract_violations(facts: VoucherLineFacts, day: dict) -> list[Violation]:
    contract = facts.contract
    if contract is None:
        return [
            _v(
                VoucherCode.VOUCHER_CONTRACT_MISSING,
                _(
                    "Er is geen overeenkomst opgegeven of ze bestaat niet. Vermeld de "
                    "voucherovereenkomst van de budgethouder met uw organisatie."
                ),
                "contract",
            )
        ]
    if contract.budget_id != facts.budget_id:
        return [
            _v(
                VoucherCode.VOUCHER_CONTRACT_OTHER_BUDGET,
                _(
                    "Deze overeenkomst hoort bij een ander budget. Vermeld de overeenkomst van dit budget."
                ),
                "contract",
            )
        ]
    found: list[Violation] = []
    if not contract.approved:
        found.append(
            _v(
                VoucherCode.VOUCHER_CONTRACT_NOT_APPROVED,
                _(
                    "De overeenkomst is (nog) niet goedgekeurd door het agentschap. Kosten tellen "
                    "pas mee als de overeenkomst goedgekeurd is."
                ),
                "contract",
            )
        )
    if contract.payment_mode != VOUCHER:
        found.append(
            _v(
                VoucherCode.VOUCHER_CONTRACT_NOT_VOUCHER,
                _(
                    "Deze overeenkomst wordt in cash betaald: de budgethouder betaalt u en dient "
                    "de kosten zelf in. Factureer in voucher alleen op een voucherovereenkomst."
                ),
                "contract",
            )
        )
    if contract.provider_enterprise_number != facts.provider_enterprise_number:
        found.append(
            _v(
                VoucherCode.VOUCHER_CONTRACT_OTHER_PROVIDER,
                _(
                    "Deze overeenkomst is met een andere zorgaanbieder gesloten. Factureer alleen "
                    "op overeenkomsten met uw eigen organisatie."
                ),
                "contract",
            )
        )
    covers = contract.start <= facts.period_from and (
        contract.end is None or facts.period_to <= contract.end
    )
    if not covers:
        found.append(
            _v(
                VoucherCode.VOUCHER_OUTSIDE_CONTRACT,
                _(
                    "De periode %(from)s tot %(to)s valt niet volledig binnen de looptijd van de "
                    "overeenkomst (%(start)s tot %(end)s)."
                ),
                "period_from",
                start=format_day(contract.start),
                end=format_day(contract.end) if contract.end else "-",
                **day,
            )
        )
    return found


def _fit(amount: Decimal, room: VoucherRoom) -> tuple[VoucherLineDecision, VoucherRoom]:
    params = {
        "amount": format_eur(amount),
        "voucher": format_eur(max(room.voucher_left, ZERO)),
        "line": format_eur(max(room.line_left, ZERO)),
    }
    fits = max(ZERO, min(amount, room.voucher_left, room.line_left))
    after = replace(room, voucher_left=room.voucher_left - fits, line_left=room.line_left - fits)
    if fits == amount:
        return VoucherLineDecision(ACCEPTED, fits), after
    if fits == 0:
        violation = _v(
            VoucherCode.VOUCHER_PART_SPENT,
            _(
                "Van het voucherdeel van dit budget blijft niets over (voucherdeel %(voucher)s, "
                "budget %(line)s). De budgethouder kan het bedrag van %(amount)s niet in voucher "
                "laten betalen."
            ),
            "amount",
            **params,
        )
        return VoucherLineDecision(REFUSED, ZERO, (violation,)), after
    violation = _v(
        VoucherCode.VOUCHER_ABOVE_VOUCHER_PART,
        _(
            "Het bedrag van %(amount)s is hoger dan wat van het voucherdeel (%(voucher)s) en het "
            "budget (%(line)s) overblijft. Alleen het deel dat past wordt betaald; de rest niet."
        ),
        "amount",
        **params,
    )
    return VoucherLineDecision(PARTLY, fits, (violation,)), after


def judge_invoice(
    lines: Sequence[VoucherLineFacts], rooms: Mapping[int, VoucherRoom]
) -> tuple[list[VoucherLineDecision], dict[int, VoucherRoom]]:
    """Decide every line in order; the lines of one budget share its room (``rooms``: budget
    id -> room). Two lines of one budget and contract in the invoice: the second is a duplicate.
    Returns the decisions (same order) and the rooms after them."""
    rooms = dict(rooms)
    seen: set[tuple[int, int | None]] = set()
    decisions: list[VoucherLineDecision] = []
    for facts in lines:
        key = (facts.budget_id, facts.contract_id)
        if key in seen and not facts.already_invoiced:
            facts = replace(facts, already_invoiced=True)
        seen.add(key)
        violations = check_line(facts)
        if violations:
            decisions.append(VoucherLineDecision(REFUSED, ZERO, tuple(violations)))
            continue
        room = rooms.get(facts.budget_id, VoucherRoom(ZERO, ZERO))
        decision, rooms[facts.budget_id] = _fit(to_decimal(facts.amount), room)
        decisions.append(decision)
    return decisions, rooms
