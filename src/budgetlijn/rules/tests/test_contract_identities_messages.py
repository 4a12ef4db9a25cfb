"""R18 and R20 identities of the parties: rule id, field, parameters and full Dutch text of each
refusal (the registration tests check codes)."""

import pytest

from budgetlijn.rules.contracts.identities import check_identities
from budgetlijn.rules.tests.test_contract_registration import BIS, assistant, enterprise, pab
from budgetlijn.rules.tests.violation_checks import described

CASES = [
    (
        pab(counterparty=assistant(name=" ", national_number=None)),
        [
            ("R18", "counterparty_name_missing", "counterparty.name", {}),
            (
                "R18",
                "counterparty_national_number_missing",
                "counterparty.national_number",
                {},
            ),
        ],
        [
            "Vul de naam van de andere partij in.",
            "Vul het rijksregisternummer van de assistent in, of het BIS-nummer als hij of zij "
            "geen rijksregisternummer heeft.",
        ],
    ),
    (
        pab(counterparty=assistant(national_number="12345678901")),
        [("R18", "national_number_invalid", "counterparty.national_number", {})],
        [
            "Dit rijksregisternummer klopt niet: de controlecijfers of de geboortedatum erin zijn "
            "ongeldig. Controleer elk cijfer op de identiteitskaart."
        ],
    ),
    (
        pab(counterparty=assistant(lives_abroad=True)),
        [("R20", "foreign_assistant_needs_bis", "counterparty.national_number", {})],
        [
            "Een assistent die niet in België woont, heeft een BIS-nummer (INSZ-nummer) nodig. "
            "Vraag het aan via het sociaal secretariaat of de gemeente en vul het in."
        ],
    ),
    (
        pab(counterparty=enterprise("FOREIGN_FACILITY", enterprise_number=None)),
        [("R18", "foreign_facility_number_missing", "counterparty.enterprise_number", {})],
        [
            "Vul het registratie- of btw-nummer van de buitenlandse voorziening in, zoals het op "
            "haar facturen staat."
        ],
    ),
    (
        pab(counterparty=enterprise("TEMP_AGENCY", enterprise_number=None)),
        [("R18", "counterparty_enterprise_number_missing", "counterparty.enterprise_number", {})],
        ["Vul het ondernemingsnummer van de zelfstandige of de organisatie in."],
    ),
    (
        pab(counterparty=enterprise("TEMP_AGENCY", enterprise_number="0403170702")),
        [
            (
                "R18",
                "counterparty_enterprise_number_invalid",
                "counterparty.enterprise_number",
                {"number": "0403170702"},
            )
        ],
        [
            "Het ondernemingsnummer 0403170702 klopt niet. Neem het over uit de Kruispuntbank van "
            "Ondernemingen (10 cijfers, bv. 0403.170.701)."
        ],
    ),
    (
        pab(holder_enterprise_number="0403170702"),
        [
            (
                "R18",
                "holder_enterprise_number_invalid",
                "holder_enterprise_number",
                {"number": "0403170702"},
            )
        ],
        [
            "Het ondernemingsnummer van de budgethouder 0403170702 klopt niet. Neem het over uit "
            "de Kruispuntbank van Ondernemingen (10 cijfers)."
        ],
    ),
]


@pytest.mark.parametrize(("facts", "expected", "texts"), CASES)
def test_r18_r20_party_identity_refusals_full_text(facts, expected, texts):
    found = check_identities(facts)
    assert described(found) == [e[:3] for e in expected]
    assert [v.params or {} for v in found] == [e[3] for e in expected]
    assert [v.text() for v in found] == texts


def test_r20_an_assistant_abroad_with_a_bis_number_and_valid_parties_pass():
    assert (
        check_identities(pab(counterparty=assistant(lives_abroad=True, national_number=BIS))) == []
    )
    assert check_identities(pab()) == []
    foreign = enterprise("FOREIGN_FACILITY", enterprise_number="DE123456789")
    assert check_identities(pab(counterparty=foreign)) == []
