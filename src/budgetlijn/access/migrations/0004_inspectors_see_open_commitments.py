"""Inspectors read every model of the inspected apps: now also the ledger's queue of open
commitments (ledger migration 0005)."""

from django.db import migrations


def update_roles(apps, schema_editor):
    from budgetlijn.access.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_export_personal_data_permission"),
        ("ledger", "0005_open_commitments"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
