"""Budgets and their life (R1, R2, R5, R7, R9, R11): pure checks over plain data.

Choices recorded here (see also docs/decisions/0004-budget-life-cycle.md):
- The start deadline is the day 4 months after the allocation letter was received (R1, R2);
  starting on that day is still in time; the budget lapses from the day after.
- A PAB may be extended once, by 4 months, on a request made before the deadline (R2).
  The seeds give a convenant no start deadline: it is started by the provider.
- Age limits are checked on the day of application (``applied_on``), or on the allocation
  day when the application day is not known: a PAB is for minors from 2016-04-01 (R2).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from budgetlijn.rules import parameters
from budgetlijn.rules.codes import BudgetCode
from budgetlijn.rules.dates import add_months, years_between
from budgetlijn.rules.violations import Violation, _

PVB, PAB, CONVENANT = "PVB", "PAB", "CONVENANT"
NOT_STARTED = frozenset({"ALLOCATED", "EXTENDED"})
FINAL = frozenset({"LAPSED", "STOPPED", "CONVERTED"})
# The states past allocation as the Dutch messages name them (dossiers' BudgetStatus labels).
STATUS_LABELS = {
    "STARTED": "opgestart",
    "LAPSED": "vervallen",
    "STOPPED": "stopgezet",
    "CONVERTED": "omgezet naar PVB",
}


@dataclass(frozen=True)
class BudgetFacts:
    kind: str
    category: str
    allocated_on: date
    letter_received_on: date
    scheme: str | None = None
    band: int | None = None
    specific_amount: Decimal | None = None
    status: str = "ALLOCATED"
    applied_on: date | None = None
    extension_granted_on: date | None = None
    started_on: date | None = None
    stopped_on: date | None = None
    estimated_cash_amount: Decimal | None = None
    payment_mode: str = "CASH"


@dataclass(frozen=True)
class HolderFacts:
    """A proposed budget holder: the role claimed and the relation recorded in the dossier."""

    person_id: int
    role: str
    manages: bool = True
    relation_kind: str | None = None  # recorded relation to the person, None if none
    is_the_person: bool = False


@dataclass(frozen=True)
class StatementFacts:
    managing_parent_id: int
    assistant_parent_id: int


@dataclass
class HolderCheck:
    kind: str
    person_birth_date: date
    on: date
    holders: list[HolderFacts]
    statements: list[StatementFacts] = field(default_factory=list)
    assistant_person_ids: frozenset[int] = frozenset()


def in_force_from(facts: BudgetFacts) -> date | None:
    """The day from which the yearly amount runs: the terbeschikkingstelling for a PVB
    or convenant (seed 001: free share from the allocation day), the start for a PAB
    (seed 002: 'start op 1 maart ... 10/12')."""
    if facts.kind == PAB:
        return facts.started_on
    return facts.allocated_on


def in_force_until(facts: BudgetFacts) -> date | None:
    """The last day the budget is in force, None while it runs. ``stopped_on`` is the first
    day the budget is no longer used (seed 003 §9.1), so the day before it."""
    if facts.stopped_on is None:
        return None
    return facts.stopped_on - timedelta(days=1)


def start_deadline(facts: BudgetFacts) -> date | None:
    """Last day to start (R1, R2); None for a convenant."""
    if facts.kind == CONVENANT:
        return None
    months = int(parameters.value("budget.start_deadline_months", facts.letter_received_on))
    deadline = add_months(facts.letter_received_on, months)
    if facts.kind == PAB and facts.extension_granted_on:
        extra = int(parameters.value("pab.start_extension_months", facts.letter_received_on))
        deadline = add_months(deadline, extra)
    return deadline


def majority_age(on: date) -> int:
    """The age of majority in force on ``on`` (parameter person.age_of_majority)."""
    return int(parameters.value("person.age_of_majority", on))


def age_check_day(facts: BudgetFacts) -> date:
    return facts.applied_on or facts.allocated_on


def check_allocation(facts: BudgetFacts, *, birth_date: date | None) -> list[Violation]:
    """Everything that must hold for a budget to be allocated as given."""
    from budgetlijn.rules import budget_year

    violations: list[Violation] = []
    if facts.letter_received_on < facts.allocated_on:
        violations.append(
            Violation(
                "R1",
                BudgetCode.LETTER_RECEIVED_BEFORE_ALLOCATION,
                _(
                    "De brief kan niet ontvangen zijn vóór de datum van de toekenningsbrief. "
                    "Controleer de ontvangstdatum."
                ),
                "letter_received_on",
            )
        )
    if facts.applied_on and facts.applied_on > facts.allocated_on:
        violations.append(
            Violation(
                "R1",
                BudgetCode.APPLIED_AFTER_ALLOCATION,
                _("De aanvraag kan niet na de toekenning liggen. Controleer de aanvraagdatum."),
                "applied_on",
            )
        )
    if facts.kind == PVB and facts.scheme not in ("old", "new"):
        violations.append(
            Violation(
                "R1",
                BudgetCode.PVB_SCHEME_MISSING,
                _(
                    "Kies voor een PVB de oude (I-XII) of de nieuwe indeling (1-24) van de categorieën."
                ),
                "scheme",
            )
        )
    if facts.kind != PVB and facts.scheme:
        violations.append(
            Violation(
                "R1",
                BudgetCode.SCHEME_ONLY_FOR_PVB,
                _("Een indeling van categorieën hoort alleen bij een PVB. Laat dit veld leeg."),
                "scheme",
            )
        )
    if facts.kind == PAB and not facts.band:
        violations.append(
            Violation(
                "R3",
                BudgetCode.PAB_BAND_MISSING,
                _("Vul de budgetschijf in: een PAB heeft een categorie (I-V) en een schijf."),
                "band",
            )
        )
    if facts.kind != PAB and facts.band:
        violations.append(
            Violation(
                "R3",
                BudgetCode.BAND_ONLY_FOR_PAB,
                _("Alleen een PAB heeft budgetschijven. Laat de budgetschijf leeg."),
                "band",
            )
        )
    if birth_date is not None:
        violations.extend(_check_age(facts, birth_date))
    if not violations:
        try:
            yearly = budget_year.yearly_amount(
                facts.kind,
                facts.scheme,
                facts.category,
                facts.band,
                facts.allocated_on.year,
                facts.specific_amount,
            )
        except parameters.ParameterMissing:
            violations.append(
                Violation(
                    "R3",
                    BudgetCode.CATEGORY_WITHOUT_AMOUNT,
                    _(
                        "Voor categorie %(category)s is er geen jaarbedrag voor %(year)s. "
                        "Kies een bestaande categorie (en schijf), of vul het specifiek "
                        "toegekende bedrag uit de toekenningsbrief in."
                    ),
                    "category",
                    {"category": facts.category, "year": facts.allocated_on.year},
                )
            )
        else:
            if facts.estimated_cash_amount is not None:
                violations.extend(budget_year.check_cash_split(yearly, facts.estimated_cash_amount))
    return violations


def _check_age(facts: BudgetFacts, birth_date: date) -> list[Violation]:
    day = age_check_day(facts)
    age = years_between(birth_date, day)
    if facts.kind in (PAB, CONVENANT):
        try:
            max_age = int(parameters.value("pab.max_age_at_application", day))
        except parameters.ParameterMissing:
            return []  # before 2016-04-01 adults could still apply for a PAB
        if age >= max_age:
            if facts.kind == PAB:
                message = _(
                    "Een nieuw PAB is er alleen voor minderjarigen (sinds 1 april 2016). "
                    "Deze persoon was %(age)s jaar op %(day)s. Een meerderjarige vraagt een "
                    "persoonsvolgend budget (PVB) aan."
                )
            else:
                message = _(
                    "Een persoonsvolgend convenant is er alleen voor minderjarigen. Deze persoon "
                    "was %(age)s jaar op %(day)s."
                )
            return [
                Violation(
                    "R2",
                    BudgetCode.PAB_FOR_ADULT,
                    message,
                    "kind",
                    {"age": age, "day": day.strftime("%d/%m/%Y")},
                )
            ]
    if facts.kind == PVB and age < majority_age(day):
        return [
            Violation(
                "R1",
                BudgetCode.PVB_FOR_MINOR,
                _(
                    "Een persoonsvolgend budget is er voor meerderjarigen. Deze persoon was "
                    "%(age)s jaar op %(day)s. Voor een minderjarige kan een PAB of een convenant."
                ),
                "kind",
                {"age": age, "day": day.strftime("%d/%m/%Y")},
            )
        ]
    return []


MINOR_HOLDER_ROLES = frozenset({"PARENT", "ADOPTIVE_PARENT", "GUARDIAN"})
ADULT_HOLDER_ROLES = frozenset({"SELF", "ADMINISTRATOR", "NOTARIAL"})
ROLE_NEEDS_RELATION = {
    "PARENT": "PARENT",
    "ADOPTIVE_PARENT": "ADOPTIVE_PARENT",
    "GUARDIAN": "GUARDIAN",
    "ADMINISTRATOR": "ADMINISTRATOR",
    "NOTARIAL": "NOTARIAL",
}


def check_holders(check: HolderCheck) -> list[Violation]:
    """R9: who may hold the budget, and the management statement when a parent assists."""
    violations: list[Violation] = []
    minor = years_between(check.person_birth_date, check.on) < majority_age(check.on)
    if not check.holders:
        return [
            Violation(
                "R9",
                BudgetCode.HOLDER_MISSING,
                _("Duid minstens één budgethouder aan."),
                "holders",
            )
        ]
    for holder in check.holders:
        if holder.role in ("STEP_PARENT", "OTHER_FAMILY"):
            violations.append(
                Violation(
                    "R9",
                    BudgetCode.HOLDER_NOT_LEGAL_REPRESENTATIVE,
                    _(
                        "Een plusouder of een ander familielid is geen wettelijk vertegenwoordiger "
                        "en kan geen budgethouder zijn. Budgethouder van een minderjarige zijn de "
                        "ouders (ook adoptieouders) of de voogd."
                    ),
                    "holders",
                )
            )
            continue
        if minor and holder.role not in MINOR_HOLDER_ROLES:
            violations.append(
                Violation(
                    "R9",
                    BudgetCode.HOLDER_ROLE_NOT_FOR_MINOR,
                    _(
                        "Voor een minderjarige zijn alleen de ouders (ook adoptieouders) of de voogd "
                        "budgethouder; bewindvoering via de rechtbank kan niet bij minderjarigen."
                    ),
                    "holders",
                )
            )
            continue
        if not minor and holder.role not in ADULT_HOLDER_ROLES:
            violations.append(
                Violation(
                    "R9",
                    BudgetCode.HOLDER_ROLE_NOT_FOR_ADULT,
                    _(
                        "Een meerderjarige is zelf budgethouder, of laat zich vertegenwoordigen door "
                        "een bewindvoerder of een aangestelde via notariële akte."
                    ),
                    "holders",
                )
            )
            continue
        if holder.role == "SELF" and not holder.is_the_person:
            violations.append(
                Violation(
                    "R9",
                    BudgetCode.SELF_HOLDER_OTHER_PERSON,
                    _(
                        "Als hoedanigheid 'de persoon zelf' kan alleen de persoon met een handicap zelf."
                    ),
                    "holders",
                )
            )
        needed = ROLE_NEEDS_RELATION.get(holder.role)
        if needed and holder.relation_kind != needed:
            violations.append(
                Violation(
                    "R9",
                    BudgetCode.HOLDER_RELATION_NOT_RECORDED,
                    _(
                        "Deze budgethouder staat in het dossier niet geregistreerd als %(role)s van de "
                        "persoon. Registreer eerst de relatie (verwanten en vertegenwoordigers)."
                    ),
                    "holders",
                    {"role": holder.role.lower().replace("_", " ")},
                )
            )
        if holder.manages and holder.person_id in check.assistant_person_ids:
            violations.append(
                Violation(
                    "R9",
                    BudgetCode.HOLDER_IS_ASSISTANT,
                    _(
                        "Niemand kan tegelijk budgethouder en persoonlijke assistent zijn. De ouder die "
                        "assistent is, ziet af van het beheer; de andere ouder beheert het budget."
                    ),
                    "holders",
                )
            )
    roles = {h.role for h in check.holders}
    if "GUARDIAN" in roles and roles & {"PARENT", "ADOPTIVE_PARENT"}:
        violations.append(
            Violation(
                "R9",
                BudgetCode.GUARDIAN_AND_PARENTS,
                _("Is er een voogd aangeduid, dan is de voogd budgethouder, niet de ouders."),
                "holders",
            )
        )
    parents = [h for h in check.holders if h.role in ("PARENT", "ADOPTIVE_PARENT")]
    if len(parents) > 2:
        violations.append(
            Violation(
                "R9",
                BudgetCode.TOO_MANY_PARENTS,
                _("Een kind heeft hoogstens twee ouders als budgethouder."),
                "holders",
            )
        )
    if not any(h.manages for h in check.holders):
        violations.append(
            Violation(
                "R9",
                BudgetCode.NOBODY_MANAGES,
                _("Minstens één budgethouder moet het budget beheren."),
                "holders",
            )
        )
    for holder in check.holders:
        if holder.manages:
            continue
        managers = {h.person_id for h in check.holders if h.manages}
        covered = any(
            s.assistant_parent_id == holder.person_id and s.managing_parent_id in managers
            for s in check.statements
        )
        if holder.role in ("PARENT", "ADOPTIVE_PARENT") and not covered:
            violations.append(
                Violation(
                    "R9",
                    BudgetCode.MANAGEMENT_STATEMENT_MISSING,
                    _(
                        "Als één ouder persoonlijk assistent is, beheert de andere ouder het budget. "
                        "Bezorg de beheersverklaring, ondertekend door beide ouders."
                    ),
                    "management_statement",
                )
            )
    return violations


def check_start(facts: BudgetFacts, on: date) -> list[Violation]:
    if facts.status not in NOT_STARTED:
        return [
            Violation(
                "R1",
                BudgetCode.ALREADY_STARTED_OR_ENDED,
                _("Dit budget kan niet (meer) opstarten: het is %(status)s."),
                "status",
                {"status": STATUS_LABELS.get(facts.status, facts.status.lower())},
            )
        ]
    if on < facts.allocated_on:
        return [
            Violation(
                "R1",
                BudgetCode.START_BEFORE_ALLOCATION,
                _("Een budget kan niet opstarten vóór de toekenning. Controleer de startdatum."),
                "started_on",
            )
        ]
    if past_start_deadline(facts, on):
        deadline = start_deadline(facts)
        return [
            Violation(
                "R2" if facts.kind == PAB else "R1",
                BudgetCode.START_TOO_LATE,
                _(
                    "De termijn om op te starten liep af op %(deadline)s. Het budget vervalt; "
                    "opstarten kan niet meer."
                ),
                "started_on",
                {"deadline": deadline.strftime("%d/%m/%Y")},
            )
        ]
    return []


def check_extension(facts: BudgetFacts, requested_on: date) -> list[Violation]:
    if facts.kind != PAB:
        return [
            Violation(
                "R2",
                BudgetCode.EXTENSION_ONLY_PAB,
                _("Alleen voor een PAB kan de opstarttermijn wegens overmacht verlengd worden."),
                "extension_requested_on",
            )
        ]
    if facts.extension_granted_on or facts.status == "EXTENDED":
        return [
            Violation(
                "R2",
                BudgetCode.EXTENSION_ONCE,
                _("De opstarttermijn werd al eens verlengd; dat kan maar één keer."),
                "extension_requested_on",
            )
        ]
    if facts.status not in NOT_STARTED:
        return [
            Violation(
                "R2",
                BudgetCode.EXTENSION_NOT_NEEDED,
                _("Alleen een budget dat nog niet opstartte, kan een verlenging krijgen."),
                "status",
            )
        ]
    if past_start_deadline(facts, requested_on):
        deadline = start_deadline(facts)
        return [
            Violation(
                "R2",
                BudgetCode.EXTENSION_REQUESTED_TOO_LATE,
                _(
                    "De verlenging moet aangevraagd worden vóór het einde van de opstarttermijn "
                    "(%(deadline)s)."
                ),
                "extension_requested_on",
                {"deadline": deadline.strftime("%d/%m/%Y")},
            )
        ]
    return []


def past_start_deadline(facts: BudgetFacts, on: date) -> bool:
    """True when ``on`` is after the last day to start (R1, R2); never for a convenant.

    The one comparison with the start deadline: starting, asking an extension, registering
    a contract in time and lapsing all ask this function."""
    deadline = start_deadline(facts)
    return deadline is not None and on > deadline


def check_lapse(facts: BudgetFacts, on: date) -> bool:
    """True when the budget must lapse by ``on`` (R1, R2): not started and past its deadline."""
    if facts.status not in NOT_STARTED:
        return False
    return past_start_deadline(facts, on)


def lapse_day(facts: BudgetFacts) -> date | None:
    """The day a budget not started in time lapses: the first day without a start, the day
    after the deadline, whatever day the deadline run notices it (decision 0009)."""
    deadline = start_deadline(facts)
    return None if deadline is None else deadline + timedelta(days=1)


def check_stop(
    facts: BudgetFacts, on: date, reason: str, today: date | None = None
) -> list[Violation]:
    """R33/R34: may the budget stop with ``on`` as its first day without budget? With
    ``today``: a stop announced ahead of time is fine, but its last day in force must fall in a
    budget year that can be opened (next year at the latest): a stop in 2099 would otherwise
    book the 2098 year and skip the years between."""
    violations = []
    latest = None if today is None else date(today.year + 2, 1, 1)
    if latest is not None and on > latest:
        violations.append(
            Violation(
                "R33",
                BudgetCode.STOP_TOO_FAR_AHEAD,
                _(
                    "De stopdatum %(on)s ligt te ver in de toekomst. Kies uiterlijk %(latest)s: "
                    "een later budgetjaar kan nog niet geopend worden."
                ),
                "stopped_on",
                {"on": f"{on:%d/%m/%Y}", "latest": f"{latest:%d/%m/%Y}"},
            )
        )
    if facts.status in FINAL:
        violations.append(
            Violation(
                "R33",
                BudgetCode.ALREADY_ENDED,
                _("Dit budget is al beëindigd (%(status)s)."),
                "status",
                {"status": STATUS_LABELS.get(facts.status, facts.status.lower())},
            )
        )
    if reason not in ("OWN_CHOICE", "DEATH", "FRAUD", "AGE_LIMIT"):
        violations.append(
            Violation(
                "R33",
                BudgetCode.STOP_REASON_MISSING,
                _("Kies de reden van stopzetting: eigen keuze, overlijden of fraude."),
                "stop_reason",
            )
        )
    start = facts.started_on or facts.allocated_on
    if on < start:
        violations.append(
            Violation(
                "R33",
                BudgetCode.STOP_BEFORE_START,
                _("De stopdatum ligt vóór de start van het budget. Controleer de datum."),
                "stopped_on",
            )
        )
    return violations


def check_conversion(
    facts: BudgetFacts,
    *,
    birth_date: date,
    support_plan_filed_on: date | None,
    on: date,
    today: date | None = None,
) -> list[Violation]:
    """R7: a PAB becomes a 'PVB na jeugdhulp' once a PVB is decided, if the support plan
    was filed before the 22nd birthday. With ``today``: the PVB's first budget year must be
    one that can be opened (next year at the latest), as for a stop (``check_stop``)."""
    violations = []
    latest = None if today is None else date(today.year + 1, 12, 31)
    if latest is not None and on > latest:
        violations.append(
            Violation(
                "R7",
                BudgetCode.CONVERSION_TOO_FAR_AHEAD,
                _(
                    "De datum van omzetting %(on)s ligt te ver in de toekomst. Kies uiterlijk "
                    "%(latest)s: een later budgetjaar kan nog niet geopend worden."
                ),
                "on",
                {"on": f"{on:%d/%m/%Y}", "latest": f"{latest:%d/%m/%Y}"},
            )
        )
    if facts.kind != PAB or facts.status != "STARTED":
        violations.append(
            Violation(
                "R7",
                BudgetCode.CONVERSION_NEEDS_RUNNING_PAB,
                _("Alleen een lopend PAB kan omgezet worden naar een PVB."),
                "status",
            )
        )
    limit_age = int(parameters.value("pab.support_plan_before_age", on))
    limit = add_months(birth_date, 12 * limit_age)
    if support_plan_filed_on is None:
        violations.append(
            Violation(
                "R7",
                BudgetCode.SUPPORT_PLAN_MISSING,
                _("Vul de datum in waarop het ondersteuningsplan PVB werd ingediend."),
                "support_plan_filed_on",
            )
        )
    elif support_plan_filed_on >= limit:
        violations.append(
            Violation(
                "R7",
                BudgetCode.SUPPORT_PLAN_TOO_LATE,
                _(
                    "Het ondersteuningsplan moest ingediend zijn vóór de %(age)sste verjaardag "
                    "(%(limit)s). Omzetten kan niet; de persoon behoudt wel het recht op een "
                    "automatische terbeschikkingstelling."
                ),
                "support_plan_filed_on",
                {"age": limit_age, "limit": limit.strftime("%d/%m/%Y")},
            )
        )
    if years_between(birth_date, on) < majority_age(on):
        violations.append(
            Violation(
                "R7",
                BudgetCode.CONVERSION_BEFORE_ADULTHOOD,
                _("Een PAB wordt pas een PVB na jeugdhulp vanaf de meerderjarigheid."),
                "converted_on",
            )
        )
    return violations
