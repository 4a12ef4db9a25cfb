"""Organisations, their staff and mandates in the demo (R36), through ``assistance.services``.

- The five licensed assistance organisations seed 003 §1.4 names, and three providers: a
  licensed provider, an MFC and a non-licensed provider. They are the organisations of the
  plan's pools (``organisations.ORGANISATION_POOLS``), with the same enterprise numbers, so the
  contracts an assistance organisation registered name an organisation that exists here.
  Licensed since 1 January 2017 (no date in the seed: Budgetlijn's earliest year); IBANs drawn
  with schwifty.
- One staff member per organisation (user ``<name>.medewerker``, without a password: signing
  in is set up elsewhere).
- Mandates on a few dossiers, each of a person whose contract an assistance organisation
  registered (that organisation), in plan order: one in force, one that ends within the
  reminder lead time (``manage.py remind_mandates`` lists it), one expired, one revoked.

``mandate_specs`` is pure (the plan in, specs out); ``load_assistance`` is idempotent: what
exists (by enterprise number, user name, person and organisation) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from budgetlijn.assistance import services as assistance_services
from budgetlijn.assistance.constants import MandateRight, OrganisationKind
from budgetlijn.assistance.models import Mandate, Organisation
from budgetlijn.contracts.constants import RegisteredByRole
from budgetlijn.demo.draws import make_rng
from budgetlijn.demo.identities import Ibans
from budgetlijn.demo.organisations import ORGANISATION_POOLS
from budgetlijn.demo.specs import DemoPlan
from budgetlijn.dossiers.models import Person
from budgetlijn.rules.dates import add_months

LICENSED_SINCE = date(2017, 1, 1)
# pool of ORGANISATION_POOLS -> (kind, how many of the pool's organisations)
ORGANISATIONS: tuple[tuple[str, OrganisationKind, int], ...] = (
    ("ASSISTANCE_ORGANISATION", OrganisationKind.ASSISTANCE_ORGANISATION, 5),
    ("LICENSED", OrganisationKind.LICENSED_PROVIDER, 1),
    ("MFC", OrganisationKind.MULTIFUNCTIONAL_CENTRE, 1),
    ("ASSISTANT_PROVIDER", OrganisationKind.NON_LICENSED_PROVIDER, 1),
)
# The IBANs' own stream: other draws of the demo stay as they are.
IBAN_STREAM = 36


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: OrganisationKind
    enterprise_number: str
    iban: str
    licence_number: str
    licensed_from: date | None

    @property
    def staff_username(self) -> str:
        base = slugify(self.name.removesuffix(" vzw")).replace("-", "")
        return f"{base}.medewerker"


@dataclass(frozen=True)
class MandateSpec:
    label: str  # what the demo shows with it: active, ending, expired, revoked
    person_key: str
    organisation: str
    starts_on: date
    ends_on: date | None  # None: the default (one year)
    rights: frozenset[MandateRight]
    revoked_on: date | None = None


@dataclass(frozen=True)
class AssistanceResult:
    organisations: int
    staff: int
    mandates: int


def demo_organisations(plan: DemoPlan) -> list[DemoOrganisation]:
    by_name = {organisation.name: organisation for organisation in plan.organisations}
    ibans, rng = Ibans(), make_rng(plan.seed + IBAN_STREAM)
    organisations = []
    for pool, kind, count in ORGANISATIONS:
        for index, name in enumerate(ORGANISATION_POOLS[pool][1][:count], start=1):
            licensed = kind != OrganisationKind.NON_LICENSED_PROVIDER
            organisations.append(
                DemoOrganisation(
                    name=name,
                    kind=kind,
                    enterprise_number=by_name[name].enterprise_number,
                    iban=ibans.issue(rng),
                    licence_number=f"{pool[:3]}-2017-{index:03d}" if licensed else "",
                    licensed_from=LICENSED_SINCE if licensed else None,
                )
            )
    return organisations


def mandate_specs(plan: DemoPlan) -> list[MandateSpec]:
    """Four mandates, each on another dossier: the persons (alive) whose contract an assistance
    organisation registered, with that organisation, in plan order; other dossiers with the
    five organisations in turn when the plan has fewer (scale 0)."""
    assistance = list(ORGANISATION_POOLS["ASSISTANCE_ORGANISATION"][1])
    candidates: list[tuple[str, str]] = []
    seen: set[str] = set()
    for budget in plan.budgets:
        person = budget.person
        if person.date_of_death is not None or person.key in seen:
            continue
        for contract in budget.contracts():
            if contract.role == RegisteredByRole.ASSISTANCE_ORGANISATION and contract.organisation:
                candidates.append((person.key, contract.organisation))
                seen.add(person.key)
                break
    for budget in plan.budgets:
        if len(candidates) >= 4:
            break
        person = budget.person
        if person.date_of_death is None and person.key not in seen:
            candidates.append((person.key, assistance[len(candidates) % len(assistance)]))
            seen.add(person.key)
    today = plan.today
    shapes = [
        ("active", today - timedelta(days=60), None, {"register_contracts", "file_costs"}, None),
        # ends 19 days after today: within the reminder lead time (30 days)
        ("ending", add_months(today, -12) + timedelta(days=20), None, {"file_costs"}, None),
        ("expired", date(2024, 1, 1), date(2024, 12, 31), set(MandateRight), None),
        ("revoked", today - timedelta(days=100), None, set(), today - timedelta(days=10)),
    ]
    return [
        MandateSpec(
            label=label,
            person_key=person_key,
            organisation=organisation,
            starts_on=starts_on,
            ends_on=ends_on,
            rights=frozenset(MandateRight(right) for right in rights) | {MandateRight.VIEW},
            revoked_on=revoked_on,
        )
        for (label, starts_on, ends_on, rights, revoked_on), (person_key, organisation) in zip(
            shapes, candidates, strict=False
        )
    ]


@transaction.atomic
def load_assistance(plan: DemoPlan, persons: dict[str, Person]) -> AssistanceResult:
    """Put the demo organisations, their staff and the mandates in the database (once)."""
    User = get_user_model()
    organisations: dict[str, Organisation] = {}
    staff = 0
    for spec in demo_organisations(plan):
        organisation = Organisation.objects.filter(enterprise_number=spec.enterprise_number).first()
        if organisation is None:
            organisation = assistance_services.create_organisation(
                kind=spec.kind,
                name=spec.name,
                enterprise_number=spec.enterprise_number,
                iban=spec.iban,
                licence_number=spec.licence_number,
                licensed_from=spec.licensed_from,
            )
        organisations[spec.name] = organisation
        user, created = User.objects.get_or_create(username=spec.staff_username)
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        assistance_services.add_member(organisation, user)
        staff += 1
    mandates = 0
    real_today = timezone.localdate()
    for spec in mandate_specs(plan):
        person, organisation = persons[spec.person_key], organisations[spec.organisation]
        if Mandate.objects.filter(person=person, organisation=organisation).exists():
            continue
        mandate = assistance_services.grant_mandate(
            person=person,
            organisation=organisation,
            rights=spec.rights,
            starts_on=spec.starts_on,
            ends_on=spec.ends_on,
        )
        if spec.revoked_on is not None:
            assistance_services.revoke_mandate(mandate, on=min(spec.revoked_on, real_today))
        mandates += 1
    return AssistanceResult(len(organisations), staff, mandates)
