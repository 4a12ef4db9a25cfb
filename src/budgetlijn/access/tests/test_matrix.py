"""The access matrix (issue 10): every role against every kind of object and every action,
through the query functions, on a target dossier, on another family's dossier (guessed ids)
and on ids that do not exist; with mandates active, view-only, expired, revoked, not yet
started, of former staff and of a closed organisation. Every cell is asserted.

Columns: the kinds of object of a dossier. Rows: the roles of ``world.ROLES``. A cell is True
when the role may do the action on the target dossier's object of that kind; every cell not
listed is False. On the other family's dossier only permission-based roles (agency, inspector,
superuser) reach anything, and exactly what they reach on the target.
"""

import pytest
from django.http import Http404

from budgetlijn.access import queries
from budgetlijn.access.constants import Action
from budgetlijn.access.tests.world import ON, ROLES

pytestmark = pytest.mark.django_db

V = Action.VIEW
KINDS = (
    "person",
    "budget",
    "contract",
    "provider_contract",
    "statement",
    "line",
    "entry",
    "balance",
    "mandate",
    "act",
)
DOSSIER = ("person", "budget")
# The list function of each kind (get_or_404 goes through it).
LIST = {
    "person": queries.persons_for,
    "budget": queries.budgets_for,
    "contract": queries.contracts_for,
    "provider_contract": queries.contracts_for,
    "statement": queries.cost_statements_for,
    "line": queries.cost_lines_for,
    "entry": queries.ledger_entries_for,
    "balance": queries.budget_year_balances_for,
    "mandate": queries.mandates_for,
    "act": queries.mandate_acts_for,
}


def cells(kinds, *actions):
    return {(kind, action) for kind in kinds for action in actions}


SEE_ALL = cells(KINDS, V)
SEE_DOSSIER_DATA = cells(KINDS[:8], V)  # everything but the mandates and the acts
ACT_FOR_HOLDER = cells(DOSSIER, Action.REGISTER_CONTRACT, Action.FILE_COSTS, Action.ASK_FREE_SHARE)

EXPECTED: dict[str, set[tuple[str, Action]]] = {
    "mother": SEE_ALL
    | ACT_FOR_HOLDER
    | {("person", Action.GRANT_MANDATE), ("mandate", Action.REVOKE_MANDATE)},
    "father_not_managing": set(),
    "child": SEE_ALL,
    "adult_holder": set(),
    "staff_full_mandate": SEE_ALL | ACT_FOR_HOLDER,
    "staff_view_mandate": SEE_DOSSIER_DATA,
    "staff_expired_mandate": set(),
    "staff_revoked_mandate": set(),
    "staff_future_mandate": set(),
    "staff_inactive_member": set(),
    "staff_inactive_organisation": set(),
    "provider_staff": {("provider_contract", V)},
    "intake": cells(("person", "budget", "mandate", "act"), V)
    | cells(DOSSIER, Action.EDIT_DOSSIER)
    | {("person", Action.GRANT_MANDATE), ("mandate", Action.REVOKE_MANDATE)},
    "contract_approval": cells(("person", "budget", "contract", "provider_contract", "mandate"), V)
    | cells(DOSSIER, Action.REGISTER_CONTRACT)
    | cells(("contract", "provider_contract"), Action.APPROVE_CONTRACT),
    "cost_review": SEE_DOSSIER_DATA
    | {("mandate", V)}
    | cells(DOSSIER, Action.FILE_COSTS)
    | {("line", Action.REVIEW_COSTS)},
    "payments": SEE_DOSSIER_DATA | {("entry", Action.REVERSE_ENTRY)},
    "analyst": set(),
    "inspector": SEE_ALL,
    "superuser": SEE_ALL
    | ACT_FOR_HOLDER
    | {("person", Action.GRANT_MANDATE), ("mandate", Action.REVOKE_MANDATE)}
    | cells(DOSSIER, Action.EDIT_DOSSIER)
    | cells(("contract", "provider_contract"), Action.APPROVE_CONTRACT)
    | {("line", Action.REVIEW_COSTS), ("entry", Action.REVERSE_ENTRY)},
    "staff_without_group": set(),
    "inactive_superuser": set(),
    "anonymous": set(),
}
# Who reaches a dossier by permission (any dossier), not by being linked to it.
BY_PERMISSION = {"intake", "contract_approval", "cost_review", "payments", "inspector", "superuser"}


def actual(user, objects) -> set[tuple[str, Action]]:
    return {
        (kind, action)
        for kind in KINDS
        for action in Action
        if queries.can(user, action, objects[kind], on=ON)
    }


def test_the_matrix_names_every_role():
    assert set(EXPECTED) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_matrix_on_the_target_dossier(world, role):
    """Every (kind, action) cell of the role on the target dossier, asserted at once."""
    assert actual(world.users[role], world.target) == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_matrix_on_another_familys_dossier(world, role):
    """The other family's objects: only permission-based roles, and the same cells."""
    expected = EXPECTED[role] if role in BY_PERMISSION else set()
    assert actual(world.users[role], world.other) == expected


@pytest.mark.parametrize("role", ROLES)
def test_get_or_404_per_kind(world, role):
    """Through each list function: the target's object is returned when the role sees it,
    else 404; the other family's object 404 unless by permission; unknown, negative,
    malformed and out-of-range ids always 404."""
    user = world.users[role]
    for kind in KINDS:
        fn = LIST[kind]
        target, other = world.target[kind], world.other[kind]
        for obj, sees in (
            (target, (kind, V) in EXPECTED[role]),
            (other, (kind, V) in EXPECTED[role] and role in BY_PERMISSION),
        ):
            if sees:
                assert queries.get_or_404(fn, user, obj.pk, on=ON) == obj, kind
            else:
                with pytest.raises(Http404):
                    queries.get_or_404(fn, user, obj.pk, on=ON)
        for guessed in (other.pk + 10_000, 0, -1, "abc", "1 OR 1=1", None, 2**63):
            with pytest.raises(Http404):
                queries.get_or_404(fn, user, guessed, on=ON)


@pytest.mark.parametrize("role", ROLES)
def test_lists_hold_only_what_the_matrix_allows(world, role):
    """What each list function returns for the role, among the dossiers of the world."""
    user = world.users[role]
    for kind in KINDS:
        model = type(world.target[kind])
        found = set(queries.reach(user, model, on=ON).values_list("pk", flat=True))
        sees = (kind, V) in EXPECTED[role]
        assert (world.target[kind].pk in found) == sees, kind
        assert (world.other[kind].pk in found) == (sees and role in BY_PERMISSION), kind
