"""The agency's groups, the inspectors and the analysts: made by the data migration, kept by
``ensure_roles`` (idempotent), each with exactly its permissions."""

import pytest
from django.contrib.auth.models import Group, Permission

from budgetlijn.access.roles import (
    AGENCY_GROUPS,
    CONTRACT_APPROVAL,
    COST_REVIEW,
    GROUP_PERMISSIONS,
    INSPECTED_APPS,
    INSPECTORS,
    INTAKE,
    PAYMENTS,
    ensure_roles,
)
from budgetlijn.reporting.access import ANALYSTS_GROUP, PERMISSION

pytestmark = pytest.mark.django_db

ALL_GROUPS = {*AGENCY_GROUPS, INSPECTORS, ANALYSTS_GROUP}


def codenames(name: str) -> set[str]:
    return {
        f"{app}.{code}"
        for app, code in Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_the_migration_made_every_group_with_its_permissions():
    """The test database is migrated: the groups are there before anyone calls ensure_roles."""
    assert ALL_GROUPS <= set(Group.objects.values_list("name", flat=True))
    for name, triples in GROUP_PERMISSIONS.items():
        assert codenames(name) == {f"{app}.{code}" for app, _model, code in triples}, name


def test_ensure_roles_is_idempotent_and_restores_the_defined_permissions():
    before = {name: codenames(name) for name in ALL_GROUPS}
    permissions = Permission.objects.count()
    intake = Group.objects.get(name=INTAKE)
    intake.permissions.add(Permission.objects.get(codename="reverse_entry"))
    Group.objects.get(name=PAYMENTS).delete()
    ensure_roles()
    ensure_roles()
    assert {name: codenames(name) for name in ALL_GROUPS} == before
    assert Permission.objects.count() == permissions
    assert Group.objects.filter(name__in=ALL_GROUPS).count() == len(ALL_GROUPS)


def test_inspectors_read_every_inspected_model_and_change_nothing():
    found = codenames(INSPECTORS)
    assert found and all(code.split(".")[1].startswith("view_") for code in found)
    for label in INSPECTED_APPS:
        assert any(code.startswith(f"{label}.") for code in found), label
    # The proofs: cost files and the audit trail.
    assert {"costs.view_costimport", "audit.view_auditevent"} <= found


def test_analysts_see_aggregates_only_and_agency_groups_no_statistics():
    assert codenames(ANALYSTS_GROUP) == {PERMISSION}
    for name in AGENCY_GROUPS:
        assert PERMISSION not in codenames(name), name


@pytest.mark.parametrize(
    ("group", "permission"),
    [
        (INTAKE, "dossiers.change_budget"),
        (INTAKE, "assistance.add_mandate"),
        (CONTRACT_APPROVAL, "contracts.change_contract"),
        (COST_REVIEW, "costs.review_costline"),
        (COST_REVIEW, "costs.book_costimport"),
        (PAYMENTS, "ledger.reverse_entry"),
    ],
)
def test_each_agency_task_is_one_groups_permission(group, permission):
    holders = {name for name in AGENCY_GROUPS if permission in codenames(name)}
    assert holders == {group}


def test_every_named_permission_exists_in_the_code():
    """A typo in ``GROUP_PERMISSIONS`` would create a permission no model checks."""
    from django.apps import apps

    for triples in GROUP_PERMISSIONS.values():
        for app_label, model_name, codename in triples:
            opts = apps.get_model(app_label, model_name)._meta
            known = {f"{action}_{model_name}" for action in opts.default_permissions}
            known |= {code for code, _name in opts.permissions}
            assert codename in known, (app_label, model_name, codename)


def test_the_ensure_roles_command_restores_the_groups():
    from io import StringIO

    from django.core.management import call_command

    Group.objects.filter(name=COST_REVIEW).delete()
    out = StringIO()
    call_command("ensure_roles", stdout=out)
    assert codenames(COST_REVIEW) == {f"{a}.{c}" for a, _m, c in GROUP_PERMISSIONS[COST_REVIEW]}
    assert f"{COST_REVIEW}: {len(GROUP_PERMISSIONS[COST_REVIEW])} rechten" in out.getvalue()


def test_the_ensure_roles_command_explains_itself_in_dutch():
    from django.core.management import load_command_class

    command = load_command_class("budgetlijn.access", "ensure_roles")
    assert "groepen" in command.create_parser("manage.py", "ensure_roles").format_help()
