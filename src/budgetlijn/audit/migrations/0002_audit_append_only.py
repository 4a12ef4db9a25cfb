"""The database refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) of a row of this table, on
PostgreSQL and on SQLite (``budgetlijn.append_only``; docs/decisions/0006)."""

from django.db import migrations

from budgetlijn import append_only

TABLE = "audit_auditevent"
MESSAGE = (
    "De audittrail kan alleen aangevuld worden: een gebeurtenis wordt nooit gewijzigd of "
    "verwijderd."
)


def install(apps, schema_editor):
    append_only.install_triggers(schema_editor, TABLE, MESSAGE)


def remove(apps, schema_editor):
    append_only.remove_triggers(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
