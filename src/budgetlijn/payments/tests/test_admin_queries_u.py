"""Helper U: the read-only lists of the payment runs cost the same number of queries for two
rows as for six (no query per row)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budgetlijn.costs.tests.conftest import make_pab
from budgetlijn.payments import services
from budgetlijn.payments.models import PaymentRun
from budgetlijn.payments.tests.conftest import accept, agency_user

pytestmark = pytest.mark.django_db

LISTS = ["paymentrun", "transfer", "paymentitem", "deduction"]


def _one_more_run(number, approver):
    pab = make_pab()
    accept(pab["budget"], pab["contract"], "100.00")
    services.open_deduction(
        budget=pab["budget"], kind="CREDIT_NOTE", amount="10.00", reason="creditnota"
    )
    drafter = agency_user(f"opmaker{number}", "approve_paymentrun", "process_paymentrun")
    services.draft_run(on=timezone.localdate(), by=drafter)
    run = PaymentRun.objects.order_by("-pk").first()
    services.approve_run(run, by=approver)


def _queries(client, name):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(f"admin:payments_{name}_changelist"))
    assert response.status_code == 200
    return len(captured)


def test_payment_lists_do_not_query_per_row(client, approver, django_assert_max_num_queries):
    admin = get_user_model().objects.create_superuser("beheerder", password="geheim-1-wachtwoord")
    client.force_login(admin)
    for number in range(2):
        _one_more_run(number, approver)
    few = {name: _queries(client, name) for name in LISTS}
    for number in range(2, 6):
        _one_more_run(number, approver)
    assert PaymentRun.objects.count() == 6
    for name in LISTS:
        with django_assert_max_num_queries(few[name]):
            client.get(reverse(f"admin:payments_{name}_changelist"))
