"""Check the invariants of the whole ledger; exit code 1 when one is broken."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils.translation import gettext, gettext_lazy, ngettext

from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry


class Command(BaseCommand):
    # argparse formats --help with % and cannot take a lazy string: the text, translated.
    help = str(
        gettext_lazy(
            "Controleert het grootboek: tegenboekingen, rubrieken, tekens, budgetlijnen "
            "(R26), voorschotten (R13) en toekenningen, en de controles die andere onderdelen "
            "aanmelden (de afrekening van beëindigde budgetten). Geeft exitcode 1 bij een fout."
        )
    )

    def handle(self, *args, **options):
        findings = check_ledger()
        totals = Entry.objects.aggregate(
            entries=Count("pk"), budgets=Count("budget_id", distinct=True)
        )
        years = Entry.objects.values("budget_id", "year").distinct().count()
        for finding in findings:
            self.stdout.write(f"[{finding.rule_id} {finding.code}] {finding.text()}")
        if findings:
            raise CommandError(
                gettext("Grootboek niet in orde: %(count)s fout(en) in %(entries)s boekingen.")
                % {"count": len(findings), "entries": totals["entries"]},
                returncode=1,
            )
        counts = ", ".join(
            [
                ngettext("%(n)s boeking", "%(n)s boekingen", totals["entries"])
                % {"n": totals["entries"]},
                ngettext("%(n)s budget", "%(n)s budgetten", totals["budgets"])
                % {"n": totals["budgets"]},
                ngettext("%(n)s budgetjaar", "%(n)s budgetjaren", years) % {"n": years},
            ]
        )
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Grootboek in orde: %(counts)s gecontroleerd.") % {"counts": counts}
            )
        )
