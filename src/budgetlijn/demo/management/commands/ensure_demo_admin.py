"""manage.py ensure_demo_admin [--port P] [--reset-password]: the demo's administrator and login.

The first time, it creates the administrator (``beheerder`` / ``budgetlijn-demo``, or
DEMO_ADMIN_USER / DEMO_ADMIN_PASSWORD) and prints the login. Run again (``make demo`` a second
time), it leaves an existing account alone: a demo that is in use keeps the password its user
chose; ``--reset-password`` sets the default password again (and makes the account an active
administrator again). The addresses it prints use ``--port``, the port ``make demo`` serves on.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from budgetlijn.demo.ports import HOST, port_number

DEFAULT_USER = "beheerder"
DEFAULT_PASSWORD = "budgetlijn-demo"  # noqa: S105 (the documented demo login, DEBUG only)
DEFAULT_PORT = 8000
TOTP_COMMAND = (
    "DJANGO_SETTINGS_MODULE=budgetlijn.conf.dev .venv/bin/python manage.py demo_totp_code"
)
RESET_COMMAND = (
    "DJANGO_SETTINGS_MODULE=budgetlijn.conf.dev .venv/bin/python manage.py ensure_demo_admin "
    "--reset-password"
)


class Command(BaseCommand):
    # argparse formats --help with % and cannot take a lazy string: the text, translated.
    help = str(
        gettext_lazy(
            "Maakt de beheerder voor de demo aan (alleen met DEBUG aan) en toont de login. Een "
            "bestaande beheerder houdt zijn wachtwoord, tenzij met --reset-password."
        )
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port",
            default=str(DEFAULT_PORT),
            help=gettext_lazy(
                "De poort waarop de demo draait (make demo PORT=...); standaard 8000."
            ),
        )
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help=gettext_lazy(
                "Zet het wachtwoord van een bestaande beheerder terug op het standaardwachtwoord."
            ),
        )

    def handle(self, *args, port: str, reset_password: bool, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(gettext("Alleen voor de demo: zet DEBUG aan (make demo doet dat)."))
        number = port_number(port)
        username = os.environ.get("DEMO_ADMIN_USER", DEFAULT_USER)
        password = os.environ.get("DEMO_ADMIN_PASSWORD", DEFAULT_PASSWORD)
        User = get_user_model()
        with transaction.atomic():
            user = User.objects.filter(username=username).first()
            created = user is None
            if created or reset_password:
                user = user or User(username=username)
                # Demo only (DEBUG on, loopback): the printed login must work.
                user.is_staff = user.is_superuser = user.is_active = True
                user.set_password(password)
                user.save()

        base = f"http://{HOST}:{number}"
        self.stdout.write("")
        self.stdout.write(gettext("Budgetlijn draait op %(url)s/") % {"url": base})
        self.stdout.write(gettext("  beheer voor het agentschap: %(url)s/admin/") % {"url": base})
        self.stdout.write(
            gettext("  statistieken:               %(url)s/statistieken/") % {"url": base}
        )
        self.stdout.write(
            gettext("  API-documentatie:           %(url)s/api/docs/") % {"url": base}
        )
        self.stdout.write(gettext("  gebruikersnaam: %(user)s") % {"user": username})
        if created or reset_password:
            self.stdout.write(gettext("  wachtwoord:     %(password)s") % {"password": password})
            if reset_password and not created:
                self.stdout.write(
                    gettext("  (het wachtwoord werd teruggezet op het standaardwachtwoord)")
                )
        else:
            self.stdout.write(
                gettext(
                    "  wachtwoord:     ongewijzigd: deze beheerder bestond al en houdt zijn "
                    "wachtwoord (bij de eerste aanmaak: %(password)s)."
                )
                % {"password": password}
            )
            self.stdout.write(
                gettext("  Wachtwoord terugzetten op %(password)s: %(command)s")
                % {"password": password, "command": RESET_COMMAND}
            )
            if not (user.is_active and user.is_staff and user.is_superuser):
                self.stdout.write(
                    gettext(
                        "  Let op: deze gebruiker is geen actieve beheerder en kan het beheer "
                        "niet openen; --reset-password maakt hem opnieuw beheerder."
                    )
                )
        self.stdout.write(
            gettext(
                "  tweede stap: koppel een authenticator-app met de QR-code na het aanmelden, of "
                "toon de code zonder app: %(command)s"
            )
            % {"command": TOTP_COMMAND}
        )
        self.stdout.write("")
