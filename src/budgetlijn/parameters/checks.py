"""System check: the parameter files must load (``manage.py check``, runserver, migrate)."""

from django.core import checks

from budgetlijn.rules import parameters


@checks.register()
def parameter_files_load(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    try:
        parameters.reload()
    except parameters.ParameterFileError as exc:
        return [
            checks.Error(
                str(exc),
                hint="Verbeter het parameterbestand; zie budgetlijn.rules.parameters.",
                obj=str(parameters.directory()),
                id="parameters.E001",
            )
        ]
    return []
