"""R17/R20: the rules of the type for family members, minor assistants and wijk-werk."""

from __future__ import annotations

from datetime import date, timedelta

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules import identity, parameters
from budgetlijn.rules.codes import ContractCode
from budgetlijn.rules.contracts.facts import (
    PERSON,
    ContractFacts,
    PartyFacts,
    is_empty,
    is_family_member,
)
from budgetlijn.rules.dates import add_months, format_day, years_between
from budgetlijn.rules.violations import Violation, _

# --- R17/R20: rules of the type ---------------------------------------------------------------

WIJK_WERK_VALID_MONTHS = "contracts.wijk_werk.registration_valid_months"


def wijk_werk_registration_valid_until(registered_on: date) -> date:
    """Last day a wijk-werk registration document is valid (R20, seed 003 §3.3.8)."""
    months = int(parameters.value(WIJK_WERK_VALID_MONTHS, registered_on))
    return add_months(registered_on, months) - timedelta(days=1)


def check_type_rules(facts: ContractFacts, t: ct.ContractType | None, on: date) -> list[Violation]:
    if t is None:
        return []
    out: list[Violation] = []
    family = is_family_member(facts)
    if family and not t.family_allowed:
        out.append(
            Violation(
                "R20",
                ContractCode.FAMILY_NOT_THROUGH_WIJK_WERK_OR_SERVICE_VOUCHERS,
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
                ContractCode.FAMILY_TYPE_WITHOUT_FAMILY_MEMBER,
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
                ContractCode.FAMILY_MEMBER_NEEDS_FAMILY_TYPE,
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
                ContractCode.PROVIDER_DECLARATION_IN_FUTURE,
                _(
                    "De verklaring van de organisatie is gedateerd op %(day)s, na vandaag "
                    "(%(today)s). Controleer de datum."
                ),
                "provider_declaration_on",
                {"day": format_day(facts.provider_declaration_on), "today": format_day(on)},
            )
        )
    return out


def _assistant_birth_date(party: PartyFacts) -> date | None:
    if party.birth_date is not None:
        return party.birth_date
    if is_empty(party.national_number):
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
                ContractCode.MINOR_STUDENT_CONSENT_MISSING,
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
                ContractCode.MINOR_STUDENT_CONSENT_NOT_BEFORE_START,
                _(
                    "De machtiging van de ouders moet er zijn vóór de start van de tewerkstelling "
                    "(%(start)s); ze is gedateerd op %(consent)s. Laat de minderjarige pas starten "
                    "na de machtiging, of controleer de datums."
                ),
                "parents_consent_on",
                {"start": format_day(start), "consent": format_day(consent)},
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
                ContractCode.WIJK_WERK_REGISTRATION_AFTER_START,
                _(
                    "Het inschrijvingsdocument voor wijk-werken (%(registered)s) is van na de start "
                    "(%(start)s). Een wijk-werker kan pas komen na de inschrijving: controleer de "
                    "datums."
                ),
                "wijk_werk_registered_on",
                {"registered": format_day(registered), "start": format_day(facts.start_date)},
            )
        )
    until = wijk_werk_registration_valid_until(registered)
    day = max(on, facts.start_date) if facts.start_date else on
    if day > until:
        out.append(
            Violation(
                "R20",
                ContractCode.WIJK_WERK_REGISTRATION_EXPIRED,
                _(
                    "Het inschrijvingsdocument voor wijk-werken van %(registered)s was geldig tot "
                    "%(until)s. Vraag een nieuw inschrijvingsdocument aan en registreer de "
                    "overeenkomst daarmee opnieuw (elk jaar)."
                ),
                "wijk_werk_registered_on",
                {"registered": format_day(registered), "until": format_day(until)},
            )
        )
    return out
