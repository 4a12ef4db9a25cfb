"""R21 for cost lines, check_r21 asked directly: which lines it counts, the exact room left in
one envelope (shared caps until 2022, one cap from 2023), what a finding caps, every message
in full."""

from dataclasses import replace
from datetime import date

import pytest

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import CostCounters, check_r21, cost_parameters
from budgetlijn.rules.costs.findings import CAP, REFUSE
from budgetlijn.rules.costs.r21_short_term import short_term_counter

from .cost_lines import D, line
from .violation_checks import described


def stay(year, quantity, amount="100.00", counter=None, **changes):
    changes.setdefault("contract_type_code", "PAB_MFC_SHORT_STAY")
    return line(
        budget_year=year,
        contract_start=date(2017, 1, 1),
        cost_kind="PROVIDER_INVOICE",
        period_from=date(year, 3, 1),
        period_to=date(year, 3, 31),
        filed_on=date(year, 4, 15),
        quantity=D(quantity) if quantity is not None else None,
        amount=D(amount),
        counter=counter,
        **changes,
    )


def sessions(year, quantity, counter, amount="100.00"):
    return stay(
        year, quantity, amount, counter, contract_type_code="PAB_SHORT_TERM_MOBILE_AMBULANT"
    )


def r21(facts, used=None):
    return check_r21(
        facts, CostCounters(short_term=used or {}), cost_parameters("PAB", facts.budget_year)
    )


def only(findings):
    assert len(findings) == 1, findings
    return findings[0]


def test_r21_counter_of_the_line_or_of_its_contract_type():
    params = cost_parameters("PAB", 2021)
    assert short_term_counter(stay(2021, 1), params) == "NIGHTS"  # the type's first counter
    assert short_term_counter(stay(2021, 1, counter="DAYS"), params) == "DAYS"
    assert short_term_counter(line(), params) is None  # an employment contract
    assert short_term_counter(line(contract_type_code=None), params) is None
    assert short_term_counter(line(contract_type_code="NO_SUCH_TYPE"), params) is None


@pytest.mark.parametrize(
    "facts",
    [
        line(quantity=D(500)),  # not short-term support
        replace(stay(2021, 500), booking_type="CREDIT_NOTE"),  # a credit note counts nothing
    ],
)
def test_r21_not_checked(facts):
    assert r21(facts) == ()


def test_r21_counter_not_for_the_type_in_full():
    finding = only(r21(stay(2021, 2, counter="MOBILE")))
    assert finding.action == REFUSE
    assert described([finding.violation]) == [
        ("R21", CostCode.COST_SHORT_TERM_COUNTER_NOT_FOR_TYPE, "counter")
    ]
    assert finding.violation.text() == (
        "Bij deze overeenkomst telt u nachten, dagen, geen mobiele begeleidingen. Kies wat u telt."
    )


def test_r21_an_unknown_counter_is_named_as_it_came():
    finding = only(r21(stay(2021, 2, counter="WEEKS")))
    assert finding.violation.code == CostCode.COST_SHORT_TERM_COUNTER_NOT_FOR_TYPE
    assert finding.violation.text().endswith("geen WEEKS. Kies wat u telt.")


@pytest.mark.parametrize("quantity", [None, "0", "-1"])
def test_r21_quantity_missing_in_full(quantity):
    finding = only(r21(stay(2021, quantity)))
    assert finding.action == REFUSE
    assert described([finding.violation]) == [
        ("R21", CostCode.COST_SHORT_TERM_QUANTITY_MISSING, "quantity")
    ]
    assert finding.violation.text() == (
        "Vul bij 'aantal' in hoeveel nachten deze factuur betreft: kortdurende ondersteuning is "
        "beperkt per kalenderjaar."
    )


def test_r21_a_quantity_of_one_is_counted():
    assert r21(stay(2021, 1)) == ()
    assert r21(stay(2021, "0.5")) == ()


def test_r21_counter_without_a_cap_in_full():
    finding = only(r21(sessions(2022, 1, "GROUP")))
    assert finding.action == REFUSE
    assert described([finding.violation]) == [
        ("R21", CostCode.COST_SHORT_TERM_NOT_AVAILABLE, "counter")
    ]
    assert finding.violation.text() == (
        "Voor groepsbegeleidingen is er op 01/03/2022 geen maximum vastgesteld: die kortdurende "
        "ondersteuning kon toen niet met een PAB betaald worden."
    )


def test_r21_a_day_before_the_snapshot_has_no_cap():
    facts = replace(stay(2021, 1), period_from=date(2020, 12, 31))
    finding = only(r21(facts))
    assert finding.violation.code == CostCode.COST_SHORT_TERM_NOT_AVAILABLE
    assert "op 31/12/2020 geen maximum" in finding.violation.text()


def test_r21_cap_exceeded_in_full():
    # 82 nights used (no days): 10 of the 11 asked still fit in the 92
    finding = only(r21(stay(2021, 11, amount="110.00"), {"NIGHTS": D(82)}))
    assert finding.action == CAP
    assert finding.limit == D("100.00")
    assert finding.quantity == D(10)
    assert described([finding.violation]) == [
        ("R21", CostCode.COST_SHORT_TERM_CAP_EXCEEDED, "quantity")
    ]
    assert finding.violation.text() == (
        "Kortdurende ondersteuning is beperkt per kalenderjaar: in 2021 is er nog ruimte voor 10 "
        "nachten, deze factuur telt er 11. Het budget betaalt het deel voor 10 nachten; de rest "
        "betaalt u met eigen middelen."
    )


@pytest.mark.parametrize(
    ("year", "used", "asked", "accepted"),
    [
        (2021, {"NIGHTS": D(82)}, "10", None),  # exactly 92, nights only
        (2021, {"DAYS": D(82)}, "10", None),  # days count in the nights' envelope
        (2021, {"DAYS": D(41), "NIGHTS": D(41)}, "10.01", "10"),
        (2021, {"NIGHTS": D(100)}, "1", "0"),  # already past the cap: nothing left
        (2023, {"NIGHTS": D(150)}, "5", None),  # 155 from 2023
        (2023, {"NIGHTS": D(150)}, "6", "5"),
    ],
)
def test_r21_days_and_nights_room(year, used, asked, accepted):
    findings = r21(stay(year, asked, amount="100.00"), used)
    if accepted is None:
        assert findings == ()
    else:
        assert only(findings).quantity == D(accepted)


def test_r21_mobile_and_ambulant_share_one_envelope_in_full():
    # 18 of 36 mobile sessions use half the envelope: 25,5 of 51 ambulant sessions are left
    finding = only(r21(sessions(2022, 26, "AMBULANT", amount="260.00"), {"MOBILE": D(18)}))
    assert finding.limit == D("255.00")
    assert finding.quantity == D("25.5")
    assert finding.violation.text() == (
        "Kortdurende ondersteuning is beperkt per kalenderjaar: in 2022 is er nog ruimte voor "
        "25,5 ambulante begeleidingen, deze factuur telt er 26. Het budget betaalt het deel voor "
        "25,5 ambulante begeleidingen; de rest betaalt u met eigen middelen."
    )
    assert r21(sessions(2022, "25.5", "AMBULANT"), {"MOBILE": D(18)}) == ()


def test_r21_a_share_of_the_envelope_is_rounded_down_to_a_hundredth_session():
    # 1 of 36 mobile used: 35/36 of 51 = 49,583... ambulant sessions left, 49,58 accepted
    finding = only(r21(sessions(2021, 50, "AMBULANT", amount="5000.00"), {"MOBILE": D(1)}))
    assert finding.quantity == D("49.58")
    assert finding.limit == D("4958.00")
    assert "nog ruimte voor 49,58 ambulante begeleidingen" in finding.violation.text()


def test_r21_an_envelope_used_past_its_end_leaves_nothing():
    finding = only(r21(sessions(2022, 1, "AMBULANT"), {"MOBILE": D(36), "AMBULANT": D(10)}))
    assert finding.quantity == 0
    assert finding.limit == 0
    assert "nog ruimte voor 0 ambulante begeleidingen, deze factuur telt er 1." in (
        finding.violation.text()
    )


def test_r21_mobile_sessions_use_their_own_cap_of_the_envelope():
    # 25,5 of 51 ambulant used: 18 of 36 mobile left
    assert r21(sessions(2022, 18, "MOBILE"), {"AMBULANT": D("25.5")}) == ()
    assert only(r21(sessions(2022, "18.5", "MOBILE"), {"AMBULANT": D("25.5")})).quantity == D(18)


def test_r21_sessions_from_2023_are_one_envelope_of_104():
    used = {"MOBILE": D(50), "AMBULANT": D(50)}
    assert r21(sessions(2023, 4, "GROUP"), used) == ()
    finding = only(r21(sessions(2023, "4.5", "GROUP", amount="45.00"), used))
    assert finding.quantity == D(4)
    assert finding.limit == D("40.00")
    assert "deze factuur telt er 4,5." in finding.violation.text()
