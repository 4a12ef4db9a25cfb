"""Holder accounts: the signed-in citizen linked to the person they are in the dossiers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolderAccount(models.Model):
    """A user who is a person of the dossiers (a budget holder, a parent or guardian).

    What the account reaches is decided in ``access.queries``: the person's own dossier and the
    budgets the person manages as a budget holder (``dossiers.BudgetHolder``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="holder_account",
        verbose_name=_("gebruiker"),
    )
    person = models.OneToOneField(
        "dossiers.Person",
        on_delete=models.PROTECT,
        related_name="holder_account",
        verbose_name=_("persoon"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("account van een budgethouder")
        verbose_name_plural = _("accounts van budgethouders")
        permissions = [
            (
                "export_personal_data",
                _("Mag alle gegevens van een persoon exporteren (inzageverzoek, AVG)"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.person}"
