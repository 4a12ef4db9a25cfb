from datetime import timedelta

from django.utils import timezone

from budgetlijn.access.tests.world import mandate, organisation, staff_of


def current_mandate(person, name, username, **kwargs):
    """An organisation with a staff member and a mandate on ``person`` in force today."""
    today = timezone.localdate()
    org = organisation(name=name)
    member = staff_of(org, username)
    granted = mandate(
        person,
        org,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
        **kwargs,
    )
    return org, member, granted
