"""Contract rules at registration and amendment (R6, R8, R9, R17-R23): pure checks.

``check_registration`` returns every violation of a contract at once, each with its rule id,
a stable code, a Dutch message that says what to do, and the field it is about (a field of
``ContractFacts``, or ``counterparty.<field>`` for the other party). The Django layer loads the
facts, calls it, and refuses to save when the list is not empty; the same function serves the
portal, the API and bulk import.

Choices (see docs/decisions/0007-contract-rules.md):

- Minimum content (R18, seed 003 §3.2) is the type's ``required_fields`` (contract_types.yaml).
  An open-ended contract may state ``indefinite_duration`` instead of an end date.
- Identity: a person is identified by a valid national register number or BIS number
  (python-stdnum, ``identity.py``), an enterprise by a valid Belgian enterprise number
  (``stdnum.be.vat``); a foreign facility has no Belgian number, so any registration number it
  gives is accepted. An assistant who lives abroad needs a BIS number (R20, seed 003 §3.3.1).
- Family (R20): a family member to the second degree, a household member, or a parent of the
  person. Family cannot be paid through wijk-werk or service vouchers; a family contract type
  needs a family member; a family member employed directly takes the family type.
- A minor assistant (``student_minor``, or younger than 18 on the start day by the birth date
  or the national number) needs the parents' consent dated before the start day (R20).
- Wijk-werk (R20): the registration document is valid ``contracts.wijk_werk.registration_valid_
  months`` months (12): up to the day before its anniversary. It must be valid on the
  registration day and on the start day, and not be dated after the start day.
- Minimum wage (R22): types with ``minimum_wage`` pay at least
  ``contracts.minimum_wage.pc31901.hourly`` in force on the start day (the registration day
  without a start day); before the first known value nothing is checked.
- R9 parent and guardian rules apply to a PAB and a convenant (budget holders are the legal
  representatives of a minor); nobody contracting with themself and a managing budget holder
  not being the assistant apply to every budget.
- R6 applies to a PAB; R23 to every contract at a licensed provider or MFC.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal

from stdnum.be import vat

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules import identity, parameters, short_term
from budgetlijn.rules.dates import add_months, years_between
from budgetlijn.rules.money import format_eur, to_decimal
from budgetlijn.rules.violations import Violation, _

__all__ = [
    "ContractFacts",
    "PartyFacts",
    "check_amendment",
    "check_registration",
    "is_family_member",
    "is_parent_assistant",
    "wijk_werk_registration_valid_until",
]

PVB, PAB, CONVENANT = ct.PVB, ct.PAB, ct.CONVENANT
PERSON, ENTERPRISE = ct.PERSON, ct.ENTERPRISE
MINORS_BUDGETS = frozenset({PAB, CONVENANT})
HOURS_PER_WEEK = Decimal(7 * 24)  # a week has no more hours than this
MINIMUM_WAGE = "contracts.minimum_wage.pc31901.hourly"
WIJK_WERK_VALID_MONTHS = "contracts.wijk_werk.registration_valid_months"
PAYMENT_MODE_LABELS = {"CASH": "cash", "VOUCHER": "voucher"}


@dataclass(frozen=True)
class PartyFacts:
    """The other party of a contract: a person (assistant) or an enterprise."""

    kind: str  # "PERSON" or "ENTERPRISE"
    name: str
    national_number: str | None = None  # national register number or BIS number of a person
    enterprise_number: str | None = None  # Belgian enterprise number (KBO)
    person_id: int | None = None  # when the party is a person known in the dossier
    birth_date: date | None = None
    lives_abroad: bool = False  # an assistant living abroad needs a BIS number (R20)
    provider_kind: str = "NONE"  # a code of contract_types.provider_kinds()


@dataclass(frozen=True, kw_only=True)
class ContractFacts:
    """What a contract says, and the dossier facts its rules need. Keyword arguments only."""

    type_code: str
    budget_kind: str  # PVB / PAB / CONVENANT
    payment_mode: str = "CASH"  # CASH / VOUCHER
    person_id: int  # the person with a disability
    person_name: str = ""
    holder_ids: frozenset[int]  # managing budget holders
    non_managing_holder_ids: frozenset[int] = frozenset()  # e.g. the parent who is assistant
    parent_ids: frozenset[int] = frozenset()
    guardian_ids: frozenset[int] = frozenset()
    counterparty: PartyFacts
    registered_by_id: int | None = None  # the holder who signs and registers, if a person
    counterparty_family_second_degree: bool = False
    counterparty_same_household: bool = False
    minor_name: str = ""  # required when a parent contracts for a minor (R18)
    start_date: date | None = None
    end_date: date | None = None
    indefinite_duration: bool = False  # instead of an end date (open-ended contract)
    notice_terms: str = ""
    task_description: str = ""
    weekly_hours: Decimal | None = None
    hourly_cost: Decimal | None = None
    payment_terms: str = ""
    holder_signed_on: date | None = None
    counterparty_signed_on: date | None = None
    holder_enterprise_number: str | None = None  # the holder as employer (seed 003 §3.3.1)
    student_minor: bool = False
    parents_consent_on: date | None = None
    wijk_werk_registered_on: date | None = None  # the inschrijvingsdocument, valid 1 year
    provider_declaration_on: date | None = None  # seed 003 §3.3.5
    management_statement: bool = False  # R9: when one parent is assistant
    supervising_guardian_signed_on: date | None = None  # R9: a guardian as assistant
    justice_of_peace_consent_on: date | None = None  # R9: a guardian as assistant
    support_function: str | None = None  # R16 (PVB) / R8 (convenant), a support function code
    excluded_use: str | None = None  # R6, a code of contract_types.excluded_uses()
    hotel_costs_included: bool = False  # R23


# --- helpers --------------------------------------------------------------------------------


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _exact_eur(value: Decimal) -> str:
    """An amount with all its decimals (at least two), Belgian notation: EUR 11,28570646."""
    whole, _point, decimals = format(value, "f").partition(".")
    decimals = decimals.rstrip("0")
    if len(decimals) <= 2:
        return format_eur(value)
    return f"EUR {whole},{decimals}"


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _person_id(facts: ContractFacts) -> int | None:
    party = facts.counterparty
    return party.person_id if party.kind == PERSON else None


def is_parent_assistant(facts: ContractFacts) -> bool:
    """The other party is a parent of the person (so a parent is the assistant)."""
    person = _person_id(facts)
    return person is not None and person in facts.parent_ids


def is_family_member(facts: ContractFacts) -> bool:
    """The one who does the work is family to the 2nd degree, in the household, or a parent."""
    return (
        facts.counterparty_family_second_degree
        or facts.counterparty_same_household
        or is_parent_assistant(facts)
    )


def wijk_werk_registration_valid_until(registered_on: date) -> date:
    """Last day a wijk-werk registration document is valid (R20, seed 003 §3.3.8)."""
    months = int(parameters.value(WIJK_WERK_VALID_MONTHS, registered_on))
    return add_months(registered_on, months) - timedelta(days=1)


def _lookup_type(code: str) -> ct.ContractType | None:
    try:
        return ct.contract_type(code)
    except ct.UnknownContractType:
        return None


# --- R17: type, budget kind, payment mode, counterparty ---------------------------------------


def _check_type(facts: ContractFacts, t: ct.ContractType | None) -> list[Violation]:
    out: list[Violation] = []
    if t is None:
        out.append(
            Violation(
                "R17",
                "contract_type_unknown",
                _(
                    "Het overeenkomsttype %(code)s bestaat niet. Kies een type uit de lijst van "
                    "overeenkomsten voor dit budget."
                ),
                "type_code",
                {"code": facts.type_code},
            )
        )
    if facts.budget_kind not in ct.BUDGET_KINDS:
        out.append(
            Violation(
                "R17",
                "budget_kind_unknown",
                _("Het soort budget %(kind)s is onbekend. Kies PVB, PAB of convenant."),
                "budget_kind",
                {"kind": facts.budget_kind},
            )
        )
    elif t is not None and facts.budget_kind not in t.budget_kinds:
        if facts.budget_kind == CONVENANT:
            out.append(
                Violation(
                    "R8",
                    "convenant_type_not_allowed",
                    _(
                        "Een persoonsvolgend convenant kan alleen ingezet worden bij een vergunde "
                        "zorgaanbieder of een multifunctioneel centrum, of als PAB voor een "
                        "persoonlijke assistent. Kies een van die overeenkomsttypes."
                    ),
                    "type_code",
                )
            )
        else:
            out.append(
                Violation(
                    "R17",
                    "type_not_for_budget_kind",
                    _(
                        "Het type '%(type)s' hoort niet bij een %(kind)s. Kies een "
                        "overeenkomsttype uit de lijst voor een %(kind)s."
                    ),
                    "type_code",
                    {"type": t.label, "kind": facts.budget_kind},
                )
            )
    if facts.payment_mode not in ct.PAYMENT_MODES:
        out.append(
            Violation(
                "R17",
                "payment_mode_unknown",
                _("Kies hoe het budget betaalt: cash of voucher."),
                "payment_mode",
            )
        )
    elif t is not None and facts.payment_mode not in t.payment_modes:
        out.append(
            Violation(
                "R17",
                "payment_mode_not_for_type",
                _(
                    "Dit type overeenkomst wordt betaald in %(modes)s, niet in %(mode)s. Pas de "
                    "betaalwijze aan."
                ),
                "payment_mode",
                {
                    "modes": " of ".join(PAYMENT_MODE_LABELS[m] for m in sorted(t.payment_modes)),
                    "mode": PAYMENT_MODE_LABELS[facts.payment_mode],
                },
            )
        )
    out.extend(_check_counterparty_kind(facts, t))
    return out


def _check_counterparty_kind(facts: ContractFacts, t: ct.ContractType | None) -> list[Violation]:
    party = facts.counterparty
    out: list[Violation] = []
    known_providers = ct.provider_kinds()
    if party.kind not in ct.COUNTERPARTY_KINDS:
        out.append(
            Violation(
                "R17",
                "counterparty_kind_unknown",
                _("Duid aan of de andere partij een persoon of een onderneming is."),
                "counterparty.kind",
            )
        )
    if party.provider_kind not in known_providers:
        out.append(
            Violation(
                "R17",
                "provider_kind_unknown",
                _("Het soort zorgaanbieder %(kind)s is onbekend. Kies er een uit de lijst."),
                "counterparty.provider_kind",
                {"kind": party.provider_kind},
            )
        )
    if t is None:
        return out
    wrong_kind = party.kind in ct.COUNTERPARTY_KINDS and party.kind not in t.counterparty_kinds
    wrong_provider = (
        party.provider_kind in known_providers and party.provider_kind not in t.provider_kinds
    )
    if t.volunteer and (wrong_kind or wrong_provider):
        out.append(
            Violation(
                "R20",
                "volunteer_only_through_organisation",
                _(
                    "Vrijwilligers kunnen alleen ingeschakeld worden via een overeenkomst met een "
                    "vrijwilligersorganisatie, niet rechtstreeks. Vul de gegevens van de "
                    "vrijwilligersorganisatie in als andere partij."
                ),
                "counterparty.provider_kind",
            )
        )
        return out
    if wrong_kind:
        if t.counterparty_kinds == {PERSON}:
            message = _(
                "Bij dit type overeenkomst is de andere partij een persoon, met een "
                "rijksregisternummer of BIS-nummer. Kies een ander type voor een onderneming."
            )
        else:
            message = _(
                "Bij dit type overeenkomst is de andere partij een onderneming of organisatie, met "
                "een ondernemingsnummer. Kies een ander type voor een persoon."
            )
        out.append(Violation("R17", "counterparty_kind_not_for_type", message, "counterparty.kind"))
    if wrong_provider:
        allowed = "; ".join(known_providers[k] for k in sorted(t.provider_kinds))
        if facts.budget_kind == CONVENANT and t.licensed_provider_only:
            out.append(
                Violation(
                    "R8",
                    "convenant_only_licensed_or_mfc",
                    _(
                        "Een persoonsvolgend convenant kan alleen ingezet worden bij een door het "
                        "VAPH vergunde zorgaanbieder of een multifunctioneel centrum. Kies zo'n "
                        "zorgaanbieder."
                    ),
                    "counterparty.provider_kind",
                )
            )
        else:
            out.append(
                Violation(
                    "R17",
                    "provider_kind_not_for_type",
                    _(
                        "Dit type overeenkomst kan alleen gesloten worden met: %(allowed)s. Kies "
                        "het type dat bij de zorgaanbieder past."
                    ),
                    "counterparty.provider_kind",
                    {"allowed": allowed},
                )
            )
    return out


# --- R18: minimum content ---------------------------------------------------------------------

REQUIRED = {
    "start_date": (
        "R18",
        "start_date_missing",
        _("Vul de startdatum van de overeenkomst in."),
    ),
    "end_date": (
        "R18",
        "end_date_missing",
        _(
            "Vul de einddatum van de overeenkomst in, of duid aan dat ze voor onbepaalde duur "
            "gesloten is."
        ),
    ),
    "notice_terms": (
        "R18",
        "notice_terms_missing",
        _(
            "Vul de opzegregeling in: hoe en met welke termijn elke partij de overeenkomst beëindigt."
        ),
    ),
    "task_description": (
        "R18",
        "task_description_missing",
        _("Beschrijf concreet welke taken de assistent of de zorgaanbieder uitvoert."),
    ),
    "weekly_hours": (
        "R18",
        "weekly_hours_missing",
        _("Vul de wekelijkse prestatieduur in: hoeveel uren per week."),
    ),
    "hourly_cost": (
        "R18",
        "hourly_cost_missing",
        _("Vul de kostprijs per uur in (het uurloon of het uurtarief)."),
    ),
    "payment_terms": (
        "R18",
        "payment_terms_missing",
        _("Vul de betalingsbepalingen in: wanneer en hoe er betaald wordt."),
    ),
    "holder_signed_on": (
        "R18",
        "holder_signature_missing",
        _(
            "De budgethouder moet de overeenkomst ondertekenen. Vul de datum van die handtekening in."
        ),
    ),
    "counterparty_signed_on": (
        "R18",
        "counterparty_signature_missing",
        _(
            "De andere partij moet de overeenkomst ondertekenen. Vul de datum van die "
            "handtekening in."
        ),
    ),
    "holder_enterprise_number": (
        "R18",
        "holder_enterprise_number_missing",
        _(
            "Vul het ondernemingsnummer van de budgethouder als werkgever in: wie zelf assistenten "
            "tewerkstelt, deelt het mee aan het VAPH."
        ),
    ),
    "wijk_werk_registered_on": (
        "R20",
        "wijk_werk_registration_missing",
        _("Vul de datum van het inschrijvingsdocument voor wijk-werken in."),
    ),
    "provider_declaration_on": (
        "R20",
        "provider_declaration_missing",
        _(
            "Bezorg de verklaring van de organisatie over het inkopen van persoonlijke assistentie "
            "(gescheiden boekhouding, geen andere subsidie, wie de assistenten zijn, hun "
            "overeenkomst en loon) en vul de datum ervan in."
        ),
    ),
    "support_function": (
        "R8",
        "support_function_missing",
        _("Kies de ondersteuningsfunctie waarvoor de overeenkomst dient."),
    ),
}


def _check_content(facts: ContractFacts, t: ct.ContractType | None, on: date) -> list[Violation]:
    out: list[Violation] = []
    required = t.required_fields if t is not None else frozenset()
    for name in sorted(required, key=list(REQUIRED).index):
        value = getattr(facts, name)
        if name == "end_date" and facts.indefinite_duration:
            continue
        if _empty(value):
            rule, code, message = REQUIRED[name]
            if name == "support_function" and facts.budget_kind == PVB:
                rule = "R16"
            out.append(Violation(rule, code, message, name))
    if facts.indefinite_duration and facts.end_date is not None:
        out.append(
            Violation(
                "R18",
                "end_date_with_indefinite_duration",
                _(
                    "Een overeenkomst voor onbepaalde duur heeft geen einddatum. Laat de einddatum "
                    "leeg, of duid aan dat de overeenkomst niet voor onbepaalde duur is."
                ),
                "end_date",
            )
        )
    if facts.start_date and facts.end_date and facts.end_date < facts.start_date:
        out.append(
            Violation(
                "R18",
                "end_before_start",
                _(
                    "De einddatum (%(end)s) ligt vóór de startdatum (%(start)s). Controleer beide "
                    "datums."
                ),
                "end_date",
                {"end": _day(facts.end_date), "start": _day(facts.start_date)},
            )
        )
    for name, code, message in (
        (
            "holder_signed_on",
            "holder_signed_in_future",
            _(
                "De handtekening van de budgethouder is gedateerd op %(day)s, na vandaag "
                "(%(today)s). Vul de datum in waarop echt getekend werd."
            ),
        ),
        (
            "counterparty_signed_on",
            "counterparty_signed_in_future",
            _(
                "De handtekening van de andere partij is gedateerd op %(day)s, na vandaag "
                "(%(today)s). Vul de datum in waarop echt getekend werd."
            ),
        ),
    ):
        signed = getattr(facts, name)
        if signed is not None and signed > on:
            out.append(
                Violation("R18", code, message, name, {"day": _day(signed), "today": _day(on)})
            )
    if facts.weekly_hours is not None:
        hours = to_decimal(facts.weekly_hours)
        if hours <= 0:
            out.append(
                Violation(
                    "R18",
                    "weekly_hours_not_positive",
                    _(
                        "De wekelijkse prestatieduur moet meer dan 0 uur zijn. Vul het aantal uren in."
                    ),
                    "weekly_hours",
                )
            )
        elif hours > HOURS_PER_WEEK:
            out.append(
                Violation(
                    "R18",
                    "weekly_hours_too_high",
                    _(
                        "Een week heeft maar %(max)s uren; %(hours)s uren per week kan niet. "
                        "Controleer de wekelijkse prestatieduur."
                    ),
                    "weekly_hours",
                    {"max": HOURS_PER_WEEK, "hours": hours},
                )
            )
    if facts.hourly_cost is not None and to_decimal(facts.hourly_cost) <= 0:
        out.append(
            Violation(
                "R18",
                "hourly_cost_not_positive",
                _(
                    "De kostprijs per uur moet meer dan 0 euro zijn. Vul het uurloon of uurtarief in."
                ),
                "hourly_cost",
            )
        )
    if (
        facts.budget_kind in MINORS_BUDGETS
        and _signed_by_parent(facts)
        and _empty(facts.minor_name)
    ):
        out.append(
            Violation(
                "R18",
                "minor_name_missing",
                _(
                    "Een ouder sluit deze overeenkomst: vermeld er de naam van het minderjarige "
                    "kind met een handicap in."
                ),
                "minor_name",
            )
        )
    return out


def _signed_by_parent(facts: ContractFacts) -> bool:
    if facts.registered_by_id is not None:
        return facts.registered_by_id in facts.parent_ids
    return bool(facts.holder_ids & facts.parent_ids)


# --- R18/R20: identities ----------------------------------------------------------------------


def _check_identity(facts: ContractFacts) -> list[Violation]:
    party = facts.counterparty
    out: list[Violation] = []
    if _empty(party.name):
        out.append(
            Violation(
                "R18",
                "counterparty_name_missing",
                _("Vul de naam van de andere partij in."),
                "counterparty.name",
            )
        )
    if party.kind == PERSON:
        if _empty(party.national_number):
            out.append(
                Violation(
                    "R18",
                    "counterparty_national_number_missing",
                    _(
                        "Vul het rijksregisternummer van de assistent in, of het BIS-nummer als "
                        "hij of zij geen rijksregisternummer heeft."
                    ),
                    "counterparty.national_number",
                )
            )
        else:
            found = identity.check_national_number(party.national_number, party.birth_date)
            out.extend(
                Violation(v.rule_id, v.code, v.message, f"counterparty.{v.field}", v.params)
                for v in found
            )
            if not found and party.lives_abroad:
                parsed = identity.parse_national_number(party.national_number)
                if parsed.kind != "BIS":
                    out.append(
                        Violation(
                            "R20",
                            "foreign_assistant_needs_bis",
                            _(
                                "Een assistent die niet in België woont, heeft een BIS-nummer "
                                "(INSZ-nummer) nodig. Vraag het aan via het sociaal secretariaat "
                                "of de gemeente en vul het in."
                            ),
                            "counterparty.national_number",
                        )
                    )
    elif party.kind == ENTERPRISE:
        number = party.enterprise_number
        if party.provider_kind == "FOREIGN_FACILITY":
            if _empty(number):
                out.append(
                    Violation(
                        "R18",
                        "foreign_facility_number_missing",
                        _(
                            "Vul het registratie- of btw-nummer van de buitenlandse voorziening in, "
                            "zoals het op haar facturen staat."
                        ),
                        "counterparty.enterprise_number",
                    )
                )
        elif _empty(number):
            out.append(
                Violation(
                    "R18",
                    "counterparty_enterprise_number_missing",
                    _("Vul het ondernemingsnummer van de zelfstandige of de organisatie in."),
                    "counterparty.enterprise_number",
                )
            )
        elif not vat.is_valid(number):
            out.append(
                Violation(
                    "R18",
                    "counterparty_enterprise_number_invalid",
                    _(
                        "Het ondernemingsnummer %(number)s klopt niet. Neem het over uit de "
                        "Kruispuntbank van Ondernemingen (10 cijfers, bv. 0403.170.701)."
                    ),
                    "counterparty.enterprise_number",
                    {"number": number},
                )
            )
    if not _empty(facts.holder_enterprise_number) and not vat.is_valid(
        facts.holder_enterprise_number
    ):
        out.append(
            Violation(
                "R18",
                "holder_enterprise_number_invalid",
                _(
                    "Het ondernemingsnummer van de budgethouder %(number)s klopt niet. Neem het "
                    "over uit de Kruispuntbank van Ondernemingen (10 cijfers)."
                ),
                "holder_enterprise_number",
                {"number": facts.holder_enterprise_number},
            )
        )
    return out


# --- R9: who may be the assistant ------------------------------------------------------------


def _check_parties(facts: ContractFacts, on: date) -> list[Violation]:
    out: list[Violation] = []
    assistant = _person_id(facts)
    if assistant is None:
        return out
    if assistant == facts.person_id:
        # the root cause: signing with oneself and holding the budget follow from it
        return [
            Violation(
                "R9",
                "contract_with_the_person",
                _(
                    "De persoon met een handicap kan niet zijn of haar eigen assistent zijn. Kies "
                    "een andere persoon als andere partij."
                ),
                "counterparty.person_id",
            )
        ]
    if facts.registered_by_id is not None and facts.registered_by_id == assistant:
        out.append(
            Violation(
                "R9",
                "self_contract",
                _(
                    "Niemand kan een overeenkomst met zichzelf sluiten: de assistent kan ze niet ook "
                    "als budgethouder ondertekenen. Laat een andere budgethouder tekenen."
                ),
                "registered_by_id",
            )
        )
    minors_budget = facts.budget_kind in MINORS_BUDGETS
    if minors_budget and assistant in facts.guardian_ids:
        out.extend(_check_guardian_assistant(facts, on))
    elif assistant in facts.holder_ids:
        if minors_budget and assistant in facts.parent_ids:
            message = _(
                "Deze ouder beheert het budget en kan dus niet ook assistent zijn. De ouder die "
                "assistent is, ziet af van het beheer; de andere ouder beheert het budget."
            )
        else:
            message = _(
                "Niemand kan tegelijk budgethouder en assistent zijn. Kies een andere assistent, "
                "of laat deze persoon afzien van het beheer van het budget."
            )
        out.append(Violation("R9", "holder_is_assistant", message, "counterparty.person_id"))
    if minors_budget and assistant in facts.parent_ids:
        managing_parents = (facts.holder_ids & facts.parent_ids) - {assistant}
        if not managing_parents:
            out.append(
                Violation(
                    "R9",
                    "parent_assistant_other_parent_must_manage",
                    _(
                        "Een ouder kan alleen assistent zijn als de andere ouder het budget beheert. "
                        "Duid de andere ouder aan als beherende budgethouder. Is er maar één "
                        "ouder, dan kan die geen assistent zijn."
                    ),
                    "holder_ids",
                )
            )
        if not facts.management_statement:
            out.append(
                Violation(
                    "R9",
                    "management_statement_missing",
                    _(
                        "Als één ouder assistent is, bezorgt u de beheersverklaring, ondertekend "
                        "door beide ouders: de ene ouder beheert het budget, de andere is assistent "
                        "en ziet af van het beheer."
                    ),
                    "management_statement",
                )
            )
    return out


def _check_guardian_assistant(facts: ContractFacts, on: date) -> list[Violation]:
    out: list[Violation] = []
    if facts.supervising_guardian_signed_on is None:
        out.append(
            Violation(
                "R9",
                "supervising_guardian_signature_missing",
                _(
                    "Een voogd die zelf assistent wil zijn, tekent de overeenkomst niet als "
                    "budgethouder: de toeziende voogd tekent. Vul de datum van die handtekening in."
                ),
                "supervising_guardian_signed_on",
            )
        )
    elif facts.supervising_guardian_signed_on > on:
        out.append(
            _future("supervising_guardian_signed_on", facts.supervising_guardian_signed_on, on)
        )
    if facts.justice_of_peace_consent_on is None:
        out.append(
            Violation(
                "R9",
                "justice_of_peace_consent_missing",
                _(
                    "Een voogd die zelf assistent wil zijn, vraagt de vrederechter of hij de "
                    "voogdij mag combineren met die taak. Bezorg die toestemming en vul de datum "
                    "ervan in."
                ),
                "justice_of_peace_consent_on",
            )
        )
    elif facts.justice_of_peace_consent_on > on:
        out.append(_future("justice_of_peace_consent_on", facts.justice_of_peace_consent_on, on))
    return out


def _future(name: str, day: date, on: date) -> Violation:
    return Violation(
        "R9",
        "document_dated_in_future",
        _("Dit document is gedateerd op %(day)s, na vandaag (%(today)s). Controleer de datum."),
        name,
        {"day": _day(day), "today": _day(on)},
    )


# --- R17/R20: rules of the type ---------------------------------------------------------------


def _check_type_rules(facts: ContractFacts, t: ct.ContractType | None, on: date) -> list[Violation]:
    if t is None:
        return []
    out: list[Violation] = []
    family = is_family_member(facts)
    if family and not t.family_allowed:
        out.append(
            Violation(
                "R20",
                "family_not_through_wijk_werk_or_service_vouchers",
                _(
                    "Familieleden tot de tweede graad en gezinsleden kunnen niet betaald worden met "
                    "wijk-werkcheques of dienstencheques. Sluit een overeenkomst met een familielid "
                    "(arbeids- of takenovereenkomst)."
                ),
                "type_code",
            )
        )
    if t.family and not family:
        out.append(
            Violation(
                "R17",
                "family_type_without_family_member",
                _(
                    "Dit type overeenkomst is voor een familielid tot de tweede graad of een "
                    "gezinslid. Duid die band aan, of kies een gewone arbeidsovereenkomst."
                ),
                "counterparty_family_second_degree",
            )
        )
    elif family and not t.family and t.direct_employment:
        out.append(
            Violation(
                "R17",
                "family_member_needs_family_type",
                _(
                    "De assistent is een familielid tot de tweede graad of een gezinslid. "
                    "Registreer een overeenkomst met een familielid (arbeids- of takenovereenkomst)."
                ),
                "type_code",
            )
        )
    out.extend(_check_minor_assistant(facts, t, on))
    if t.wijk_werk and facts.wijk_werk_registered_on is not None:
        out.extend(_check_wijk_werk(facts, on))
    if facts.provider_declaration_on is not None and facts.provider_declaration_on > on:
        out.append(
            Violation(
                "R20",
                "provider_declaration_in_future",
                _(
                    "De verklaring van de organisatie is gedateerd op %(day)s, na vandaag "
                    "(%(today)s). Controleer de datum."
                ),
                "provider_declaration_on",
                {"day": _day(facts.provider_declaration_on), "today": _day(on)},
            )
        )
    return out


def _assistant_birth_date(party: PartyFacts) -> date | None:
    if party.birth_date is not None:
        return party.birth_date
    if _empty(party.national_number):
        return None
    try:
        return identity.parse_national_number(party.national_number).birth_date
    except ValueError:
        return None


def _check_minor_assistant(facts: ContractFacts, t: ct.ContractType, on: date) -> list[Violation]:
    party = facts.counterparty
    if party.kind != PERSON or not (t.direct_employment or t.family or t.minimum_wage):
        return []
    start = facts.start_date or on
    born = _assistant_birth_date(party)
    minor = facts.student_minor or (
        born is not None
        and years_between(born, start) < int(parameters.value("person.age_of_majority", start))
    )
    if not minor:
        return []
    consent = facts.parents_consent_on
    if consent is None:
        return [
            Violation(
                "R20",
                "minor_student_consent_missing",
                _(
                    "Een minderjarige mag pas als assistent werken met een machtiging van zijn of "
                    "haar ouders of voogd. Bezorg die machtiging vóór de start en vul de datum "
                    "ervan in."
                ),
                "parents_consent_on",
            )
        ]
    if consent >= start:
        return [
            Violation(
                "R20",
                "minor_student_consent_not_before_start",
                _(
                    "De machtiging van de ouders moet er zijn vóór de start van de tewerkstelling "
                    "(%(start)s); ze is gedateerd op %(consent)s. Laat de minderjarige pas starten "
                    "na de machtiging, of controleer de datums."
                ),
                "parents_consent_on",
                {"start": _day(start), "consent": _day(consent)},
            )
        ]
    return []


def _check_wijk_werk(facts: ContractFacts, on: date) -> list[Violation]:
    registered = facts.wijk_werk_registered_on
    out: list[Violation] = []
    if registered is None:
        return out
    if facts.start_date is not None and registered > facts.start_date:
        out.append(
            Violation(
                "R20",
                "wijk_werk_registration_after_start",
                _(
                    "Het inschrijvingsdocument voor wijk-werken (%(registered)s) is van na de start "
                    "(%(start)s). Een wijk-werker kan pas komen na de inschrijving: controleer de "
                    "datums."
                ),
                "wijk_werk_registered_on",
                {"registered": _day(registered), "start": _day(facts.start_date)},
            )
        )
    until = wijk_werk_registration_valid_until(registered)
    day = max(on, facts.start_date) if facts.start_date else on
    if day > until:
        out.append(
            Violation(
                "R20",
                "wijk_werk_registration_expired",
                _(
                    "Het inschrijvingsdocument voor wijk-werken van %(registered)s was geldig tot "
                    "%(until)s. Vraag een nieuw inschrijvingsdocument aan en registreer de "
                    "overeenkomst daarmee opnieuw (elk jaar)."
                ),
                "wijk_werk_registered_on",
                {"registered": _day(registered), "until": _day(until)},
            )
        )
    return out


# --- R22: minimum wage ------------------------------------------------------------------------


def _check_minimum_wage(
    facts: ContractFacts, t: ct.ContractType | None, on: date
) -> list[Violation]:
    if t is None or not t.minimum_wage or facts.hourly_cost is None:
        return []
    cost = to_decimal(facts.hourly_cost)
    if cost <= 0:
        return []  # reported as hourly_cost_not_positive
    day = facts.start_date or on
    try:
        minimum = parameters.value(MINIMUM_WAGE, day)
    except parameters.ParameterMissing:
        return []  # no known minimum before the first value: nothing to compare with
    if cost >= minimum:
        return []
    return [
        Violation(
            "R22",
            "below_minimum_wage",
            _(
                "Het uurloon (%(cost)s) ligt onder het sectorale minimumloon van paritair comité "
                "319.01 dat op %(day)s gold: %(minimum)s bruto per uur. Verhoog het uurloon tot "
                "minstens dat bedrag."
            ),
            "hourly_cost",
            {"cost": _exact_eur(cost), "day": _day(day), "minimum": _exact_eur(minimum)},
        )
    ]


# --- R6, R8, R16, R23: what the contract is used for ----------------------------------------


def _check_use(facts: ContractFacts, t: ct.ContractType | None, on: date) -> list[Violation]:
    out: list[Violation] = []
    if facts.excluded_use is not None and facts.budget_kind == PAB:
        uses = ct.excluded_uses()
        out.append(
            Violation(
                "R6",
                "pab_excluded_use",
                _(
                    "Een PAB kan niet gebruikt worden voor %(use)s. Wie er verblijft of er gebruik "
                    "van maakt, laat zich uitschrijven vóór de start van het PAB. Een overeenkomst "
                    "met die dienst voor assistentie thuis kan wel: kies daarvoor het passende type."
                ),
                "excluded_use",
                {"use": uses.get(facts.excluded_use, facts.excluded_use)},
            )
        )
    if facts.support_function is not None and t is not None:
        out.extend(_check_support_function(facts, t))
    provider = facts.counterparty.provider_kind
    at_licensed = provider in ct.LICENSED_KINDS or (t is not None and t.licensed_provider_only)
    if facts.hotel_costs_included and at_licensed:
        out.append(
            Violation(
                "R23",
                "hotel_costs_not_payable",
                _(
                    "Bij een multifunctioneel centrum of een vergunde zorgaanbieder betaalt het "
                    "budget alleen de kosten voor zorg en ondersteuning. Hotelkosten en de eigen "
                    "bijdrage betaalt u met eigen middelen: neem ze niet op in deze overeenkomst."
                ),
                "hotel_costs_included",
            )
        )
    if t is not None and t.is_short_term:
        day = facts.start_date or on
        out.extend(
            Violation(v.rule_id, v.code, v.message, "counterparty.provider_kind", v.params)
            for v in short_term.check_provider(provider, day)
            if provider in t.provider_kinds
        )
    return out


def _check_support_function(facts: ContractFacts, t: ct.ContractType) -> list[Violation]:
    code = facts.support_function
    known = ct.support_functions()
    group = t.support_function_group
    if group is None:
        return [
            Violation(
                "R17",
                "support_function_not_applicable",
                _(
                    "Bij dit type overeenkomst hoort geen ondersteuningsfunctie. Laat het veld leeg."
                ),
                "support_function",
            )
        ]
    rule = "R16" if group == PVB else "R8"
    allowed = ct.support_functions(group)
    if code in allowed:
        return []
    if code not in known:
        return [
            Violation(
                rule,
                "support_function_unknown",
                _("De ondersteuningsfunctie %(code)s is onbekend. Kies er een uit de lijst."),
                "support_function",
                {"code": code},
            )
        ]
    if group == PVB:
        message = _(
            "Met een persoonsvolgend budget koopt u een van de zes ondersteuningsfuncties: "
            "%(allowed)s. Kies een van die functies."
        )
    elif group == "CONVENANT":
        message = _(
            "Met een persoonsvolgend convenant biedt een vergunde zorgaanbieder of MFC alleen: "
            "%(allowed)s. Kies een van die functies, of zet het convenant in als PAB."
        )
    else:
        message = _(
            "Een convenant ingezet als PAB betaalt alleen de handelingen van een persoonlijke "
            "assistent: %(allowed)s. Kies een van die functies."
        )
    return [
        Violation(
            rule,
            "support_function_not_allowed",
            message,
            "support_function",
            {"allowed": "; ".join(allowed.values())},
        )
    ]


# --- public checks ----------------------------------------------------------------------------


def check_registration(facts: ContractFacts, on: date) -> list[Violation]:
    """Every violation of a contract registered on day ``on``, all at once (empty: in order)."""
    t = _lookup_type(facts.type_code)
    return [
        *_check_type(facts, t),
        *_check_content(facts, t, on),
        *_check_identity(facts),
        *_check_parties(facts, on),
        *_check_type_rules(facts, t, on),
        *_check_minimum_wage(facts, t, on),
        *_check_use(facts, t, on),
    ]


# Fields that describe the dossier, not the contract: they may differ between two versions.
CONTEXT_FIELDS = frozenset(
    {
        "person_name",
        "holder_ids",
        "non_managing_holder_ids",
        "parent_ids",
        "guardian_ids",
        "registered_by_id",
    }
)
# What makes it another contract: change these and it is a new registration.
IDENTITY_FIELDS = ("type_code", "budget_kind", "person_id")
PARTY_IDENTITY_FIELDS = ("kind", "national_number", "enterprise_number")
END_FIELDS = frozenset({"end_date", "indefinite_duration"})


def _compact(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isalnum()).upper()


def check_amendment(
    previous: ContractFacts, new: ContractFacts, previous_parent_assistant_running: bool
) -> list[Violation]:
    """Rules particular to changing a registered contract (run ``check_registration`` on the
    new version as well).

    - R19: the type, the budget kind, the person and the other party's identity do not change:
      that is another contract, registered anew.
    - R9: a running contract with a parent as assistant, kept by the exception of seed 003
      §2.3.1, can no longer be changed: it can only end, by setting an end date or an earlier one.
    """
    out: list[Violation] = []
    for name in IDENTITY_FIELDS:
        if getattr(previous, name) != getattr(new, name):
            out.append(_new_contract(name))
    for name in PARTY_IDENTITY_FIELDS:
        before, after = getattr(previous.counterparty, name), getattr(new.counterparty, name)
        if name != "kind":
            before, after = _compact(before), _compact(after)
        if before != after:
            out.append(_new_contract(f"counterparty.{name}"))
    if not previous_parent_assistant_running:
        return out
    changed = [
        f.name
        for f in fields(ContractFacts)
        if f.name not in CONTEXT_FIELDS | END_FIELDS | {"counterparty", *IDENTITY_FIELDS}
        and getattr(previous, f.name) != getattr(new, f.name)
    ]
    changed += [
        f"counterparty.{f.name}"
        for f in fields(PartyFacts)
        if f.name not in {"person_id", *PARTY_IDENTITY_FIELDS}
        and getattr(previous.counterparty, f.name) != getattr(new.counterparty, f.name)
    ]
    for name in changed:
        out.append(
            Violation(
                "R9",
                "parent_assistant_contract_frozen",
                _(
                    "Deze overeenkomst met een ouder als assistent loopt verder bij uitzondering en "
                    "kan niet meer gewijzigd worden. Ze kan alleen eindigen: vul een (vroegere) "
                    "einddatum in en laat de rest ongewijzigd."
                ),
                name,
            )
        )
    if not _only_ends_earlier(previous, new):
        out.append(
            Violation(
                "R9",
                "parent_assistant_contract_only_end_earlier",
                _(
                    "Deze overeenkomst met een ouder als assistent kan niet verlengd worden. U kunt "
                    "alleen een einddatum invullen, of een einddatum vóór de huidige (%(end)s)."
                ),
                "end_date",
                {"end": _day(previous.end_date) if previous.end_date else "-"},
            )
        )
    return out


def _only_ends_earlier(previous: ContractFacts, new: ContractFacts) -> bool:
    if new.end_date is None:
        # unchanged is fine; removing an end date, or making it open-ended, extends it
        return previous.end_date is None and (
            new.indefinite_duration == previous.indefinite_duration
        )
    if new.indefinite_duration:
        return False  # reported as end_date_with_indefinite_duration by check_registration too
    return previous.end_date is None or new.end_date <= previous.end_date


def _new_contract(name: str) -> Violation:
    return Violation(
        "R19",
        "amendment_changes_contract",
        _(
            "Een wijziging kan het type, het budget, de persoon of de andere partij van een "
            "overeenkomst niet veranderen. Beëindig deze overeenkomst en registreer een nieuwe."
        ),
        name,
    )
