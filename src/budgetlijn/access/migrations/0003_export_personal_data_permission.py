"""The permission to export a person's data (GDPR access request), given to the intake group."""

from django.db import migrations


def update_roles(apps, schema_editor):
    from budgetlijn.access.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="holderaccount",
            options={
                "permissions": [
                    (
                        "export_personal_data",
                        "Mag alle gegevens van een persoon exporteren (inzageverzoek, AVG)",
                    )
                ],
                "verbose_name": "account van een budgethouder",
                "verbose_name_plural": "accounts van budgethouders",
            },
        ),
        migrations.RunPython(update_roles, migrations.RunPython.noop),
    ]
