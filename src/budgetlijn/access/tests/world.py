"""A small world for the access tests: a minor's PAB (the target dossier) with a contract, a
provider's contract, a cost statement, ledger entries and mandates in every state; an adult's
PVB and another family's PAB beside it; and one user for every role.

Mandates are judged on ``ON`` (15 June 2023). Organisations, members and mandates are written
with the ORM so these tests depend on the assistance models, not on its services' validation.
"""

from datetime import date
from decimal import Decimal
from itertools import count
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from stdnum.be import vat

from budgetlijn.access.models import HolderAccount
from budgetlijn.access.roles import (
    CONTRACT_APPROVAL,
    COST_REVIEW,
    INSPECTORS,
    INTAKE,
    PAYMENTS,
    ensure_roles,
)
from budgetlijn.assistance.constants import MandateAction, OrganisationKind
from budgetlijn.assistance.models import Mandate, MandateAct, Organisation, OrganisationMember
from budgetlijn.contracts import services as contracts
from budgetlijn.contracts.tests.factories import short_term_contract
from budgetlijn.costs import services as costs
from budgetlijn.costs.models import CostLine
from budgetlijn.costs.tests.conftest import cost, make_pab, statement
from budgetlijn.dossiers import services as dossiers
from budgetlijn.dossiers.models import BudgetHolder
from budgetlijn.dossiers.tests.factories import PersonFactory
from budgetlijn.ledger.models import BudgetYearBalance, Entry
from budgetlijn.reporting.access import ANALYSTS_GROUP
from budgetlijn.rules import contract_types

ON = date(2023, 6, 15)
PROVIDER_NUMBER = "0403170897"
OTHER_PROVIDER_NUMBER = "0403170996"  # the other family's provider (no staff in the world)
ADULT_ACCOUNT = dossiers.AccountInput("BE68 5390 0754 7034", "Maes Arne", "HOLDER")

# Valid Belgian enterprise numbers (mod 97) for the organisations of the tests.
_numbers = count(1)


def enterprise_number() -> str:
    first = f"0{2_000_000 + next(_numbers):07d}"
    number = f"{first}{97 - int(first) % 97:02d}"
    assert vat.is_valid(number), number
    return number


def organisation(kind=OrganisationKind.ASSISTANCE_ORGANISATION, **fields) -> Organisation:
    fields.setdefault("enterprise_number", enterprise_number())
    fields.setdefault("name", f"Organisatie {fields['enterprise_number']}")
    return Organisation.objects.create(kind=kind, iban="BE71096123456769", **fields)


def user(username: str, *groups: str, **fields):
    account = get_user_model().objects.create_user(username=username, password="x", **fields)
    if groups:
        account.groups.set(Group.objects.filter(name__in=groups))
    return account


def staff_of(org: Organisation, username: str, *, active=True):
    member = user(username)
    OrganisationMember.objects.create(organisation=org, user=member, active=active)
    return member


def mandate(person, org, *, starts_on, ends_on, revoked=False, rights=("all",)) -> Mandate:
    every = "all" in rights
    return Mandate.objects.create(
        person=person,
        organisation=org,
        may_register_contracts=every or "register_contracts" in rights,
        may_file_costs=every or "file_costs" in rights,
        may_ask_free_share=every or "ask_free_share" in rights,
        starts_on=starts_on,
        ends_on=ends_on,
        revoked_at=timezone.now() if revoked else None,
    )


def holder(person, username: str):
    account = user(username)
    HolderAccount.objects.create(user=account, person=person)
    return account


def pab_dossier(provider_number=PROVIDER_NUMBER, yearly=Decimal("20000.00")) -> dict:
    """A minor's PAB with an approved employment contract, a provider's contract, a statement of
    two cost lines, its ledger entries and budget line."""
    made = make_pab(yearly)
    budget, child = made["budget"], made["child"]
    data = short_term_contract(
        None,
        counterparty_name="Zorgaanbieder De Linde",
        counterparty_enterprise_number=provider_number,
    )
    required = contract_types.contract_type(data["type_code"]).required_fields
    for name in ("weekly_hours", "hourly_cost"):
        if name not in required:
            data.pop(name)
    provider_contract = contracts.register_contract(
        budget=budget,
        data=data,
        on=date(2023, 1, 2),
    )
    result = costs.file_statement(
        statement(budget, cost(made["contract"], "1500.00", month=1)), filed_on=ON
    )
    assert result.statement is not None, result
    line = CostLine.objects.filter(statement=result.statement).first()
    holders = {h.person_id: h for h in BudgetHolder.objects.filter(budget=budget)}
    return {
        "person": child,
        "budget": budget,
        "contract": made["contract"],
        "provider_contract": provider_contract,
        "statement": result.statement,
        "line": line,
        "entry": Entry.objects.filter(budget=budget).order_by("pk").first(),
        "balance": BudgetYearBalance.objects.filter(budget=budget).order_by("pk").first(),
        "mother": made["mother"],
        "father": next(h.person for pid, h in holders.items() if pid != made["mother"].pk),
    }


def adult_dossier():
    """An adult's PVB, the adult its own holder (SELF)."""
    adult = PersonFactory(first_name="Arne", last_name="Maes", birth_date=date(1990, 5, 5))
    budget = dossiers.allocate_budget(
        person=adult,
        kind="PVB",
        scheme="old",
        category="V",
        allocated_on=date(2023, 9, 1),
        letter_received_on=date(2023, 9, 4),
        holders=[dossiers.HolderInput(adult, "SELF")],
        account=ADULT_ACCOUNT,
    )
    return {"person": adult, "budget": budget}


# The roles of the matrix, each one user.
ROLES = (
    "mother",  # a parent who manages the minor's PAB (a BudgetHolder)
    "father_not_managing",  # the other parent, assistant, who renounced management
    "child",  # the minor's own account (sees, does not act)
    "adult_holder",  # the holder of another dossier (an adult's PVB)
    "staff_full_mandate",  # organisation with an active mandate with every right
    "staff_view_mandate",  # organisation with an active mandate to view only
    "staff_expired_mandate",  # organisation whose mandate ended before ON
    "staff_revoked_mandate",  # organisation whose mandate was revoked
    "staff_future_mandate",  # organisation whose mandate starts after ON
    "staff_inactive_member",  # former staff (membership ended) of the full-mandate organisation
    "staff_inactive_organisation",  # staff of an organisation no longer active, mandate active
    "provider_staff",  # staff of the provider named as the other party of a contract
    "intake",
    "contract_approval",
    "cost_review",
    "payments",
    "analyst",
    "inspector",
    "superuser",
    "staff_without_group",  # is_staff without any group or permission
    "inactive_superuser",
    "anonymous",
)


def build_world():
    """Every dossier, organisation, mandate and user of the matrix; returns a namespace."""
    from django.contrib.auth.models import AnonymousUser

    ensure_roles()
    target = pab_dossier()
    other = pab_dossier(OTHER_PROVIDER_NUMBER)
    adult = adult_dossier()
    child = target["person"]
    year_start, year_end = date(2023, 1, 1), date(2023, 12, 31)

    full = organisation(name="Bijstandsorganisatie Vol")
    view_only = organisation(name="Bijstandsorganisatie Kijk")
    expired_org = organisation(name="Bijstandsorganisatie Verlopen")
    revoked_org = organisation(name="Bijstandsorganisatie Ingetrokken")
    future_org = organisation(name="Bijstandsorganisatie Later")
    closed_org = organisation(name="Bijstandsorganisatie Gesloten", active=False)
    provider = organisation(
        OrganisationKind.LICENSED_PROVIDER,
        name="Zorgaanbieder De Linde",
        enterprise_number=PROVIDER_NUMBER,
    )
    mandates = {
        "full": mandate(child, full, starts_on=year_start, ends_on=year_end),
        "view": mandate(child, view_only, starts_on=year_start, ends_on=year_end, rights=()),
        "expired": mandate(
            child, expired_org, starts_on=date(2022, 1, 1), ends_on=ON.replace(day=14)
        ),
        "revoked": mandate(
            child, revoked_org, starts_on=year_start, ends_on=year_end, revoked=True
        ),
        "future": mandate(child, future_org, starts_on=ON.replace(day=16), ends_on=year_end),
        "closed": mandate(child, closed_org, starts_on=year_start, ends_on=year_end),
    }
    users = {
        "mother": holder(target["mother"], "mother"),
        "father_not_managing": holder(target["father"], "father"),
        "child": holder(child, "child"),
        "adult_holder": holder(adult["person"], "adult"),
        "staff_full_mandate": staff_of(full, "full"),
        "staff_view_mandate": staff_of(view_only, "view"),
        "staff_expired_mandate": staff_of(expired_org, "expired"),
        "staff_revoked_mandate": staff_of(revoked_org, "revoked"),
        "staff_future_mandate": staff_of(future_org, "future"),
        "staff_inactive_member": staff_of(full, "former", active=False),
        "staff_inactive_organisation": staff_of(closed_org, "closed"),
        "provider_staff": staff_of(provider, "provider"),
        "intake": user("intake", INTAKE, is_staff=True),
        "contract_approval": user("approval", CONTRACT_APPROVAL, is_staff=True),
        "cost_review": user("review", COST_REVIEW, is_staff=True),
        "payments": user("payments", PAYMENTS, is_staff=True),
        "analyst": user("analyst", ANALYSTS_GROUP),
        "inspector": user("inspector", INSPECTORS, is_staff=True),
        "superuser": user("root", is_staff=True, is_superuser=True),
        "staff_without_group": user("staff", is_staff=True),
        "inactive_superuser": user("gone", is_staff=True, is_superuser=True, is_active=False),
        "anonymous": AnonymousUser(),
    }
    BudgetHolder.objects.filter(budget=target["budget"], person=target["father"]).update(
        manages=False
    )
    act = MandateAct.objects.create(
        user=users["staff_full_mandate"],
        organisation=full,
        person=child,
        mandate=mandates["full"],
        action=MandateAction.VIEWED,
        summary="Dossier bekeken",
    )
    elsewhere = organisation(name="Bijstandsorganisatie Elders")
    other_mandate = mandate(
        other["person"], elsewhere, starts_on=date(2022, 1, 1), ends_on=ON.replace(day=14)
    )
    other_act = MandateAct.objects.create(
        user=None,
        organisation=elsewhere,
        person=other["person"],
        mandate=other_mandate,
        action=MandateAction.VIEWED,
        summary="Dossier bekeken",
    )
    target_objects = {**target, "mandate": mandates["full"], "act": act}
    other_objects = {**other, "mandate": other_mandate, "act": other_act}
    return SimpleNamespace(
        target=target_objects,
        other=other_objects,
        adult=adult,
        mandates=mandates,
        users=users,
        organisations={"full": full, "provider": provider},
    )
