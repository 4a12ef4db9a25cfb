"""The CSV layout of a voucher invoice (one line per holder and month), read for the command
and the admin: columns ``budget;overeenkomst;van;tot;bedrag;omschrijving``, dates JJJJ-MM-DD,
amounts with a decimal point or comma."""

import argparse
import csv
import io
import re
from datetime import date

from django.utils.translation import gettext as _


class CsvError(ValueError):
    """The file is not in the layout (a Dutch message)."""


# an amount as written in the file: digits, at most two decimals after a point or a comma, a
# minus sign for a credit; no exponent, no thousands separator
_PLAIN_AMOUNT = re.compile(r"^-?\d+(?:[.,]\d{1,2})?$")

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


def decode(content: bytes) -> str:
    """The text of an uploaded or read file in UTF-8 (a byte-order mark is dropped); anything
    else (a spreadsheet, a PDF, another encoding) is a Dutch ``CsvError``."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError(
            _(
                "Het bestand is geen CSV-bestand in UTF-8. Bewaar het als CSV (UTF-8, "
                "puntkomma als scheidingsteken) en probeer opnieuw."
            )
        ) from None


def _amount(raw: str | None, line_no: int) -> str:
    text = (raw or "").strip().replace(" ", "")
    if text and not _PLAIN_AMOUNT.match(text):
        raise CsvError(
            _(
                "Lijn %(line)s, kolom bedrag: '%(raw)s' is geen geldig bedrag. Schrijf het bedrag "
                "in euro zonder scheidingsteken voor duizendtallen, bv. 1250,50."
            )
            % {"line": line_no, "raw": raw}
        )
    return text.replace(",", ".")


def read_lines(text: str) -> list[dict]:
    if "\x00" in text:
        raise CsvError(_("Het bestand bevat binaire tekens: het is geen CSV-bestand."))
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    try:
        fieldnames = reader.fieldnames or []
        rows = list(reader)
    except csv.Error as exc:
        raise CsvError(
            _("Het bestand is geen geldig CSV-bestand (%(error)s).") % {"error": exc}
        ) from None
    missing = [c for c in COLUMNS[:5] if c not in fieldnames]
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
            "amount": _amount(row["bedrag"], number),
            "description": row.get("omschrijving") or "",
        }
        for number, row in enumerate(rows, start=1)
    ]
