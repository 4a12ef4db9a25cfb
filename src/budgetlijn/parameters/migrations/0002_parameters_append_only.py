"""The database refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) of a row of this table, on
PostgreSQL and on SQLite (``budgetlijn.append_only``; docs/decisions/0006)."""

from django.db import migrations

from budgetlijn import append_only

TABLE = "parameters_parameteroverride"
MESSAGE = (
    "Een ingevoerde parameterwaarde wordt nooit gewijzigd of verwijderd. Is ze fout, voer "
    "dan een correctie in die ze vervangt."
)


def install(apps, schema_editor):
    append_only.install_triggers(schema_editor, TABLE, MESSAGE)


def remove(apps, schema_editor):
    append_only.remove_triggers(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("parameters", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
