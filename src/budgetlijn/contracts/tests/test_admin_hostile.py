"""The approval queue probed by staff who may only look: approving and refusing need the
change permission of contracts."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from budgetlijn.contracts import services
from budgetlijn.contracts.constants import ContractStatus
from budgetlijn.contracts.tests.factories import employment

pytestmark = pytest.mark.django_db


def _staff(client, username, codenames):
    user = get_user_model().objects.create_user(username, password="geheim-wachtwoord-3")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", ["/admin/contracts/pendingcontract/", "/admin/contracts/contract/"])
def test_staff_who_may_only_view_cannot_approve_or_refuse(client, family, url):
    viewer = _staff(client, "kijker", ["view_contract", "view_pendingcontract"])
    contract = services.register_contract(
        budget=family["budget"], data=employment(), on=date(2023, 2, 21)
    )
    page = viewer.get(url)
    assert page.status_code == 200
    assert 'value="approve"' not in page.content.decode()
    viewer.post(url, {"action": "approve", "_selected_action": [contract.pk]})
    viewer.post(
        url,
        {"action": "refuse", "_selected_action": [contract.pk], "apply": "1", "reason": "nee"},
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.REGISTERED


def test_staff_with_the_change_permission_approve_from_the_queue(client, family):
    url = "/admin/contracts/pendingcontract/"
    clerk = _staff(client, "dossierbeheerder", ["view_pendingcontract", "change_contract"])
    contract = services.register_contract(
        budget=family["budget"], data=employment(), on=date(2023, 2, 21)
    )
    assert 'value="approve"' in clerk.get(url).content.decode()
    clerk.post(url, {"action": "approve", "_selected_action": [contract.pk]})
    contract.refresh_from_db()
    assert contract.status == ContractStatus.APPROVED
