from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budgetlijn.assistance"
    verbose_name = _("Bijstandsorganisaties en mandaten")
