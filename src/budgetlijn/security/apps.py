"""Django's admin app with Budgetlijn's two-factor admin site as ``admin.site``."""

from django.contrib.admin.apps import AdminConfig


class BudgetlijnAdminConfig(AdminConfig):
    default_site = "budgetlijn.security.admin_site.BudgetlijnAdminSite"
