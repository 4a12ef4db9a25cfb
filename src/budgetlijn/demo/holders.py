"""Demo accounts for the portal: a few budget holders (and one assistance organisation's staff
member) with a known demo password, so a visitor can sign in at /mijn/ and see a dossier, its
budget line and its mandates.

Chosen from what ``load_demo`` put in the database, always the same way: the managing holders
of the dossiers with a mandate (mandates not revoked first, in the order they were granted),
then a parent who manages a minor's budget; at most ``HOLDERS``. Each is linked through
``access.services.open_holder_account``. Idempotent: an existing account keeps its password
unless ``reset_password``; a person who has an account already is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetlijn.access import services as access_services
from budgetlijn.access.models import HolderAccount
from budgetlijn.assistance.models import Mandate, OrganisationMember
from budgetlijn.assistance.selectors import active_mandates
from budgetlijn.dossiers.constants import HolderRole
from budgetlijn.dossiers.models import BudgetHolder, Person

HOLDERS = 3
USERNAME = "budgethouder{number}"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    what: str  # what the visitor sees with it (Dutch)
    password_set: bool  # False: an existing account kept its own password


def _managing_holder(person_id: int) -> Person | None:
    holder = (
        BudgetHolder.objects.filter(budget__person_id=person_id, manages=True)
        .select_related("person")
        .order_by("budget_id", "pk")
        .first()
    )
    return holder.person if holder else None


def holder_candidates() -> list[tuple[Person, str]]:
    """(the holder to sign in as, what they see), in a fixed order, each person once."""
    chosen: list[tuple[Person, str]] = []
    seen: set[int] = set()
    mandates = Mandate.objects.select_related("organisation").order_by(
        F("revoked_at").asc(nulls_first=True), "pk"
    )
    for mandate in mandates:
        holder = _managing_holder(mandate.person_id)
        if holder is None or holder.pk in seen:
            continue
        seen.add(holder.pk)
        what = (
            _("dossier met een ingetrokken volmacht")
            if mandate.revoked_at
            else _("dossier met een volmacht aan %(organisation)s")
            % {"organisation": mandate.organisation.name}
        )
        chosen.append((holder, what))
        if len(chosen) == HOLDERS - 1:
            break
    parent = (
        BudgetHolder.objects.filter(manages=True, role=HolderRole.PARENT)
        .exclude(person_id__in=seen)
        .select_related("person")
        .order_by("budget_id", "pk")
        .first()
    )
    if parent is not None:
        chosen.append((parent.person, _("ouder die het budget van een minderjarige beheert")))
    return chosen[:HOLDERS]


@transaction.atomic
def ensure_demo_holders(password: str, *, reset_password: bool = False) -> list[DemoLogin]:
    User = get_user_model()
    logins = []
    for number, (person, what) in enumerate(holder_candidates(), start=1):
        username = USERNAME.format(number=number)
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, first_name=person.first_name, last_name=person.last_name)
        if created or reset_password:
            user.is_active = True
            user.set_password(password)
            user.save()
        account = HolderAccount.objects.filter(user=user).first()
        if account is None:
            if HolderAccount.objects.filter(person=person).exists():
                continue  # someone else signs in as this person already
            account = access_services.open_holder_account(user=user, person=person)
        logins.append(
            DemoLogin(username, account.person.full_name, str(what), created or reset_password)
        )
    staff = _demo_staff(password, reset_password=reset_password)
    if staff is not None:
        logins.append(staff)
    return logins


def _demo_staff(password: str, *, reset_password: bool) -> DemoLogin | None:
    """The staff member of the organisation of the first mandate in force, with the demo
    password (the demo's staff have none), so "Mijn budgethouders" can be seen."""
    mandate = active_mandates(on=timezone.localdate()).order_by("pk").first()
    if mandate is None:
        return None
    member = (
        OrganisationMember.objects.filter(organisation=mandate.organisation_id, active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if member is None:
        return None
    user = member.user
    changed = reset_password or not user.has_usable_password()
    if changed:
        user.set_password(password)
        user.save(update_fields=["password"])
    return DemoLogin(
        user.get_username(),
        mandate.organisation.name,
        str(_("medewerker van een bijstandsorganisatie: Mijn budgethouders")),
        changed,
    )
