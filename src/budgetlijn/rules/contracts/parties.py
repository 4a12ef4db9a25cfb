"""R9: who may be the assistant, and who signs."""

from __future__ import annotations

from datetime import date

from budgetlijn.rules.codes import BudgetCode, ContractCode
from budgetlijn.rules.contracts.facts import (
    MINORS_BUDGETS,
    ContractFacts,
    assistant_person_id,
)
from budgetlijn.rules.dates import format_day
from budgetlijn.rules.violations import Violation, _

# --- R9: who may be the assistant ------------------------------------------------------------


def check_parties(facts: ContractFacts, on: date) -> list[Violation]:
    out: list[Violation] = []
    assistant = assistant_person_id(facts)
    if assistant is None:
        return out
    if assistant == facts.person_id:
        # the root cause: signing with oneself and holding the budget follow from it
        return [
            Violation(
                "R9",
                ContractCode.CONTRACT_WITH_THE_PERSON,
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
                ContractCode.SELF_CONTRACT,
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
        out.append(
            Violation("R9", BudgetCode.HOLDER_IS_ASSISTANT, message, "counterparty.person_id")
        )
    if minors_budget and assistant in facts.parent_ids:
        managing_parents = (facts.holder_ids & facts.parent_ids) - {assistant}
        if not managing_parents:
            out.append(
                Violation(
                    "R9",
                    ContractCode.PARENT_ASSISTANT_OTHER_PARENT_MUST_MANAGE,
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
                    BudgetCode.MANAGEMENT_STATEMENT_MISSING,
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
                ContractCode.SUPERVISING_GUARDIAN_SIGNATURE_MISSING,
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
                ContractCode.JUSTICE_OF_PEACE_CONSENT_MISSING,
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
        ContractCode.DOCUMENT_DATED_IN_FUTURE,
        _("Dit document is gedateerd op %(day)s, na vandaag (%(today)s). Controleer de datum."),
        name,
        {"day": format_day(day), "today": format_day(on)},
    )


# --- R18/R9: who signs for the budget holder ------------------------------------------------


def check_signatory(facts: ContractFacts) -> list[Violation]:
    """The holder who signs (``registered_by_id``, when given) is a managing budget holder of
    this budget: for a minor, a parent or guardian who holds and manages the budget (R9, seed
    003 §2.3). A parent who gave up the management (management statement) no longer signs.

    Not checked where the seed lets someone else sign: a guardian who is the assistant has the
    supervising guardian sign (seed 003 §2.3.2), who is not a budget holder. Signing with
    oneself is reported as ``self_contract`` by ``check_parties``."""
    signatory = facts.registered_by_id
    if signatory is None or signatory in facts.holder_ids:
        return []
    assistant = assistant_person_id(facts)
    if signatory == assistant:
        return []  # self_contract
    if facts.budget_kind in MINORS_BUDGETS and assistant in facts.guardian_ids:
        return []  # the supervising guardian signs (R9)
    if signatory in facts.non_managing_holder_ids:
        return [
            Violation(
                "R9",
                ContractCode.SIGNATORY_NOT_MANAGING,
                _(
                    "Deze budgethouder heeft in de beheersverklaring afgezien van het beheer van "
                    "het budget en ondertekent dus geen overeenkomsten. Kies bij 'ondertekend "
                    "door (budgethouder)' de budgethouder die het budget beheert."
                ),
                "registered_by_id",
            )
        ]
    if facts.budget_kind in MINORS_BUDGETS:
        message = _(
            "Deze persoon is geen budgethouder van dit budget. Voor een minderjarige "
            "ondertekent een ouder of de voogd die het budget beheert. Kies bij 'ondertekend "
            "door (budgethouder)' een van de beherende budgethouders."
        )
    else:
        message = _(
            "Deze persoon is geen budgethouder van dit budget. Kies bij 'ondertekend door "
            "(budgethouder)' een van de beherende budgethouders, die de overeenkomst tekent."
        )
    return [Violation("R18", ContractCode.SIGNATORY_NOT_HOLDER, message, "registered_by_id")]
