"""R21 short-term support: every refusal's rule id, field, parameters and full Dutch text, and
the numbers in the messages (rounded down, Belgian notation)."""

from datetime import date
from decimal import Decimal

from budgetlijn.rules import parameters
from budgetlijn.rules.short_term import (
    Usage,
    check_provider,
    check_short_term,
    check_usage,
    pool_of,
    provider_allowed,
)
from budgetlijn.rules.tests.violation_checks import described


def used(on, counter, quantity):
    return Usage(on, counter, Decimal(quantity))


def test_r21_unknown_counter_names_it_and_stops_there():
    found = check_short_term([], used(date(2023, 6, 1), "WEEKS", 0), "TEMP_AGENCY", "NOPE")
    assert described(found) == [("R21", "short_term_counter_unknown", "counter")]
    assert found[0].text() == (
        "Kies wat u telt: dagen, nachten, mobiele, ambulante of groepsbegeleidingen (niet WEEKS)."
    )
    assert pool_of("WEEKS", date(2023, 1, 1)) is None


def test_r21_every_refusal_at_once_with_its_field_and_text():
    found = check_short_term(
        [], used(date(2023, 6, 1), "DAYS", -1), "TEMP_AGENCY", "PAB_EMPLOYMENT"
    )
    assert described(found) == [
        ("R21", "short_term_quantity_not_positive", "quantity"),
        ("R21", "not_a_short_term_contract", "type_code"),
        ("R21", "short_term_provider_not_allowed", "provider_kind"),
    ]
    assert found[0].text() == "Vul een aantal groter dan 0 in."
    assert found[1].text() == (
        "Deze overeenkomst is geen overeenkomst voor kortdurende ondersteuning. Registreer de "
        "dagen, nachten of begeleidingen bij de juiste overeenkomst."
    )
    assert found[2].params == {
        "day": "01/06/2023",
        "allowed": "Geregistreerd groenezorginitiatief; Door het VAPH vergunde zorgaanbieder; "
        "Multifunctioneel centrum (MFC); Geregistreerd ouderinitiatief",
    }
    assert found[2].text().startswith("Kortdurende ondersteuning kan op 01/06/2023 alleen bij: ")
    assert found[2].text().endswith("ouderinitiatief. Kies een van die zorgaanbieders.")
    # an unknown contract type is refused the same way
    unknown = check_short_term([], used(date(2023, 6, 1), "DAYS", 1), "GREEN_CARE", "NOPE")
    assert described(unknown) == [("R21", "not_a_short_term_contract", "type_code")]


def test_r21_counter_not_available_names_counter_and_day():
    found = check_short_term([], used(date(2022, 6, 1), "GROUP", 1), "LICENSED")
    assert described(found) == [("R21", "short_term_counter_not_available", "counter")]
    assert found[0].params == {"counter": "groepsbegeleidingen", "day": "01/06/2022"}
    assert found[0].text() == (
        "Voor groepsbegeleidingen is er op 01/06/2022 geen maximum vastgesteld: die kortdurende "
        "ondersteuning kon toen niet met een PAB ingekocht worden. Controleer de datum of kies "
        "een andere vorm van ondersteuning."
    )


def test_r21_counter_not_for_type_lists_the_type_counters():
    found = check_short_term(
        [], used(date(2023, 6, 1), "NIGHTS", 1), "GREEN_CARE", "PAB_GREEN_CARE"
    )
    assert described(found) == [("R21", "short_term_counter_not_for_type", "counter")]
    assert found[0].params == {"allowed": "dagen, groepsbegeleidingen", "counter": "nachten"}
    assert found[0].text() == (
        "Bij deze overeenkomst telt u dagen, groepsbegeleidingen, geen nachten. Kies wat u telt, "
        "of de overeenkomst die erbij past."
    )


def test_r21_provider_not_yet_allowed_text():
    found = check_provider("WVG_ORGANISATION", date(2023, 7, 8))
    assert described(found) == [("R21", "short_term_provider_not_yet_allowed", "provider_kind")]
    assert found[0].params["from"] == "09/07/2023" and found[0].params["day"] == "08/07/2023"
    assert found[0].params["provider"].startswith("organisatie erkend of vergund")
    assert found[0].text().startswith("Kortdurende ondersteuning bij een organisatie erkend")
    assert (
        found[0]
        .text()
        .endswith(
            "kan met een PAB pas vanaf 09/07/2023; de ondersteuning valt op 08/07/2023. Kies een "
            "andere zorgaanbieder of een latere datum."
        )
    )
    # a kind that is never allowed gets the list, not a date
    assert described(check_provider("TEMP_AGENCY", date(2023, 8, 1))) == [
        ("R21", "short_term_provider_not_allowed", "provider_kind")
    ]
    assert check_provider("MFC", date(2023, 8, 1)) == []


def test_r21_usage_refusals_texts():
    found = check_usage(
        approved=False,
        type_code="PAB_EMPLOYMENT",
        on=date(2024, 1, 1),
        start=date(2024, 2, 1),
        end=None,
        quantity="x",
    )
    assert described(found) == [
        ("R19", "contract_not_approved", "contract"),
        ("R21", "not_short_term", "contract"),
        ("R21", "outside_contract", "on"),
        ("R21", "short_term_quantity_not_a_number", "quantity"),
    ]
    assert [v.text() for v in found] == [
        "Kortdurende ondersteuning telt pas onder een goedgekeurde overeenkomst.",
        "Deze overeenkomst is geen overeenkomst voor kortdurende ondersteuning.",
        "De datum 01/01/2024 valt buiten de looptijd van de overeenkomst. Vul bij 'datum' een "
        "dag binnen de looptijd in.",
        "Vul bij 'aantal' een getal in, bijvoorbeeld 1 of 0,5.",
    ]
    base = {"approved": True, "type_code": "PAB_LICENSED_SHORT_TERM", "quantity": 1}
    start, end = date(2024, 2, 1), date(2024, 3, 1)
    # the first and the last day of the contract are inside it
    assert check_usage(**base, on=start, start=start, end=end) == []
    assert check_usage(**base, on=end, start=start, end=end) == []
    assert check_usage(**base, on=start, start=None, end=None) == []
    after = check_usage(**base, on=date(2024, 3, 2), start=start, end=end)
    assert described(after) == [("R21", "outside_contract", "on")]


def test_r21_mobile_ambulant_message_with_halves():
    existing = [used(date(2022, 1, 1), "MOBILE", "10.5"), used(date(2021, 6, 1), "AMBULANT", 50)]
    found = check_short_term(existing, used(date(2022, 6, 1), "AMBULANT", 40), "MFC")
    assert described(found) == [("R21", "short_term_cap_exceeded", "quantity")]
    assert found[0].params == {
        "year": 2022,
        "cap_mobile": "36",
        "cap_ambulant": "51",
        "used_mobile": "10,5",
        "used_ambulant": "0",
        "left_mobile": "25,5",
        "left_ambulant": "36,12",
        "asked": "40",
    }
    assert found[0].text() == (
        "In 2022 kan kortdurende begeleiding hoogstens 36 mobiele of 51 ambulante begeleidingen "
        "per kalenderjaar zijn; een combinatie telt naar verhouding. Er zijn al 10,5 mobiele en 0 "
        "ambulante gebruikt, dus er blijft nog ruimte voor 25,5 mobiele of 36,12 ambulante. U "
        "registreert er 40: verminder het aantal."
    )


def test_r21_cap_messages_full_text():
    sessions = [used(date(2023, 1, 1), "MOBILE", "100.5"), used(date(2023, 2, 1), "DAYS", 9)]
    found = check_short_term(sessions, used(date(2023, 6, 1), "GROUP", 4), "MFC")
    assert described(found) == [("R21", "short_term_cap_exceeded", "quantity")]
    assert found[0].params == {
        "cap": "104",
        "year": 2023,
        "used": "100,5",
        "left": "3,5",
        "asked": "4",
    }
    assert found[0].text() == (
        "Kortdurende begeleiding (ambulant, mobiel of in groep) kan hoogstens 104 keer per "
        "kalenderjaar. In 2023 zijn er al 100,5 gebruikt, er blijven er nog 3,5 over en u "
        "registreert er 4. Registreer er hoogstens 3,5."
    )
    days = [used(date(2023, 1, 1), "DAYS", 150), used(date(2023, 1, 2), "MOBILE", 50)]
    found = check_short_term(days, used(date(2023, 6, 1), "NIGHTS", 6), "MFC")
    assert found[0].params == {"cap": "155", "year": 2023, "used": "150", "left": "5", "asked": "6"}
    assert found[0].text() == (
        "Kortdurende dag- en woonondersteuning kan hoogstens 155 dagen en nachten samen per "
        "kalenderjaar. In 2023 zijn er al 150 gebruikt, er blijven er nog 5 over en u registreert "
        "er 6. Registreer er hoogstens 5."
    )
    # over the cap already (an earlier, higher cap): nothing left, not a negative number
    over = check_short_term(
        [used(date(2023, 1, 1), "DAYS", 160)], used(date(2023, 6, 1), "DAYS", 1), "MFC"
    )
    assert over[0].params["left"] == "0"
    # exactly up to the cap is allowed
    assert check_short_term(days, used(date(2023, 6, 1), "NIGHTS", 5), "MFC") == []


def test_r21_usages_of_the_same_counter_add_up():
    existing = [used(date(2023, 1, 1), "DAYS", 100), used(date(2023, 2, 1), "DAYS", 50)]
    assert check_short_term(existing, used(date(2023, 6, 1), "DAYS", 5), "MFC") == []
    found = check_short_term(existing, used(date(2023, 6, 1), "DAYS", 6), "MFC")
    assert found[0].params["used"] == "150" and found[0].params["left"] == "5"


def test_r21_room_left_in_mobile_sessions_is_rounded_down_to_whole_sessions():
    existing = [used(date(2022, 1, 1), "AMBULANT", 20)]
    # 20/51 used: 31/51 left, that is 21,88 mobile or 31 ambulant
    found = check_short_term(existing, used(date(2022, 6, 1), "MOBILE", 22), "MFC")
    assert found[0].params["left_mobile"] == "21"
    assert found[0].params["left_ambulant"] == "31"
    assert check_short_term(existing, used(date(2022, 6, 1), "MOBILE", 21), "MFC") == []


def test_r21_a_provider_kind_with_a_parameter_is_not_allowed_before_its_first_value():
    assert not provider_allowed("WVG_ORGANISATION", date(2016, 12, 31))
    assert provider_allowed("MFC", date(2016, 12, 31))


def test_r21_a_provider_allowed_once_and_stopped_later_gets_the_list():
    stop = parameters.ParameterValue(
        name="contracts.short_term.provider_allowed.WVG_ORGANISATION",
        valid_from=date(2025, 1, 1),
        valid_until=None,
        value=Decimal(0),
        unit="ja (1) of nee (0)",
        reference="test",
    )
    name = stop.name
    with parameters.isolated(override_source=lambda n: [stop] if n == name else []):
        assert provider_allowed("WVG_ORGANISATION", date(2024, 12, 31))
        assert not provider_allowed("WVG_ORGANISATION", date(2025, 1, 1))
        found = check_provider("WVG_ORGANISATION", date(2025, 6, 1))
        assert described(found) == [("R21", "short_term_provider_not_allowed", "provider_kind")]
