"""R8, R17, R20 kinds of contract, budget, payment and other party: rule id, field, parameters
and full Dutch text of each refusal (the registration tests check codes)."""

import pytest

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.contracts.kinds import check_kinds
from budgetlijn.rules.tests.test_contract_registration import assistant, enterprise, pab, typed
from budgetlijn.rules.tests.violation_checks import described


def kinds(facts):
    known = {t.code for t in ct.contract_types()}
    t = ct.contract_type(facts.type_code) if facts.type_code in known else None
    return check_kinds(facts, t)


CASES = [
    (
        pab(counterparty=assistant(kind="ROBOT", provider_kind="ALIEN")),
        [
            ("R17", "counterparty_kind_unknown", "counterparty.kind", {}),
            ("R17", "provider_kind_unknown", "counterparty.provider_kind", {"kind": "ALIEN"}),
        ],
        [
            "Duid aan of de andere partij een persoon of een onderneming is.",
            "Het soort zorgaanbieder ALIEN is onbekend. Kies er een uit de lijst.",
        ],
    ),
    (
        typed("PAB_TEMP_AGENCY", assistant()),
        [
            ("R17", "counterparty_kind_not_for_type", "counterparty.kind", {}),
            (
                "R17",
                "provider_kind_not_for_type",
                "counterparty.provider_kind",
                {"allowed": "Interimkantoor"},
            ),
        ],
        [
            "Bij dit type overeenkomst is de andere partij een onderneming of organisatie, met een "
            "ondernemingsnummer. Kies een ander type voor een persoon.",
            "Dit type overeenkomst kan alleen gesloten worden met: Interimkantoor. Kies het type "
            "dat bij de zorgaanbieder past.",
        ],
    ),
    (
        pab(counterparty=enterprise("TEMP_AGENCY")),
        [
            ("R17", "counterparty_kind_not_for_type", "counterparty.kind", {}),
            (
                "R17",
                "provider_kind_not_for_type",
                "counterparty.provider_kind",
                {
                    "allowed": "Geen organisatie: een persoon (assistent, begeleider, student, "
                    "familielid)"
                },
            ),
        ],
        [
            "Bij dit type overeenkomst is de andere partij een persoon, met een "
            "rijksregisternummer of BIS-nummer. Kies een ander type voor een onderneming.",
            "Dit type overeenkomst kan alleen gesloten worden met: Geen organisatie: een persoon "
            "(assistent, begeleider, student, familielid). Kies het type dat bij de zorgaanbieder "
            "past.",
        ],
    ),
    (
        typed("PAB_VOLUNTEER_ORGANISATION", assistant(), hourly_cost=None),
        [("R20", "volunteer_only_through_organisation", "counterparty.provider_kind", {})],
        [
            "Vrijwilligers kunnen alleen ingeschakeld worden via een overeenkomst met een "
            "vrijwilligersorganisatie, niet rechtstreeks. Vul de gegevens van de "
            "vrijwilligersorganisatie in als andere partij."
        ],
    ),
    (
        typed(
            "CONVENANT_SERVICE_AGREEMENT",
            enterprise("TEMP_AGENCY"),
            support_function="DAY_SUPPORT",
        ),
        [("R8", "convenant_only_licensed_or_mfc", "counterparty.provider_kind", {})],
        [
            "Een persoonsvolgend convenant kan alleen ingezet worden bij een door het VAPH "
            "vergunde zorgaanbieder of een multifunctioneel centrum. Kies zo'n zorgaanbieder."
        ],
    ),
    (
        pab(type_code="PAB_NONSENSE", budget_kind="PAX", payment_mode="CHEQUE"),
        [
            ("R17", "contract_type_unknown", "type_code", {"code": "PAB_NONSENSE"}),
            ("R17", "budget_kind_unknown", "budget_kind", {"kind": "PAX"}),
            ("R17", "payment_mode_unknown", "payment_mode", {}),
        ],
        [
            "Het overeenkomsttype PAB_NONSENSE bestaat niet. Kies een type uit de lijst van "
            "overeenkomsten voor dit budget.",
            "Het soort budget PAX is onbekend. Kies PVB, PAB of convenant.",
            "Kies hoe het budget betaalt: cash of voucher.",
        ],
    ),
    (
        pab(budget_kind="PVB"),
        [
            (
                "R17",
                "type_not_for_budget_kind",
                "type_code",
                {
                    "type": "Arbeidsovereenkomst met een individuele begeleider of student",
                    "kind": "PVB",
                },
            )
        ],
        [
            "Het type 'Arbeidsovereenkomst met een individuele begeleider of student' hoort niet "
            "bij een PVB. Kies een overeenkomsttype uit de lijst voor een PVB."
        ],
    ),
    (
        pab(payment_mode="VOUCHER"),
        [
            (
                "R17",
                "payment_mode_not_for_type",
                "payment_mode",
                {"modes": "cash", "mode": "voucher"},
            )
        ],
        ["Dit type overeenkomst wordt betaald in cash, niet in voucher. Pas de betaalwijze aan."],
    ),
    (
        pab(budget_kind="CONVENANT"),
        [("R8", "convenant_type_not_allowed", "type_code", {})],
        [
            "Een persoonsvolgend convenant kan alleen ingezet worden bij een vergunde "
            "zorgaanbieder of een multifunctioneel centrum, of als PAB voor een persoonlijke "
            "assistent. Kies een van die overeenkomsttypes."
        ],
    ),
]


@pytest.mark.parametrize(("facts", "expected", "texts"), CASES)
def test_r8_r17_r20_kind_refusals_full_text(facts, expected, texts):
    found = kinds(facts)
    assert described(found) == [e[:3] for e in expected]
    assert [v.params or {} for v in found] == [e[3] for e in expected]
    assert [v.text() for v in found] == texts


def test_r17_valid_kinds_pass():
    assert kinds(pab()) == []
    assert kinds(typed("PAB_TEMP_AGENCY", enterprise("TEMP_AGENCY"))) == []
