from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SettlementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budgetlijn.settlements"
    verbose_name = _("Eindafrekeningen en controles")

    def ready(self) -> None:
        from budgetlijn.ledger.invariants import register_check
        from budgetlijn.settlements.invariants import settlement_checks

        register_check(settlement_checks)
