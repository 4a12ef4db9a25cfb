"""R11 voucher invoice lines checked against the holder's voucher contract, and R12 the cash
surcharge of 11,94 % (seed 001 'Stap 4', 'Stap 5')."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules.codes import VoucherCode
from budgetlijn.rules.payments import r11_vouchers as r11
from budgetlijn.rules.payments import r12_cash_surcharge as r12

D = Decimal
PROVIDER = "0403170701"

CONTRACT = r11.VoucherContractFacts(
    budget_id=1,
    approved=True,
    payment_mode="VOUCHER",
    provider_enterprise_number=PROVIDER,
    start=date(2023, 1, 1),
    end=date(2023, 12, 31),
)
LINE = r11.VoucherLineFacts(
    budget_id=1,
    budget_kind="PVB",
    budget_payment_mode="COMBINATION",
    provider_enterprise_number=PROVIDER,
    provider_licensed_from=date(2020, 1, 1),
    provider_licensed_until=None,
    month=date(2023, 5, 1),
    period_from=date(2023, 5, 1),
    period_to=date(2023, 5, 31),
    amount=D("1500.00"),
    contract=CONTRACT,
    contract_id=10,
)
ROOM = {1: r11.VoucherRoom(voucher_left=D("10000.00"), line_left=D("20000.00"))}


def codes(line):
    return [v.code for v in r11.check_line(line)]


def test_r11_vouchers_a_good_line_is_accepted_whole():
    [decision], rooms = r11.judge_invoice([LINE], ROOM)
    assert (decision.outcome, decision.accepted, decision.violations) == (
        "ACCEPTED",
        D("1500.00"),
        (),
    )
    assert rooms[1] == r11.VoucherRoom(D("8500.00"), D("18500.00"))


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"budget_kind": "PAB"}, VoucherCode.VOUCHER_ONLY_FOR_PVB),
        ({"budget_kind": "CONVENANT"}, VoucherCode.VOUCHER_ONLY_FOR_PVB),
        ({"budget_payment_mode": "CASH"}, VoucherCode.VOUCHER_BUDGET_ALL_CASH),
        ({"amount": D("0")}, VoucherCode.VOUCHER_AMOUNT_NOT_POSITIVE),
        ({"period_from": date(2023, 4, 30)}, VoucherCode.VOUCHER_PERIOD_OUTSIDE_MONTH),
        ({"period_to": date(2023, 6, 1)}, VoucherCode.VOUCHER_PERIOD_OUTSIDE_MONTH),
        ({"provider_licensed_from": None}, VoucherCode.VOUCHER_PROVIDER_NOT_LICENSED),
        ({"provider_licensed_from": date(2023, 5, 2)}, VoucherCode.VOUCHER_PROVIDER_NOT_LICENSED),
        ({"provider_licensed_until": date(2023, 5, 30)}, VoucherCode.VOUCHER_PROVIDER_NOT_LICENSED),
        ({"contract": None}, VoucherCode.VOUCHER_CONTRACT_MISSING),
        ({"contract": replace(CONTRACT, budget_id=2)}, VoucherCode.VOUCHER_CONTRACT_OTHER_BUDGET),
        (
            {"contract": replace(CONTRACT, approved=False)},
            VoucherCode.VOUCHER_CONTRACT_NOT_APPROVED,
        ),
        (
            {"contract": replace(CONTRACT, payment_mode="CASH")},
            VoucherCode.VOUCHER_CONTRACT_NOT_VOUCHER,
        ),
        (
            {"contract": replace(CONTRACT, provider_enterprise_number="0202239951")},
            VoucherCode.VOUCHER_CONTRACT_OTHER_PROVIDER,
        ),
        (
            {"contract": replace(CONTRACT, start=date(2023, 5, 2))},
            VoucherCode.VOUCHER_OUTSIDE_CONTRACT,
        ),
        (
            {"contract": replace(CONTRACT, end=date(2023, 5, 30))},
            VoucherCode.VOUCHER_OUTSIDE_CONTRACT,
        ),
        ({"already_invoiced": True}, VoucherCode.VOUCHER_LINE_DUPLICATE),
    ],
)
def test_r11_vouchers_each_reason_refuses_the_line(change, code):
    line = replace(LINE, **change)
    assert code in codes(line)
    [decision], rooms = r11.judge_invoice([line], ROOM)
    assert (decision.outcome, decision.accepted) == ("REFUSED", D("0"))
    assert code in [v.code for v in decision.violations]
    assert all(v.rule_id == "R11" for v in decision.violations)
    assert rooms == ROOM


def test_r11_vouchers_boundaries_on_the_last_day_are_in():
    last_day = replace(
        LINE,
        provider_licensed_from=date(2023, 5, 1),
        provider_licensed_until=date(2023, 5, 31),
        contract=replace(CONTRACT, start=date(2023, 5, 1), end=date(2023, 5, 31)),
    )
    assert codes(last_day) == []
    assert codes(replace(LINE, contract=replace(CONTRACT, end=None))) == []
    assert codes(replace(LINE, budget_payment_mode="VOUCHER")) == []


def test_r11_vouchers_every_bad_reason_of_a_line_is_reported():
    line = replace(
        LINE,
        provider_licensed_from=None,
        contract=replace(CONTRACT, approved=False, payment_mode="CASH"),
    )
    assert set(codes(line)) == {
        VoucherCode.VOUCHER_PROVIDER_NOT_LICENSED,
        VoucherCode.VOUCHER_CONTRACT_NOT_APPROVED,
        VoucherCode.VOUCHER_CONTRACT_NOT_VOUCHER,
    }


def test_r11_vouchers_a_reversed_period_is_reported_as_such():
    line = replace(LINE, period_from=date(2023, 5, 20), period_to=date(2023, 5, 10))
    assert codes(line) == [VoucherCode.VOUCHER_PERIOD_REVERSED]


def test_r11_vouchers_lines_of_one_budget_share_the_voucher_part_in_order():
    room = {1: r11.VoucherRoom(voucher_left=D("2000.00"), line_left=D("20000.00"))}
    second = replace(LINE, contract_id=11, contract=CONTRACT)
    third = replace(LINE, contract_id=12, contract=CONTRACT)
    decisions, rooms = r11.judge_invoice([LINE, second, third], room)
    assert [(d.outcome, d.accepted) for d in decisions] == [
        ("ACCEPTED", D("1500.00")),
        ("PARTLY", D("500.00")),
        ("REFUSED", D("0")),
    ]
    assert decisions[1].violations[0].code == VoucherCode.VOUCHER_ABOVE_VOUCHER_PART
    assert decisions[2].violations[0].code == VoucherCode.VOUCHER_PART_SPENT
    assert rooms[1] == r11.VoucherRoom(D("0.00"), D("18000.00"))


def test_r11_vouchers_the_budget_line_caps_too():
    room = {1: r11.VoucherRoom(voucher_left=D("9000.00"), line_left=D("1000.00"))}
    [decision], _rooms = r11.judge_invoice([LINE], room)
    assert (decision.outcome, decision.accepted) == ("PARTLY", D("1000.00"))


def test_r11_vouchers_two_lines_for_one_budget_and_contract_in_an_invoice_is_a_duplicate():
    decisions, _rooms = r11.judge_invoice([LINE, LINE], ROOM)
    assert [d.outcome for d in decisions] == ["ACCEPTED", "REFUSED"]
    assert decisions[1].violations[0].code == VoucherCode.VOUCHER_LINE_DUPLICATE
    other_budget = replace(LINE, budget_id=2, contract=replace(CONTRACT, budget_id=2))
    room = {**ROOM, 2: ROOM[1]}
    decisions, _rooms = r11.judge_invoice([LINE, other_budget], room)
    assert [d.outcome for d in decisions] == ["ACCEPTED", "ACCEPTED"]


# --- R12 ---


def test_r12_cash_surcharge_is_11_94_percent_on_top():
    assert r12.surcharge(D("1000.00"), 2023) == D("119.40")
    assert r12.surcharge(D("10000.00"), 2017) == D("1194.00")


def test_r12_cash_surcharge_rounds_half_up_to_the_cent_once():
    assert r12.surcharge(D("41.67"), 2023) == D("4.98")
    assert r12.surcharge(D("4.19"), 2023) == D("0.50")
    assert r12.surcharge(D("0.04"), 2023) == D("0.00")  # 0.004776
    assert r12.surcharge(D("0.05"), 2023) == D("0.01")  # 0.00597


def test_r12_cash_surcharge_steps_add_up_to_the_surcharge_on_the_total():
    booked = D("0")
    total = D("0")
    for _ in range(10):
        total += D("0.05")
        booked += r12.surcharge_step(total, 2023, booked)
    assert booked == r12.surcharge(D("0.50"), 2023) == D("0.06")  # not 10 x 0.01
    assert r12.surcharge_step(D("0.40"), 2023, booked) == D("-0.01")  # cash taken back


def test_r12_cash_surcharge_needs_a_rate_in_force():
    from budgetlijn.rules import parameters

    with pytest.raises(parameters.ParameterMissing):
        r12.surcharge(D("100.00"), 2015)
    with pytest.raises(ValueError):
        r12.surcharge(D("-1.00"), 2023)


@pytest.mark.parametrize(
    ("kind", "mode", "provider", "earns"),
    [
        ("PVB", "CASH", "NONE", True),
        ("PVB", "CASH", "VOLUNTEER_ORGANISATION", True),
        ("PVB", "CASH", "SERVICE_VOUCHER_COMPANY", True),
        ("PVB", "CASH", "LICENSED", False),
        ("PVB", "CASH", "MFC", False),
        ("PVB", "CASH", "ASSISTANCE_ORGANISATION", False),
        ("PVB", "VOUCHER", "NONE", False),
        ("PAB", "CASH", "NONE", False),
    ],
)
def test_r12_cash_surcharge_only_on_cash_at_non_licensed_providers(kind, mode, provider, earns):
    assert r12.earns_surcharge(budget_kind=kind, payment_mode=mode, provider_kind=provider) is earns


def test_r11_vouchers_the_voucher_part_is_the_year_minus_the_cash_part():
    assert r11.voucher_part_of_year("COMBINATION", D("12000.00"), D("4000.00")) == D("8000.00")
    assert r11.voucher_part_of_year("COMBINATION", D("3000.00"), D("4000.00")) == D("0")
    assert r11.voucher_part_of_year("VOUCHER", D("12000.00"), D("4000.00")) == D("12000.00")
    assert r11.voucher_part_of_year("CASH", D("12000.00"), D("0")) == D("0")


@pytest.mark.parametrize(
    ("change", "refused"),
    [
        ({"budget_usable": False}, True),
        ({"budget_from": date(2023, 5, 2)}, True),
        ({"budget_from": date(2023, 5, 1)}, False),
        ({"budget_until": date(2023, 5, 30)}, True),
        ({"budget_until": date(2023, 5, 31)}, False),
    ],
)
def test_r11_vouchers_only_while_the_budget_is_in_force(change, refused):
    found = codes(replace(LINE, **change))
    assert (VoucherCode.VOUCHER_BUDGET_NOT_IN_FORCE in found) is refused
