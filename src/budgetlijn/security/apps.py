"""Django's admin app with Budgetlijn's two-factor admin site as ``admin.site``, and the
security app (sign-in through OpenID Connect: the link between an account and an identity;
after ``migrate``, the cache table of a database cache, ``CACHE_URL``)."""

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BudgetlijnAdminConfig(AdminConfig):
    default_site = "budgetlijn.security.admin_site.BudgetlijnAdminSite"


def create_cache_tables(sender, using, **kwargs):
    """``manage.py createcachetable`` after every ``migrate``: the API's throttles need the
    table of a database cache (the default, ``db://budgetlijn_cache``), so a deployment that
    migrates has it. Does nothing when the table exists or the cache is not a database's."""
    call_command("createcachetable", database=using, verbosity=0)


class SecurityConfig(AppConfig):
    name = "budgetlijn.security"
    label = "security"
    verbose_name = _("Aanmelden en beveiliging")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(
            create_cache_tables, sender=self, dispatch_uid="budgetlijn.create_cache_tables"
        )
