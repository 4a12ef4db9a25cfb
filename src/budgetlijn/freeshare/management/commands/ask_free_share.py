"""manage.py ask_free_share: record a free-share request the agency received (on paper) and
decide it through ``services.ask_free_share`` (R14, R15); ``--dry-run`` goes the real path and
rolls back, so it shows what would be granted. A year not opened yet is refused (exit status 1)
before anything is asked."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetlijn import cli
from budgetlijn.freeshare import services
from budgetlijn.freeshare.management.commands._free_share_command import FreeShareCommand
from budgetlijn.rules.money import format_eur


class Command(FreeShareCommand):
    actor = "ask_free_share"
    help = (
        "Registreert een aanvraag van het vrij besteedbaar deel die het agentschap ontving en "
        "beslist ze (binnen het vrij besteedbaar deel van het jaar en wat er van het budget "
        "overblijft)."
    )
    amount_help = gettext_lazy("Het gevraagde bedrag.")
    on_help = gettext_lazy("Ontvangen op (JJJJ-MM-DD; standaard vandaag).")
    dry_run_help = gettext_lazy("Toon de beslissing zonder iets op te slaan.")

    def run(self, fields, on) -> str:
        asked_on = cli.not_after_today(on, "--on")
        year = fields["year"]
        if not services.year_opened(fields["budget"], year):
            raise CommandError(
                _(
                    "Het budgetjaar %(year)s is nog niet geopend voor budget %(budget)s, dus er "
                    "is nog geen vrij besteedbaar deel van dat jaar. Open eerst het jaar "
                    "(manage.py open_budget_year --year %(year)s) en registreer de aanvraag "
                    "daarna opnieuw. Er is niets opgeslagen."
                )
                % {"year": year, "budget": fields["budget"].pk}
            )
        request = services.ask_free_share(asked_on=asked_on, **fields)
        line = _(
            "%(request)s: %(outcome)s, %(accepted)s toegekend (vrij besteedbaar deel van het jaar: %(limit)s)."
        ) % {
            "request": request,
            "outcome": request.get_outcome_display(),
            "accepted": format_eur(request.accepted_amount),
            "limit": format_eur(request.limit),
        }
        return f"{line} {request.message}" if request.message else line
