"""manage.py check_port PORT: is 127.0.0.1:PORT free for the demo server?

``make demo`` and ``make serve`` run it first, before they load anything or print an address:
when another program (often a demo started earlier) already listens there, the newcomer reads
which port is taken and how to choose another, instead of the address of someone else's server
followed by runserver's own error.
"""

import errno
import os

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext, gettext_lazy

from budgetlijn.demo.ports import HOST, bind_error, free_port_after, port_number


class Command(BaseCommand):
    # argparse formats --help with % and cannot take a lazy string: the text, translated.
    help = str(
        gettext_lazy(
            "Controleert of de poort op 127.0.0.1 vrij is voor de demoserver (make demo, make serve)."
        )
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("port", help=gettext_lazy("De poort, bv. 8000."))
        parser.add_argument(
            "--target",
            default="demo",
            choices=["demo", "serve"],
            help=gettext_lazy("Het make-doel dat in de raad genoemd wordt (demo of serve)."),
        )

    def handle(self, *args, port: str, target: str, **options) -> None:
        number = port_number(port)
        error = bind_error(number)
        if error is None:
            return
        suggestion = free_port_after(number) or number + 1
        if error != errno.EADDRINUSE:
            raise CommandError(
                gettext(
                    "Poort %(port)s kan niet gebruikt worden (%(reason)s). Kies een andere "
                    "poort met `make %(target)s PORT=%(free)s`."
                )
                % {
                    "port": number,
                    "reason": os.strerror(error),
                    "target": target,
                    "free": suggestion,
                }
            )
        raise CommandError(
            gettext(
                "Poort %(port)s is in gebruik: een ander programma (misschien een demo die al "
                "draait) luistert op http://%(host)s:%(port)s/. Er werd niets geladen of "
                "gestart. Kies een andere poort met `make %(target)s PORT=%(free)s`, of stop "
                "eerst het programma op poort %(port)s."
            )
            % {"port": number, "host": HOST, "target": target, "free": suggestion}
        )
