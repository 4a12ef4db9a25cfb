"""Users for the access tests: analysts, staff with and without the permission, superusers."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from budgetlijn.reporting.access import PERMISSION_CODENAME, ensure_analysts_group

PASSWORD = "geheim-wachtwoord-123"


def make_user(username, *, staff=False, superuser=False, analyst=False, permission=False):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=staff, is_superuser=superuser
    )
    if analyst:
        user.groups.add(ensure_analysts_group())
    if permission:
        ensure_analysts_group()  # the permission exists, also after a flush
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="reporting", codename=PERMISSION_CODENAME
            )
        )
    return user
