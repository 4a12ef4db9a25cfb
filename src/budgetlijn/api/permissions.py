"""Permission classes of the API: the same rules as the portal."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from budgetlijn.reporting.access import can_view_statistics


class CanViewStatistics(BasePermission):
    """Analysts, agency staff with the permission, superusers (reporting.view_statistics)."""

    message = _(
        "U hebt geen toegang tot de statistieken. Vraag de groep Analisten aan een beheerder."
    )

    def has_permission(self, request, view) -> bool:
        return can_view_statistics(request.user)
