"""Django's admin app with Budgetlijn's two-factor admin site as ``admin.site``, and the
security app (sign-in through OpenID Connect: the link between an account and an identity)."""

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class BudgetlijnAdminConfig(AdminConfig):
    default_site = "budgetlijn.security.admin_site.BudgetlijnAdminSite"


class SecurityConfig(AppConfig):
    name = "budgetlijn.security"
    label = "security"
    verbose_name = _("Aanmelden en beveiliging")
    default_auto_field = "django.db.models.BigAutoField"
