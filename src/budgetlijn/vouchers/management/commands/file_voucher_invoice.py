"""manage.py file_voucher_invoice: file a provider's monthly voucher invoice from a CSV file
(columns ``budget;overeenkomst;van;tot;bedrag;omschrijving``, dates JJJJ-MM-DD, amounts with a
decimal point or comma) through ``services.file_voucher_invoice`` (R11). ``--dry-run`` decides
every line and keeps nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetlijn import cli
from budgetlijn.assistance.models import Organisation
from budgetlijn.rules.money import format_eur
from budgetlijn.vouchers import services
from budgetlijn.vouchers.csvfile import CsvError, decode, month, read_lines

ACTOR = "file_voucher_invoice"


def _lines(text: str) -> list[dict]:
    try:
        return read_lines(text)
    except CsvError as exc:
        raise CommandError(f"--file: {exc}") from None


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
        filed_on = cli.not_after_today(on, "--on")
        if month > filed_on.replace(day=1):
            raise CommandError(
                _(
                    "--month: %(month)s ligt na de maand waarin de factuur ontvangen werd. "
                    "Een voucherfactuur volgt op de maand: kies die maand of een vroegere."
                )
                % {"month": f"{month:%Y-%m}"}
            )
        try:
            with open(file, "rb") as handle:
                content = handle.read()
        except OSError as exc:
            raise CommandError(
                _("--file: het bestand %(file)s kan niet gelezen worden (%(error)s).")
                % {"file": file, "error": exc.strerror or exc}
            ) from None
        try:
            text = decode(content)
        except CsvError as exc:
            raise CommandError(f"--file: {exc}") from None
        result = services.file_voucher_invoice(
            provider=organisation,
            month=month,
            lines=_lines(text),
            filed_on=filed_on,
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
