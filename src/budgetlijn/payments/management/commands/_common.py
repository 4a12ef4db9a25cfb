"""What the payment commands share: a day, a user and a run from the command line, in Dutch."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetlijn.payments.models import PaymentRun, Transfer
from budgetlijn.rules.violations import RuleViolations


def day(raw: str | None) -> date:
    if not raw:
        return timezone.localdate()
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(
            _(
                "--date: '%(raw)s' is geen geldige datum. Gebruik JJJJ-MM-DD, bijvoorbeeld 2026-12-03."
            )
            % {"raw": raw}
        ) from exc


def user(username: str | None, *, required: bool = False):
    if not username:
        if required:
            raise CommandError(_("--user: geef de gebruikersnaam van de medewerker."))
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(
            _("--user: gebruiker '%(name)s' bestaat niet.") % {"name": username}
        ) from exc


def run(pk) -> PaymentRun:
    try:
        return PaymentRun.objects.get(pk=int(pk))
    except (ValueError, PaymentRun.DoesNotExist) as exc:
        raise CommandError(_("Betaalrun '%(run)s' bestaat niet.") % {"run": pk}) from exc


def transfer(ref) -> Transfer:
    try:
        return Transfer.objects.get(end_to_end_id=ref)
    except Transfer.DoesNotExist as exc:
        raise CommandError(_("Overschrijving '%(ref)s' bestaat niet.") % {"ref": ref}) from exc


def refused(error: RuleViolations) -> CommandError:
    return CommandError(" ".join(v.text() for v in error.violations))


class DryRun(Exception):  # noqa: N818 - a signal, not an error
    """Rolls a command's real path back after it ran (``--dry-run``), carrying its report."""

    def __init__(self, line: str):
        super().__init__(line)
        self.line = line
