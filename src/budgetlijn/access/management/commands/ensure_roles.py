"""manage.py ensure_roles: the agency's groups, the inspectors and the analysts, each with
exactly its permissions (``access.roles.ensure_roles``; idempotent). The data migration does
this once; run it again after a flush or when an administrator changed a group by hand."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from budgetlijn.access.roles import ensure_roles


class Command(BaseCommand):
    # argparse formats --help with % and cannot take a lazy string: the text, translated.
    help = str(
        gettext_lazy(
            "Zet de groepen (Intake, Contractgoedkeuring, Kostennazicht, Betalingen, "
            "Inspecteurs, Analisten) met precies hun rechten; opnieuw uitvoeren kan altijd."
        )
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            groups = ensure_roles()
        for name, group in sorted(groups.items()):
            self.stdout.write(
                gettext("%(name)s: %(count)d rechten")
                % {"name": name, "count": group.permissions.count()}
            )
