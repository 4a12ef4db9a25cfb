"""manage.py import_costs FILE: check a cost file (Excel or CSV) as a whole and, with --book,
book it.

The check books nothing: it prints every bad row as "rij N, kolom X: reden" and how many lines
would be accepted, partly accepted, waiting or refused. ``--book`` books the file when it has no
bad row; ``--book --only-valid-rows`` books only the good rows. The same file twice books
nothing twice (``imports``: the booking is tied to the file's hash)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetlijn import cli
from budgetlijn.costs import imports
from budgetlijn.costs.constants import FiledByRole, Outcome
from budgetlijn.costs.fileformat import MAX_FILE_BYTES
from budgetlijn.rules.money import format_eur
from budgetlijn.rules.violations import RuleViolations

# Who the audit trail names for what this command does.
ACTOR = "import_costs"
ROLES = {
    "holder": FiledByRole.HOLDER,
    "budgethouder": FiledByRole.HOLDER,
    "organisation": FiledByRole.ASSISTANCE_ORGANISATION,
    "organisatie": FiledByRole.ASSISTANCE_ORGANISATION,
    "agency": FiledByRole.AGENCY,
    "agentschap": FiledByRole.AGENCY,
}


def role(raw: str) -> str:
    import argparse

    text = raw.strip()
    if text.upper() in FiledByRole.values:
        return text.upper()
    if text.lower() in ROLES:
        return ROLES[text.lower()]
    raise argparse.ArgumentTypeError(
        _("'%(raw)s' is geen rol. Kies budgethouder, organisatie of agentschap.") % {"raw": raw}
    )


def error_line(error: dict) -> str:
    row, column, message = error.get("row"), error.get("column"), error.get("message", "")
    if not row:
        return _("bestand: %(reason)s") % {"reason": message}
    if not column:
        return _("rij %(row)s: %(reason)s") % {"row": row, "reason": message}
    return _("rij %(row)s, kolom %(column)s: %(reason)s") % {
        "row": row,
        "column": column,
        "reason": message,
    }


class Command(BaseCommand):
    # A plain string: argparse cannot format a lazy description (--help).
    help = (
        "Kijkt een kostenbestand (.xlsx of .csv) na en toont elke foute rij; boekt het met --book."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND", help=gettext_lazy("Het kostenbestand."))
        parser.add_argument(
            "--role",
            type=role,
            default=FiledByRole.AGENCY,
            help=gettext_lazy("Wie indient: budgethouder, organisatie of agentschap (standaard)."),
        )
        parser.add_argument(
            "--organisation",
            default="",
            help=gettext_lazy("De naam van de bijstandsorganisatie die indient."),
        )
        parser.add_argument(
            "--filed-on",
            type=cli.day(),
            default=None,
            help=gettext_lazy(
                "De dag dat het agentschap het bestand ontving (JJJJ-MM-DD); standaard vandaag. "
                "Die dag bepaalt of de kosten op tijd zijn."
            ),
        )
        parser.add_argument(
            "--book", action="store_true", help=gettext_lazy("Boek het bestand na het nakijken.")
        )
        parser.add_argument(
            "--preview",
            action="store_true",
            help=gettext_lazy(
                "Beslis de goede rijen al als proef bij het nakijken (zonder te boeken)."
            ),
        )
        parser.add_argument(
            "--only-valid-rows",
            action="store_true",
            help=gettext_lazy("Boek alleen de rijen zonder fouten (met --book)."),
        )

    def handle(
        self,
        *args,
        file,
        role,
        organisation="",
        filed_on=None,
        book=False,
        only_valid_rows=False,
        preview=False,
        **opts,
    ):
        if filed_on is not None and filed_on > timezone.localdate():
            raise CommandError(
                _(
                    "--filed-on: de dag van ontvangst ligt na vandaag. Geef de dag dat het bestand toekwam."
                )
            )
        if only_valid_rows and not book:
            raise CommandError(_("--only-valid-rows hoort bij --book: geef beide om te boeken."))
        organisation = organisation.strip()
        if role == FiledByRole.ASSISTANCE_ORGANISATION and not organisation:
            raise CommandError(
                _('Geef de naam van de bijstandsorganisatie met --organisation "...".')
            )
        if len(organisation) > 200:
            raise CommandError(_("--organisation: hoogstens 200 tekens."))
        data, name = self.read(file)
        report = imports.check_file(
            data,
            name,
            by=ACTOR,
            role=role,
            organisation=organisation if role == FiledByRole.ASSISTANCE_ORGANISATION else "",
            filed_on=filed_on,
            preview=preview,
        )
        if report.already_booked:
            self.stdout.write(self.already(report))
            return
        self.print_report(report)
        if not book:
            self.stdout.write(
                _("Er is niets geboekt. Boek met --book (of --book --only-valid-rows).")
            )
            return
        if only_valid_rows and not report.cost_import.valid_row_count:
            raise CommandError(_("Geen enkele rij van het bestand is goed: er is niets te boeken."))
        if report.errors and not only_valid_rows:
            raise CommandError(
                _(
                    "Het bestand heeft %(count)s fouten; er is niets geboekt. Verbeter het bestand, "
                    "of boek alleen de goede rijen met --book --only-valid-rows."
                )
                % {"count": len(report.errors)}
            )
        try:
            booked = imports.book_file(
                report.cost_import, by=ACTOR, only_valid_rows=only_valid_rows, checked=report
            )
        except RuleViolations as refused:
            raise CommandError(" ".join(v.text() for v in refused.violations)) from None
        if booked.already_booked:
            self.stdout.write(self.already(booked))
            return
        self.stdout.write(
            _(
                "Geboekt: %(statements)s kostenstaten, %(accepted)s aanvaard, %(own)s ten laste van "
                "de budgethouder; %(skipped)s rijen met fouten niet geboekt."
            )
            % {
                "statements": booked.statements,
                "accepted": format_eur(booked.accepted),
                "own": format_eur(booked.own),
                "skipped": len({e["row"] for e in booked.errors if e.get("row")}),
            }
        )
        if booked.already_filed:
            self.stdout.write(imports.already_filed_text(booked.already_filed))

    def read(self, file: str) -> tuple[bytes, str]:
        path = Path(file)
        try:
            if not path.is_file():
                raise CommandError(
                    _("Het bestand %(file)s bestaat niet of is geen bestand.") % {"file": file}
                )
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(
                    _("Het bestand %(file)s is te groot (meer dan %(mb)s MB). Verdeel de kosten.")
                    % {"file": file, "mb": MAX_FILE_BYTES // (1024 * 1024)}
                )
            return path.read_bytes(), path.name
        except OSError as exc:
            raise CommandError(
                _("Het bestand %(file)s kan niet gelezen worden (%(why)s).")
                % {"file": file, "why": exc.strerror or exc.__class__.__name__}
            ) from None

    def already(self, report) -> str:
        moment = report.cost_import.booked_at
        when = f"{timezone.localtime(moment):%d/%m/%Y %H:%M}" if moment else "–"
        return _("Dit bestand werd al geboekt op %(when)s. Er werd niets opnieuw geboekt.") % {
            "when": when
        }

    def print_report(self, report) -> None:
        imported = report.cost_import
        self.stdout.write(
            _("%(name)s: %(rows)s rijen, waarvan %(good)s zonder fouten.")
            % {
                "name": imported.filename,
                "rows": imported.row_count,
                "good": imported.valid_row_count,
            }
        )
        for error in report.errors:
            self.stdout.write(error_line(error))
        if not report.previewed:
            return
        counts = ", ".join(
            f"{Outcome(outcome).label}: {count}" for outcome, count in report.outcomes.items()
        )
        self.stdout.write(
            _(
                "Beslissingen over de goede rijen: %(counts)s; %(accepted)s aanvaard, %(own)s ten laste van de budgethouder."
            )
            % {
                "counts": counts or "–",
                "accepted": format_eur(report.accepted),
                "own": format_eur(report.own),
            }
        )
