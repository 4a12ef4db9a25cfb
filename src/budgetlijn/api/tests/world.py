"""The API tests' world: the access tests' dossiers (a minor's PAB managed by the mother, an
adult's PVB, another family's PAB) with mandates judged *today* (the API acts on today)."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from budgetlijn.access.roles import COST_REVIEW, INSPECTORS, ensure_roles
from budgetlijn.access.tests.world import (
    adult_dossier,
    holder,
    mandate,
    organisation,
    pab_dossier,
    staff_of,
    user,
)

PASSWORD = "x"  # world.user's password


def build_api_world():
    ensure_roles()
    today = timezone.localdate()
    start, end = today - timedelta(days=30), today + timedelta(days=300)
    target = pab_dossier()
    other = pab_dossier("0403170996")
    adult = adult_dossier()
    child = target["person"]
    full = organisation(name="Bijstandsorganisatie Vol")
    view_only = organisation(name="Bijstandsorganisatie Kijk")
    revoked_org = organisation(name="Bijstandsorganisatie Ingetrokken")
    elsewhere = organisation(name="Bijstandsorganisatie Elders")
    mandates = {
        "full": mandate(child, full, starts_on=start, ends_on=end),
        "view": mandate(child, view_only, starts_on=start, ends_on=end, rights=()),
        "revoked": mandate(child, revoked_org, starts_on=start, ends_on=end, revoked=True),
        "other": mandate(other["person"], elsewhere, starts_on=start, ends_on=end),
    }
    users = {
        "mother": holder(target["mother"], "mother"),
        "child": holder(child, "child"),
        "adult_holder": holder(adult["person"], "adult"),
        "staff_full_mandate": staff_of(full, "full"),
        "staff_view_mandate": staff_of(view_only, "view"),
        "staff_revoked_mandate": staff_of(revoked_org, "revoked"),
        "staff_elsewhere": staff_of(elsewhere, "elsewhere"),
        "cost_review": user("review", COST_REVIEW, is_staff=True),
        "inspector": user("inspector", INSPECTORS, is_staff=True),
        "superuser": user("root", is_staff=True, is_superuser=True),
        "staff_without_group": user("staff", is_staff=True),
    }
    return SimpleNamespace(
        target=target,
        other=other,
        adult=adult,
        mandates=mandates,
        users=users,
        organisations={"full": full, "view": view_only, "elsewhere": elsewhere},
    )
