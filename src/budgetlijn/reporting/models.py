"""No tables of its own: statistics are aggregates over dossiers and the ledger.

``Statistics`` is an unmanaged model without a table; it only carries the permission
``reporting.view_statistics`` (aggregates only: no names, no national numbers, no rows per
budget), given to the group "Analisten" (migration 0002) and to agency staff who need it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Statistics(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_statistics", _("Mag statistieken bekijken en exporteren (enkel totalen)")),
        ]
        verbose_name = _("statistiek")
        verbose_name_plural = _("statistieken")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
