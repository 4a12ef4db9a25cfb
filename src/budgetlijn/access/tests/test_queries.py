"""The query functions: a fixed number of SQL queries whatever the number of dossiers, mandates
judged on the day asked, a holder's reach per budget, organisations' own mandates, roles."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from budgetlijn.access import queries
from budgetlijn.access.constants import Action
from budgetlijn.access.roles import Role, roles_of
from budgetlijn.access.tests.world import ON, mandate, organisation, pab_dossier, staff_of
from budgetlijn.assistance.constants import MandateAction
from budgetlijn.assistance.models import MandateAct
from budgetlijn.dossiers.models import BudgetHolder
from budgetlijn.dossiers.tests.factories import BudgetFactory, BudgetHolderFactory

pytestmark = pytest.mark.django_db

LISTS = (
    queries.persons_for,
    queries.budgets_for,
    queries.contracts_for,
    queries.cost_statements_for,
    queries.cost_lines_for,
    queries.ledger_entries_for,
    queries.budget_year_balances_for,
    queries.mandates_for,
    queries.mandate_acts_for,
)
SIZED_ROLES = (
    "mother",
    "child",
    "staff_full_mandate",
    "staff_view_mandate",
    "provider_staff",
    "intake",
    "cost_review",
    "inspector",
    "superuser",
    "analyst",
)

# Roles whose reach takes in the families ``grow`` adds (the others' stays the same).
GROWING = {
    "mother",
    "staff_full_mandate",
    "provider_staff",
    "intake",
    "cost_review",
    "inspector",
    "superuser",
}


def grow(world, n: int) -> None:
    """``n`` more families whose PAB the world's mother also manages, each with a mandate to
    the full-mandate organisation and an act under it, and a contract with the provider."""
    full = world.organisations["full"]
    for _ in range(n):
        dossier = pab_dossier()
        BudgetHolder.objects.create(
            budget=dossier["budget"], person=world.target["mother"], role="PARENT"
        )
        granted = mandate(dossier["person"], full, starts_on=date(2023, 1, 1), ends_on=ON)
        MandateAct.objects.create(
            organisation=full,
            person=dossier["person"],
            mandate=granted,
            action=MandateAction.VIEWED,
            summary="Dossier bekeken",
        )


def measure(fresh, role) -> list[tuple[int, int]]:
    """(queries, rows) of each list function for a user read afresh (cold permission cache)."""
    found = []
    for fn in LISTS:
        user = fresh(role)
        with CaptureQueriesContext(connection) as context:
            rows = len(list(fn(user, on=ON)))
        found.append((len(context), rows))
    return found


@pytest.mark.parametrize("role", SIZED_ROLES)
def test_each_list_is_one_query_at_any_size(world, fresh, role):
    small = measure(fresh, role)
    grow(world, 3)
    large = measure(fresh, role)
    for fn, (queries_small, rows_small), (queries_large, rows_large) in zip(
        LISTS, small, large, strict=True
    ):
        # One statement for the rows, at most two more to read the user's permissions once.
        assert queries_small == queries_large <= 3, fn.__name__
        if role in GROWING and rows_small:
            assert rows_large > rows_small, fn.__name__
        else:
            assert rows_large == rows_small, fn.__name__


@pytest.mark.parametrize("role", ["mother", "staff_full_mandate", "intake", "provider_staff"])
def test_with_a_warm_permission_cache_a_list_is_exactly_one_query(
    world, fresh, role, django_assert_num_queries
):
    user = fresh(role)
    user.get_all_permissions()
    for fn in LISTS:
        with django_assert_num_queries(0):
            queryset = fn(user, on=ON)
        with django_assert_num_queries(1):
            list(queryset)
    with django_assert_num_queries(1):
        assert queries.can(user, Action.VIEW, world.target["provider_contract"], on=ON) == (
            role != "intake"
        )


def test_anonymous_and_inactive_users_cost_no_query(world, django_assert_num_queries):
    for role in ("anonymous", "inactive_superuser"):
        with django_assert_num_queries(0):
            assert list(queries.persons_for(world.users[role])) == []


def test_r36_a_mandate_is_judged_on_the_day_asked(world, fresh):
    person = world.target["person"]
    expired, future = fresh("staff_expired_mandate"), fresh("staff_future_mandate")
    last = world.mandates["expired"].ends_on
    assert queries.persons_for(expired, on=last).filter(pk=person.pk).exists()
    assert not queries.persons_for(expired, on=last + timedelta(days=1)).exists()
    first = world.mandates["future"].starts_on
    assert not queries.persons_for(future, on=first - timedelta(days=1)).exists()
    assert queries.persons_for(future, on=first).filter(pk=person.pk).exists()
    revoked = fresh("staff_revoked_mandate")
    for day in (date(2023, 1, 1), ON, date(2023, 12, 31)):
        assert not queries.persons_for(revoked, on=day).exists()


def test_r36_without_a_day_mandates_are_judged_today(world):
    today = timezone.localdate()
    org = organisation(name="Bijstandsorganisatie Vandaag")
    staff = staff_of(org, "today")
    person = world.target["person"]
    mandate(person, org, starts_on=today, ends_on=today)
    assert list(queries.persons_for(staff)) == [person]
    assert not queries.persons_for(staff, on=today - timedelta(days=1)).exists()


def test_r36_each_action_needs_its_own_right(world):
    org = organisation(name="Bijstandsorganisatie Kosten")
    staff = staff_of(org, "costs-only")
    person, budget = world.target["person"], world.target["budget"]
    mandate(person, org, starts_on=date(2023, 1, 1), ends_on=ON, rights=("file_costs",))
    allowed = {action for action in Action if queries.can(staff, action, budget, on=ON)}
    assert allowed == {Action.VIEW, Action.FILE_COSTS}
    assert queries.can(staff, Action.FILE_COSTS, person, on=ON)
    assert not queries.can(staff, Action.REGISTER_CONTRACT, person, on=ON)


def test_organisation_staff_see_their_own_mandates_in_any_state_only(world, fresh):
    for role, key in (
        ("staff_expired_mandate", "expired"),
        ("staff_revoked_mandate", "revoked"),
        ("staff_future_mandate", "future"),
        ("staff_view_mandate", "view"),
    ):
        assert list(queries.mandates_for(fresh(role), on=ON)) == [world.mandates[key]], role
    # Former staff and staff of a closed organisation see none, not even their own.
    assert not queries.mandates_for(fresh("staff_inactive_member"), on=ON).exists()
    assert not queries.mandates_for(fresh("staff_inactive_organisation"), on=ON).exists()


def test_the_holder_sees_every_mandate_and_act_on_the_dossier(world, fresh):
    mother = fresh("mother")
    assert set(queries.mandates_for(mother)) == set(world.mandates.values())
    assert list(queries.mandate_acts_for(mother)) == [world.target["act"]]


def test_a_holder_reaches_the_budgets_they_manage_not_every_budget_of_the_person(world, fresh):
    """A parent holds the minor's PAB; a later budget of the same person held by the person
    (SELF) stays out of the parent's reach, though the parent still sees the person."""
    child = world.target["person"]
    later = BudgetFactory(person=child)
    BudgetHolderFactory(budget=later, person=child, role="SELF")
    mother = fresh("mother")
    assert set(queries.budgets_for(mother)) == {world.target["budget"]}
    assert queries.can(mother, Action.VIEW, child)
    assert not queries.can(mother, Action.FILE_COSTS, later)
    # The person sees and acts on the budget they hold themselves.
    own = fresh("child")
    assert set(queries.budgets_for(own)) == {world.target["budget"], later}
    assert set(queries.budgets_for(own, action=Action.FILE_COSTS)) == {later}


def test_a_parent_who_renounced_management_reaches_the_dossier_once_managing(world, fresh):
    father, budget = fresh("father_not_managing"), world.target["budget"]
    assert not queries.can(father, Action.VIEW, budget)
    BudgetHolder.objects.filter(budget=budget, person=world.target["father"]).update(manages=True)
    assert queries.can(father, Action.FILE_COSTS, budget)
    assert queries.can(father, Action.REVOKE_MANDATE, world.mandates["full"])


def test_a_deactivated_holder_reaches_nothing(world, fresh):
    mother = fresh("mother")
    mother.is_active = False
    mother.save(update_fields=["is_active"])
    assert not queries.persons_for(mother).exists()


def test_an_unsaved_or_foreign_object_is_never_reachable(world, fresh):
    superuser = fresh("superuser")
    assert not queries.can(superuser, Action.VIEW, BudgetFactory.build())
    assert not queries.can(superuser, Action.VIEW, world.organisations["full"])


def test_require_answers_404_out_of_sight_and_403_in_sight(world, fresh):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    budget = world.target["budget"]
    with pytest.raises(Http404):
        queries.require(fresh("adult_holder"), Action.FILE_COSTS, budget, on=ON)
    with pytest.raises(PermissionDenied):
        queries.require(fresh("staff_view_mandate"), Action.FILE_COSTS, budget, on=ON)
    assert queries.require(fresh("staff_full_mandate"), Action.FILE_COSTS, budget, on=ON) is budget


EXPECTED_ROLES = {
    "mother": {Role.HOLDER},
    "child": {Role.HOLDER},
    "staff_full_mandate": {Role.ORGANISATION_STAFF},
    "staff_inactive_member": set(),
    "staff_inactive_organisation": set(),
    "provider_staff": {Role.PROVIDER_STAFF},
    "intake": {Role.AGENCY},
    "payments": {Role.AGENCY},
    "analyst": {Role.ANALYST},
    "inspector": {Role.INSPECTOR},
    "superuser": {Role.AGENCY},
    "staff_without_group": set(),
    "inactive_superuser": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize("role", sorted(EXPECTED_ROLES))
def test_roles_of(world, fresh, role, django_assert_max_num_queries):
    user = fresh(role)
    with django_assert_max_num_queries(3):
        assert roles_of(user) == EXPECTED_ROLES[role]


def test_roles_combine(world, fresh):
    mother = fresh("mother")
    mother.groups.add(*fresh("inspector").groups.all())
    OrganisationMember = world.organisations["full"].members.model
    OrganisationMember.objects.create(organisation=world.organisations["full"], user=mother)
    assert roles_of(mother) == {Role.HOLDER, Role.INSPECTOR, Role.ORGANISATION_STAFF}
