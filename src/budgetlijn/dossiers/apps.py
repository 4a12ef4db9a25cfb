from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "budgetlijn.dossiers"
    verbose_name = _("Dossiers en budgetten")

    def ready(self) -> None:
        from budgetlijn.dossiers.invariants import ended_allocations
        from budgetlijn.ledger.invariants import register_check

        # check_ledger (on the ledger's floor) also checks what an ended budget's allocation
        # should be, which only dossiers know.
        register_check(ended_allocations)
