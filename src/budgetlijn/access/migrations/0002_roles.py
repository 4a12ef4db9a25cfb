"""The agency's groups (Intake, Contractgoedkeuring, Kostennazicht, Betalingen), the inspectors
and the analysts, each with its permissions (``access.roles.ensure_roles``).

Permissions are normally created after all migrations (post_migrate); ``ensure_roles`` creates
the ones it needs itself, so the groups get them now. Reverse: the groups this migration made are
removed (the analysts' group stays: reporting's migration owns it).
"""

from django.db import migrations


def create_roles(apps, schema_editor):
    from budgetlijn.access.roles import ensure_roles

    ensure_roles(apps)


def remove_roles(apps, schema_editor):
    from budgetlijn.access.roles import AGENCY_GROUPS, INSPECTORS

    apps.get_model("auth", "Group").objects.filter(name__in=[*AGENCY_GROUPS, INSPECTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_initial"),
        ("assistance", "0002_mandate_act_append_only"),
        ("audit", "0002_audit_append_only"),
        ("contracts", "0001_initial"),
        ("costs", "0002_permissions_and_review_queue"),
        ("dossiers", "0002_budget_allocation_change"),
        ("ledger", "0004_running_balances_and_buckets"),
        ("reporting", "0002_analysts_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
