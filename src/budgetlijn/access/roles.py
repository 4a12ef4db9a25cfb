"""Roles: who a user is to Budgetlijn, and the agency's groups with their permissions.

A role describes a user; it decides nothing by itself. What a user reaches is decided in
``access.queries`` from the same facts: a holder account, active memberships of organisations
(and their active mandates), and the model permissions the agency groups carry.
"""

from enum import StrEnum

from django.utils.translation import gettext_noop

from budgetlijn.reporting.access import ANALYSTS_GROUP, ensure_analysts_group


class Role(StrEnum):
    HOLDER = "holder"
    ORGANISATION_STAFF = "organisation_staff"
    PROVIDER_STAFF = "provider_staff"
    AGENCY = "agency"
    ANALYST = "analyst"
    INSPECTOR = "inspector"


# The agency's groups (names as the agency uses them, Dutch).
INTAKE = gettext_noop("Intake")
CONTRACT_APPROVAL = gettext_noop("Contractgoedkeuring")
COST_REVIEW = gettext_noop("Kostennazicht")
PAYMENTS = gettext_noop("Betalingen")
INSPECTORS = gettext_noop("Inspecteurs")
AGENCY_GROUPS = (INTAKE, CONTRACT_APPROVAL, COST_REVIEW, PAYMENTS)

VIEW = ("view",)
VIEW_ADD = ("view", "add")
VIEW_ADD_CHANGE = ("view", "add", "change")


def _perms(app_label: str, model: str, actions=VIEW, *custom: str) -> list[tuple[str, str, str]]:
    """``(app_label, model, codename)`` for the default ``actions`` and the ``custom`` codenames."""
    return [(app_label, model, f"{action}_{model}") for action in actions] + [
        (app_label, model, codename) for codename in custom
    ]


def _dossier_read() -> list[tuple[str, str, str]]:
    return [
        *_perms("dossiers", "person"),
        *_perms("dossiers", "budget"),
        *_perms("dossiers", "budgetholder"),
        *_perms("dossiers", "budgetaccount"),
    ]


# What each group may do: model permissions (the admin and ``access.queries`` read them).
GROUP_PERMISSIONS: dict[str, list[tuple[str, str, str]]] = {
    INTAKE: [
        *_perms("dossiers", "person", VIEW_ADD_CHANGE),
        *_perms("dossiers", "relation", VIEW_ADD_CHANGE),
        *_perms("dossiers", "budget", VIEW_ADD_CHANGE),
        *_perms("dossiers", "budgetholder", VIEW_ADD_CHANGE),
        *_perms("dossiers", "managementstatement", VIEW_ADD_CHANGE),
        *_perms("dossiers", "budgetaccount", VIEW_ADD_CHANGE),
        *_perms("dossiers", "lifecycleevent"),
        *_perms("dossiers", "budgetallocationchange", VIEW_ADD),
        *_perms("assistance", "organisation", VIEW_ADD_CHANGE),
        *_perms("assistance", "organisationmember", VIEW_ADD_CHANGE),
        *_perms("assistance", "mandate", VIEW_ADD_CHANGE),
        *_perms("assistance", "mandateact"),
        *_perms("access", "holderaccount", VIEW_ADD_CHANGE, "export_personal_data"),
    ],
    CONTRACT_APPROVAL: [
        *_dossier_read(),
        *_perms("contracts", "contract", VIEW_ADD_CHANGE),
        *_perms("contracts", "pendingcontract", VIEW_ADD_CHANGE),
        *_perms("contracts", "shorttermusage", VIEW_ADD),
        *_perms("contracts", "mfccombination", VIEW_ADD),
        *_perms("assistance", "mandate"),
    ],
    COST_REVIEW: [
        *_dossier_read(),
        *_perms("contracts", "contract"),
        *_perms("costs", "costimport", VIEW_ADD, "book_costimport"),
        *_perms("costs", "coststatement", VIEW_ADD),
        *_perms("costs", "costline", VIEW, "review_costline"),
        *_perms("costs", "latecostline", VIEW),
        *_perms("ledger", "entry"),
        *_perms("ledger", "budgetyearbalance"),
        *_perms("assistance", "mandate"),
        # R31: the sample checks are about the proofs of costs
        *_perms("settlements", "samplecheck"),
        *_perms("settlements", "sampledstatement"),
        *_perms("settlements", "sampledline"),
    ],
    PAYMENTS: [
        *_dossier_read(),
        *_perms("contracts", "contract"),
        *_perms("costs", "coststatement"),
        *_perms("costs", "costline"),
        *_perms("ledger", "entry", VIEW, "reverse_entry"),
        *_perms("ledger", "budgetyearbalance"),
        *_perms("ledger", "opencommitment"),
        # money out (issue 9): runs with four eyes, free share, vouchers, the end of a budget
        *_perms("payments", "paymentrun", VIEW, "approve_paymentrun", "process_paymentrun"),
        *_perms("payments", "transfer"),
        *_perms("payments", "paymentitem"),
        *_perms("payments", "deduction"),
        *_perms("payments", "deductionuse"),
        *_perms("freeshare", "freesharerequest", VIEW_ADD),
        *_perms("freeshare", "freesharecorrection"),
        *_perms("vouchers", "voucherinvoice", VIEW_ADD),
        *_perms("vouchers", "voucherinvoiceline"),
        *_perms("settlements", "settlement"),
        *_perms("settlements", "reclaim"),
        *_perms("settlements", "budgetyearclose"),
        *_perms("settlements", "pvbtransitionletter"),
    ],
}

# Inspectors read everything of these apps (with the proofs: cost files and the audit trail).
INSPECTED_APPS = (
    "dossiers",
    "contracts",
    "costs",
    "ledger",
    "assistance",
    "access",
    "audit",
    "payments",
    "freeshare",
    "vouchers",
    "settlements",
)


def _inspector_permissions(apps) -> list[tuple[str, str, str]]:
    found = []
    for label in INSPECTED_APPS:
        for model in apps.get_app_config(label).get_models():
            if "view" in model._meta.default_permissions:
                found.append((label, model._meta.model_name, f"view_{model._meta.model_name}"))
    return found


def _permission(apps, app_label: str, model_name: str, codename: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    opts = apps.get_model(app_label, model_name)._meta
    content_type, _created = ContentType.objects.get_or_create(
        app_label=app_label, model=model_name
    )
    custom = dict(opts.permissions)
    action = codename.split("_", 1)[0]
    name = custom.get(codename) or f"Can {action} {opts.verbose_name_raw}"
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": str(name)[:255]}
    )
    return permission


def _model_exists(apps, app_label: str, model_name: str) -> bool:
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True


def ensure_roles(apps=None) -> dict[str, object]:
    """The agency's groups, the inspectors and the analysts, each with exactly its permissions.

    Idempotent: run by the data migration (with the historical ``apps``) and by tests or a
    deployment after a flush. A permission an administrator added to a group by hand is removed:
    the groups are defined here.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    wanted = dict(GROUP_PERMISSIONS)
    wanted[INSPECTORS] = _inspector_permissions(apps)
    groups: dict[str, object] = {}
    for name, triples in wanted.items():
        group, _created = Group.objects.get_or_create(name=name)
        # A model that does not exist yet in the state a migration sees (an app added later)
        # is left out here; the migration that adds it runs ensure_roles again.
        present = [t for t in dict.fromkeys(triples) if _model_exists(apps, t[0], t[1])]
        group.permissions.set([_permission(apps, *triple) for triple in present])
        groups[name] = group
    groups[ANALYSTS_GROUP] = ensure_analysts_group(apps)
    return groups


def roles_of(user) -> set[Role]:
    """The roles of ``user`` (none for an anonymous or inactive user); at most three queries."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    from budgetlijn.access.models import HolderAccount
    from budgetlijn.assistance.constants import OrganisationKind
    from budgetlijn.assistance.selectors import organisations_of

    roles: set[Role] = set()
    if HolderAccount.objects.filter(user=user).exists():
        roles.add(Role.HOLDER)
    kinds = set(organisations_of(user).values_list("kind", flat=True))
    if OrganisationKind.ASSISTANCE_ORGANISATION in kinds:
        roles.add(Role.ORGANISATION_STAFF)
    if kinds - {OrganisationKind.ASSISTANCE_ORGANISATION}:
        roles.add(Role.PROVIDER_STAFF)
    names = set(
        user.groups.filter(name__in=[*AGENCY_GROUPS, ANALYSTS_GROUP, INSPECTORS]).values_list(
            "name", flat=True
        )
    )
    if user.is_superuser or names & set(AGENCY_GROUPS):
        roles.add(Role.AGENCY)
    if ANALYSTS_GROUP in names:
        roles.add(Role.ANALYST)
    if INSPECTORS in names:
        roles.add(Role.INSPECTOR)
    return roles
