"""R9 and R19 when a contract changes: rule id, field and full Dutch text of each refusal, and
which facts count as a change."""

from dataclasses import replace
from datetime import date

from budgetlijn.rules.contracts import check_amendment
from budgetlijn.rules.tests.test_contract_amendment import parent_assistant_contract
from budgetlijn.rules.tests.violation_checks import described

FROZEN = (
    "Deze overeenkomst met een ouder als assistent loopt verder bij uitzondering en kan niet "
    "meer gewijzigd worden. Ze kan alleen eindigen: vul een (vroegere) einddatum in en laat de "
    "rest ongewijzigd."
)


def test_r9_frozen_contract_full_text():
    previous = parent_assistant_contract()
    found = check_amendment(previous, replace(previous, task_description="Andere taken"), True)
    assert described(found) == [("R9", "parent_assistant_contract_frozen", "task_description")]
    assert found[0].text() == FROZEN


def test_r9_only_end_earlier_full_text_without_a_previous_end():
    previous = parent_assistant_contract()  # open-ended: no end date
    # an end date while still open-ended is no ending
    new = replace(previous, end_date=date(2024, 6, 30), indefinite_duration=True)
    found = check_amendment(previous, new, True)
    assert described(found) == [("R9", "parent_assistant_contract_only_end_earlier", "end_date")]
    assert found[0].params == {"end": "-"}
    assert found[0].text() == (
        "Deze overeenkomst met een ouder als assistent kan niet verlengd worden. U kunt alleen "
        "een einddatum invullen, of een einddatum vóór de huidige (-)."
    )


def test_r9_the_other_party_person_link_is_not_a_change_of_the_contract():
    previous = parent_assistant_contract()
    relinked = replace(previous, counterparty=replace(previous.counterparty, person_id=12))
    assert check_amendment(previous, relinked, True) == []


def test_r19_new_contract_full_text():
    previous = parent_assistant_contract()
    found = check_amendment(previous, replace(previous, budget_kind="PVB"), False)
    assert described(found) == [("R19", "amendment_changes_contract", "budget_kind")]
    assert found[0].text() == (
        "Een wijziging kan het type, het budget, de persoon of de andere partij van een "
        "overeenkomst niet veranderen. Beëindig deze overeenkomst en registreer een nieuwe."
    )
    other_kind = replace(previous.counterparty, kind="ENTERPRISE")
    found = check_amendment(previous, replace(previous, counterparty=other_kind), False)
    assert described(found) == [("R19", "amendment_changes_contract", "counterparty.kind")]


def test_r19_a_blank_number_is_no_number():
    previous = parent_assistant_contract()
    blank = replace(previous.counterparty, enterprise_number=" ")
    assert previous.counterparty.enterprise_number is None
    assert check_amendment(previous, replace(previous, counterparty=blank), False) == []
    lower = replace(previous.counterparty, enterprise_number="be0403170701")
    upper = replace(previous.counterparty, enterprise_number="BE 0403.170.701")
    assert (
        check_amendment(
            replace(previous, counterparty=lower), replace(previous, counterparty=upper), False
        )
        == []
    )
