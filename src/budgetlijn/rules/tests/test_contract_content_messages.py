"""R18 minimum content and sensible dates and amounts: rule id, field, parameters and full Dutch
text of each refusal (the registration tests check codes), and the boundaries."""

from datetime import date
from decimal import Decimal

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.contracts.content import check_content
from budgetlijn.rules.tests.test_contract_registration import ON, pab
from budgetlijn.rules.tests.violation_checks import described

EMPLOYMENT = ct.contract_type("PAB_EMPLOYMENT")


def test_r18_every_missing_item_named_with_its_text():
    empty = pab(
        start_date=None,
        indefinite_duration=False,
        end_date=None,
        notice_terms="",
        task_description=" ",
        weekly_hours=None,
        hourly_cost=None,
        payment_terms="",
        holder_signed_on=None,
        counterparty_signed_on=None,
        holder_enterprise_number=None,
        minor_name="",
    )
    found = check_content(empty, EMPLOYMENT, ON)
    assert described(found) == [
        ("R18", "start_date_missing", "start_date"),
        ("R18", "end_date_missing", "end_date"),
        ("R18", "notice_terms_missing", "notice_terms"),
        ("R18", "task_description_missing", "task_description"),
        ("R18", "weekly_hours_missing", "weekly_hours"),
        ("R18", "hourly_cost_missing", "hourly_cost"),
        ("R18", "payment_terms_missing", "payment_terms"),
        ("R18", "holder_signature_missing", "holder_signed_on"),
        ("R18", "counterparty_signature_missing", "counterparty_signed_on"),
        ("R18", "holder_enterprise_number_missing", "holder_enterprise_number"),
        ("R18", "minor_name_missing", "minor_name"),
    ]
    assert [v.text() for v in found] == [
        "Vul de startdatum van de overeenkomst in.",
        "Vul de einddatum van de overeenkomst in, of duid aan dat ze voor onbepaalde duur "
        "gesloten is.",
        "Vul de opzegregeling in: hoe en met welke termijn elke partij de overeenkomst beëindigt.",
        "Beschrijf concreet welke taken de assistent of de zorgaanbieder uitvoert.",
        "Vul de wekelijkse prestatieduur in: hoeveel uren per week.",
        "Vul de kostprijs per uur in (het uurloon of het uurtarief).",
        "Vul de betalingsbepalingen in: wanneer en hoe er betaald wordt.",
        "De budgethouder moet de overeenkomst ondertekenen. Vul de datum van die handtekening in.",
        "De andere partij moet de overeenkomst ondertekenen. Vul de datum van die handtekening in.",
        "Vul het ondernemingsnummer van de budgethouder als werkgever in: wie zelf assistenten "
        "tewerkstelt, deelt het mee aan het VAPH.",
        "Een ouder sluit deze overeenkomst: vermeld er de naam van het minderjarige kind met een "
        "handicap in.",
    ]


def test_r18_dates_and_amounts_that_make_no_sense_full_text():
    facts = pab(
        end_date=date(2023, 2, 1),
        holder_signed_on=date(2023, 2, 26),
        counterparty_signed_on=date(2023, 2, 27),
        weekly_hours=Decimal("168.01"),
        hourly_cost=Decimal("0"),
    )
    found = check_content(facts, EMPLOYMENT, ON)
    assert described(found) == [
        ("R18", "end_date_with_indefinite_duration", "end_date"),
        ("R18", "end_before_start", "end_date"),
        ("R18", "holder_signed_in_future", "holder_signed_on"),
        ("R18", "counterparty_signed_in_future", "counterparty_signed_on"),
        ("R18", "weekly_hours_too_high", "weekly_hours"),
        ("R18", "hourly_cost_not_positive", "hourly_cost"),
    ]
    assert [v.text() for v in found] == [
        "Een overeenkomst voor onbepaalde duur heeft geen einddatum. Laat de einddatum leeg, of "
        "duid aan dat de overeenkomst niet voor onbepaalde duur is.",
        "De einddatum (01/02/2023) ligt vóór de startdatum (01/03/2023). Controleer beide datums.",
        "De handtekening van de budgethouder is gedateerd op 26/02/2023, na vandaag (25/02/2023). "
        "Vul de datum in waarop echt getekend werd.",
        "De handtekening van de andere partij is gedateerd op 27/02/2023, na vandaag "
        "(25/02/2023). Vul de datum in waarop echt getekend werd.",
        # Belgian notation: a decimal comma (a point was shown before this test)
        "Een week heeft maar 168 uren; 168,01 uren per week kan niet. Controleer de wekelijkse "
        "prestatieduur.",
        "De kostprijs per uur moet meer dan 0 euro zijn. Vul het uurloon of uurtarief in.",
    ]


def test_r18_boundaries_of_hours_dates_and_signatures():
    fine = pab(
        indefinite_duration=False,
        end_date=date(2023, 3, 1),  # ends on its start day
        holder_signed_on=ON,
        counterparty_signed_on=ON,
        weekly_hours=Decimal("168"),
        hourly_cost=Decimal("0.01"),
    )
    assert check_content(fine, EMPLOYMENT, ON) == []
    found = check_content(pab(weekly_hours=Decimal("0")), EMPLOYMENT, ON)
    assert described(found) == [("R18", "weekly_hours_not_positive", "weekly_hours")]
    assert found[0].text() == (
        "De wekelijkse prestatieduur moet meer dan 0 uur zijn. Vul het aantal uren in."
    )
    too_high = check_content(pab(weekly_hours=Decimal("169")), EMPLOYMENT, ON)
    assert too_high[0].params == {"max": "168", "hours": "169"}
