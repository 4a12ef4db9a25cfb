from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CostsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budgetlijn.costs"
    verbose_name = _("Kosten")

    # ready() connects costs.receivers once the cost rules and the ledger's batch path land.
