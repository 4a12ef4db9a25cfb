from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParametersConfig(AppConfig):
    name = "budgetlijn.parameters"
    verbose_name = _("Parameters (bedragen, percentages, termijnen)")

    def ready(self) -> None:
        """Point the pure parameters at the configured files and at the administrator values.

        No database query here: the table may not exist yet (during ``migrate``); the
        overrides are read on the first lookup (``overrides.OverrideCache``).
        """
        from django.conf import settings
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate

        from budgetlijn.parameters import checks, overrides  # noqa: F401 - registers the check
        from budgetlijn.parameters.models import ParameterOverride
        from budgetlijn.rules import parameters

        directory = getattr(settings, "BUDGETLIJN_PARAMETER_DIR", None)
        if directory:
            parameters.configure(directory=directory)
        parameters.set_override_source(overrides.cache.values_for)
        post_save.connect(
            overrides.invalidate_on_change,
            sender=ParameterOverride,
            dispatch_uid="parameters.override_saved",
        )
        post_delete.connect(
            overrides.invalidate_on_change,
            sender=ParameterOverride,
            dispatch_uid="parameters.override_deleted",
        )
        pre_migrate.connect(overrides.migration_started, dispatch_uid="parameters.pre_migrate")
        post_migrate.connect(overrides.migration_finished, dispatch_uid="parameters.post_migrate")
