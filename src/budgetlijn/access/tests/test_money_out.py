"""Who sees money out (issues 9, 10; R36): a holder only their own budgets' payments,
deductions and free-share requests; an organisation only under a mandate in force (any mandate
lets it view; asking the free share needs the right); a provider's staff only their own
organisations' voucher invoices and what was paid for them; the agency with the permission."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from budgetlijn.access import queries
from budgetlijn.access.constants import Action
from budgetlijn.access.tests.money_world import build_money_world
from budgetlijn.payments.tests.conftest import agency_user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def money(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_money_world()
            transaction.set_rollback(True)


def user(money, role):
    return get_user_model().objects.get(pk=money.users[role].pk)


def budgets(queryset):
    return set(queryset.values_list("budget_id", flat=True))


def test_r36_the_holder_sees_only_their_own_budgets_money(money):
    holder = user(money, "holder")
    own = {money.budget.pk}
    assert budgets(queries.payment_items_for(holder)) == own
    assert budgets(queries.deductions_for(holder)) == own
    assert budgets(queries.free_share_requests_for(holder)) == own
    # two runs of two free-share parts, and the voucher line paid to the provider
    assert queries.payment_items_for(holder).count() == 5
    assert queries.deduction_uses_for(holder).count() == 3  # withheld, given back, withheld
    other = user(money, "other_holder")
    assert budgets(queries.payment_items_for(other)) == {money.other_budget.pk}
    assert not queries.deductions_for(other).exists()
    assert not queries.free_share_requests_for(other).exists()


@pytest.mark.parametrize("role", ["view_staff", "ask_staff"])
def test_r36_an_organisation_with_a_mandate_in_force_sees_the_money(money, role):
    staff = user(money, role)
    assert budgets(queries.payment_items_for(staff)) == {money.budget.pk}
    assert budgets(queries.deductions_for(staff)) == {money.budget.pk}
    assert queries.free_share_requests_for(staff).count() == 3


@pytest.mark.parametrize("role", ["expired_staff", "revoked_staff", "stranger_provider_staff"])
def test_r36_an_expired_revoked_or_absent_mandate_sees_nothing(money, role):
    staff = user(money, role)
    for function in (
        queries.payment_items_for,
        queries.deductions_for,
        queries.deduction_uses_for,
        queries.free_share_requests_for,
        queries.voucher_lines_for,
    ):
        assert not function(staff).exists(), function.__name__
    assert not queries.voucher_invoices_for(staff).exists()
    assert not queries.provider_transfers_for(staff).exists()


def test_r36_asking_the_free_share_needs_the_right_or_managing_the_budget(money):
    ask = queries.free_share_requests_for
    assert ask(user(money, "holder"), action=Action.ASK_FREE_SHARE).count() == 3
    assert ask(user(money, "ask_staff"), action=Action.ASK_FREE_SHARE).count() == 3
    assert not ask(user(money, "view_staff"), action=Action.ASK_FREE_SHARE).exists()


def test_a_provider_sees_its_own_invoices_and_what_was_paid_to_it_only(money):
    staff = user(money, "provider_staff")
    assert set(queries.voucher_invoices_for(staff)) == {money.invoice, money.later_invoice}
    assert money.other_invoice not in queries.voucher_invoices_for(staff)
    assert set(queries.voucher_lines_for(staff).values_list("invoice_id", flat=True)) == {
        money.invoice.pk,
        money.later_invoice.pk,
    }
    transfers = list(queries.provider_transfers_for(staff))
    assert [t.amount for t in transfers] == [money.invoice.accepted_amount]
    items = queries.payment_items_for(staff)
    assert set(items.values_list("source_kind", flat=True)) == {"VOUCHER_LINE"}
    assert budgets(items) == {money.budget.pk}
    # The provider does not see the holder's free share or deductions.
    assert not queries.deductions_for(staff).exists()
    assert not queries.free_share_requests_for(staff).exists()


def test_the_agency_sees_money_out_with_the_view_permission_only(money):
    clerk = agency_user("klerk")
    assert not queries.payment_items_for(clerk).exists()
    assert not queries.voucher_invoices_for(clerk).exists()
    viewer = agency_user(
        "kijker-agentschap", "view_paymentitem", "view_deduction", "view_voucherinvoice"
    )
    assert queries.payment_items_for(viewer).count() == 6
    assert queries.deductions_for(viewer).count() == 1
    assert queries.voucher_invoices_for(viewer).count() == 3


def test_anonymous_and_inactive_users_see_no_money(money):
    from django.contrib.auth.models import AnonymousUser

    gone = user(money, "holder")
    gone.is_active = False
    for who in (AnonymousUser(), gone):
        assert not queries.payment_items_for(who).exists()
        assert not queries.voucher_invoices_for(who).exists()
        assert not queries.provider_transfers_for(who).exists()
        assert not queries.free_share_requests_for(who).exists()


def test_each_money_query_is_one_statement(money, django_assert_num_queries):
    holder = user(money, "holder")
    holder.has_perm("payments.view_paymentitem")  # fill the permission cache
    with django_assert_num_queries(1):
        assert len(list(queries.payment_items_for(holder))) == 5
    provider = user(money, "provider_staff")
    provider.has_perm("payments.view_transfer")
    with django_assert_num_queries(1):
        assert len(list(queries.provider_transfers_for(provider))) == 1
