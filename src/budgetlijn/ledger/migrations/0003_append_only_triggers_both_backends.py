"""The database refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) of a ledger entry, on
PostgreSQL and on SQLite (``budgetlijn.append_only``; docs/decisions/0006).

Replaces the PostgreSQL-only trigger of 0002 (same trigger name, now the shared function with
a TRUNCATE trigger beside it); the test suite's flush passes through a permit that only the
test settings' database backends set.
"""

from django.db import migrations

from budgetlijn import append_only

TABLE = "ledger_entry"
MESSAGE = (
    "Het grootboek kan alleen aangevuld worden: een boeking wordt nooit gewijzigd of "
    "verwijderd. Corrigeer een fout met een tegenboeking."
)
OLD_FUNCTION = "ledger_entry_append_only"  # of migration 0002


def install(apps, schema_editor):
    append_only.install_triggers(schema_editor, TABLE, MESSAGE)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {OLD_FUNCTION}();", params=None)


def remove(apps, schema_editor):
    from importlib import import_module

    append_only.remove_triggers(schema_editor, TABLE)
    previous = import_module("budgetlijn.ledger.migrations.0002_append_only_trigger")
    previous.create_trigger(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0002_append_only_trigger"),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
