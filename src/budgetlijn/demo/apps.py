from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Deterministic demo data, on top of every service (the top floor: nothing imports it)."""

    name = "budgetlijn.demo"
    verbose_name = _("Demodata")
