"""Short-term support bought with a PAB (R21): caps per calendar year, as dated parameters.

Two regimes, both right for their dates (DOMAIN.md, R21):

- seed 003 (guideline, version 12 March 2021; in the files from 2017-01-01 by convention): at
  most 92 days a calendar year of short stay at an MFC, short-term day or residential support
  at a licensed provider, day support at a green care initiative, day support or short stay at
  a parent initiative, all together; and at most "36 mobile or 51 ambulant" sessions at a
  licensed provider or MFC. Budgetlijn reads the latter as ONE envelope in two units: a mobile
  session uses 1/36 of it and an ambulant one 1/51 (20 mobile leave room for 22 ambulant). The
  word "of" (or) gives one limit, not two that add up to 87.
- seed 002 (2023; in the files from 2023-01-01, an assumption: the page gives no start date):
  at most 155 days and/or nights together, and at most 104 sessions (ambulant, mobile or group)
  together; from 2023-07-09 also at WVG organisations and foreign facilities.

Each counter belongs, on a given day, to the first of its pools that has a cap in force:
DAYS and NIGHTS to DAYS_NIGHTS; MOBILE to MOBILE (until 2022) or SESSIONS (from 2023);
AMBULANT to AMBULANT or SESSIONS; GROUP to SESSIONS only (group sessions have no cap, so are
not possible, before 2023). Pools with the same envelope share one limit: the sum of
quantity / cap over their usages is at most 1. The cap in force on the day of the new support
applies, and all the usages of the same calendar year count, across all the contracts of the
budget (the caller passes them all). Fractions are exact (``fractions.Fraction``), never float.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules import parameters
from budgetlijn.rules.codes import ShortTermCode
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.money import to_decimal
from budgetlijn.rules.violations import Violation, _

__all__ = [
    "COUNTER_POOLS",
    "Usage",
    "caps_on",
    "check_provider",
    "check_short_term",
    "check_usage",
    "pool_of",
    "provider_allowed",
    "short_term_provider_kinds",
]

CAP_PARAMETER = "contracts.short_term.cap.%s"
PROVIDER_PARAMETER = "contracts.short_term.provider_allowed.%s"
# Each counter's pools, in order: on a day, the first with a cap in force counts it.
COUNTER_POOLS: dict[str, tuple[str, ...]] = {
    "DAYS": ("DAYS_NIGHTS",),
    "NIGHTS": ("DAYS_NIGHTS",),
    "MOBILE": ("MOBILE", "SESSIONS"),
    "AMBULANT": ("AMBULANT", "SESSIONS"),
    "GROUP": ("SESSIONS",),
}
POOLS = ("DAYS_NIGHTS", "MOBILE", "AMBULANT", "SESSIONS")
# Pools that share one limit.
ENVELOPES = {
    "DAYS_NIGHTS": "DAYS_NIGHTS",
    "MOBILE": "MOBILE_AMBULANT",
    "AMBULANT": "MOBILE_AMBULANT",
    "SESSIONS": "SESSIONS",
}
COUNTER_LABELS = {
    "DAYS": _("dagen"),
    "NIGHTS": _("nachten"),
    "MOBILE": _("mobiele begeleidingen"),
    "AMBULANT": _("ambulante begeleidingen"),
    "GROUP": _("groepsbegeleidingen"),
}


@dataclass(frozen=True)
class Usage:
    """Short-term support used (or to be used) on a day: so many days, nights or sessions."""

    on: date
    counter: str  # DAYS, NIGHTS, MOBILE, AMBULANT or GROUP
    quantity: Decimal


def _number(value: Decimal | Fraction, whole: bool) -> str:
    """A quantity for a message: rounded down (to a whole or to 0,01), Belgian notation."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    value = value.quantize(Decimal(1) if whole else Decimal("0.01"), rounding=ROUND_DOWN)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def caps_on(on: date) -> dict[str, Decimal]:
    """The caps in force on that day, by pool (DAYS_NIGHTS, MOBILE, AMBULANT, SESSIONS)."""
    caps: dict[str, Decimal] = {}
    for pool in POOLS:
        try:
            caps[pool] = parameters.value(CAP_PARAMETER % pool, on)
        except parameters.ParameterMissing:
            continue
    return caps


def pool_of(counter: str, on: date) -> str | None:
    """The pool that counts this counter on that day, None when none has a cap in force."""
    caps = caps_on(on)
    for pool in COUNTER_POOLS.get(counter, ()):
        if pool in caps:
            return pool
    return None


def short_term_provider_kinds() -> frozenset[str]:
    """Provider kinds of the short-term contract types (whatever the day)."""
    kinds: set[str] = set()
    for t in ct.contract_types():
        if t.is_short_term:
            kinds |= t.provider_kinds
    return frozenset(kinds)


def provider_allowed(provider_kind: str, on: date) -> bool:
    """Whether short-term support at this kind of provider can be paid on that day.

    A provider kind with a parameter ``contracts.short_term.provider_allowed.<kind>`` is
    allowed only while it is 1 (WVG organisations and foreign facilities: from 2023-07-09)."""
    if provider_kind not in short_term_provider_kinds():
        return False
    name = PROVIDER_PARAMETER % provider_kind
    if name not in parameters.names():
        return True
    try:
        return parameters.value(name, on) == 1
    except parameters.ParameterMissing:
        return False


def _allowed_from(provider_kind: str, on: date) -> date | None:
    """The first day after ``on`` from which the provider kind is allowed, if one is known."""
    name = PROVIDER_PARAMETER % provider_kind
    if name not in parameters.names():
        return None
    later = [v for v in parameters.history(name) if v.valid_from > on and v.value == 1]
    return later[0].valid_from if later else None


def check_provider(provider_kind: str, on: date) -> list[Violation]:
    """R21: short-term support at this kind of provider on that day."""
    if provider_allowed(provider_kind, on):
        return []
    labels = ct.provider_kinds()
    label = labels.get(provider_kind, provider_kind)
    allowed_from = _allowed_from(provider_kind, on)
    if allowed_from is not None:
        return [
            Violation(
                "R21",
                ShortTermCode.SHORT_TERM_PROVIDER_NOT_YET_ALLOWED,
                _(
                    "Kortdurende ondersteuning bij een %(provider)s kan met een PAB pas vanaf "
                    "%(from)s; de ondersteuning valt op %(day)s. Kies een andere zorgaanbieder of "
                    "een latere datum."
                ),
                "provider_kind",
                {
                    "provider": label.lower(),
                    "from": format_day(allowed_from),
                    "day": format_day(on),
                },
            )
        ]
    allowed = sorted(k for k in short_term_provider_kinds() if provider_allowed(k, on))
    return [
        Violation(
            "R21",
            ShortTermCode.SHORT_TERM_PROVIDER_NOT_ALLOWED,
            _(
                "Kortdurende ondersteuning kan op %(day)s alleen bij: %(allowed)s. Kies een van die "
                "zorgaanbieders."
            ),
            "provider_kind",
            {"day": format_day(on), "allowed": "; ".join(labels[k] for k in allowed)},
        )
    ]


def check_usage(
    *,
    approved: bool,
    type_code: str,
    on: date,
    start: date | None,
    end: date | None,
    quantity: object,
) -> list[Violation]:
    """R19/R21: short-term support can be recorded on ``on`` under this contract: an approved
    short-term contract running that day, and a quantity that is a number (Decimal, never a
    float). ``check_short_term`` then checks the counter and the caps."""
    out: list[Violation] = []
    if not approved:
        out.append(
            Violation(
                "R19",
                ShortTermCode.CONTRACT_NOT_APPROVED,
                _("Kortdurende ondersteuning telt pas onder een goedgekeurde overeenkomst."),
                "contract",
            )
        )
    try:
        t = ct.contract_type(type_code)
    except ct.UnknownContractType:
        t = None
    if t is None or t.short_term_counter is None:
        out.append(
            Violation(
                "R21",
                ShortTermCode.NOT_SHORT_TERM,
                _("Deze overeenkomst is geen overeenkomst voor kortdurende ondersteuning."),
                "contract",
            )
        )
    if (start is not None and on < start) or (end is not None and on > end):
        out.append(
            Violation(
                "R21",
                ShortTermCode.OUTSIDE_CONTRACT,
                _(
                    "De datum %(day)s valt buiten de looptijd van de overeenkomst. Vul bij "
                    "'datum' een dag binnen de looptijd in."
                ),
                "on",
                {"day": format_day(on)},
            )
        )
    try:
        to_decimal(quantity)
    except (TypeError, ValueError):
        out.append(
            Violation(
                "R21",
                ShortTermCode.SHORT_TERM_QUANTITY_NOT_A_NUMBER,
                _("Vul bij 'aantal' een getal in, bijvoorbeeld 1 of 0,5."),
                "quantity",
            )
        )
    return out


def check_short_term(
    existing: list[Usage],
    new: Usage,
    provider_kind: str,
    type_code: str | None = None,
) -> list[Violation]:
    """Violations of R21 when ``new`` is added to the ``existing`` usages of the budget.

    ``existing``: every short-term usage of the budget (all contracts, any year: only the
    calendar year of ``new.on`` counts). ``type_code``, when given, must be a short-term
    contract type that counts in ``new.counter``.
    """
    out: list[Violation] = []
    if new.counter not in COUNTER_POOLS:
        return [
            Violation(
                "R21",
                ShortTermCode.SHORT_TERM_COUNTER_UNKNOWN,
                _(
                    "Kies wat u telt: dagen, nachten, mobiele, ambulante of groepsbegeleidingen "
                    "(niet %(counter)s)."
                ),
                "counter",
                {"counter": new.counter},
            )
        ]
    quantity = to_decimal(new.quantity)
    if quantity <= 0:
        out.append(
            Violation(
                "R21",
                ShortTermCode.SHORT_TERM_QUANTITY_NOT_POSITIVE,
                _("Vul een aantal groter dan 0 in."),
                "quantity",
            )
        )
    if type_code is not None:
        out.extend(_check_type(type_code, new.counter))
    out.extend(check_provider(provider_kind, new.on))
    pool = pool_of(new.counter, new.on)
    if pool is None:
        out.append(
            Violation(
                "R21",
                ShortTermCode.SHORT_TERM_COUNTER_NOT_AVAILABLE,
                _(
                    "Voor %(counter)s is er op %(day)s geen maximum vastgesteld: die "
                    "kortdurende ondersteuning kon toen niet met een PAB ingekocht worden. "
                    "Controleer de datum of kies een andere vorm van ondersteuning."
                ),
                "counter",
                {"counter": COUNTER_LABELS[new.counter], "day": format_day(new.on)},
            )
        )
    if out:
        return out
    return _check_cap(existing, new, quantity, pool)


def _check_type(type_code: str, counter: str) -> list[Violation]:
    try:
        t = ct.contract_type(type_code)
    except ct.UnknownContractType:
        t = None
    if t is None or not t.is_short_term:
        return [
            Violation(
                "R21",
                ShortTermCode.NOT_A_SHORT_TERM_CONTRACT,
                _(
                    "Deze overeenkomst is geen overeenkomst voor kortdurende ondersteuning. "
                    "Registreer de dagen, nachten of begeleidingen bij de juiste overeenkomst."
                ),
                "type_code",
            )
        ]
    if counter in t.short_term_counters:
        return []
    return [
        Violation(
            "R21",
            ShortTermCode.SHORT_TERM_COUNTER_NOT_FOR_TYPE,
            _(
                "Bij deze overeenkomst telt u %(allowed)s, geen %(counter)s. Kies wat u telt, "
                "of de overeenkomst die erbij past."
            ),
            "counter",
            {
                "allowed": ", ".join(COUNTER_LABELS[c] for c in t.short_term_counters),
                "counter": COUNTER_LABELS[counter],
            },
        )
    ]


def _check_cap(existing: list[Usage], new: Usage, quantity: Decimal, pool: str) -> list[Violation]:
    caps = caps_on(new.on)
    envelope = ENVELOPES[pool]
    # The counters that share the envelope on the day of the new support, with their cap.
    members = {
        counter: caps[p]
        for counter in COUNTER_POOLS
        if (p := pool_of(counter, new.on)) is not None and ENVELOPES[p] == envelope
    }
    used: dict[str, Decimal] = {counter: Decimal(0) for counter in members}
    for usage in existing:
        if usage.on.year == new.on.year and usage.counter in members:
            used[usage.counter] += to_decimal(usage.quantity)
    share_used = sum((Fraction(used[c]) / Fraction(members[c]) for c in members), Fraction(0))
    share_new = Fraction(quantity) / Fraction(members[new.counter])
    if share_used + share_new <= 1:
        return []
    left = max(Fraction(0), 1 - share_used)
    whole = all(q == q.to_integral_value() for q in (*used.values(), quantity))
    year = new.on.year
    if envelope == "MOBILE_AMBULANT":
        message = _(
            "In %(year)s kan kortdurende begeleiding hoogstens %(cap_mobile)s mobiele of "
            "%(cap_ambulant)s ambulante begeleidingen per kalenderjaar zijn; een combinatie telt "
            "naar verhouding. Er zijn al %(used_mobile)s mobiele en %(used_ambulant)s ambulante "
            "gebruikt, dus er blijft nog ruimte voor %(left_mobile)s mobiele of %(left_ambulant)s "
            "ambulante. U registreert er %(asked)s: verminder het aantal."
        )
        params = {
            "year": year,
            "cap_mobile": _number(members["MOBILE"], True),
            "cap_ambulant": _number(members["AMBULANT"], True),
            "used_mobile": _number(used["MOBILE"], whole),
            "used_ambulant": _number(used["AMBULANT"], whole),
            "left_mobile": _number(left * Fraction(members["MOBILE"]), whole),
            "left_ambulant": _number(left * Fraction(members["AMBULANT"]), whole),
            "asked": _number(quantity, whole),
        }
    else:
        cap = members[new.counter]
        if envelope == "DAYS_NIGHTS":
            message = _(
                "Kortdurende dag- en woonondersteuning kan hoogstens %(cap)s dagen en nachten "
                "samen per kalenderjaar. In %(year)s zijn er al %(used)s gebruikt, er blijven er "
                "nog %(left)s over en u registreert er %(asked)s. Registreer er hoogstens "
                "%(left)s."
            )
        else:
            message = _(
                "Kortdurende begeleiding (ambulant, mobiel of in groep) kan hoogstens %(cap)s "
                "keer per kalenderjaar. In %(year)s zijn er al %(used)s gebruikt, er blijven er "
                "nog %(left)s over en u registreert er %(asked)s. Registreer er hoogstens "
                "%(left)s."
            )
        params = {
            "cap": _number(cap, True),
            "year": year,
            "used": _number(sum(used.values(), Decimal(0)), whole),
            "left": _number(left * Fraction(cap), whole),
            "asked": _number(quantity, whole),
        }
    return [Violation("R21", ShortTermCode.SHORT_TERM_CAP_EXCEEDED, message, "quantity", params)]
