"""Date arithmetic for deadlines (pure)."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when that day does not exist."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def years_between(birth: date, day: date) -> int:
    """Completed years from ``birth`` to ``day`` (an age)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def format_day(day: date) -> str:
    """A day as a Belgian reader writes it in a message: 07/03/2023."""
    return day.strftime("%d/%m/%Y")
