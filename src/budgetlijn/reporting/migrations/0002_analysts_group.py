"""The group "Analisten" with the permission reporting.view_statistics (aggregates only).

Permissions are normally created after all migrations (post_migrate); this migration creates the
one it needs itself, so the group gets it now. Reverse: the group is removed.
"""

from django.db import migrations


def create_group(apps, schema_editor):
    from budgetlijn.reporting.access import ensure_analysts_group

    ensure_analysts_group(apps)


def remove_group(apps, schema_editor):
    from budgetlijn.reporting.access import ANALYSTS_GROUP

    apps.get_model("auth", "Group").objects.filter(name=ANALYSTS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
