"""R20, R22, R24 (and R32, R23, R6) asked directly: which lines each checks, the exact
boundaries, what a finding caps or refuses, and every message in full."""

from dataclasses import replace
from datetime import date

import pytest

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import (
    CostCounters,
    check_r6,
    check_r20,
    check_r22,
    check_r23,
    check_r24,
    check_r32,
    cost_parameters,
)
from budgetlijn.rules.costs.findings import CAP, REFUSE
from budgetlijn.rules.costs.r20_vouchers import check_r20_family, check_r20_service_vouchers
from budgetlijn.rules.costs.r24_kinds import check_non_payable

from .cost_lines import D, line
from .violation_checks import described


def only(findings):
    assert len(findings) == 1, findings
    return findings[0]


def ask(check, facts, counters=None):
    return check(
        facts, counters or CostCounters(), cost_parameters(facts.budget_kind, facts.budget_year)
    )


# --- R20 ------------------------------------------------------------------------------------


def vouchers(quantity, amount="90.00", **changes):
    changes.setdefault("contract_type_code", "PAB_SERVICE_VOUCHERS")
    return line(
        cost_kind="SERVICE_VOUCHERS",
        quantity=D(quantity) if quantity is not None else None,
        amount=D(amount),
        **changes,
    )


FAMILY_TEXT = (
    "Een familielid tot de tweede graad of een gezinslid kan niet betaald worden met "
    "dienstencheques of wijk-werkcheques. Sluit met dat familielid een arbeidsovereenkomst of "
    "een overeenkomst met een familielid en dien de kost daaronder in."
)


@pytest.mark.parametrize("type_code", ["PAB_SERVICE_VOUCHERS", "PAB_WIJK_WERK"])
def test_r20_family_through_vouchers_in_full(type_code):
    finding = only(
        ask(check_r20_family, vouchers(10, contract_type_code=type_code, contract_family=True))
    )
    assert finding.action == REFUSE
    assert finding.final is False
    assert described([finding.violation]) == [
        ("R20", CostCode.COST_FAMILY_THROUGH_VOUCHERS_OR_WIJK_WERK, "contract")
    ]
    assert finding.violation.text() == FAMILY_TEXT


@pytest.mark.parametrize(
    "changes",
    [
        {"contract_family": False},
        {"contract_family": True, "contract_type_code": "PAB_FAMILY_EMPLOYMENT"},
        {"contract_family": True, "contract_type_code": None},
        {"contract_family": True, "contract_type_code": "NO_SUCH_TYPE"},
    ],
)
def test_r20_family_rule_does_not_apply(changes):
    assert ask(check_r20_family, vouchers(10, **changes)) == ()


def test_r20_voucher_quantity_missing_in_full():
    for quantity in (None, "0", "-2"):
        finding = only(ask(check_r20_service_vouchers, vouchers(quantity)))
        assert finding.action == REFUSE
        assert described([finding.violation]) == [
            ("R20", CostCode.SERVICE_VOUCHER_QUANTITY_MISSING, "quantity")
        ]
        assert finding.violation.text() == (
            "Vul bij 'aantal' in hoeveel dienstencheques u kocht: er kunnen er maar zoveel per "
            "jaar betaald worden."
        )
    assert ask(check_r20_service_vouchers, vouchers(1)) == ()


def test_r20_voucher_cap_in_full():
    finding = only(
        ask(
            check_r20_service_vouchers,
            vouchers(20, "180.00"),
            CostCounters(service_vouchers=D(1990)),
        )
    )
    assert finding.action == CAP
    assert (finding.limit, finding.quantity) == (D("90.00"), D(10))
    assert described([finding.violation]) == [
        ("R20", CostCode.SERVICE_VOUCHER_CAP_EXCEEDED, "quantity")
    ]
    assert finding.violation.text() == (
        "Het budget betaalt hoogstens 2000 dienstencheques per jaar. In 2021 werden er al 1990 "
        "betaald, er passen er nog 10 van de 20. De andere betaalt u met eigen middelen."
    )


def test_r20_voucher_cap_of_a_parent_and_past_the_cap():
    parent = CostCounters(service_vouchers=D(2600), parent_of_disabled_child=True)
    finding = only(ask(check_r20_service_vouchers, vouchers("2.5", "22.50"), parent))
    assert (finding.limit, finding.quantity) == (D("0.00"), D(0))
    assert finding.violation.text() == (
        "Het budget betaalt hoogstens 2500 dienstencheques per jaar. In 2021 werden er al 2600 "
        "betaald, er passen er nog 0 van de 2,5. De andere betaalt u met eigen middelen."
    )
    exact = CostCounters(service_vouchers=D(2490), parent_of_disabled_child=True)
    assert ask(check_r20_service_vouchers, vouchers(10), exact) == ()
    assert (
        ask(check_r20_service_vouchers, vouchers(10), CostCounters(service_vouchers=D(1990))) == ()
    )


@pytest.mark.parametrize(
    "facts",
    [
        replace(vouchers(5000), booking_type="CREDIT_NOTE"),
        replace(vouchers(5000), cost_kind="SERVICE_VOUCHER_ADMIN_COSTS"),
    ],
)
def test_r20_voucher_cap_does_not_apply(facts):
    assert ask(check_r20_service_vouchers, facts) == ()


def test_r20_check_asks_family_then_vouchers():
    facts = vouchers(20, "180.00", contract_family=True)
    findings = ask(check_r20, facts, CostCounters(service_vouchers=D(1990)))
    assert [f.violation.code for f in findings] == [
        CostCode.COST_FAMILY_THROUGH_VOUCHERS_OR_WIJK_WERK,
        CostCode.SERVICE_VOUCHER_CAP_EXCEEDED,
    ]
    assert ask(check_r20, line()) == ()


# --- R22 ------------------------------------------------------------------------------------


def wage(amount, hours=None, hourly="12.00", **changes):
    return line(
        amount=D(amount),
        quantity=D(hours) if hours is not None else None,
        contract_hourly_cost=D(hourly) if hourly is not None else None,
        **changes,
    )


def test_r22_wage_for_its_hours_below_the_minimum_in_full():
    finding = only(ask(check_r22, wage("112.85", "10")))
    assert finding.action == REFUSE
    assert finding.final is False
    assert described([finding.violation]) == [("R22", CostCode.COST_BELOW_MINIMUM_WAGE, "amount")]
    assert finding.violation.text() == (
        "Voor 10 uur is het minimumloon (PC 319.01, 11,2857 euro bruto per uur) samen EUR "
        "112,86; deze loonkost is EUR 112,85. Betaal de assistent minstens het minimumloon en "
        "dien de juiste loonkost in, met het aantal gewerkte uren."
    )


def test_r22_hours_with_decimals_and_the_floor_rounded_half_up():
    # 7,5 h * 11,28570646 = 84,6428...: 84,64
    assert ask(check_r22, wage("84.64", "7.5")) == ()
    finding = only(ask(check_r22, wage("84.63", "7.5")))
    assert "Voor 7,5 uur is het minimumloon" in finding.violation.text()
    assert "samen EUR 84,64;" in finding.violation.text()


def test_r22_hourly_cost_of_the_contract_below_the_minimum_in_full():
    finding = only(ask(check_r22, wage("1200.00", hourly="11.28")))
    assert described([finding.violation]) == [("R22", CostCode.COST_BELOW_MINIMUM_WAGE, "amount")]
    assert finding.violation.text() == (
        "Het uurloon in de overeenkomst (11,2800 euro) is lager dan het minimumloon PC 319.01 "
        "(11,2857 euro bruto per uur). Pas de overeenkomst aan tot minstens het minimumloon, of "
        "vul bij 'aantal' de gewerkte uren in."
    )


@pytest.mark.parametrize(("hourly", "refused"), [("11.28570646", False), ("11.28570645", True)])
def test_r22_hourly_cost_exactly_the_minimum_is_enough(hourly, refused):
    assert bool(ask(check_r22, wage("1200.00", hourly=hourly))) is refused


def test_r22_zero_hours_compare_the_hourly_cost():
    finding = only(ask(check_r22, wage("0.01", "0", hourly="11.00")))
    assert "Het uurloon in de overeenkomst (11,0000 euro)" in finding.violation.text()
    assert ask(check_r22, wage("0.01", "0", hourly="12.00")) == ()
    assert ask(check_r22, wage("0.01", hourly=None)) == ()


@pytest.mark.parametrize(
    "facts",
    [
        wage("1.00", "10", booking_type="CREDIT_NOTE"),
        wage("1.00", "10", cost_kind="GIFT"),
        wage("1.00", "10", contract_type_code="PAB_TEMP_AGENCY"),  # no minimum_wage flag
        wage("1.00", "10", contract_type_code=None),
        wage(  # no minimum wage in force in 2017
            "1.00",
            "10",
            budget_year=2017,
            period_from=date(2017, 5, 1),
            period_to=date(2017, 5, 31),
        ),
    ],
)
def test_r22_does_not_apply(facts):
    assert ask(check_r22, facts) == ()


# --- R24, R32, R23, R6 ----------------------------------------------------------------------


def test_r24_unknown_kind_in_full():
    finding = only(ask(check_r24, line(cost_kind="LOTTERY_TICKETS")))
    assert finding.action == REFUSE
    assert finding.final is True
    assert described([finding.violation]) == [("R24", CostCode.COST_KIND_UNKNOWN, "cost_kind")]
    assert finding.violation.text() == (
        "De kostensoort 'LOTTERY_TICKETS' bestaat niet. Kies een kostensoort uit de lijst bij de "
        "overeenkomst."
    )


def test_r24_unknown_contract_type_in_full():
    finding = only(ask(check_r24, line(contract_type_code="PAB_NO_SUCH_TYPE")))
    assert finding.action == REFUSE
    assert finding.final is False
    assert described([finding.violation]) == [
        ("R24", CostCode.COST_CONTRACT_TYPE_UNKNOWN, "contract")
    ]
    assert finding.violation.text() == (
        "Het overeenkomsttype PAB_NO_SUCH_TYPE bestaat niet. Dien de kost in onder een "
        "geregistreerde overeenkomst."
    )


def test_r24_kind_not_for_the_type_in_full_with_the_allowed_kinds_sorted():
    finding = only(
        ask(check_r24, line(contract_type_code="PAB_TEMP_AGENCY", cost_kind="MEAL_VOUCHERS"))
    )
    assert finding.action == REFUSE
    assert finding.final is False
    assert described([finding.violation]) == [
        ("R24", CostCode.COST_KIND_NOT_FOR_CONTRACT_TYPE, "cost_kind")
    ]
    assert finding.violation.text() == (
        "'Maaltijdcheques' kan niet ingediend worden onder een overeenkomst met een "
        "interimkantoor. Onder deze overeenkomst kunnen: Administratiekosten van het "
        "interimkantoor; Factuur van een interimkantoor. Kies een van die kostensoorten of dien "
        "de kost in onder de overeenkomst waar ze bij hoort."
    )


def test_r24_what_it_leaves_to_r19():
    # no contract at all: R19 says what to do; a kind without a contract needs no type
    assert ask(check_r24, line(contract_type_code=None, contract_status=None)) == ()
    assert ask(check_r24, line(cost_kind="FREE_SHARE", contract_type_code="PAB_NO_SUCH")) == ()
    assert ask(check_r24, line()) == ()


@pytest.mark.parametrize(
    ("check", "kind", "code", "text"),
    [
        (
            check_r32,
            "THERAPY",
            CostCode.COST_NEVER_PAYABLE,
            "Het budget kan nooit betaald worden voor therapieën en revalidatie. Betaal deze "
            "kost met eigen middelen of, waar dat kan, met een andere tegemoetkoming.",
        ),
        (
            check_r23,
            "OWN_CONTRIBUTION",
            CostCode.COST_HOTEL_OR_OWN_CONTRIBUTION,
            "Bij een MFC of vergunde zorgaanbieder betaalt het budget alleen de zorg en "
            "ondersteuning, niet de eigen bijdrage bij een MFC of vergunde zorgaanbieder. Dien "
            "alleen het deel voor zorg en ondersteuning in; de rest betaalt u met eigen middelen.",
        ),
        (
            check_r6,
            "DAY_NURSERY",
            CostCode.COST_PAB_EXCLUDED_USE,
            "Een persoonlijke-assistentiebudget kan niet gebruikt worden voor een "
            "kinderdagverblijf. Deze kost wordt niet betaald; betaal ze met eigen middelen.",
        ),
    ],
)
def test_r32_r23_r6_never_payable_in_full(check, kind, code, text):
    for asked in (check, check_non_payable):
        finding = only(ask(asked, line(cost_kind=kind)))
        assert finding.action == REFUSE
        assert finding.final is True
        rule = check.__name__.removeprefix("check_").upper()
        assert described([finding.violation]) == [(rule, code, "cost_kind")]
        assert finding.violation.text() == text


def test_r6_only_for_a_pab_and_ordinary_kinds_are_payable():
    pvb = line(budget_kind="PVB", contract_type_code="PVB_EMPLOYMENT", cost_kind="DAY_NURSERY")
    assert ask(check_r6, pvb) == ()
    assert ask(check_non_payable, pvb) == ()
    assert ask(check_non_payable, line()) == ()
    assert ask(check_r32, line()) == ()
    # R32 holds for every budget kind
    therapy = line(budget_kind="PVB", contract_type_code="PVB_EMPLOYMENT", cost_kind="THERAPY")
    assert only(ask(check_non_payable, therapy)).violation.rule_id == "R32"
