"""manage.py correct_free_share: record that a PAB holder paid part of a year's free share back
to the budget account (R15, only with a refundable advance), through
``services.correct_free_share``; ``--dry-run`` goes the real path and rolls back. The same
``--key`` with the same correction says it was recorded already; with another correction it is
refused (exit status 1)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetlijn.freeshare import services
from budgetlijn.freeshare.management.commands._free_share_command import FreeShareCommand
from budgetlijn.rules.money import format_eur


class Command(FreeShareCommand):
    actor = "correct_free_share"
    help = (
        "Registreert dat een budgethouder met een PAB een deel van het vrij besteedbaar deel "
        "terugstortte op de budgetrekening (correctie, alleen met een terugvorderbaar voorschot)."
    )
    year_help = gettext_lazy("Het budgetjaar van het vrij besteedbaar deel.")
    amount_help = gettext_lazy("Het teruggestorte bedrag.")
    on_help = gettext_lazy("Teruggestort op (JJJJ-MM-DD; standaard vandaag).")
    dry_run_help = gettext_lazy("Toon wat geboekt zou worden zonder iets op te slaan.")

    def run(self, fields, on) -> str:
        key = fields["idempotency_key"]
        replay = key is not None and services.correction_recorded(key.strip())
        correction = services.correct_free_share(
            corrected_on=on or timezone.localdate(),  # a later day: the service refuses
            **fields,
        )
        if replay:
            return _(
                "%(correction)s was al geregistreerd met deze sleutel; niets opnieuw geboekt."
            ) % {"correction": correction}
        return _(
            "%(correction)s geboekt: het budget heeft %(amount)s meer ruimte, het "
            "voorschot is %(amount)s hoger."
        ) % {"correction": correction, "amount": format_eur(correction.amount)}
