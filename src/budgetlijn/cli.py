"""Argument types for the management commands, on the ground floor (every app's commands use
them): a number or a date that does not parse gives a Dutch message saying what to type,
instead of argparse's English "invalid int value" (or a traceback). argparse itself puts the
option's name in front: "argument --days: 'abc' is geen geldig getal. ..."."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

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
