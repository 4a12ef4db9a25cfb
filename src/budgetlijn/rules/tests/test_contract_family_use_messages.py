"""R8, R16, R17, R20 on a contract's type, support function, minor assistant and wijk-werk:
rule id, field, parameters and full Dutch text of each refusal (the registration tests check
codes), and which contract types the minor assistant rule covers."""

from dataclasses import replace
from datetime import date

import pytest

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.contracts import check_registration
from budgetlijn.rules.contracts.family import check_type_rules
from budgetlijn.rules.tests.test_contract_registration import (
    ON,
    assistant,
    enterprise,
    pab,
    typed,
)
from budgetlijn.rules.tests.violation_checks import described


def support(facts):
    return [v for v in check_registration(facts, ON) if v.field == "support_function"]


def test_r8_convenant_support_function_not_allowed_full_text():
    facts = typed("CONVENANT_SERVICE_AGREEMENT", enterprise("MFC"), support_function="DAY_SUPPORT")
    found = support(facts)
    assert described(found) == [("R8", "support_function_not_allowed", "support_function")]
    allowed = "; ".join(ct.support_functions("CONVENANT").values())
    assert found[0].params == {"allowed": allowed}
    assert found[0].text() == (
        f"Met een persoonsvolgend convenant biedt een vergunde zorgaanbieder of MFC alleen: "
        f"{allowed}. Kies een van die functies, of zet het convenant in als PAB."
    )


def test_r8_unknown_support_function_full_text():
    facts = typed("CONVENANT_SERVICE_AGREEMENT", enterprise("MFC"), support_function="FLYING")
    found = support(facts)
    assert described(found) == [("R8", "support_function_unknown", "support_function")]
    assert found[0].params == {"code": "FLYING"}
    assert (
        found[0].text() == "De ondersteuningsfunctie FLYING is onbekend. Kies er een uit de lijst."
    )


def test_r8_convenant_as_pab_support_function_full_text():
    found = support(typed("CONVENANT_AS_PAB", assistant(), support_function="MOBILE_GUIDANCE"))
    assert described(found) == [("R8", "support_function_not_allowed", "support_function")]
    assert (
        found[0]
        .text()
        .startswith(
            "Een convenant ingezet als PAB betaalt alleen de handelingen van een persoonlijke "
            "assistent: Hulp bij huishoudelijke"
        )
    )
    assert found[0].text().endswith("(niet anders subsidieerbaar). Kies een van die functies.")


def test_r16_pvb_support_function_full_text():
    facts = typed(
        "PVB_LICENSED_PROVIDER", enterprise("LICENSED"), support_function="RESIDENTIAL_GES_PLUS"
    )
    found = support(facts)
    assert described(found) == [("R16", "support_function_not_allowed", "support_function")]
    assert found[0].text() == (
        "Met een persoonsvolgend budget koopt u een van de zes ondersteuningsfuncties: "
        "Dagondersteuning; Woonondersteuning; Individuele psychosociale begeleiding; Individuele "
        "praktische hulp; Globale individuele ondersteuning; Oproepbare permanentie. Kies een van "
        "die functies."
    )


def test_r17_no_support_function_for_this_type_full_text():
    found = support(pab(support_function="DAY_SUPPORT"))
    assert described(found) == [("R17", "support_function_not_applicable", "support_function")]
    assert found[0].text() == (
        "Bij dit type overeenkomst hoort geen ondersteuningsfunctie. Laat het veld leeg."
    )


def minor_codes(type_code, **changes):
    t = ct.contract_type(type_code)
    facts = replace(pab(type_code=type_code, student_minor=True), **changes)
    return [v.code for v in check_type_rules(facts, t, ON) if v.field == "parents_consent_on"]


@pytest.mark.parametrize(
    ("type_code", "covered"),
    [
        ("PVB_EMPLOYMENT", True),  # direct employment only
        ("PVB_FAMILY_TASK_AGREEMENT", True),  # family only
        ("PAB_EMPLOYMENT", True),
        ("PAB_NATURAL_OR_LEGAL_PERSON", False),  # none of the three
    ],
)
def test_r20_a_minor_assistant_needs_consent_under_employment_and_family_types(type_code, covered):
    expected = ["minor_student_consent_missing"] if covered else []
    assert minor_codes(type_code) == expected
    # an enterprise as the other party is never a minor assistant
    assert minor_codes(type_code, counterparty=enterprise("TEMP_AGENCY")) == []


def test_r20_minor_consent_messages_full_text():
    missing = [v for v in check_registration(pab(student_minor=True), ON)]
    assert described(missing) == [("R20", "minor_student_consent_missing", "parents_consent_on")]
    assert missing[0].text() == (
        "Een minderjarige mag pas als assistent werken met een machtiging van zijn of haar ouders "
        "of voogd. Bezorg die machtiging vóór de start en vul de datum ervan in."
    )
    same_day = check_registration(pab(student_minor=True, parents_consent_on=date(2023, 3, 1)), ON)
    assert described(same_day) == [
        ("R20", "minor_student_consent_not_before_start", "parents_consent_on")
    ]
    assert same_day[0].params == {"start": "01/03/2023", "consent": "01/03/2023"}
    assert same_day[0].text() == (
        "De machtiging van de ouders moet er zijn vóór de start van de tewerkstelling "
        "(01/03/2023); ze is gedateerd op 01/03/2023. Laat de minderjarige pas starten na de "
        "machtiging, of controleer de datums."
    )


def wijk_werk(**changes):
    base = {"wijk_werk_registered_on": date(2022, 3, 1), "start_date": date(2023, 2, 28)}
    return typed("PAB_WIJK_WERK", enterprise("WIJK_WERK_ORGANISER"), **{**base, **changes})


def test_r20_wijk_werk_messages_full_text():
    assert check_registration(wijk_werk(), ON) == []
    expired = check_registration(wijk_werk(start_date=date(2023, 3, 1)), ON)
    assert described(expired) == [
        ("R20", "wijk_werk_registration_expired", "wijk_werk_registered_on")
    ]
    assert expired[0].params == {"registered": "01/03/2022", "until": "28/02/2023"}
    assert expired[0].text() == (
        "Het inschrijvingsdocument voor wijk-werken van 01/03/2022 was geldig tot 28/02/2023. "
        "Vraag een nieuw inschrijvingsdocument aan en registreer de overeenkomst daarmee "
        "opnieuw (elk jaar)."
    )
    after = check_registration(
        wijk_werk(wijk_werk_registered_on=date(2023, 2, 1), start_date=date(2023, 1, 20)), ON
    )
    assert described(after) == [
        ("R20", "wijk_werk_registration_after_start", "wijk_werk_registered_on")
    ]
    assert after[0].params == {"registered": "01/02/2023", "start": "20/01/2023"}
    assert after[0].text() == (
        "Het inschrijvingsdocument voor wijk-werken (01/02/2023) is van na de start "
        "(20/01/2023). Een wijk-werker kan pas komen na de inschrijving: controleer de datums."
    )
    # registered on the start day itself is in time
    same_day = wijk_werk(wijk_werk_registered_on=date(2023, 2, 20), start_date=date(2023, 2, 20))
    assert check_registration(same_day, ON) == []
