import pytest
from django.contrib.auth import get_user_model

from budgetlijn.access.models import HolderAccount
from budgetlijn.audit.models import AuditEvent
from budgetlijn.dossiers.tests.factories import PersonFactory
from budgetlijn.ledger.tests.test_floors import PACKAGE, _imported


def test_access_imports_nothing_from_the_floors_above():
    """Floor 4: no import of portal, api or demo (ENGINEERING.md)."""
    modules = sorted(p for p in (PACKAGE / "access").rglob("*.py"))
    assert len(modules) > 5
    upward = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules
        for name in _imported(path)
        if any(name.startswith(f"budgetlijn.{up}") for up in ("portal", "api", "demo"))
    }
    assert upward == set()


@pytest.mark.django_db
def test_the_admin_links_an_account_through_the_service(admin_client):
    person = PersonFactory()
    citizen = get_user_model().objects.create_user(username="burger", password="x")
    response = admin_client.post(
        "/admin/access/holderaccount/add/", {"user": citizen.pk, "person": person.pk}
    )
    assert response.status_code == 302, response.content
    account = HolderAccount.objects.get(user=citizen)
    assert account.person == person
    assert AuditEvent.objects.filter(object_type="access.HolderAccount", person_id=person.pk)
    page = admin_client.get(f"/admin/access/holderaccount/{account.pk}/change/")
    assert page.status_code == 200
    assert b'name="person"' not in page.content  # read-only once made
