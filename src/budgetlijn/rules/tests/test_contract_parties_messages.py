"""R9 parties of a contract: rule id, field, parameters and full Dutch text of each refusal
(the registration tests check codes), and the day boundaries of the documents."""

from dataclasses import replace
from datetime import date, timedelta

from budgetlijn.rules.contracts import check_registration
from budgetlijn.rules.tests.test_contract_registration import GUARDIAN, ON, assistant, pab
from budgetlijn.rules.tests.violation_checks import described


def guardian_assistant(**changes):
    facts = pab(
        counterparty=assistant(person_id=GUARDIAN),
        holder_ids=frozenset({GUARDIAN}),
        guardian_ids=frozenset({GUARDIAN}),
        parent_ids=frozenset(),
        registered_by_id=None,
        minor_name="",
    )
    return replace(facts, **changes)


def test_r9_guardian_as_assistant_missing_documents_full_text():
    found = check_registration(guardian_assistant(), ON)
    assert described(found) == [
        ("R9", "supervising_guardian_signature_missing", "supervising_guardian_signed_on"),
        ("R9", "justice_of_peace_consent_missing", "justice_of_peace_consent_on"),
    ]
    assert [v.text() for v in found] == [
        "Een voogd die zelf assistent wil zijn, tekent de overeenkomst niet als budgethouder: de "
        "toeziende voogd tekent. Vul de datum van die handtekening in.",
        "Een voogd die zelf assistent wil zijn, vraagt de vrederechter of hij de voogdij mag "
        "combineren met die taak. Bezorg die toestemming en vul de datum ervan in.",
    ]


def test_r9_guardian_documents_dated_today_are_fine_tomorrow_is_the_future():
    today = guardian_assistant(supervising_guardian_signed_on=ON, justice_of_peace_consent_on=ON)
    assert check_registration(today, ON) == []
    tomorrow = ON + timedelta(days=1)
    found = check_registration(
        replace(
            today,
            supervising_guardian_signed_on=tomorrow,
            justice_of_peace_consent_on=date(2023, 2, 28),
        ),
        ON,
    )
    assert described(found) == [
        ("R9", "document_dated_in_future", "supervising_guardian_signed_on"),
        ("R9", "document_dated_in_future", "justice_of_peace_consent_on"),
    ]
    assert found[0].params == {"day": "26/02/2023", "today": "25/02/2023"}
    assert found[1].params == {"day": "28/02/2023", "today": "25/02/2023"}
    assert found[0].text() == (
        "Dit document is gedateerd op 26/02/2023, na vandaag (25/02/2023). Controleer de datum."
    )
