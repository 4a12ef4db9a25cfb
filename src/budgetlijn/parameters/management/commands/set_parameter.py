"""Add an administrator value to a parameter, e.g. next year's indexed amount.

    manage.py set_parameter pab.yearly_amount.I.1 --from 2025-01-01 --value 12500.00 \
        --reference "vaph.be, PAB-bedragen 2025"
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext

from budgetlijn import cli
from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.parameters import services
from budgetlijn.parameters.models import ParameterOverride
from budgetlijn.rules import parameters

# Model fields as the options that fill them, to name them in messages.
OPTION_OF_FIELD = {
    "name": "NAAM",
    "valid_from": "--from",
    "valid_until": "--until",
    "value": "--value",
    "reference": "--reference",
    "replaces": "--replaces",
    "__all__": "",
}


# Who the audit trail names for what this command does.
ACTOR = "set_parameter"


def booked_years(valid_from: date) -> list[int]:
    """Budget years already opened in the ledger that a value from ``valid_from`` overlaps
    (the year of ``valid_from`` and later): what was booked for them was computed without it."""
    entry = apps.get_model("ledger", "Entry")  # a higher app's model by string reference
    return sorted(
        set(
            entry.objects.filter(kind="ALLOCATION", year__gte=valid_from.year)
            .values_list("year", flat=True)
            .distinct()
        )
    )


def parse_day(raw: str, option: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            f"{option}: '{raw}' is geen geldige datum. Gebruik JJJJ-MM-DD, bv. 2025-01-01."
        ) from None


def parse_value(raw: str) -> Decimal:
    text = raw.strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or "e" in text.lower():
        raise CommandError(
            f"--value: '{raw}' is geen decimaal getal. Schrijf cijfers met een punt als "
            "decimaalteken, bv. 12500.00, en een percentage als fractie, bv. 0.05."
        )
    return number


class Command(BaseCommand):
    help = (
        "Voeg een waarde toe aan een parameter vanaf een datum (bv. de geïndexeerde bedragen "
        "van volgend jaar), zonder codewijziging. Ze geldt vanaf die datum boven de waarde uit "
        "de bestanden."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", metavar="NAAM", help="Naam van de parameter.")
        parser.add_argument(
            "--from", dest="valid_from", required=True, help="Geldig vanaf (JJJJ-MM-DD)."
        )
        parser.add_argument("--until", dest="valid_until", help="Geldig tot en met (JJJJ-MM-DD).")
        parser.add_argument(
            "--value", required=True, help="De waarde, met een punt als decimaalteken."
        )
        parser.add_argument(
            "--reference", required=True, help="De bron van het cijfer (verplicht)."
        )
        parser.add_argument(
            "--replaces",
            type=cli.integer(1),
            help="Nummer van een eerder ingevoerde waarde die deze verbetert (correctie).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Voeg de waarde toe ook al zijn er vanaf die datum al budgetjaren geboekt "
                "(die boekingen veranderen niet)."
            ),
        )

    def handle(
        self,
        *args,
        name,
        valid_from,
        value,
        reference,
        valid_until=None,
        replaces=None,
        force=False,
        **options,
    ):
        start = parse_day(valid_from, "--from")
        end = parse_day(valid_until, "--until") if valid_until else None
        number = parse_value(value)
        replaced = None
        if replaces is not None:
            replaced = ParameterOverride.objects.filter(pk=replaces).first()
            if replaced is None:
                raise CommandError(
                    f"--replaces: er is geen ingevoerde waarde met nummer {replaces}."
                )
        years = booked_years(start)
        warning = ""
        if years:
            warning = gettext(
                "Let op: budgetjaar %(years)s is al geboekt, en deze waarde geldt vanaf "
                "%(start)s. Wat geboekt is, verandert niet: een herberekening (zoals bij een "
                "stopzetting) boekt het verschil als aanpassing."
            ) % {"years": ", ".join(map(str, years)), "start": f"{start:%d/%m/%Y}"}
        try:
            with transaction.atomic():
                # Checked first (name, value, dates, reference): a value that cannot be added
                # is refused for what is wrong with it, not with a call for --force.
                override = services.add_override(
                    name=name,
                    valid_from=start,
                    valid_until=end,
                    value=number,
                    reference=reference,
                    replaces=replaced,
                    by=ACTOR,
                )
                if years and not force:  # rolls the value back
                    raise CommandError(
                        gettext(
                            "--from: %(warning)s Controleer de datum, of bevestig met --force. "
                            "Er is niets opgeslagen."
                        )
                        % {"warning": warning}
                    )
                if years:
                    record(
                        action=AuditEvent.Action.COMMAND,
                        obj=override,
                        summary=(
                            f"set_parameter --force: {override.name} vanaf {start:%d/%m/%Y} "
                            f"na geboekte budgetjaren {', '.join(map(str, years))}"
                        ),
                        actor=ACTOR,
                        details={"name": override.name, "booked_years": years, "forced": True},
                    )
        except ValidationError as exc:
            lines = []
            for field, messages in exc.message_dict.items():
                option = OPTION_OF_FIELD.get(field, field)
                for message in messages:
                    lines.append(f"{option}: {message}" if option else message)
            raise CommandError("\n".join(lines)) from exc
        if warning:
            self.stderr.write(warning)
        self.stdout.write(
            f"Toegevoegd (nummer {override.pk}): {override.name} = {override.value} "
            f"vanaf {start:%d/%m/%Y}" + (f" tot en met {end:%d/%m/%Y}" if end else "") + "."
        )
        current = parameters.entry(override.name, start)
        origin = "beheerder" if current.source == parameters.SOURCE_ADMIN else "bestand"
        self.stdout.write(
            f"Op {start:%d/%m/%Y} geldt nu: {current.value} {current.unit} ({origin}; "
            f"bron: {current.reference})."
        )
        self.stdout.write("Alle waarden van deze parameter:")
        for item in parameters.history(override.name):
            origin = "beheerder" if item.source == parameters.SOURCE_ADMIN else "bestand"
            until = f"{item.valid_until:%d/%m/%Y}" if item.valid_until else "…"
            self.stdout.write(
                f"  {item.valid_from:%d/%m/%Y} – {until}: {item.value} {item.unit} ({origin})"
            )
