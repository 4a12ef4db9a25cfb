"""R15: the PAB free share (seed 002 'Vrij besteedbaar deel'; seed 003 §7.2).

At most ``pab.free_share.rate`` (5 %) of the yearly budget before reductions (by combinations
such as an MFC: the category's amount, not the reduced allocation), pro rata by month in force
(start on 1 March: 10/12). Asked in one or more parts from 1 January of the budget year until
1 April of the next year (``pab.free_share.request_deadline_months``) while budget remains,
by the holder or a mandated assistance organisation (or the agency, on paper). Paid within
``pab.free_share.payment_days`` (30) of the request. A correction (paying part of it back to
the budget account, so it can be used for care again) only when the holder has a refundable
advance (spends in cash).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from budgetlijn.rules import parameters
from budgetlijn.rules.budget_year import share_by_month
from budgetlijn.rules.codes import FreeShareCode
from budgetlijn.rules.money import ZERO, format_eur, to_decimal
from budgetlijn.rules.payments.free_share import FreeShareAsk, FreeShareDecision, decide
from budgetlijn.rules.payments.free_share import request_window as _window
from budgetlijn.rules.violations import Violation, _

RULE = "R15"

HOLDER, ASSISTANCE_ORGANISATION, AGENCY = "HOLDER", "ASSISTANCE_ORGANISATION", "AGENCY"
ASKERS = frozenset({HOLDER, ASSISTANCE_ORGANISATION, AGENCY})

__all__ = [
    "ASKERS",
    "RULE",
    "check_asker",
    "check_correction",
    "decide_pab",
    "limit",
    "pay_by",
    "request_window",
    "yearly_share",
]


def yearly_share(
    yearly_amount_before_reductions: Decimal, on: date, rate_name: str = "pab.free_share.rate"
) -> Decimal:
    """The full-year free share: the rate times the yearly budget before reductions (not
    rounded here: ``limit`` rounds once, cumulatively)."""
    return to_decimal(yearly_amount_before_reductions) * parameters.value(rate_name, on)


def limit(
    yearly_amounts_by_month: Mapping[int, Decimal],
    year: int,
    rate_name: str = "pab.free_share.rate",
) -> Decimal:
    """The free share of ``year``: month -> yearly budget before reductions in force in that
    month, for the months in force; each at the rate, pro rata with cumulative rounding."""
    day = date(year, 1, 1)
    return share_by_month(
        {
            month: yearly_share(amount, day, rate_name)
            for month, amount in yearly_amounts_by_month.items()
        }
    )


def request_window(year: int) -> tuple[date, date]:
    """1 January of ``year`` to 1 April of the next year (both included)."""
    months = parameters.value("pab.free_share.request_deadline_months", date(year, 1, 1))
    return _window(year, months)


def pay_by(asked_on: date) -> date:
    """The last day to pay a part asked on ``asked_on`` (within 30 days of the request)."""
    return asked_on + timedelta(days=int(parameters.value("pab.free_share.payment_days", asked_on)))


def check_asker(role: str, *, mandate_with_right: bool = False) -> list[Violation]:
    """Who may ask: the holder, the agency (a paper request), or an assistance organisation
    with a mandate that gives the right to ask the free share."""
    if role in (HOLDER, AGENCY) or (role == ASSISTANCE_ORGANISATION and mandate_with_right):
        return []
    return [
        Violation(
            RULE,
            FreeShareCode.FREE_SHARE_ASKER_NOT_ALLOWED,
            _(
                "Het vrij besteedbaar deel wordt aangevraagd door de budgethouder, of door een "
                "bijstandsorganisatie met een volmacht die dat toelaat."
            ),
            "role",
        )
    ]


def decide_pab(
    *,
    year: int,
    amount: Decimal,
    asked_on: date,
    limit: Decimal,
    granted: Decimal,
    line_left: Decimal,
    in_force_from: date | None = None,
) -> FreeShareDecision:
    return decide(
        FreeShareAsk(
            rule_id=RULE,
            year=year,
            amount=amount,
            asked_on=asked_on,
            limit=limit,
            granted=granted,
            line_left=line_left,
            window=request_window(year),
            in_force_from=in_force_from,
        )
    )


def check_correction(
    *, amount: Decimal, paid: Decimal, advance_outstanding: Decimal
) -> list[Violation]:
    """A correction pays ``amount`` of the free share back to the budget account: only with a
    refundable advance outstanding (cash spending), and at most what was paid."""
    amount = to_decimal(amount)
    if amount <= 0:
        return [
            Violation(
                RULE,
                FreeShareCode.FREE_SHARE_AMOUNT_NOT_POSITIVE,
                _("Vul een bedrag groter dan 0 in."),
                "amount",
            )
        ]
    if advance_outstanding <= 0:
        return [
            Violation(
                RULE,
                FreeShareCode.FREE_SHARE_CORRECTION_WITHOUT_ADVANCE,
                _(
                    "Een correctie op het vrij besteedbaar deel kan alleen wie een terugvorderbaar "
                    "voorschot heeft (cashbesteding). Dit budget heeft geen voorschot."
                ),
                "amount",
            )
        ]
    if amount > paid:
        return [
            Violation(
                RULE,
                FreeShareCode.FREE_SHARE_CORRECTION_ABOVE_PAID,
                _(
                    "De correctie (%(amount)s) is groter dan het uitbetaalde vrij besteedbaar "
                    "deel (%(paid)s). Corrigeer hoogstens %(paid)s."
                ),
                "amount",
                {"amount": format_eur(amount), "paid": format_eur(max(paid, ZERO))},
            )
        ]
    return []
