"""Read-only views of the parameters, shared by the admin and the commands."""

from datetime import date

from budgetlijn.rules import parameters


def overview_rows(on: date, prefix: str = "") -> list[dict]:
    """Every parameter (whose name starts with ``prefix``) and the value in force on ``on``."""
    rows = []
    for name in parameters.names():
        if prefix and not name.startswith(prefix):
            continue
        try:
            current = parameters.entry(name, on)
        except parameters.ParameterMissing:
            current = None
        rows.append({"name": name, "definition": parameters.definition(name), "entry": current})
    return rows
