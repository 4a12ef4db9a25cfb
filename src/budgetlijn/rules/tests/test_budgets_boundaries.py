"""Budgets and their life (R1, R2, R7, R9, R33), pure: the exact boundary days.

Every deadline is tested on its last day (still in time) and on the day after (too late), every
age on the day before the birthday and on the birthday itself.
"""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from budgetlijn.rules.budgets import (
    STATUS_LABELS,
    BudgetFacts,
    HolderCheck,
    HolderFacts,
    StatementFacts,
    age_check_day,
    check_allocation,
    check_conversion,
    check_extension,
    check_holders,
    check_lapse,
    check_start,
    check_stop,
    in_force_from,
    majority_age,
    start_deadline,
)
from budgetlijn.rules.tests.violation_checks import described

DAY = timedelta(days=1)

PVB = BudgetFacts(
    kind="PVB",
    scheme="old",
    category="V",
    allocated_on=date(2023, 1, 10),
    letter_received_on=date(2023, 1, 14),
)
PAB = BudgetFacts(
    kind="PAB",
    category="III",
    band=2,
    allocated_on=date(2023, 1, 10),
    letter_received_on=date(2023, 1, 14),
)
CONVENANT = BudgetFacts(
    kind="CONVENANT",
    category="RESIDENTIAL_GES_PLUS",
    allocated_on=date(2023, 1, 10),
    letter_received_on=date(2023, 1, 14),
)


# Every violation's rule and field, checked by codes() below with its message.
RULE_AND_FIELD = {
    "letter_received_before_allocation": ("R1", "letter_received_on"),
    "applied_after_allocation": ("R1", "applied_on"),
    "pvb_scheme_missing": ("R1", "scheme"),
    "scheme_only_for_pvb": ("R1", "scheme"),
    "pab_band_missing": ("R3", "band"),
    "band_only_for_pab": ("R3", "band"),
    "category_without_amount": ("R3", "category"),
    "cash_exceeds_yearly_amount": ("R11", "estimated_cash_amount"),
    "pab_for_adult": ("R2", "kind"),
    "pvb_for_minor": ("R1", "kind"),
    "holder_missing": ("R9", "holders"),
    "holder_not_legal_representative": ("R9", "holders"),
    "holder_role_not_for_minor": ("R9", "holders"),
    "holder_role_not_for_adult": ("R9", "holders"),
    "self_holder_other_person": ("R9", "holders"),
    "holder_relation_not_recorded": ("R9", "holders"),
    "holder_is_assistant": ("R9", "holders"),
    "guardian_and_parents": ("R9", "holders"),
    "too_many_parents": ("R9", "holders"),
    "nobody_manages": ("R9", "holders"),
    "management_statement_missing": ("R9", "management_statement"),
    "already_started_or_ended": ("R1", "status"),
    "start_before_allocation": ("R1", "started_on"),
    "start_too_late": (None, "started_on"),  # R1 for a PVB, R2 for a PAB: tested apart
    "extension_only_pab": ("R2", "extension_requested_on"),
    "extension_once": ("R2", "extension_requested_on"),
    "extension_not_needed": ("R2", "status"),
    "extension_requested_too_late": ("R2", "extension_requested_on"),
    "already_ended": ("R33", "status"),
    "stop_reason_missing": ("R33", "stop_reason"),
    "stop_before_start": ("R33", "stopped_on"),
    "stop_too_far_ahead": ("R33", "stopped_on"),
    "conversion_too_far_ahead": ("R7", "on"),
    "conversion_needs_running_pab": ("R7", "status"),
    "support_plan_missing": ("R7", "support_plan_filed_on"),
    "support_plan_too_late": ("R7", "support_plan_filed_on"),
    "conversion_before_adulthood": ("R7", "converted_on"),
}


def codes(violations):
    """The codes, after checking each violation's rule, field and Dutch message."""
    result = []
    for rule, code, field in described(violations):
        expected_rule, expected_field = RULE_AND_FIELD[code]
        assert field == expected_field, (code, field)
        if expected_rule is not None:
            assert rule == expected_rule, (code, rule)
        result.append(code)
    return result


def rules(violations):
    return {v.rule_id for v in violations}


# --- R1/R2 start deadline: 4 months after the letter was received ------------------------------


def test_r1_start_deadline_is_four_months_after_the_letter():
    assert start_deadline(PVB) == date(2023, 5, 14)
    assert start_deadline(PAB) == date(2023, 5, 14)


def test_r1_start_deadline_at_month_end_is_the_last_day_of_the_month():
    facts = replace(PVB, allocated_on=date(2023, 10, 25), letter_received_on=date(2023, 10, 31))
    assert start_deadline(facts) == date(2024, 2, 29)


def test_r8_convenant_has_no_start_deadline_and_never_lapses():
    assert start_deadline(CONVENANT) is None
    assert check_lapse(CONVENANT, date(2030, 1, 1)) is False
    assert check_start(CONVENANT, date(2030, 1, 1)) == []


@pytest.mark.parametrize("facts", [PVB, PAB], ids=["pvb", "pab"])
def test_r1_r2_starting_on_the_deadline_day_is_in_time(facts):
    deadline = start_deadline(facts)
    assert check_start(facts, deadline) == []


def test_r1_pvb_starting_the_day_after_the_deadline_is_too_late():
    violations = check_start(PVB, date(2023, 5, 15))
    assert codes(violations) == ["start_too_late"]
    assert violations[0].rule_id == "R1"
    assert violations[0].field == "started_on"
    assert violations[0].params == {"deadline": "14/05/2023"}


def test_r2_pab_starting_the_day_after_the_deadline_is_too_late():
    violations = check_start(PAB, date(2023, 5, 15))
    assert codes(violations) == ["start_too_late"]
    assert violations[0].rule_id == "R2"


@pytest.mark.parametrize("facts", [PVB, PAB], ids=["pvb", "pab"])
def test_r1_r2_lapse_only_from_the_day_after_the_deadline(facts):
    deadline = start_deadline(facts)
    assert check_lapse(facts, deadline - DAY) is False
    assert check_lapse(facts, deadline) is False
    assert check_lapse(facts, deadline + DAY) is True


@pytest.mark.parametrize("status", ["ALLOCATED", "EXTENDED"])
def test_r1_a_budget_not_yet_started_lapses(status):
    assert check_lapse(replace(PVB, status=status), date(2023, 5, 15)) is True


@pytest.mark.parametrize("status", ["STARTED", "LAPSED", "STOPPED", "CONVERTED"])
def test_r1_a_started_or_ended_budget_does_not_lapse(status):
    assert check_lapse(replace(PVB, status=status), date(2030, 1, 1)) is False


def test_r2_extension_adds_four_months_once():
    extended = replace(PAB, extension_granted_on=date(2023, 5, 1), status="EXTENDED")
    assert start_deadline(extended) == date(2023, 9, 14)
    assert check_start(extended, date(2023, 9, 14)) == []
    assert codes(check_start(extended, date(2023, 9, 15))) == ["start_too_late"]
    assert check_lapse(extended, date(2023, 9, 14)) is False
    assert check_lapse(extended, date(2023, 9, 15)) is True


def test_r1_a_pvb_gets_no_extension_even_with_a_grant_day():
    # Only a PAB's deadline moves (R2); a PVB's stays at 4 months.
    assert start_deadline(replace(PVB, extension_granted_on=date(2023, 5, 1))) == date(2023, 5, 14)


def test_r1_start_before_allocation_is_refused_on_the_day_before_only():
    assert codes(check_start(PVB, PVB.allocated_on - DAY)) == ["start_before_allocation"]
    assert check_start(PVB, PVB.allocated_on) == []


@pytest.mark.parametrize("status", ["STARTED", "LAPSED", "STOPPED", "CONVERTED"])
def test_r1_only_a_budget_not_yet_started_can_start(status):
    violations = check_start(replace(PVB, status=status), date(2023, 2, 1))
    assert codes(violations) == ["already_started_or_ended"]
    # The state in Dutch in the message, never the stored code ("stopped").
    assert violations[0].params == {"status": STATUS_LABELS[status]}
    assert status.lower() not in violations[0].text()


def test_r1_extended_budget_can_start():
    assert check_start(replace(PAB, status="EXTENDED"), date(2023, 2, 1)) == []


# --- R2 extension request -----------------------------------------------------------------------


def test_r2_extension_requested_on_the_deadline_day_is_in_time():
    assert check_extension(PAB, date(2023, 5, 14)) == []


def test_r2_extension_requested_the_day_after_the_deadline_is_too_late():
    violations = check_extension(PAB, date(2023, 5, 15))
    assert codes(violations) == ["extension_requested_too_late"]
    assert violations[0].params == {"deadline": "14/05/2023"}


def test_r2_extension_only_for_a_pab():
    assert codes(check_extension(PVB, date(2023, 2, 1))) == ["extension_only_pab"]
    assert codes(check_extension(CONVENANT, date(2023, 2, 1))) == ["extension_only_pab"]


def test_r2_extension_only_once():
    granted = replace(PAB, extension_granted_on=date(2023, 3, 1))
    assert codes(check_extension(granted, date(2023, 4, 1))) == ["extension_once"]
    extended = replace(PAB, status="EXTENDED")
    assert codes(check_extension(extended, date(2023, 4, 1))) == ["extension_once"]


def test_r2_extension_not_for_a_started_budget():
    started = replace(PAB, status="STARTED")
    assert codes(check_extension(started, date(2023, 4, 1))) == ["extension_not_needed"]


# --- R1/R2 ages on the day of application ------------------------------------------------------


def test_r2_pab_for_a_child_the_day_before_the_18th_birthday():
    facts = replace(PAB, applied_on=date(2023, 1, 4))
    assert check_allocation(facts, birth_date=date(2005, 1, 5)) == []


def test_r2_pab_refused_on_the_18th_birthday():
    facts = replace(PAB, applied_on=date(2023, 1, 5))
    violations = check_allocation(facts, birth_date=date(2005, 1, 5))
    assert codes(violations) == ["pab_for_adult"]
    assert violations[0].rule_id == "R2"
    assert violations[0].params == {"age": 18, "day": "05/01/2023"}


def test_r2_before_1_april_2016_an_adult_could_still_apply_for_a_pab():
    facts = replace(
        PAB,
        applied_on=date(2016, 3, 31),
        allocated_on=date(2016, 6, 1),
        letter_received_on=date(2016, 6, 3),
        specific_amount=Decimal("20000"),
    )
    assert codes(check_allocation(facts, birth_date=date(1990, 1, 1))) == []
    on_the_day = replace(facts, applied_on=date(2016, 4, 1))
    assert codes(check_allocation(on_the_day, birth_date=date(1990, 1, 1))) == ["pab_for_adult"]


def test_r8_convenant_for_an_adult_is_refused_with_its_own_message():
    facts = replace(CONVENANT, applied_on=date(2023, 1, 5))
    violations = check_allocation(facts, birth_date=date(2005, 1, 5))
    assert codes(violations) == ["pab_for_adult"]
    assert "convenant" in violations[0].message
    minor = check_allocation(facts, birth_date=date(2005, 1, 6))
    assert minor == []


def test_r1_pvb_refused_the_day_before_the_18th_birthday_allowed_on_it():
    facts = replace(PVB, applied_on=date(2023, 1, 4))
    violations = check_allocation(facts, birth_date=date(2005, 1, 5))
    assert codes(violations) == ["pvb_for_minor"]
    assert violations[0].rule_id == "R1"
    assert violations[0].params == {"age": 17, "day": "04/01/2023"}
    assert (
        check_allocation(replace(facts, applied_on=date(2023, 1, 5)), birth_date=date(2005, 1, 5))
        == []
    )


def test_r1_age_is_checked_on_the_allocation_day_when_no_application_day():
    assert age_check_day(PVB) == PVB.allocated_on
    assert age_check_day(replace(PVB, applied_on=date(2022, 12, 1))) == date(2022, 12, 1)
    # born 2005-01-10: 18 on the allocation day 2023-01-10
    assert check_allocation(PVB, birth_date=date(2005, 1, 10)) == []
    assert codes(check_allocation(PVB, birth_date=date(2005, 1, 11))) == ["pvb_for_minor"]


def test_majority_age_is_the_parameter():
    assert majority_age(date(2023, 1, 1)) == 18


# --- R1/R3 allocation facts ---------------------------------------------------------------------


def test_r1_letter_received_on_the_allocation_day_is_fine_the_day_before_is_not():
    assert (
        check_allocation(replace(PVB, letter_received_on=PVB.allocated_on), birth_date=None) == []
    )
    violations = check_allocation(
        replace(PVB, letter_received_on=PVB.allocated_on - DAY), birth_date=None
    )
    assert codes(violations) == ["letter_received_before_allocation"]
    assert violations[0].field == "letter_received_on"


def test_r1_application_on_the_allocation_day_is_fine_the_day_after_is_not():
    assert check_allocation(replace(PVB, applied_on=PVB.allocated_on), birth_date=None) == []
    violations = check_allocation(replace(PVB, applied_on=PVB.allocated_on + DAY), birth_date=None)
    assert codes(violations) == ["applied_after_allocation"]


def test_r1_scheme_is_needed_for_a_pvb_and_only_for_a_pvb():
    assert codes(check_allocation(replace(PVB, scheme=None), birth_date=None)) == [
        "pvb_scheme_missing"
    ]
    assert codes(check_allocation(replace(PVB, scheme="x"), birth_date=None)) == [
        "pvb_scheme_missing"
    ]
    assert codes(check_allocation(replace(PAB, scheme="old"), birth_date=None)) == [
        "scheme_only_for_pvb"
    ]


def test_r3_band_is_needed_for_a_pab_and_only_for_a_pab():
    assert codes(check_allocation(replace(PAB, band=None), birth_date=None)) == ["pab_band_missing"]
    assert codes(check_allocation(replace(PVB, band=2), birth_date=None)) == ["band_only_for_pab"]


def test_r3_category_without_an_amount_that_year():
    violations = check_allocation(
        replace(CONVENANT, category="OTHER"),
        birth_date=None,
    )
    assert codes(violations) == ["category_without_amount"]
    assert violations[0].params == {"category": "OTHER", "year": 2023}
    with_amount = replace(CONVENANT, category="OTHER", specific_amount=Decimal("45000"))
    assert check_allocation(with_amount, birth_date=None) == []


def test_r11_cash_estimate_up_to_the_yearly_amount():
    yearly = Decimal("42326.64")  # PVB old V, 2023
    assert check_allocation(replace(PVB, estimated_cash_amount=yearly), birth_date=None) == []
    violations = check_allocation(
        replace(PVB, estimated_cash_amount=yearly + Decimal("0.01")), birth_date=None
    )
    assert codes(violations) == ["cash_exceeds_yearly_amount"]


def test_in_force_from_pab_start_else_allocation():
    assert in_force_from(PAB) is None
    assert in_force_from(replace(PAB, started_on=date(2023, 3, 1))) == date(2023, 3, 1)
    assert in_force_from(PVB) == PVB.allocated_on
    assert in_force_from(CONVENANT) == CONVENANT.allocated_on


# --- R9 budget holders --------------------------------------------------------------------------

CHILD_BORN = date(2015, 5, 1)
ON = date(2023, 6, 1)


def holders_check(*holders, statements=(), assistants=frozenset(), born=CHILD_BORN, on=ON):
    return HolderCheck(
        kind="PAB",
        person_birth_date=born,
        on=on,
        holders=list(holders),
        statements=list(statements),
        assistant_person_ids=frozenset(assistants),
    )


def test_r9_adoptive_parent_holds_a_pab():
    check = holders_check(HolderFacts(1, "ADOPTIVE_PARENT", relation_kind="ADOPTIVE_PARENT"))
    assert check_holders(check) == []


def test_r9_two_adoptive_parents_hold_a_pab_together():
    check = holders_check(
        HolderFacts(1, "ADOPTIVE_PARENT", relation_kind="ADOPTIVE_PARENT"),
        HolderFacts(2, "ADOPTIVE_PARENT", relation_kind="ADOPTIVE_PARENT"),
    )
    assert check_holders(check) == []


def test_r9_adoptive_parent_and_parent_together():
    check = holders_check(
        HolderFacts(1, "PARENT", relation_kind="PARENT"),
        HolderFacts(2, "ADOPTIVE_PARENT", relation_kind="ADOPTIVE_PARENT"),
    )
    assert check_holders(check) == []


def test_r9_adoptive_parent_needs_the_adoption_recorded():
    check = holders_check(HolderFacts(1, "ADOPTIVE_PARENT", relation_kind="PARENT"))
    violations = check_holders(check)
    assert codes(violations) == ["holder_relation_not_recorded"]
    assert violations[0].params == {"role": "adoptive parent"}
    assert codes(check_holders(holders_check(HolderFacts(1, "ADOPTIVE_PARENT")))) == [
        "holder_relation_not_recorded"
    ]


def test_r9_adoptive_parent_who_assists_leaves_management_to_the_other_parent():
    check = holders_check(
        HolderFacts(1, "ADOPTIVE_PARENT", relation_kind="ADOPTIVE_PARENT"),
        HolderFacts(2, "ADOPTIVE_PARENT", manages=False, relation_kind="ADOPTIVE_PARENT"),
        statements=[StatementFacts(managing_parent_id=1, assistant_parent_id=2)],
        assistants={2},
    )
    assert check_holders(check) == []
    without_statement = replace(check, statements=[])
    assert codes(check_holders(without_statement)) == ["management_statement_missing"]


def test_r9_adoptive_parent_who_manages_cannot_be_assistant():
    check = holders_check(
        HolderFacts(1, "ADOPTIVE_PARENT", relation_kind="ADOPTIVE_PARENT"), assistants={1}
    )
    assert codes(check_holders(check)) == ["holder_is_assistant"]


def test_r9_guardian_excludes_adoptive_parents():
    check = holders_check(
        HolderFacts(1, "GUARDIAN", relation_kind="GUARDIAN"),
        HolderFacts(2, "ADOPTIVE_PARENT", relation_kind="ADOPTIVE_PARENT"),
    )
    assert codes(check_holders(check)) == ["guardian_and_parents"]


def test_r9_at_most_two_parents_adoptive_ones_counted():
    check = holders_check(
        HolderFacts(1, "PARENT", relation_kind="PARENT"),
        HolderFacts(2, "ADOPTIVE_PARENT", relation_kind="ADOPTIVE_PARENT"),
        HolderFacts(3, "ADOPTIVE_PARENT", relation_kind="ADOPTIVE_PARENT"),
    )
    assert codes(check_holders(check)) == ["too_many_parents"]


@pytest.mark.parametrize("role", ["STEP_PARENT", "OTHER_FAMILY"])
def test_r9_step_parent_or_other_family_is_no_holder(role):
    check = holders_check(
        HolderFacts(1, "PARENT", relation_kind="PARENT"), HolderFacts(2, role, relation_kind=role)
    )
    assert codes(check_holders(check)) == ["holder_not_legal_representative"]


def test_r9_holder_missing():
    violations = check_holders(holders_check())
    assert codes(violations) == ["holder_missing"]
    assert rules(violations) == {"R9"}


def test_r9_adoptive_parent_holds_until_the_day_before_majority():
    born = date(2005, 6, 1)
    adoptive = HolderFacts(1, "ADOPTIVE_PARENT", relation_kind="ADOPTIVE_PARENT")
    assert check_holders(holders_check(adoptive, born=born, on=date(2023, 5, 31))) == []
    assert codes(check_holders(holders_check(adoptive, born=born, on=date(2023, 6, 1)))) == [
        "holder_role_not_for_adult"
    ]


def test_r9_adult_holds_own_budget_from_the_18th_birthday():
    born = date(2005, 6, 1)
    self_holder = HolderFacts(1, "SELF", is_the_person=True)
    assert check_holders(holders_check(self_holder, born=born, on=date(2023, 6, 1))) == []
    assert codes(check_holders(holders_check(self_holder, born=born, on=date(2023, 5, 31)))) == [
        "holder_role_not_for_minor"
    ]


def test_r9_self_must_be_the_person():
    holder = HolderFacts(2, "SELF", is_the_person=False)
    assert codes(check_holders(holders_check(holder, born=date(1990, 1, 1)))) == [
        "self_holder_other_person"
    ]


@pytest.mark.parametrize("role", ["ADMINISTRATOR", "NOTARIAL"])
def test_r9_adult_representatives_need_their_relation(role):
    born = date(1990, 1, 1)
    assert check_holders(holders_check(HolderFacts(1, role, relation_kind=role), born=born)) == []
    assert codes(check_holders(holders_check(HolderFacts(1, role), born=born))) == [
        "holder_relation_not_recorded"
    ]


def test_r9_nobody_manages():
    check = holders_check(HolderFacts(1, "GUARDIAN", manages=False, relation_kind="GUARDIAN"))
    assert codes(check_holders(check)) == ["nobody_manages"]


def test_r9_statement_must_name_a_managing_parent():
    check = holders_check(
        HolderFacts(1, "PARENT", relation_kind="PARENT"),
        HolderFacts(2, "PARENT", manages=False, relation_kind="PARENT"),
        statements=[StatementFacts(managing_parent_id=3, assistant_parent_id=2)],
    )
    assert codes(check_holders(check)) == ["management_statement_missing"]
    wrong_assistant = replace(
        check, statements=[StatementFacts(managing_parent_id=1, assistant_parent_id=1)]
    )
    assert codes(check_holders(wrong_assistant)) == ["management_statement_missing"]


def test_r9_guardian_not_managing_needs_no_statement():
    check = holders_check(
        HolderFacts(1, "GUARDIAN", relation_kind="GUARDIAN"),
        HolderFacts(2, "GUARDIAN", manages=False, relation_kind="GUARDIAN"),
    )
    assert check_holders(check) == []


# --- R33 stop -----------------------------------------------------------------------------------


def test_r33_stop_on_the_start_day_is_fine_the_day_before_is_not():
    started = replace(PVB, status="STARTED", started_on=date(2023, 2, 1))
    assert check_stop(started, date(2023, 2, 1), "OWN_CHOICE") == []
    assert codes(check_stop(started, date(2023, 1, 31), "OWN_CHOICE")) == ["stop_before_start"]
    # without a start day, the allocation day counts
    assert check_stop(PVB, PVB.allocated_on, "DEATH") == []
    assert codes(check_stop(PVB, PVB.allocated_on - DAY, "FRAUD")) == ["stop_before_start"]


@pytest.mark.parametrize("status", ["LAPSED", "STOPPED", "CONVERTED"])
def test_r33_an_ended_budget_cannot_stop_again(status):
    violations = check_stop(replace(PVB, status=status), date(2023, 6, 1), "OWN_CHOICE")
    assert codes(violations) == ["already_ended"]
    # The state in Dutch in the message, never the stored code ("stopped").
    assert violations[0].params == {"status": STATUS_LABELS[status]}
    assert status.lower() not in violations[0].text()


def test_r33_stop_reason_is_needed():
    violations = check_stop(PVB, date(2023, 6, 1), "")
    assert codes(violations) == ["stop_reason_missing"]
    assert rules(violations) == {"R33"}


# --- R7 conversion of a PAB into a PVB ----------------------------------------------------------

RUNNING_PAB = replace(PAB, status="STARTED", started_on=date(2023, 2, 1))
BORN = date(2002, 3, 15)


def test_r7_support_plan_the_day_before_the_22nd_birthday_is_in_time():
    assert (
        check_conversion(
            RUNNING_PAB,
            birth_date=BORN,
            support_plan_filed_on=date(2024, 3, 14),
            on=date(2024, 6, 1),
        )
        == []
    )


def test_r7_support_plan_on_the_22nd_birthday_is_too_late():
    violations = check_conversion(
        RUNNING_PAB, birth_date=BORN, support_plan_filed_on=date(2024, 3, 15), on=date(2024, 6, 1)
    )
    assert codes(violations) == ["support_plan_too_late"]
    assert violations[0].params == {"age": 22, "limit": "15/03/2024"}


def test_r7_support_plan_missing():
    violations = check_conversion(
        RUNNING_PAB, birth_date=BORN, support_plan_filed_on=None, on=date(2024, 6, 1)
    )
    assert codes(violations) == ["support_plan_missing"]


def test_r7_conversion_from_the_18th_birthday_not_the_day_before():
    born = date(2006, 3, 15)
    plan = date(2024, 1, 1)
    assert (
        check_conversion(
            RUNNING_PAB, birth_date=born, support_plan_filed_on=plan, on=date(2024, 3, 15)
        )
        == []
    )
    violations = check_conversion(
        RUNNING_PAB, birth_date=born, support_plan_filed_on=plan, on=date(2024, 3, 14)
    )
    assert codes(violations) == ["conversion_before_adulthood"]


@pytest.mark.parametrize(
    "facts",
    [replace(PVB, status="STARTED"), replace(PAB, status="ALLOCATED")],
    ids=["pvb", "pab-not-started"],
)
def test_r7_only_a_running_pab_converts(facts):
    violations = check_conversion(
        facts, birth_date=BORN, support_plan_filed_on=date(2023, 1, 1), on=date(2024, 6, 1)
    )
    assert codes(violations) == ["conversion_needs_running_pab"]
    assert rules(violations) == {"R7"}


# --- every holder is checked, also after one that is refused ------------------------------------


def test_r9_a_refused_step_parent_does_not_stop_the_check_of_the_others():
    check = holders_check(HolderFacts(1, "STEP_PARENT"), HolderFacts(2, "PARENT"))
    assert codes(check_holders(check)) == [
        "holder_not_legal_representative",
        "holder_relation_not_recorded",
    ]


def test_r9_a_role_refused_for_a_minor_does_not_stop_the_check_of_the_others():
    check = holders_check(HolderFacts(1, "ADMINISTRATOR"), HolderFacts(2, "PARENT"))
    assert codes(check_holders(check)) == [
        "holder_role_not_for_minor",
        "holder_relation_not_recorded",
    ]


def test_r9_a_role_refused_for_an_adult_does_not_stop_the_check_of_the_others():
    check = holders_check(
        HolderFacts(1, "PARENT"), HolderFacts(2, "ADMINISTRATOR"), born=date(1990, 1, 1)
    )
    assert codes(check_holders(check)) == [
        "holder_role_not_for_adult",
        "holder_relation_not_recorded",
    ]


def test_r9_guardian_excludes_parents():
    check = holders_check(
        HolderFacts(1, "GUARDIAN", relation_kind="GUARDIAN"),
        HolderFacts(2, "PARENT", relation_kind="PARENT"),
    )
    assert codes(check_holders(check)) == ["guardian_and_parents"]


def test_r1_pvb_in_the_new_scheme_is_allocated():
    assert check_allocation(replace(PVB, scheme="new", category="5"), birth_date=None) == []


def test_r2_pab_for_an_adult_points_to_the_pvb():
    facts = replace(PAB, applied_on=date(2023, 1, 5))
    (violation,) = check_allocation(facts, birth_date=date(2005, 1, 5))
    assert "persoonsvolgend budget (PVB)" in violation.message


def test_r33_a_stop_may_be_announced_up_to_the_first_day_after_next_year():
    today = date(2026, 12, 1)
    running = replace(PVB, status="STARTED", started_on=date(2023, 2, 1))
    assert check_stop(running, date(2028, 1, 1), "OWN_CHOICE", today) == []
    violations = check_stop(running, date(2028, 1, 2), "OWN_CHOICE", today)
    assert codes(violations) == ["stop_too_far_ahead"]
    assert violations[0].params == {"on": "02/01/2028", "latest": "01/01/2028"}
    assert check_stop(running, date(2099, 1, 1), "OWN_CHOICE") == []  # no today: not checked


def test_r7_a_conversion_may_be_dated_up_to_the_end_of_next_year():
    today = date(2026, 12, 1)
    plan = {"birth_date": BORN, "support_plan_filed_on": date(2024, 3, 14), "today": today}
    assert check_conversion(RUNNING_PAB, on=date(2027, 12, 31), **plan) == []
    violations = check_conversion(RUNNING_PAB, on=date(2028, 1, 1), **plan)
    assert codes(violations) == ["conversion_too_far_ahead"]
    assert violations[0].params == {"on": "01/01/2028", "latest": "31/12/2027"}
