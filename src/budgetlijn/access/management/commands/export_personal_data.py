"""manage.py export_personal_data --person ID --by USER --out FILE: everything Budgetlijn holds
about one person, as JSON (a GDPR access request answered by the agency;
``access.personal_data``). The export is recorded in the audit trail with the user who made it;
that user needs the permission ``access.export_personal_data`` (the Intake group has it)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from budgetlijn.access.personal_data import EXPORT_PERMISSION, export_personal_data
from budgetlijn.dossiers.models import Person


class Command(BaseCommand):
    help = str(
        gettext_lazy(
            "Exporteert alle gegevens van één persoon als JSON (inzageverzoek, AVG); de export "
            "komt in de audittrail."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("--person", type=int, required=True, help="id van de persoon")
        parser.add_argument(
            "--by", required=True, help="gebruikersnaam van wie exporteert (met het recht)"
        )
        parser.add_argument("--out", required=True, help="het bestand om te schrijven")

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["by"], is_active=True).first()
        if user is None:
            raise CommandError(
                gettext("--by: geen actieve gebruiker '%(name)s'. Geef een bestaande gebruiker.")
                % {"name": options["by"]}
            )
        if not user.has_perm(EXPORT_PERMISSION):
            raise CommandError(
                gettext(
                    "--by: %(name)s mag geen gegevens van personen exporteren. Vraag het recht "
                    "'Mag alle gegevens van een persoon exporteren' (groep Intake)."
                )
                % {"name": user.username}
            )
        person = Person.objects.filter(pk=options["person"]).first()
        if person is None:
            raise CommandError(
                gettext("--person: er is geen persoon met id %(id)s. Controleer het nummer.")
                % {"id": options["person"]}
            )
        out = Path(options["out"])
        if out.exists():
            raise CommandError(
                gettext("--out: %(path)s bestaat al. Kies een nieuw bestand.") % {"path": out}
            )
        if not out.parent.is_dir():
            raise CommandError(
                gettext("--out: de map %(path)s bestaat niet.") % {"path": out.parent}
            )
        data = export_personal_data(person, by=user)
        out.write_bytes(data)
        self.stdout.write(
            gettext("Gegevens van %(name)s geschreven naar %(path)s (%(size)d bytes).")
            % {"name": person.full_name, "path": out, "size": len(data)}
        )
