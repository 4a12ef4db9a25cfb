from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CostsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budgetlijn.costs"
    verbose_name = _("Kosten")

    def ready(self) -> None:
        from budgetlijn.costs import receivers  # noqa: F401
        from budgetlijn.costs.invariants import cost_lines
        from budgetlijn.ledger.invariants import register_check

        # check_ledger (on the ledger's floor) also checks the cost lines against their
        # entries, which only costs knows.
        register_check(cost_lines)
