"""Who may see the statistics: the permission and the analysts' group."""

from django.utils.translation import gettext_lazy as _

PERMISSION_CODENAME = "view_statistics"
PERMISSION = f"reporting.{PERMISSION_CODENAME}"
PERMISSION_NAME = _("Mag statistieken bekijken en exporteren (enkel totalen)")
ANALYSTS_GROUP = "Analisten"


def can_view_statistics(user) -> bool:
    """Analysts (the group), agency staff given the permission, and superusers."""
    return bool(user and user.is_active and user.has_perm(PERMISSION))


def ensure_analysts_group(apps=None):
    """The group "Analisten" with the statistics permission (idempotent).

    Used by the data migration (with the historical ``apps``) and by tests after a flush.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="reporting", model="statistics"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=PERMISSION_CODENAME,
        defaults={"name": str(PERMISSION_NAME)},
    )
    group, _created = Group.objects.get_or_create(name=ANALYSTS_GROUP)
    group.permissions.add(permission)
    return group
