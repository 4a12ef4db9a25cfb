from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FreeShareConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budgetlijn.freeshare"
    verbose_name = _("Vrij besteedbaar deel")

    def ready(self) -> None:
        from budgetlijn.freeshare.invariants import free_share_requests
        from budgetlijn.ledger.invariants import register_check

        register_check(free_share_requests)
