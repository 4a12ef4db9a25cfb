"""manage.py demo_totp_code [--user NAME]: the current two-factor code of a demo staff user.

Agency staff sign in with a password and then a six-digit code from an authenticator app
(``security.two_factor``). Someone trying the demo without such an app on hand runs this
command instead: it prints the code the user's app would show now, for the device linked to the
account or, while linking, the one the set-up page shows as a QR code. It refuses to run
without DEBUG (a real server never prints a second factor) and for a user who is not staff.
It reads the device and changes nothing: the code is checked and used as the app's would be.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext, gettext_lazy
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from budgetlijn.demo.management.commands.ensure_demo_admin import DEFAULT_USER


def current_code(device: TOTPDevice, now: float | None = None) -> str:
    """The code ``device`` accepts at ``now`` (seconds since the epoch; default: now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if now is None else now
    return f"{totp.token():0{device.digits}d}"


class Command(BaseCommand):
    help = str(
        gettext_lazy(
            "Toont de huidige code van de tweestapsverificatie van een medewerker in de demo "
            "(alleen met DEBUG aan), voor wie geen authenticator-app bij de hand heeft."
        )
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--user",
            default=DEFAULT_USER,
            help=gettext_lazy("De gebruikersnaam van de medewerker; standaard beheerder."),
        )

    def handle(self, *args, user: str, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(gettext("Alleen voor de demo: zet DEBUG aan (make demo doet dat)."))
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(
                gettext("Er is geen gebruiker '%(user)s'. Geef een bestaande gebruikersnaam.")
                % {"user": user}
            )
        if not (account.is_staff or account.is_superuser):
            raise CommandError(
                gettext(
                    "%(user)s is geen medewerker van het agentschap en meldt zich aan zonder "
                    "tweede code."
                )
                % {"user": user}
            )
        devices = TOTPDevice.objects.filter(user=account).order_by("-confirmed", "pk")
        device = devices.first()
        if device is None:
            raise CommandError(
                gettext(
                    "%(user)s heeft nog geen authenticator-app gekoppeld. Meld u eerst aan met "
                    "het wachtwoord: de pagina om een app te koppelen maakt de sleutel aan. Vraag "
                    "daarna de code opnieuw op."
                )
                % {"user": user}
            )
        self.stdout.write(
            gettext(
                "Code voor %(user)s: %(code)s (geldig tot de volgende code, hoogstens "
                "%(step)s seconden)."
            )
            % {"user": user, "code": current_code(device), "step": device.step}
        )
