"""Argument types for the management commands, on the ground floor (every app's commands use
them): a number or a date that does not parse gives a Dutch message saying what to type,
instead of argparse's English "invalid int value" (or a traceback). argparse itself puts the
option's name in front: "argument --days: 'abc' is geen geldig getal. ..."."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext


def integer(minimum: int | None = None, maximum: int | None = None) -> Callable[[str], int]:
    """A whole number, from ``minimum`` to ``maximum`` where given, for
    ``parser.add_argument(type=...)``."""

    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            value = None
        low_ok = value is not None and (minimum is None or value >= minimum)
        if low_ok and (maximum is None or value <= maximum):
            return value
        if minimum is not None and maximum is not None:
            message = gettext(
                "'%(raw)s' is geen geldig getal. Geef een geheel getal van %(min)s tot en met "
                "%(max)s."
            )
        elif minimum is not None:
            message = gettext(
                "'%(raw)s' is geen geldig getal. Geef een geheel getal van %(min)s of meer."
            )
        else:
            message = gettext("'%(raw)s' is geen geheel getal. Geef cijfers, zonder punt of komma.")
        raise argparse.ArgumentTypeError(message % {"raw": raw, "min": minimum, "max": maximum})

    return parse


def day() -> Callable[[str], date]:
    """A date written JJJJ-MM-DD, for ``parser.add_argument(type=...)``."""

    def parse(raw: str) -> date:
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                gettext("'%(raw)s' is geen geldige datum. Schrijf JJJJ-MM-DD, bv. 2026-11-23.")
                % {"raw": raw}
            ) from None

    return parse


_PLAIN_AMOUNT = re.compile(r"^\d+(?:[.,]\d{1,2})?$")


def amount() -> Callable[[str], Decimal]:
    """A positive amount in euro as a person writes it (``125``, ``125,50`` or ``125.50``), for
    ``parser.add_argument(type=...)``: no exponent (``1e3``), no NaN, no thousands separator, no
    sign, at most two decimals."""

    def parse(raw: str) -> Decimal:
        text = raw.strip().replace(" ", "")
        if _PLAIN_AMOUNT.match(text):
            value = Decimal(text.replace(",", "."))
            if value > 0:
                return value
        raise argparse.ArgumentTypeError(
            gettext(
                "'%(raw)s' is geen geldig bedrag. Geef een bedrag in euro groter dan nul, met "
                "hoogstens twee cijfers na de komma en zonder scheidingsteken voor duizendtallen, "
                "bv. 1250,50."
            )
            % {"raw": raw}
        )

    return parse


def not_after_today(parsed: date | None, option: str) -> date:
    """The day given for ``option``, or today when none was given; a day after today is refused
    with a Dutch message naming the option (raise it as a ``CommandError``)."""
    today = timezone.localdate()
    if parsed is None:
        return today
    if parsed > today:
        raise CommandError(
            gettext("%(option)s: %(day)s ligt na vandaag. Kies vandaag of een vroegere dag.")
            % {"option": option, "day": parsed.isoformat()}
        )
    return parsed
