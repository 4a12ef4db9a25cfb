from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "budgetlijn.contracts"
    verbose_name = _("Overeenkomsten")

    def ready(self) -> None:
        from budgetlijn.contracts import receivers  # noqa: F401
