"""manage.py ensure_demo_holders [--port P] [--reset-password]: demo accounts for the portal.

A few budget holders (``budgethouder1``...) and one assistance organisation's staff member,
with the demo password (``budgethouder-demo``, or DEMO_HOLDER_PASSWORD), linked to dossiers of
the demo data; prints the logins. DEBUG only. A second run keeps passwords that were changed,
unless ``--reset-password``.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext, gettext_lazy

from budgetlijn.demo.holders import ensure_demo_holders
from budgetlijn.demo.ports import HOST, port_number

DEFAULT_PASSWORD = "budgethouder-demo"  # noqa: S105 (the documented demo login, DEBUG only)


class Command(BaseCommand):
    help = str(
        gettext_lazy(
            "Maakt demo-accounts voor het portaal (budgethouders en een medewerker van een "
            "bijstandsorganisatie, alleen met DEBUG aan) en toont de logins."
        )
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port",
            default="8000",
            help=gettext_lazy("De poort waarop de demo draait (make demo PORT=...)."),
        )
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help=gettext_lazy("Zet het wachtwoord van bestaande demo-accounts terug."),
        )

    def handle(self, *args, port: str, reset_password: bool, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(gettext("Alleen voor de demo: zet DEBUG aan (make demo doet dat)."))
        number = port_number(port)
        password = os.environ.get("DEMO_HOLDER_PASSWORD", DEFAULT_PASSWORD)
        logins = ensure_demo_holders(password, reset_password=reset_password)
        if not logins:
            self.stdout.write(gettext("Geen demo-budgethouders: laad eerst de demo (load_demo)."))
            return
        url = f"http://{HOST}:{number}/accounts/login/?next=/mijn/"
        self.stdout.write(gettext("Het portaal voor budgethouders: %(url)s") % {"url": url})
        self.stdout.write(gettext("  wachtwoord:     %(password)s") % {"password": password})
        for login in logins:
            kept = "" if login.password_set else gettext(" (eigen wachtwoord behouden)")
            self.stdout.write(f"  {login.username:<28} {login.name}: {login.what}{kept}")
        self.stdout.write("")
