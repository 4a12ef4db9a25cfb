"""The CSV layout of a voucher invoice (one line per holder and month), read for the command
and the admin: columns ``budget;overeenkomst;van;tot;bedrag;omschrijving``, dates JJJJ-MM-DD,
amounts with a decimal point or comma."""

import argparse
import csv
import io
from datetime import date

from django.utils.translation import gettext as _


class CsvError(ValueError):
    """The file is not in the layout (a Dutch message)."""


COLUMNS = ("budget", "overeenkomst", "van", "tot", "bedrag", "omschrijving")


def month(raw: str) -> date:
    """A month written JJJJ-MM, for ``parser.add_argument(type=...)``."""
    try:
        year, number = raw.strip().split("-")
        return date(int(year), int(number), 1)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'%(raw)s' is geen geldige maand. Schrijf JJJJ-MM, bv. 2023-05.") % {"raw": raw}
        ) from None


def read_lines(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    missing = [c for c in COLUMNS[:5] if c not in (reader.fieldnames or [])]
    if missing:
        raise CsvError(
            _("Het bestand mist de kolom(men) %(columns)s. Verwacht: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ";".join(COLUMNS)}
        )
    return [
        {
            "budget_id": row["budget"],
            "contract_id": row["overeenkomst"],
            "period_from": row["van"],
            "period_to": row["tot"],
            "amount": (row["bedrag"] or "").replace(",", "."),
            "description": row.get("omschrijving") or "",
        }
        for row in reader
    ]
