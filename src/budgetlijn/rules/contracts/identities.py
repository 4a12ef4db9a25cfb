"""R18/R20: who the other party is: a valid national register or BIS number for a person, a
valid enterprise number for an enterprise (a foreign facility: any registration number)."""

from __future__ import annotations

from stdnum.be import vat

from budgetlijn.rules import identity
from budgetlijn.rules.codes import ContractCode
from budgetlijn.rules.contracts.facts import (
    ENTERPRISE,
    PERSON,
    ContractFacts,
    is_empty,
)
from budgetlijn.rules.violations import Violation, _

# --- R18/R20: identities ----------------------------------------------------------------------


def check_identities(facts: ContractFacts) -> list[Violation]:
    party = facts.counterparty
    out: list[Violation] = []
    if is_empty(party.name):
        out.append(
            Violation(
                "R18",
                ContractCode.COUNTERPARTY_NAME_MISSING,
                _("Vul de naam van de andere partij in."),
                "counterparty.name",
            )
        )
    if party.kind == PERSON:
        if is_empty(party.national_number):
            out.append(
                Violation(
                    "R18",
                    ContractCode.COUNTERPARTY_NATIONAL_NUMBER_MISSING,
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
                            ContractCode.FOREIGN_ASSISTANT_NEEDS_BIS,
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
            if is_empty(number):
                out.append(
                    Violation(
                        "R18",
                        ContractCode.FOREIGN_FACILITY_NUMBER_MISSING,
                        _(
                            "Vul het registratie- of btw-nummer van de buitenlandse voorziening in, "
                            "zoals het op haar facturen staat."
                        ),
                        "counterparty.enterprise_number",
                    )
                )
        elif is_empty(number):
            out.append(
                Violation(
                    "R18",
                    ContractCode.COUNTERPARTY_ENTERPRISE_NUMBER_MISSING,
                    _("Vul het ondernemingsnummer van de zelfstandige of de organisatie in."),
                    "counterparty.enterprise_number",
                )
            )
        elif not vat.is_valid(number):
            out.append(
                Violation(
                    "R18",
                    ContractCode.COUNTERPARTY_ENTERPRISE_NUMBER_INVALID,
                    _(
                        "Het ondernemingsnummer %(number)s klopt niet. Neem het over uit de "
                        "Kruispuntbank van Ondernemingen (10 cijfers, bv. 0403.170.701)."
                    ),
                    "counterparty.enterprise_number",
                    {"number": number},
                )
            )
    if not is_empty(facts.holder_enterprise_number) and not vat.is_valid(
        facts.holder_enterprise_number
    ):
        out.append(
            Violation(
                "R18",
                ContractCode.HOLDER_ENTERPRISE_NUMBER_INVALID,
                _(
                    "Het ondernemingsnummer van de budgethouder %(number)s klopt niet. Neem het "
                    "over uit de Kruispuntbank van Ondernemingen (10 cijfers)."
                ),
                "holder_enterprise_number",
                {"number": facts.holder_enterprise_number},
            )
        )
    return out
