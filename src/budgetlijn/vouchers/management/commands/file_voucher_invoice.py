"""manage.py file_voucher_invoice: file a provider's monthly voucher invoice from a CSV file
(columns ``budget;overeenkomst;van;tot;bedrag;omschrijving``, dates JJJJ-MM-DD, amounts with a
decimal point or comma) through ``services.file_voucher_invoice`` (R11). ``--dry-run`` decides
every line and keeps nothing."""

import csv
import io

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetlijn import cli
from budgetlijn.assistance.models import Organisation
from budgetlijn.rules.money import format_eur
from budgetlijn.vouchers import services

ACTOR = "file_voucher_invoice"
COLUMNS = ("budget", "overeenkomst", "van", "tot", "bedrag", "omschrijving")


def month(raw: str):
    import argparse
    from datetime import date

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
        raise CommandError(
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


class Command(BaseCommand):
    help = (
        "Dient de maandelijkse voucherfactuur van een vergunde zorgaanbieder of "
        "bijstandsorganisatie in uit een CSV-bestand en beslist elke lijn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--provider",
            required=True,
            help=gettext_lazy("Het ondernemingsnummer van de organisatie."),
        )
        parser.add_argument(
            "--month", type=month, required=True, help=gettext_lazy("De maand (JJJJ-MM).")
        )
        parser.add_argument(
            "--file", required=True, help=gettext_lazy("Het CSV-bestand met de lijnen.")
        )
        parser.add_argument(
            "--on", type=cli.day(), default=None, help=gettext_lazy("Ontvangen op (JJJJ-MM-DD).")
        )
        parser.add_argument(
            "--invoice-number",
            default="",
            help=gettext_lazy("Het factuurnummer van de organisatie."),
        )
        parser.add_argument(
            "--key", default=None, help=gettext_lazy("Een idempotentiesleutel (optioneel).")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("Beslis zonder iets op te slaan.")
        )

    def handle(
        self,
        *args,
        provider,
        month,
        file,
        on=None,
        invoice_number="",
        key=None,
        dry_run=False,
        **opts,
    ):
        number = "".join(ch for ch in provider if ch.isdigit())
        organisation = Organisation.objects.filter(enterprise_number=number).first()
        if organisation is None:
            raise CommandError(
                _("Er is geen organisatie met ondernemingsnummer %(number)s.")
                % {"number": provider}
            )
        try:
            with open(file, encoding="utf-8-sig") as handle:
                text = handle.read()
        except OSError as exc:
            raise CommandError(
                _("Het bestand %(file)s kan niet gelezen worden.") % {"file": file}
            ) from exc
        result = services.file_voucher_invoice(
            provider=organisation,
            month=month,
            lines=read_lines(text),
            filed_on=on or timezone.localdate(),
            by=ACTOR,
            idempotency_key=key,
            invoice_number=invoice_number,
            dry_run=dry_run,
        )
        if result.status == services.Status.INVALID:
            raise CommandError("\n".join(error.text() for error in result.errors))
        for line in result.lines:
            reasons = " ".join(v.text() for v in line.violations)
            self.stdout.write(
                _("lijn %(line)s: %(outcome)s, %(accepted)s aanvaard. %(reasons)s")
                % {
                    "line": line.line_no,
                    "outcome": line.outcome,
                    "accepted": format_eur(line.accepted),
                    "reasons": reasons,
                }
            )
        headline = {
            services.Status.FILED: _("Factuur ingediend: %(accepted)s aanvaard."),
            services.Status.EXISTS: _(
                "Deze factuur was al ingediend: niets opnieuw geboekt (%(accepted)s aanvaard)."
            ),
            services.Status.CHECKED: _(
                "Proef (niets opgeslagen): %(accepted)s zou aanvaard worden."
            ),
        }[result.status]
        self.stdout.write(headline % {"accepted": format_eur(result.accepted)})
