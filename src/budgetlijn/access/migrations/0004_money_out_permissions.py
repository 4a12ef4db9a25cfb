"""The groups' permissions on money out (issue 9): the payments group on payment runs (with
four eyes), free share, vouchers and settlements, cost review on sample checks, and inspectors
read those apps and the ledger's queue of open commitments (ledger migration 0005)."""

from django.db import migrations


def update_roles(apps, schema_editor):
    from budgetlijn.access.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_export_personal_data_permission"),
        ("ledger", "0005_open_commitments"),
        ("payments", "0002_deduction_waived"),
        ("freeshare", "0002_freesharecorrection"),
        ("vouchers", "0001_initial"),
        ("settlements", "0001_initial"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
