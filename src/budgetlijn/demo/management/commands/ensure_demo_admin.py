"""Create (once) the local administrator account for the demo and print its login."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Maakt de beheerder voor de demo aan (alleen met DEBUG aan) en toont de login."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Alleen voor de demo: zet DEBUG aan (make demo doet dat).")
        username = os.environ.get("DEMO_ADMIN_USER", "beheerder")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "budgetlijn-demo")
        User = get_user_model()
        user, _created = User.objects.get_or_create(username=username)
        # Demo only (DEBUG on, loopback): the printed login must always work.
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write("")
        self.stdout.write("Budgetlijn draait op http://127.0.0.1:8000/")
        self.stdout.write("  beheer voor het agentschap: http://127.0.0.1:8000/admin/")
        self.stdout.write("  statistieken:               http://127.0.0.1:8000/statistieken/")
        self.stdout.write("  API-documentatie:           http://127.0.0.1:8000/api/docs/")
        self.stdout.write(f"  gebruikersnaam: {username}")
        self.stdout.write(f"  wachtwoord:     {password}")
        self.stdout.write("")
