"""Contracts in the demo plan: how each budget was started and is spent (R8, R9, R16-R23, R4).

Pure and deterministic, like ``plan``: ``ContractPlanner`` reads the budgets of the plan and adds
to each the contracts its holder registered, the agency's decisions, changes and use, in the
order they happened:

- a budget that starts, starts the real way: its first contract is registered on the start day
  and approved some days later (``approve_contract`` starts the budget from the registration
  day, R1/R2/R19). A PVB is spent the way its payment mode says (R11): vouchers at a licensed
  provider or an assistance organisation; cash with an assistant, a family member, a
  service-voucher company, a temp agency... A PAB pays an assistant (at least the PC 319.01
  minimum wage, R22), the parent who is assistant (with the management statement, R9) or an
  organisation. A convenant is a service agreement with a licensed provider or MFC for the
  support function of its category (R8), filed on paper by the provider.
- some contracts were refused (with the reason, in Dutch), some changed (the new version
  approved, the old one superseded); a holder who stopped ended the running contracts on the
  day before the stop day (the last day the budget is used);
- some wait in the approval queue (``BudgetSpec.pending_contracts``), one or two with a rule that
  no longer holds today (a wijk-werk registration more than a year old, R20);
- short-term support used within the caps (R21), a PAB combined with an MFC (R4).

Nothing here depends on ``today`` except the dates of the contracts of budgets that still wait to
start (their dates follow ``today``, as the budgets do): the random draws are the same whatever
the day, so every identity is too.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from budgetlijn.contracts.constants import (
    CounterpartyKind,
    ProviderKind,
    RegisteredByRole,
    ShortTermCounter,
)
from budgetlijn.contracts.constants import PaymentMode as ContractPayment
from budgetlijn.demo.draws import birth_date_for_age, day_between, make_rng
from budgetlijn.demo.identities import EnterpriseNumbers, NationalNumbers
from budgetlijn.demo.names import LAST_NAMES, first_names_for
from budgetlijn.demo.organisations import Organisations
from budgetlijn.demo.specs import (
    AmendmentSpec,
    BudgetSpec,
    ContractEvent,
    ContractSpec,
    Data,
    DecisionSpec,
    MfcSpec,
    PersonSpec,
    UsageSpec,
    event_key,
)
from budgetlijn.dossiers.constants import BudgetKind, HolderRole, PaymentMode, StopReason
from budgetlijn.rules import contracts as contract_rules
from budgetlijn.rules.dates import add_months, years_between

CASH, VOUCHER = ContractPayment.CASH.value, ContractPayment.VOUCHER.value
PERSON, ENTERPRISE = CounterpartyKind.PERSON.value, CounterpartyKind.ENTERPRISE.value


# --- what the contracts say --------------------------------------------------------------------

NOTICE = {
    "employment": "Wettelijke opzeggingstermijnen volgens de wet op de arbeidsovereenkomsten",
    "task": "Opzeg door elke partij, schriftelijk, met een termijn van twee weken",
    "service": "Opzeg door elke partij met een aangetekende brief, met een termijn van één maand",
    "provider": "Opzeg door elke partij, schriftelijk, met een termijn van drie maanden",
    "membership": "Het lidmaatschap loopt per kalenderjaar; opzeg schriftelijk vóór 1 december",
    "vouchers": "Opzeg op elk moment, schriftelijk aan het dienstenchequebedrijf",
}
PAYMENT = {
    "wage": (
        "Maandelijks loon via het sociaal secretariaat, uiterlijk de vijfde werkdag van de "
        "volgende maand"
    ),
    "invoice": "Maandelijkse factuur, te betalen binnen 30 dagen",
    "voucher": "Het VAPH betaalt de zorgaanbieder rechtstreeks met vouchers",
    "service_vouchers": "Betaling met elektronische dienstencheques",
    "wijk_werk": "Betaling met wijk-werkcheques",
    "membership": "Jaarlijks lidgeld, te betalen bij het begin van het kalenderjaar",
    "volunteer": "Forfaitaire vrijwilligersvergoeding en lidgeld, per kwartaal",
    "stay": (
        "Factuur per verblijf, alleen voor zorg en ondersteuning (zonder hotelkosten en eigen "
        "bijdrage), te betalen binnen 30 dagen"
    ),
    "ride": "Maandelijkse factuur per rit, te betalen binnen 30 dagen",
}
ADULT_TASKS = (
    "Hulp bij het opstaan, wassen en aankleden, en bij het ontbijt",
    "Hulp in het huishouden en bij de boodschappen; begeleiding naar de dagbesteding",
    "Ondersteuning bij het koken, de weekplanning, de post en de administratie",
    "Begeleiding bij verplaatsingen: naar het werk, naar afspraken en naar de sportclub",
)
CHILD_TASKS = (
    "Hulp bij wassen, aankleden en eten; begeleiding naar school en terug",
    "Opvang en begeleiding na school, op woensdagnamiddag en tijdens de vakanties",
    "Begeleiding bij vrijetijdsactiviteiten (jeugdbeweging, zwemmen) en uitstappen",
    "Hulp bij de avondzorg en toezicht 's nachts tijdens het weekend",
)
PROVIDER_TASKS = {
    "DAY_SUPPORT": "Dagondersteuning in het dagcentrum, vier dagen per week",
    "RESIDENTIAL_SUPPORT": (
        "Woonondersteuning in een kleinschalige woonvorm, met begeleiding 's avonds en 's nachts"
    ),
    "INDIVIDUAL_PSYCHOSOCIAL_GUIDANCE": "Individuele psychosociale begeleiding aan huis, om de twee weken",
    "INDIVIDUAL_PRACTICAL_HELP": "Praktische hulp bij het huishouden en de persoonlijke verzorging",
    "GLOBAL_INDIVIDUAL_SUPPORT": "Globale individuele ondersteuning: begeleiding thuis en op het werk",
    "ON_CALL_PERMANENCE": "Oproepbare permanentie: dag en nacht bereikbaar in een noodsituatie",
}
# R8: the support function of a convenant's service agreement follows its category (seed 000
# answer 6); the category "other" (mixed budget, guidance or a specific amount) takes one of these.
CONVENANT_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "RESIDENTIAL_HIGH_FREQUENCY": ("RESIDENTIAL_WITH_DAY_CARE",),
    "SCHOOL_COMPLEMENTARY_DAY_CARE": ("SCHOOL_COMPLEMENTARY_DAY_CARE",),
    "SCHOOL_REPLACING_DAY_CARE": ("SCHOOL_REPLACING_DAY_CARE",),
    "RESIDENTIAL_GES_PLUS": ("RESIDENTIAL_GES_PLUS",),
    "OTHER": (
        "MOBILE_GUIDANCE",
        "AMBULANT_GUIDANCE",
        "RESIDENTIAL_WITH_DIAGNOSTICS",
        "RESIDENTIAL_WITH_TREATMENT",
    ),
}
CONVENANT_TASKS = {
    "RESIDENTIAL_WITH_DAY_CARE": "Verblijf in de leefgroep met dagopvang, ook in het weekend",
    "SCHOOL_COMPLEMENTARY_DAY_CARE": "Schoolaanvullende dagopvang na school en in de vakanties",
    "SCHOOL_REPLACING_DAY_CARE": "Schoolvervangende dagopvang, vijf dagen per week",
    "RESIDENTIAL_GES_PLUS": "Verblijf in de GES+-leefgroep met intensieve begeleiding",
    "MOBILE_GUIDANCE": "Mobiele begeleiding thuis, wekelijks",
    "AMBULANT_GUIDANCE": "Ambulante begeleiding in het centrum, tweewekelijks",
    "RESIDENTIAL_WITH_DIAGNOSTICS": "Verblijf met diagnostiek en advies aan de ouders",
    "RESIDENTIAL_WITH_TREATMENT": "Verblijf met behandeling in de leefgroep",
}
# Indicative prices per hour (EUR): what a user pays for a service voucher and a wijk-werk
# cheque; the demo does not follow their changes.
SERVICE_VOUCHER_PRICE = Decimal("9.00")
WIJK_WERK_PRICE = Decimal("7.45")


@dataclass(frozen=True)
class Profile:
    """How the demo fills in a contract type (``rules/contract_types.yaml`` says what it needs).

    ``counterparty``: "assistant" (a new person), "family" (a family member of the person),
    "parent" (the parent who is assistant, given by the caller), "tutor", or an organisation
    pool of ``organisations.ORGANISATION_POOLS``."""

    counterparty: str
    tasks: tuple[str, ...]
    notice: str
    payment: str
    hours: tuple[int, int] | None = None  # weekly hours, whole hours
    cost: tuple[int, int] | Decimal | None = None  # hourly cost in cents (a range) or a price
    support_functions: tuple[str, ...] = ()  # PVB support functions the type may name (R16)
    open_ended: bool = False  # mostly of indefinite duration
    employer_number: bool = False  # the holder's enterprise number as employer (PAB)


PVB_FUNCTIONS = tuple(PROVIDER_TASKS)
PROFILES: dict[str, Profile] = {
    # PVB (seed 001 step 3)
    "PVB_EMPLOYMENT": Profile(
        "assistant",
        ADULT_TASKS,
        "employment",
        "wage",
        hours=(6, 30),
        cost=(1400, 1800),
        support_functions=("INDIVIDUAL_PRACTICAL_HELP", "GLOBAL_INDIVIDUAL_SUPPORT"),
        open_ended=True,
    ),
    "PVB_FAMILY_EMPLOYMENT": Profile(
        "family",
        ("Hulp in het huishouden en bij de persoonlijke verzorging", *ADULT_TASKS[1:3]),
        "employment",
        "wage",
        hours=(8, 30),
        cost=(1400, 1650),
        support_functions=("INDIVIDUAL_PRACTICAL_HELP", "GLOBAL_INDIVIDUAL_SUPPORT"),
        open_ended=True,
    ),
    "PVB_FAMILY_TASK_AGREEMENT": Profile(
        "family",
        ("Begeleiding bij boodschappen, administratie en verplaatsingen",),
        "task",
        "wage",
        hours=(4, 16),
        cost=(1400, 1600),
        support_functions=("INDIVIDUAL_PRACTICAL_HELP",),
    ),
    "PVB_TEMP_AGENCY": Profile(
        "TEMP_AGENCY",
        (
            "Ochtend- en avondzorg door persoonlijke assistenten van het interimkantoor",
            "Vervanging van de vaste assistent tijdens verlof en ziekte",
        ),
        "service",
        "invoice",
        hours=(4, 20),
        cost=(3000, 3800),
        support_functions=("INDIVIDUAL_PRACTICAL_HELP",),
    ),
    "PVB_SERVICE_VOUCHERS": Profile(
        "SERVICE_VOUCHER_COMPANY",
        ("Poetsen en strijken", "Huishoudhulp: poetsen, wassen en strijken"),
        "vouchers",
        "service_vouchers",
        hours=(2, 8),
        cost=SERVICE_VOUCHER_PRICE,
        support_functions=("INDIVIDUAL_PRACTICAL_HELP",),
    ),
    "PVB_WIJK_WERK": Profile(
        "WIJK_WERK_ORGANISER",
        ("Begeleiding bij wandelingen en boodschappen door een wijk-werker",),
        "service",
        "wijk_werk",
        hours=(2, 6),
        cost=WIJK_WERK_PRICE,
        support_functions=("INDIVIDUAL_PRACTICAL_HELP",),
    ),
    "PVB_TRANSPORT": Profile(
        "TRANSPORT",
        (
            "Vervoer naar het dagcentrum en terug, op werkdagen",
            "Vervoer voor boodschappen en afspraken in het dagelijks leven",
        ),
        "service",
        "ride",
        support_functions=("INDIVIDUAL_PRACTICAL_HELP",),
    ),
    "PVB_VOLUNTEER_ORGANISATION": Profile(
        "VOLUNTEER_ORGANISATION",
        ("Vrijwilligers begeleiden bij uitstappen en vrijetijdsactiviteiten",),
        "service",
        "volunteer",
        hours=(2, 6),
        support_functions=("INDIVIDUAL_PRACTICAL_HELP",),
    ),
    "PVB_NATURAL_OR_LEGAL_PERSON": Profile(
        "SELF_EMPLOYED",
        ("Ramen wassen, om de vier weken",),
        "service",
        "invoice",
        hours=(1, 2),
        cost=(3500, 4500),
        support_functions=("INDIVIDUAL_PRACTICAL_HELP",),
    ),
    "PVB_LICENSED_PROVIDER": Profile(
        "LICENSED",
        (),  # follows the support function (PROVIDER_TASKS)
        "provider",
        "invoice",
        support_functions=PVB_FUNCTIONS,
        open_ended=True,
    ),
    "PVB_ASSISTANCE_START_PACKAGE": Profile(
        "ASSISTANCE_ORGANISATION",
        ("Startpakket: hulp bij het ondersteuningsplan en de eerste overeenkomsten",),
        "service",
        "invoice",
    ),
    "PVB_ASSISTANCE_MEMBERSHIP": Profile(
        "ASSISTANCE_ORGANISATION",
        ("Lidgeld: informatie, vorming en laagdrempelige bijstand",),
        "membership",
        "membership",
    ),
    "PVB_ASSISTANCE_INTENSIVE": Profile(
        "ASSISTANCE_ORGANISATION",
        ("Intensieve bijstand bij het werkgeverschap en de administratie van het budget",),
        "service",
        "invoice",
        open_ended=True,
    ),
    "PVB_RECOGNISED_ORGANISATION": Profile(
        "WVG_ORGANISATION",
        ("Individuele ondersteuning bij wonen en werk door een erkende dienst",),
        "service",
        "invoice",
        hours=(2, 6),
        cost=(4000, 5500),
        support_functions=("GLOBAL_INDIVIDUAL_SUPPORT", "INDIVIDUAL_PSYCHOSOCIAL_GUIDANCE"),
    ),
    "PVB_FAMILY_INITIATIVE": Profile(
        "FAMILY_INITIATIVE",
        ("Dagbesteding en begeleiding in een familiaal initiatief",),
        "provider",
        "invoice",
        support_functions=("DAY_SUPPORT", "RESIDENTIAL_SUPPORT"),
        open_ended=True,
    ),
    "PVB_COLLECTIVE_WVG_ORGANISATION": Profile(
        "WVG_ORGANISATION",
        ("Collectieve begeleiding in een kleinschalige woonvorm",),
        "provider",
        "invoice",
        support_functions=("DAY_SUPPORT", "RESIDENTIAL_SUPPORT"),
        open_ended=True,
    ),
    # PAB (seed 003 §3.3)
    "PAB_EMPLOYMENT": Profile(
        "assistant",
        CHILD_TASKS,
        "employment",
        "wage",
        hours=(6, 30),
        cost=(1400, 1800),
        open_ended=True,
        employer_number=True,
    ),
    "PAB_FAMILY_EMPLOYMENT": Profile(
        "family",
        CHILD_TASKS,
        "employment",
        "wage",
        hours=(10, 30),
        cost=(1400, 1650),
        open_ended=True,
        employer_number=True,
    ),
    "PAB_TEMP_AGENCY": Profile(
        "TEMP_AGENCY",
        ("Opvang en begeleiding na school door assistenten van het interimkantoor",),
        "service",
        "invoice",
        hours=(4, 16),
        cost=(3000, 3800),
    ),
    "PAB_ASSISTANT_ORGANISATION": Profile(
        "ASSISTANT_PROVIDER",
        ("Persoonlijke assistentie thuis door een verzorgende van de organisatie",),
        "service",
        "invoice",
        hours=(4, 16),
        cost=(2800, 3600),
    ),
    "PAB_SERVICE_VOUCHERS": Profile(
        "SERVICE_VOUCHER_COMPANY",
        ("Poetsen en strijken, zodat de ouders tijd hebben voor de zorg",),
        "vouchers",
        "service_vouchers",
        hours=(2, 6),
        cost=SERVICE_VOUCHER_PRICE,
    ),
    "PAB_WIJK_WERK": Profile(
        "WIJK_WERK_ORGANISER",
        ("Oppas en begeleiding bij wandelingen door een wijk-werker",),
        "service",
        "wijk_werk",
        hours=(2, 6),
        cost=WIJK_WERK_PRICE,
    ),
    "PAB_VOLUNTEER_ORGANISATION": Profile(
        "VOLUNTEER_ORGANISATION",
        ("Vrijwillige oppas op zaterdag en begeleiding bij uitstappen",),
        "service",
        "volunteer",
        hours=(2, 6),
    ),
    "PAB_ASSISTANCE_ORGANISATION": Profile(
        "ASSISTANCE_ORGANISATION",
        ("Lidgeld en hoogdrempelige bijstand bij het beheer van het PAB",),
        "membership",
        "membership",
    ),
    "PAB_LICENSED_SHORT_TERM": Profile(
        "LICENSED",
        (
            "Kortdurend verblijf (logeren) in het weekend en tijdens de schoolvakanties",
            "Kortdurende dagondersteuning tijdens de schoolvakanties",
        ),
        "provider",
        "stay",
    ),
    "PAB_MFC_SHORT_STAY": Profile(
        "MFC",
        ("Kortdurend verblijf in het MFC tijdens weekends en schoolvakanties",),
        "provider",
        "stay",
    ),
    "PAB_NATURAL_OR_LEGAL_PERSON": Profile(
        "tutor",
        ("Bijles wiskunde en Nederlands, twee uur per week",),
        "task",
        "invoice",
        hours=(2, 2),
        cost=(2500, 3000),
    ),
}

# First contract of a PVB spent in cash (R11), with a weight.
PVB_CASH_FIRST: dict[str, int] = {
    "PVB_EMPLOYMENT": 34,
    "PVB_LICENSED_PROVIDER": 14,
    "PVB_SERVICE_VOUCHERS": 12,
    "PVB_TEMP_AGENCY": 8,
    "PVB_FAMILY_EMPLOYMENT": 8,
    "PVB_FAMILY_TASK_AGREEMENT": 4,
    "PVB_NATURAL_OR_LEGAL_PERSON": 4,
    "PVB_RECOGNISED_ORGANISATION": 5,
    "PVB_FAMILY_INITIATIVE": 4,
    "PVB_COLLECTIVE_WVG_ORGANISATION": 3,
    "PVB_VOLUNTEER_ORGANISATION": 4,
}
PVB_VOUCHER_FIRST: dict[str, int] = {"PVB_LICENSED_PROVIDER": 85, "PVB_ASSISTANCE_INTENSIVE": 15}
# A later contract next to the first (cash / voucher).
PVB_CASH_EXTRA: dict[str, int] = {
    "PVB_ASSISTANCE_MEMBERSHIP": 25,
    "PVB_TRANSPORT": 20,
    "PVB_SERVICE_VOUCHERS": 20,
    "PVB_WIJK_WERK": 10,
    "PVB_EMPLOYMENT": 15,
    "PVB_VOLUNTEER_ORGANISATION": 10,
}
PVB_VOUCHER_EXTRA: dict[str, int] = {"PVB_LICENSED_PROVIDER": 70, "PVB_ASSISTANCE_INTENSIVE": 30}
PVB_EXTRA_PCT = 30  # per cent of started PVBs with a second contract
# The support function of a PVB's licensed provider (R16), with a weight.
PVB_PROVIDER_FUNCTIONS: dict[str, int] = {
    "DAY_SUPPORT": 35,
    "RESIDENTIAL_SUPPORT": 25,
    "GLOBAL_INDIVIDUAL_SUPPORT": 15,
    "INDIVIDUAL_PSYCHOSOCIAL_GUIDANCE": 15,
    "ON_CALL_PERMANENCE": 5,
    "INDIVIDUAL_PRACTICAL_HELP": 5,
}
PAB_PARENTS_FIRST: dict[str, int] = {
    "PAB_EMPLOYMENT": 55,
    "PAB_TEMP_AGENCY": 15,
    "PAB_ASSISTANT_ORGANISATION": 15,
    "PAB_FAMILY_EMPLOYMENT": 15,  # a grandparent as assistant
}
PAB_GUARDIAN_FIRST: dict[str, int] = {"PAB_EMPLOYMENT": 80, "PAB_ASSISTANT_ORGANISATION": 20}
PAB_EXTRA: dict[str, int] = {
    "PAB_SERVICE_VOUCHERS": 30,
    "PAB_ASSISTANCE_ORGANISATION": 25,
    "PAB_VOLUNTEER_ORGANISATION": 20,
    "PAB_EMPLOYMENT": 25,
}
PAB_EXTRA_PCT = 40
MANDATE_PCT = 12  # contracts an assistance organisation registers with a mandate (R36)
STUDENT_PCT = 5  # assistants employed directly who are a minor student (R20)
CONVENANT_AT_MFC_PCT = 65  # convenant service agreements at an MFC, the rest at a provider

# Refusals: what was wrong, as the agency writes it to the holder (Dutch).
REFUSAL_VAGUE_TASK = (
    "De taakomschrijving ('Ondersteuning') is te algemeen. Beschrijf concreet welke taken de "
    "assistent of de zorgaanbieder uitvoert en registreer de overeenkomst opnieuw."
)
REFUSAL_NOT_LICENSED_FOR_FUNCTION = (
    "Deze zorgaanbieder is niet vergund voor woonondersteuning. Kies de ondersteuningsfunctie "
    "waarvoor de zorgaanbieder vergund is, of een andere zorgaanbieder, en registreer de "
    "overeenkomst opnieuw."
)
REFUSAL_HOLIDAY_TRANSPORT = (
    "Het budget betaalt alleen vervoer in het dagelijks leven, niet de reis naar een "
    "vakantiebestemming. Registreer een vervoersovereenkomst voor de dagelijkse verplaatsingen."
)
REFUSAL_TUTORING = (
    "Bijles is onderwijs en kan niet met een PAB betaald worden. Het PAB betaalt persoonlijke "
    "assistentie; bijles betaalt u met eigen middelen."
)

# Special cases per scale unit, drawn among the budgets that fit them.
PVB_FEATURES_PER_SCALE: dict[str, int] = {
    "refused_first": 2,  # the first contract refused, a corrected one approved: the start
    "refused_extra": 1,  # a later contract refused (holiday transport)
    "refused_lapsed": 1,  # the only contract refused, the budget lapsed
    "amended": 3,  # a change approved: the old version superseded
    "pending_extra": 3,  # a second contract waiting for approval
    "wijk_werk_expired": 1,  # waiting, and its wijk-werk registration expired meanwhile (R20)
}
PAB_FEATURES_PER_SCALE: dict[str, int] = {
    "refused_extra": 1,  # tutoring (R32)
    "amended": 2,
    "amendment_pending": 1,  # a change waiting for approval, the old version still approved
    "pending_extra": 1,
    "wijk_werk_expired": 1,
    "short_term": 3,  # short-term support at a licensed provider or an MFC (R21)
    "mfc": 1,  # combined with an MFC (R4)
}
# Ages (days before the reference day) of the contracts waiting in the approval queue.
PENDING_AGES = (3, 12, 26, 41, 58, 9, 19, 33)


@dataclass
class _Contract:
    """A contract of the budget being planned, as the planner follows it."""

    key: str
    data: dict[str, Any]
    decided_on: date  # the last approval
    parent_assistant: bool = False


@dataclass
class _Budget:
    """What the planner adds to one budget."""

    spec: BudgetSpec
    events: list[ContractEvent] = field(default_factory=list)
    pending: list[ContractSpec | AmendmentSpec] = field(default_factory=list)
    mfc: list[MfcSpec] = field(default_factory=list)
    approved: list[_Contract] = field(default_factory=list)
    employer_number: str | None = None

    @property
    def province(self) -> str:
        return self.spec.person.province

    def result(self) -> BudgetSpec:
        return replace(
            self.spec,
            contract_events=tuple(sorted(self.events, key=event_key)),
            pending_contracts=tuple(sorted(self.pending, key=event_key)),
            mfc_combinations=tuple(self.mfc),
        )


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


class ContractPlanner:
    """Adds the contracts to the budgets of a plan (see the module docstring).

    Three random generators, drawn from the one it is given in a fixed order: one for the
    convenants (planned first, so they are the same at every scale), one to choose the budgets
    with a special case, one for the rest. Assistants' national numbers and employers'
    enterprise numbers come from the plan's issuers, so they are unique across the plan."""

    def __init__(
        self,
        rng: random.Random,
        organisations: Organisations,
        numbers: NationalNumbers,
        enterprises: EnterpriseNumbers,
        *,
        reference: date,
        today: date,
    ) -> None:
        # Convenants first, from their own generator: the same at every scale.
        self.rng_convenant = make_rng(rng.getrandbits(64))
        self.rng_select = make_rng(rng.getrandbits(64))
        self.rng = make_rng(rng.getrandbits(64))
        self.organisations = organisations
        self.numbers = numbers
        self.enterprises = enterprises
        self.reference = reference
        self.today = today
        self._count = 0
        self._pending_count = 0
        self._short_term_count = 0

    def plan(self, budgets: list[BudgetSpec], scale: int) -> list[BudgetSpec]:
        """The budgets, in the same order, each with its contracts."""
        features = self.features(budgets, scale)
        waiting = self.waiting_with_contract(budgets)
        planned = []
        for spec in budgets:
            if spec.kind == BudgetKind.CONVENANT:
                planned.append(self.convenant(spec))
            else:
                planned.append(
                    self.budget(spec, features.get(spec.key, set()), spec.key in waiting)
                )
        return planned

    # -- which budget gets which special case --

    def features(self, budgets: list[BudgetSpec], scale: int) -> dict[str, set[str]]:
        ref = self.reference

        def open_since(spec: BudgetSpec, days: int) -> bool:
            return (
                spec.started_on is not None
                and spec.stop is None
                and spec.started_on <= ref - timedelta(days=days)
            )

        def cash(spec: BudgetSpec) -> bool:
            return spec.payment_mode != PaymentMode.VOUCHER

        eligible: dict[str, dict[str, Callable[[BudgetSpec], bool]]] = {
            BudgetKind.PVB: {
                "refused_first": lambda s: (
                    s.started_on is not None and (s.started_on - s.letter_received_on).days >= 30
                ),
                "refused_extra": lambda s: open_since(s, 150) and cash(s),
                "refused_lapsed": lambda s: s.lapsed_on is not None,
                "amended": lambda s: open_since(s, 150),
                "pending_extra": lambda s: open_since(s, 150),
                "wijk_werk_expired": lambda s: open_since(s, 150) and cash(s),
            },
            BudgetKind.PAB: {
                "refused_extra": lambda s: open_since(s, 150),
                "amended": lambda s: open_since(s, 150) and not s.statements,
                "amendment_pending": lambda s: open_since(s, 150) and not s.statements,
                "pending_extra": lambda s: open_since(s, 150),
                "wijk_werk_expired": lambda s: open_since(s, 150),
                "short_term": lambda s: open_since(s, 150),
                "mfc": lambda s: open_since(s, 240),
            },
        }
        wanted = {BudgetKind.PVB: PVB_FEATURES_PER_SCALE, BudgetKind.PAB: PAB_FEATURES_PER_SCALE}
        chosen: dict[str, set[str]] = {}
        for kind, counts in wanted.items():
            of_kind = [spec for spec in budgets if spec.kind == kind]
            for feature, per_scale in counts.items():
                fits = [spec.key for spec in of_kind if eligible[kind][feature](spec)]
                for key in self.rng_select.sample(fits, min(per_scale * scale, len(fits))):
                    chosen.setdefault(key, set()).add(feature)
        return chosen

    @staticmethod
    def waiting_with_contract(budgets: list[BudgetSpec]) -> set[str]:
        """Every other budget that waits to start has registered its first contract."""
        waiting: dict[str, list[str]] = {}
        for spec in budgets:
            if spec.started_on is None and spec.lapsed_on is None:
                waiting.setdefault(spec.kind, []).append(spec.key)
        return {key for keys in waiting.values() for key in keys[::2]}

    # -- convenants (R8) --

    def convenant(self, spec: BudgetSpec) -> BudgetSpec:
        """The provider's service agreement, filed on paper (seed 000 answer 7), approved."""
        rng = self.rng_convenant
        b = _Budget(spec)
        assert spec.started_on is not None, spec.key
        registered = spec.started_on
        pool = "MFC" if rng.randrange(100) < CONVENANT_AT_MFC_PCT else "LICENSED"
        provider = self.organisations.pick(rng, pool, b.province)
        function = rng.choice(CONVENANT_FUNCTIONS[spec.category])
        signed = max(spec.letter_received_on, registered - _days(rng, 1, 7))
        data = {
            "type_code": "CONVENANT_SERVICE_AGREEMENT",
            "payment_mode": VOUCHER,
            "counterparty_kind": ENTERPRISE,
            "counterparty_name": provider.name,
            "counterparty_enterprise_number": provider.enterprise_number,
            "provider_kind": provider.provider_kind,
            "minor_name": spec.person.full_name,
            "start_date": registered,
            # Until the child comes of age (a convenant is for minors, R8).
            "end_date": add_months(spec.person.birth_date, 12 * 18) - timedelta(days=1),
            "task_description": CONVENANT_TASKS[function],
            "payment_terms": "Het VAPH betaalt de zorgaanbieder in personeelspunten",
            "holder_signed_on": signed,
            "counterparty_signed_on": signed,
            "support_function": function,
        }
        key = self.key()
        b.events.append(
            ContractSpec(key, registered, _pairs(data), role=RegisteredByRole.AGENCY.value)
        )
        b.events.append(DecisionSpec(key, registered + _days(rng, 2, 10), approve=True))
        return b.result()

    # -- PVB and PAB --

    def budget(self, spec: BudgetSpec, features: set[str], waiting_contract: bool) -> BudgetSpec:
        rng = self.rng
        b = _Budget(spec)
        if spec.started_on is None:
            if "refused_lapsed" in features:
                self.refused_before_lapse(b)
            if waiting_contract:
                self.waiting_first_contract(b)
            return b.result()
        limit = spec.stop[0] - timedelta(days=1) if spec.stop else self.reference
        self.first_contracts(b, limit, "refused_first" in features)
        if rng.randrange(100) < (PVB_EXTRA_PCT if spec.kind == BudgetKind.PVB else PAB_EXTRA_PCT):
            self.extra_contract(b, limit)
        if "refused_extra" in features:
            self.refused_extra(b)
        if "amended" in features:
            self.amend(b, limit)
        if "amendment_pending" in features:
            self.amend(b, limit, pending=True)
        if "wijk_werk_expired" in features:
            self.expired_wijk_werk(b)
        if "pending_extra" in features:
            self.pending_extra(b)
        if "short_term" in features:
            self.short_term(b)
        if "mfc" in features:
            self.mfc_combination(b)
        if spec.stop and spec.stop[1] == StopReason.OWN_CHOICE:
            self.end_on_stop(b, spec.stop[0])
        return b.result()

    def first_contracts(self, b: _Budget, limit: date, refused_first: bool) -> None:
        """The contract registered on the start day, approved (and, for a PVB in cash and
        voucher, a cash contract soon after); maybe a refused one before it."""
        rng, spec = self.rng, b.spec
        assert spec.started_on is not None, spec.key
        started = spec.started_on
        parent = None
        if spec.kind == BudgetKind.PVB:
            first_mode = CASH if spec.payment_mode == PaymentMode.CASH else VOUCHER
            weights = PVB_CASH_FIRST if first_mode == CASH else PVB_VOUCHER_FIRST
            type_code = _weighted(rng, weights)
        elif spec.statements:
            # One parent is assistant, the other manages the budget (R9).
            first_mode, type_code = CASH, "PAB_FAMILY_EMPLOYMENT"
            parent = _relative(spec, spec.statements[0].assistant_key)
        else:
            first_mode = CASH
            guardian = any(h.role == HolderRole.GUARDIAN for h in spec.holders)
            type_code = _weighted(rng, PAB_GUARDIAN_FIRST if guardian else PAB_PARENTS_FIRST)
        data, person_key = self.contract_data(
            b, type_code, started, mode=first_mode, limit=limit, parent=parent, lasting=True
        )
        if refused_first:
            gap = (started - spec.letter_received_on).days
            registered = started - _days(rng, 14, min(40, gap - 1))
            refused_on = registered + _days(rng, 3, min(10, (started - registered).days - 1))
            flawed = dict(data)
            flawed["holder_signed_on"] = registered - _days(rng, 1, 5)
            flawed["counterparty_signed_on"] = flawed["holder_signed_on"]
            if type_code == "PVB_LICENSED_PROVIDER":
                flawed["support_function"] = "RESIDENTIAL_SUPPORT"
                flawed["task_description"] = PROVIDER_TASKS["RESIDENTIAL_SUPPORT"]
                reason = REFUSAL_NOT_LICENSED_FOR_FUNCTION
                if data["support_function"] == "RESIDENTIAL_SUPPORT":
                    data["support_function"] = "DAY_SUPPORT"
                    data["task_description"] = PROVIDER_TASKS["DAY_SUPPORT"]
            else:
                flawed["task_description"] = "Ondersteuning"
                reason = REFUSAL_VAGUE_TASK
            self.register(b, flawed, registered, person_key, decide=(refused_on, reason))
        _key, approved_on = self.register(b, data, started, person_key, limit=limit)
        if spec.payment_mode == PaymentMode.COMBINATION:
            # Registered once the first one is approved: that one starts the budget.
            registered = min(max(started + _days(rng, 3, 60), approved_on), limit)
            type_code = _weighted(rng, PVB_CASH_FIRST | {"PVB_LICENSED_PROVIDER": 0})
            data, person_key = self.contract_data(
                b, type_code, registered, mode=CASH, limit=limit, lasting=True
            )
            self.register(b, data, registered, person_key, limit=limit)

    def extra_contract(self, b: _Budget, limit: date) -> None:
        rng, spec = self.rng, b.spec
        assert spec.started_on is not None
        registered = spec.started_on + _days(rng, 20, 500)
        if spec.kind == BudgetKind.PAB:
            mode, type_code = CASH, _weighted(rng, PAB_EXTRA)
        elif spec.payment_mode == PaymentMode.VOUCHER:
            mode, type_code = VOUCHER, _weighted(rng, PVB_VOUCHER_EXTRA)
        else:
            mode, type_code = CASH, _weighted(rng, PVB_CASH_EXTRA)
        data, person_key = self.contract_data(b, type_code, registered, mode=mode, limit=limit)
        if registered <= limit - timedelta(days=10):
            self.register(b, data, registered, person_key, limit=limit)

    def refused_extra(self, b: _Budget) -> None:
        """A later contract the agency refuses: holiday transport (PVB), tutoring (PAB)."""
        rng, spec = self.rng, b.spec
        assert spec.started_on is not None
        registered = spec.started_on + _days(rng, 30, 120)
        if spec.kind == BudgetKind.PVB:
            data, person_key = self.contract_data(b, "PVB_TRANSPORT", registered)
            data["task_description"] = "Vervoer naar en van de vakantiebestemming aan zee"
            reason = REFUSAL_HOLIDAY_TRANSPORT
        else:
            data, person_key = self.contract_data(b, "PAB_NATURAL_OR_LEGAL_PERSON", registered)
            reason = REFUSAL_TUTORING
        self.register(
            b, data, registered, person_key, decide=(registered + _days(rng, 5, 20), reason)
        )

    def refused_before_lapse(self, b: _Budget) -> None:
        """The only contract of a budget that lapsed was refused (and no other came in time)."""
        rng, spec = self.rng, b.spec
        registered = spec.letter_received_on + _days(rng, 20, 70)
        mode = VOUCHER if spec.payment_mode == PaymentMode.VOUCHER else CASH
        data, person_key = self.contract_data(b, "PVB_LICENSED_PROVIDER", registered, mode=mode)
        data["support_function"] = "RESIDENTIAL_SUPPORT"
        data["task_description"] = PROVIDER_TASKS["RESIDENTIAL_SUPPORT"]
        decided = registered + _days(rng, 7, 20)
        self.register(
            b, data, registered, person_key, decide=(decided, REFUSAL_NOT_LICENSED_FOR_FUNCTION)
        )

    def waiting_first_contract(self, b: _Budget) -> None:
        """A budget still to start whose first contract waits for approval: approving it starts
        the budget from the registration day. Dated from ``today``, as the budget is."""
        rng, spec = self.rng, b.spec
        waited = _days(rng, 3, 40)
        registered = max(self.today - waited, spec.letter_received_on + timedelta(days=1))
        if spec.kind == BudgetKind.PVB:
            mode = CASH if spec.payment_mode == PaymentMode.CASH else VOUCHER
            type_code = _weighted(rng, PVB_CASH_FIRST if mode == CASH else PVB_VOUCHER_FIRST)
        else:
            mode, type_code = CASH, "PAB_EMPLOYMENT"
        data, person_key = self.contract_data(
            b,
            type_code,
            registered,
            mode=mode,
            start=registered + _days(rng, 7, 21),
            student=False,
            lasting=True,
        )
        self.register(b, data, registered, person_key, pending=True)

    def amend(self, b: _Budget, limit: date, pending: bool = False) -> None:
        """A change to a running contract: more hours (and for a PAB an indexed wage) or a wider
        task; a contract with an end date is renewed for a year some weeks before it ends.
        Approved (the old version superseded), or still waiting (``pending``)."""
        rng = self.rng
        after, waited, lag = rng.randint(60, 400), rng.randint(5, 15), rng.randint(3, 14)
        before_end, sign, hours = rng.randint(15, 45), rng.randint(1, 6), rng.randint(2, 8)
        raise_cents = rng.randint(20, 45)
        for contract in b.approved:
            if contract.parent_assistant:
                continue  # R9: a contract with a parent as assistant can only end
            data, end = contract.data, contract.data.get("end_date")
            if pending:
                on = max(self.reference - timedelta(days=waited), contract.decided_on)
                on += timedelta(days=1)
                if end is not None and end <= on + timedelta(days=30):
                    continue  # ends (or ended) before a decision: not this one
            else:
                on = contract.decided_on + timedelta(days=after)
            changes: dict[str, Any] = {}
            if end is not None and on > end - timedelta(days=15):
                # Too late to change: renew it, before it ends.
                on = max(contract.decided_on, end - timedelta(days=before_end))
                on += timedelta(days=1)
                changes["end_date"] = add_months(end, 12)
            elif data.get("weekly_hours") is not None:
                changes["weekly_hours"] = min(Decimal(38), data["weekly_hours"] + hours)
                if data["type_code"].startswith("PAB_") and data.get("hourly_cost") is not None:
                    changes["hourly_cost"] = data["hourly_cost"] + Decimal(raise_cents) / 100
            else:
                changes["task_description"] = f"{data['task_description']}; ook in de vakanties"
            changes["holder_signed_on"] = changes["counterparty_signed_on"] = on - timedelta(
                days=sign
            )
            if pending:
                b.pending.append(AmendmentSpec(contract.key, on, _pairs(changes)))
                return
            decided = on + timedelta(days=lag)
            if decided > limit - timedelta(days=5) or (end is not None and decided > end):
                continue
            b.events.append(AmendmentSpec(contract.key, on, _pairs(changes)))
            b.events.append(DecisionSpec(contract.key, decided, approve=True))
            contract.data = {**data, **changes}
            contract.decided_on = decided
            return

    def expired_wijk_werk(self, b: _Budget) -> None:
        """A wijk-werk contract registered while its registration document was valid, still
        waiting: by now the document is more than a year old (R20), so the approval queue shows
        the rule that no longer holds."""
        rng, spec = self.rng, b.spec
        document = self.reference - _days(rng, 380, 420)
        valid_until = contract_rules.wijk_werk_registration_valid_until(document)
        registered = valid_until - _days(rng, 20, 50)
        type_code = "PVB_WIJK_WERK" if spec.kind == BudgetKind.PVB else "PAB_WIJK_WERK"
        assert spec.started_on is not None
        # The wijk-werker came shortly before the registration (R20: start = the first visit).
        start = max(registered - _days(rng, 0, 10), spec.started_on)
        data, person_key = self.contract_data(
            b, type_code, registered, start=start, wijk_werk_on=document
        )
        self.register(b, data, registered, person_key, pending=True)

    def pending_extra(self, b: _Budget) -> None:
        """A second contract waiting for approval, registered some days before the reference day."""
        rng, spec = self.rng, b.spec
        age = PENDING_AGES[self._pending_count % len(PENDING_AGES)]
        self._pending_count += 1
        registered = self.reference - timedelta(days=age)
        if spec.kind == BudgetKind.PAB:
            mode, type_code = CASH, _weighted(rng, PAB_EXTRA)
        elif spec.payment_mode == PaymentMode.VOUCHER:
            mode, type_code = VOUCHER, "PVB_LICENSED_PROVIDER"
        else:
            mode, type_code = CASH, _weighted(rng, PVB_CASH_EXTRA | {"PVB_WIJK_WERK": 0})
        data, person_key = self.contract_data(b, type_code, registered, mode=mode)
        self.register(b, data, registered, person_key, pending=True)

    def short_term(self, b: _Budget) -> None:
        """Short stays at a licensed provider or an MFC, a few days or nights at a time, well
        within the yearly cap (R21)."""
        rng, spec = self.rng, b.spec
        assert spec.started_on is not None
        # Every other one at an MFC (short stay), the others at a licensed provider.
        at_mfc = self._short_term_count % 2 == 1
        self._short_term_count += 1
        type_code = "PAB_MFC_SHORT_STAY" if at_mfc else "PAB_LICENSED_SHORT_TERM"
        registered = min(spec.started_on + _days(rng, 20, 120), self.reference - timedelta(days=90))
        data, person_key = self.contract_data(b, type_code, registered)
        key, decided = self.register(b, data, registered, person_key, limit=self.reference)
        counter = ShortTermCounter.NIGHTS.value if at_mfc else rng.choice(["DAYS", "NIGHTS"])
        first = max(decided, data["start_date"]) + timedelta(days=1)
        last = min(data["end_date"], self.reference - timedelta(days=1))
        days = sorted({day_between(rng, first, last) for _ in range(rng.randint(3, 6))})
        for day in days:
            quantity = Decimal(rng.choice([1, 2, 2, 3, 4, 5]))
            b.events.append(UsageSpec(key, day, counter, quantity))

    def mfc_combination(self, b: _Budget) -> None:
        """The child goes to an MFC some days a week, reported once it lasted 4 weeks (R4)."""
        rng, spec = self.rng, b.spec
        assert spec.started_on is not None
        changed = spec.started_on + _days(rng, 60, 150)
        reported = min(changed + _days(rng, 29, 45), self.reference)
        mfc = self.organisations.pick(rng, "MFC", b.province)
        days = Decimal(rng.choice(["2", "2.5", "3"]))
        b.mfc.append(MfcSpec(mfc.name, days, changed, reported))

    def end_on_stop(self, b: _Budget, stopped_on: date) -> None:
        """The holder who stops ends the running contracts on the last day the budget is used:
        the day before the stop day, which is the first day without the budget (seed 003 §9.1,
        ``rules.budgets.in_force_until``). A new version with that end date, approved before the
        stop (R33)."""
        rng = self.rng
        last_day = stopped_on - timedelta(days=1)
        for contract in b.approved:
            end = contract.data.get("end_date")
            if (end is not None and end <= last_day) or contract.decided_on >= stopped_on:
                continue
            on = max(contract.decided_on + timedelta(days=1), stopped_on - _days(rng, 5, 20))
            decided = min(stopped_on, on + _days(rng, 1, 5))
            changes = {"end_date": last_day, "indefinite_duration": False}
            b.events.append(AmendmentSpec(contract.key, on, _pairs(changes)))
            b.events.append(DecisionSpec(contract.key, decided, approve=True))

    # -- one contract --

    def key(self) -> str:
        self._count += 1
        return f"overeenkomst-{self._count:05d}"

    def register(
        self,
        b: _Budget,
        data: dict[str, Any],
        registered: date,
        person_key: str | None,
        *,
        limit: date | None = None,
        decide: tuple[date, str] | None = None,
        pending: bool = False,
    ) -> tuple[str, date]:
        """Register a contract; approve it within three weeks (not after ``limit``), refuse it
        on ``decide`` = (day, reason), or leave it waiting (``pending``)."""
        rng = self.rng
        key = self.key()
        role, organisation = RegisteredByRole.HOLDER.value, ""
        if rng.randrange(100) < MANDATE_PCT:
            role = RegisteredByRole.ASSISTANCE_ORGANISATION.value
            organisation = self.organisations.pick(rng, "ASSISTANCE_ORGANISATION", "").name
        decided = registered + _days(rng, 2, 21)
        contract = ContractSpec(key, registered, _pairs(data), role, organisation, person_key)
        if pending:
            b.pending.append(contract)
            return key, registered
        b.events.append(contract)
        if decide is not None:
            b.events.append(DecisionSpec(key, decide[0], approve=False, reason=decide[1]))
            return key, decide[0]
        decided = min(decided, max(limit or decided, registered))
        b.events.append(DecisionSpec(key, decided, approve=True))
        b.approved.append(_Contract(key, data, decided, parent_assistant=person_key is not None))
        return key, decided

    def contract_data(
        self,
        b: _Budget,
        type_code: str,
        registered: date,
        *,
        mode: str = CASH,
        start: date | None = None,
        limit: date | None = None,
        parent: PersonSpec | None = None,
        student: bool = True,
        wijk_werk_on: date | None = None,
        lasting: bool = False,
    ) -> tuple[dict[str, Any], str | None]:
        """The fields of a contract of ``type_code`` registered on ``registered``, and the key of
        the plan's person who is the other party (a parent), if any. The contract starts on the
        registration day or some days later (not after ``limit``). A ``lasting`` contract (one
        the budget is spent with from its start) is of indefinite duration."""
        rng, spec = self.rng, b.spec
        profile = PROFILES[type_code]
        signed = registered - _days(rng, 1, 8)
        if start is None:
            start = registered + _days(rng, 0, 10)
            if limit is not None:
                start = max(min(start, limit), registered)
        data: dict[str, Any] = {
            "type_code": type_code,
            "payment_mode": mode,
            "start_date": start,
            "notice_terms": NOTICE[profile.notice],
            "payment_terms": PAYMENT["voucher" if mode == VOUCHER else profile.payment],
            "holder_signed_on": signed,
            "counterparty_signed_on": signed - _days(rng, 0, 3),
        }
        if spec.kind != BudgetKind.PVB:
            data["minor_name"] = spec.person.full_name  # R18: a parent contracts for a minor
        person_key = None
        if profile.counterparty in ("assistant", "tutor"):
            data.update(self.assistant(rng, start, student and profile.counterparty == "assistant"))
        elif profile.counterparty == "family":
            if parent is not None:
                person_key = parent.key
                name, number = parent.full_name, parent.national_number
                data["same_household"] = True
            else:
                name, number = self.family_member(rng, spec)
                data["same_household"] = rng.random() < 0.3
            data.update(
                counterparty_kind=PERSON,
                counterparty_name=name,
                counterparty_national_number=number,
                provider_kind=ProviderKind.NONE.value,
                family_second_degree=True,
            )
        else:
            organisation = self.organisations.pick(rng, profile.counterparty, b.province)
            data.update(
                counterparty_kind=ENTERPRISE,
                counterparty_name=organisation.name,
                counterparty_enterprise_number=organisation.enterprise_number,
                provider_kind=organisation.provider_kind,
            )
        if profile.support_functions:
            if type_code == "PVB_LICENSED_PROVIDER":
                function = _weighted(rng, PVB_PROVIDER_FUNCTIONS)
                data["task_description"] = PROVIDER_TASKS[function]
            else:
                function = rng.choice(profile.support_functions)
            data["support_function"] = function
        if "task_description" not in data:
            data["task_description"] = rng.choice(profile.tasks)
        if profile.hours is not None:
            data["weekly_hours"] = Decimal(rng.randint(*profile.hours))
        if isinstance(profile.cost, Decimal):
            data["hourly_cost"] = profile.cost
        elif profile.cost is not None:
            data["hourly_cost"] = Decimal(rng.randint(*profile.cost)) / 100
        if profile.employer_number:
            if b.employer_number is None:
                b.employer_number = self.enterprises.issue(rng)
            data["holder_enterprise_number"] = b.employer_number
        if type_code == "PAB_ASSISTANT_ORGANISATION":
            data["provider_declaration_on"] = signed - _days(rng, 0, 10)  # seed 003 §3.3.5
        # The term: open-ended, a calendar year (a membership), the wijk-werk registration's
        # year (R20), or a year.
        if profile.counterparty == "WIJK_WERK_ORGANISER":
            document = wijk_werk_on or min(start, registered) - _days(rng, 5, 60)
            data["wijk_werk_registered_on"] = document
            data["end_date"] = contract_rules.wijk_werk_registration_valid_until(document)
        elif lasting or (profile.open_ended and rng.random() < 0.8):
            data["indefinite_duration"] = True
        elif profile.notice == "membership":
            data["end_date"] = date(start.year, 12, 31)
        else:
            data["end_date"] = add_months(start, 12) - timedelta(days=1)
        return data, person_key

    def assistant(self, rng: random.Random, start: date, may_be_student: bool) -> dict[str, Any]:
        """A new person as assistant, with a valid national number: an adult, or now and then a
        minor student with the parents' consent dated before the start (R20)."""
        gender = rng.choice("MF")
        student = rng.randrange(100) < STUDENT_PCT and may_be_student
        if student:
            birth = birth_date_for_age(rng, start, 16, 17)
        else:
            # Anchored on the reference day, not on the start: the same person whatever ``today``.
            birth = birth_date_for_age(rng, self.reference, 24, 62)
        name = f"{rng.choice(first_names_for(birth.year, gender))} {rng.choice(LAST_NAMES)}"
        data = {
            "counterparty_kind": PERSON,
            "counterparty_name": name,
            "counterparty_national_number": self.numbers.issue(rng, birth, gender),
            "provider_kind": ProviderKind.NONE.value,
        }
        if student:
            data["student_minor"] = True
            data["parents_consent_on"] = start - _days(rng, 10, 30)
        return data

    def family_member(self, rng: random.Random, spec: BudgetSpec) -> tuple[str, str]:
        """A family member to the second degree (R20): for an adult a brother, sister, parent or
        grown-up child near the person's age; for a child a grandparent. Same family name."""
        person = spec.person
        gender = rng.choice("MF")
        if spec.kind == BudgetKind.PVB:
            age = years_between(person.birth_date, self.reference)
            youngest, oldest = max(24, age - 25), min(85, age + 28)
        else:
            youngest, oldest = 55, 75
        birth = birth_date_for_age(rng, self.reference, youngest, max(youngest, oldest))
        name = f"{rng.choice(first_names_for(birth.year, gender))} {person.last_name}"
        return name, self.numbers.issue(rng, birth, gender)


def _pairs(data: dict[str, Any]) -> Data:
    return tuple(data.items())


def _relative(spec: BudgetSpec, key: str) -> PersonSpec:
    return next(person for person in spec.relatives if person.key == key)
