"""R18: the minimum content of a contract (seed 003 §3.2), dates and amounts that make sense."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.codes import ContractCode
from budgetlijn.rules.contracts.facts import (
    MINORS_BUDGETS,
    PVB,
    ContractFacts,
    is_empty,
)
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.money import to_decimal
from budgetlijn.rules.violations import Violation, _

# --- R18: minimum content ---------------------------------------------------------------------

REQUIRED = {
    "start_date": (
        "R18",
        ContractCode.START_DATE_MISSING,
        _("Vul de startdatum van de overeenkomst in."),
    ),
    "end_date": (
        "R18",
        ContractCode.END_DATE_MISSING,
        _(
            "Vul de einddatum van de overeenkomst in, of duid aan dat ze voor onbepaalde duur "
            "gesloten is."
        ),
    ),
    "notice_terms": (
        "R18",
        ContractCode.NOTICE_TERMS_MISSING,
        _(
            "Vul de opzegregeling in: hoe en met welke termijn elke partij de overeenkomst beëindigt."
        ),
    ),
    "task_description": (
        "R18",
        ContractCode.TASK_DESCRIPTION_MISSING,
        _("Beschrijf concreet welke taken de assistent of de zorgaanbieder uitvoert."),
    ),
    "weekly_hours": (
        "R18",
        ContractCode.WEEKLY_HOURS_MISSING,
        _("Vul de wekelijkse prestatieduur in: hoeveel uren per week."),
    ),
    "hourly_cost": (
        "R18",
        ContractCode.HOURLY_COST_MISSING,
        _("Vul de kostprijs per uur in (het uurloon of het uurtarief)."),
    ),
    "payment_terms": (
        "R18",
        ContractCode.PAYMENT_TERMS_MISSING,
        _("Vul de betalingsbepalingen in: wanneer en hoe er betaald wordt."),
    ),
    "holder_signed_on": (
        "R18",
        ContractCode.HOLDER_SIGNATURE_MISSING,
        _(
            "De budgethouder moet de overeenkomst ondertekenen. Vul de datum van die handtekening in."
        ),
    ),
    "counterparty_signed_on": (
        "R18",
        ContractCode.COUNTERPARTY_SIGNATURE_MISSING,
        _(
            "De andere partij moet de overeenkomst ondertekenen. Vul de datum van die "
            "handtekening in."
        ),
    ),
    "holder_enterprise_number": (
        "R18",
        ContractCode.HOLDER_ENTERPRISE_NUMBER_MISSING,
        _(
            "Vul het ondernemingsnummer van de budgethouder als werkgever in: wie zelf assistenten "
            "tewerkstelt, deelt het mee aan het VAPH."
        ),
    ),
    "wijk_werk_registered_on": (
        "R20",
        ContractCode.WIJK_WERK_REGISTRATION_MISSING,
        _("Vul de datum van het inschrijvingsdocument voor wijk-werken in."),
    ),
    "provider_declaration_on": (
        "R20",
        ContractCode.PROVIDER_DECLARATION_MISSING,
        _(
            "Bezorg de verklaring van de organisatie over het inkopen van persoonlijke assistentie "
            "(gescheiden boekhouding, geen andere subsidie, wie de assistenten zijn, hun "
            "overeenkomst en loon) en vul de datum ervan in."
        ),
    ),
    "support_function": (
        "R8",
        ContractCode.SUPPORT_FUNCTION_MISSING,
        _("Kies de ondersteuningsfunctie waarvoor de overeenkomst dient."),
    ),
}

HOURS_PER_WEEK = Decimal(7 * 24)  # a week has no more hours than this


def check_content(facts: ContractFacts, t: ct.ContractType | None, on: date) -> list[Violation]:
    out: list[Violation] = []
    required = t.required_fields if t is not None else frozenset()
    for name in sorted(required, key=list(REQUIRED).index):
        value = getattr(facts, name)
        if name == "end_date" and facts.indefinite_duration:
            continue
        if is_empty(value):
            rule, code, message = REQUIRED[name]
            if name == "support_function" and facts.budget_kind == PVB:
                rule = "R16"
            out.append(Violation(rule, code, message, name))
    if facts.indefinite_duration and facts.end_date is not None:
        out.append(
            Violation(
                "R18",
                ContractCode.END_DATE_WITH_INDEFINITE_DURATION,
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
                ContractCode.END_BEFORE_START,
                _(
                    "De einddatum (%(end)s) ligt vóór de startdatum (%(start)s). Controleer beide "
                    "datums."
                ),
                "end_date",
                {"end": format_day(facts.end_date), "start": format_day(facts.start_date)},
            )
        )
    for name, code, message in (
        (
            "holder_signed_on",
            ContractCode.HOLDER_SIGNED_IN_FUTURE,
            _(
                "De handtekening van de budgethouder is gedateerd op %(day)s, na vandaag "
                "(%(today)s). Vul de datum in waarop echt getekend werd."
            ),
        ),
        (
            "counterparty_signed_on",
            ContractCode.COUNTERPARTY_SIGNED_IN_FUTURE,
            _(
                "De handtekening van de andere partij is gedateerd op %(day)s, na vandaag "
                "(%(today)s). Vul de datum in waarop echt getekend werd."
            ),
        ),
    ):
        signed = getattr(facts, name)
        if signed is not None and signed > on:
            out.append(
                Violation(
                    "R18", code, message, name, {"day": format_day(signed), "today": format_day(on)}
                )
            )
    if facts.weekly_hours is not None:
        hours = to_decimal(facts.weekly_hours)
        if hours <= 0:
            out.append(
                Violation(
                    "R18",
                    ContractCode.WEEKLY_HOURS_NOT_POSITIVE,
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
                    ContractCode.WEEKLY_HOURS_TOO_HIGH,
                    _(
                        "Een week heeft maar %(max)s uren; %(hours)s uren per week kan niet. "
                        "Controleer de wekelijkse prestatieduur."
                    ),
                    "weekly_hours",
                    # Belgian notation (a decimal comma), as everywhere in the messages
                    {
                        "max": str(HOURS_PER_WEEK),
                        "hours": format(hours.normalize(), "f").replace(".", ","),
                    },
                )
            )
    if facts.hourly_cost is not None and to_decimal(facts.hourly_cost) <= 0:
        out.append(
            Violation(
                "R18",
                ContractCode.HOURLY_COST_NOT_POSITIVE,
                _(
                    "De kostprijs per uur moet meer dan 0 euro zijn. Vul het uurloon of uurtarief in."
                ),
                "hourly_cost",
            )
        )
    if (
        facts.budget_kind in MINORS_BUDGETS
        and _signed_by_parent(facts)
        and is_empty(facts.minor_name)
    ):
        out.append(
            Violation(
                "R18",
                ContractCode.MINOR_NAME_MISSING,
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
