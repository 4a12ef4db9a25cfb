"""Property: whatever the sequence of lines, the caps of R20, R21 and R29 are never passed and
every judgement is consistent (payable within the line, outcome matching payable)."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlijn.rules.costs import CostCounters, LineOutcome, cost_parameters, judge_line

from .cost_lines import line

D = Decimal
KINDS = {
    "GIFT": "PAB_EMPLOYMENT",
    "OTHER_PREMIUMS": "PAB_EMPLOYMENT",
    "YEAR_END_PREMIUM": "PAB_EMPLOYMENT",
    "SERVICE_VOUCHERS": "PAB_SERVICE_VOUCHERS",
    "VOLUNTEER_FLAT_FEE": "PAB_VOLUNTEER_ORGANISATION",
    "FREE_SHARE": None,
    "PROVIDER_INVOICE": "PAB_MFC_SHORT_STAY",
}

entries = st.lists(
    st.tuples(
        st.sampled_from(sorted(KINDS)),
        st.integers(min_value=1, max_value=300_000).map(lambda n: D(n) / 100),  # amount
        st.integers(min_value=1, max_value=800),  # quantity
        st.sampled_from(["A", "B"]),  # assistant
        st.integers(min_value=1, max_value=3),  # day of June
        st.booleans(),  # credit note
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(year=st.sampled_from([2021, 2022, 2023]), parent=st.booleans(), entries=entries)
def test_r20_r21_r29_caps_hold_over_any_sequence(year, parent, entries):
    params = cost_parameters("PAB", year)
    counters = CostCounters(parent_of_disabled_child=parent, yearly_amount=D("20000.00"))
    voucher_cap = params.service_voucher_cap_parent if parent else params.service_voucher_cap
    short_cap = params.short_term_caps.at(date(year, 6, 1)).caps["DAYS_NIGHTS"]
    for kind, amount, quantity, assistant, day, credit in entries:
        facts = line(
            budget_year=year,
            contract_type_code=KINDS[kind],
            contract_status="APPROVED" if KINDS[kind] else None,
            contract_start=date(2017, 1, 1),
            cost_kind=kind,
            period_from=date(year, 6, day),
            period_to=date(year, 6, day),
            filed_on=date(year, 7, 1),
            amount=amount,
            quantity=D(quantity),
            assistant=assistant,
            booking_type="CREDIT_NOTE" if credit else "COST",
        )
        j = judge_line(facts, counters, params)
        assert 0 <= j.payable_amount <= amount
        assert j.payable_amount + j.own_amount == amount
        if j.outcome is LineOutcome.ACCEPTED:
            assert j.payable_amount == amount and j.violations == ()
        elif j.outcome is LineOutcome.PARTLY_ACCEPTED:
            # below the amount, or the whole amount when a quantity cap rounds back to it
            assert 0 < j.payable_amount <= amount and j.violations
            assert j.payable_amount < amount or j.accepted_quantity < D(quantity)
        else:
            assert j.outcome is LineOutcome.REFUSED
            assert j.payable_amount == 0 and j.violations
        if kind == "GIFT" and not credit:
            assert j.payable_amount <= params.gift_max
        counters = counters.after(facts, j)
        assert counters.service_vouchers <= voucher_cap
        assert (
            counters.short_term.get("DAYS", 0) + counters.short_term.get("NIGHTS", 0) <= short_cap
        )
        for who in ("A", "B"):
            assert counters.premiums.get(who, 0) <= params.premiums_max
            assert counters.volunteer_fee_year.get(who, 0) <= params.volunteer_year_max
        assert all(v <= params.volunteer_day_max for v in counters.volunteer_fee_days.values())
        assert counters.other_costs <= D("1000.00")
        assert min(counters.other_costs, counters.service_vouchers) >= 0
