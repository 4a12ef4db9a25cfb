"""The database refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) of an act done under a
mandate, on PostgreSQL and on SQLite (``budgetlijn.append_only``; docs/decisions/0006)."""

from django.db import migrations

from budgetlijn import append_only

TABLE = "assistance_mandateact"
MESSAGE = (
    "De handelingen onder een mandaat kunnen alleen aangevuld worden: een handeling wordt "
    "nooit gewijzigd of verwijderd."
)


def install(apps, schema_editor):
    append_only.install_triggers(schema_editor, TABLE, MESSAGE)


def remove(apps, schema_editor):
    append_only.remove_triggers(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
