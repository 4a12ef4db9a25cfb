"""Contract registration rules (R6, R8, R9, R16-R18, R20-R23): all violations at once."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.contracts import (
    ContractFacts,
    PartyFacts,
    check_registration,
    is_family_member,
    is_parent_assistant,
    wijk_werk_registration_valid_until,
)

ON = date(2023, 2, 25)
PERSON_ID, MOTHER, FATHER, ASSISTANT, GUARDIAN = 1, 10, 11, 20, 30
ASSISTANT_NN = "85073003328"  # born 1985-07-30
MOTHER_NN = "80021400112"  # born 1980-02-14
MINOR_NN = "08051000128"  # born 2008-05-10
BIS = "88431200142"  # a BIS number, born 1988-03-12
ENTERPRISE = "0403170701"
OTHER_ENTERPRISE = "0202239951"


def assistant(**changes):
    party = PartyFacts(
        kind="PERSON", name="Jan Janssens", national_number=ASSISTANT_NN, person_id=ASSISTANT
    )
    return replace(party, **changes)


def enterprise(provider_kind, **changes):
    party = PartyFacts(
        kind="ENTERPRISE",
        name="Organisatie vzw",
        enterprise_number=ENTERPRISE,
        provider_kind=provider_kind,
    )
    return replace(party, **changes)


def pab(**changes):
    """A valid PAB employment contract, signed by the mother for her minor child."""
    facts = ContractFacts(
        type_code="PAB_EMPLOYMENT",
        budget_kind="PAB",
        payment_mode="CASH",
        person_id=PERSON_ID,
        person_name="Lotte Peeters",
        holder_ids=frozenset({MOTHER, FATHER}),
        parent_ids=frozenset({MOTHER, FATHER}),
        counterparty=assistant(),
        registered_by_id=MOTHER,
        minor_name="Lotte Peeters",
        start_date=date(2023, 3, 1),
        indefinite_duration=True,
        notice_terms="Wettelijke opzegtermijnen",
        task_description="Hulp bij opstaan, wassen en aankleden; begeleiding naar school",
        weekly_hours=Decimal("19"),
        hourly_cost=Decimal("14.50"),
        payment_terms="Maandelijks loon via het sociaal secretariaat",
        holder_signed_on=date(2023, 2, 20),
        counterparty_signed_on=date(2023, 2, 21),
        holder_enterprise_number=ENTERPRISE,
    )
    return replace(facts, **changes)


def typed(type_code, counterparty, **changes):
    """A valid contract of another type: the PAB defaults, its type and other party."""
    t = ct.contract_type(type_code)
    kind = sorted(t.budget_kinds)[0]
    base = {
        "type_code": type_code,
        "budget_kind": kind,
        "payment_mode": sorted(t.payment_modes)[0],
        "counterparty": counterparty,
        "end_date": date(2023, 12, 31),
        "indefinite_duration": False,
        "holder_enterprise_number": None,
    }
    if kind == "PVB":
        base.update(
            holder_ids=frozenset({PERSON_ID}),
            parent_ids=frozenset(),
            registered_by_id=PERSON_ID,
            minor_name="",
        )
    base.update(changes)
    return pab(**base)


def violation_codes(facts, on=ON):
    return [v.code for v in check_registration(facts, on)]


def only(facts, on=ON):
    found = check_registration(facts, on)
    assert len(found) == 1, [str(v) for v in found]
    return found[0]


# --- valid contracts --------------------------------------------------------------------------


def test_r18_a_complete_pab_employment_contract_has_no_violations():
    assert check_registration(pab(), ON) == []


@pytest.mark.parametrize(
    "facts",
    [
        typed("PAB_TEMP_AGENCY", enterprise("TEMP_AGENCY")),
        typed("PAB_NATURAL_OR_LEGAL_PERSON", enterprise("TRANSPORT")),
        typed("PAB_NATURAL_OR_LEGAL_PERSON", assistant(provider_kind="NONE")),
        typed(
            "PAB_ASSISTANT_ORGANISATION",
            enterprise("OTHER_ORGANISATION"),
            provider_declaration_on=date(2023, 2, 1),
        ),
        typed("PAB_MFC_SHORT_STAY", enterprise("MFC"), weekly_hours=None, hourly_cost=None),
        typed(
            "PAB_WIJK_WERK",
            enterprise("WIJK_WERK_ORGANISER"),
            wijk_werk_registered_on=date(2023, 1, 15),
        ),
        typed("PAB_SERVICE_VOUCHERS", enterprise("SERVICE_VOUCHER_COMPANY")),
        typed("PAB_VOLUNTEER_ORGANISATION", enterprise("VOLUNTEER_ORGANISATION"), hourly_cost=None),
        typed("PAB_ASSISTANCE_ORGANISATION", enterprise("ASSISTANCE_ORGANISATION")),
        typed("PAB_GREEN_CARE", enterprise("GREEN_CARE")),
        typed(
            "PAB_FOREIGN_SHORT_TERM",
            enterprise("FOREIGN_FACILITY", enterprise_number="FR40303265045"),
            start_date=date(2023, 7, 9),
        ),
        typed(
            "PAB_FAMILY_TASK_AGREEMENT",
            assistant(),
            counterparty_same_household=True,
            holder_enterprise_number=ENTERPRISE,
        ),
        typed("PVB_EMPLOYMENT", assistant()),
        typed(
            "PVB_LICENSED_PROVIDER",
            enterprise("LICENSED"),
            payment_mode="VOUCHER",
            support_function="DAY_SUPPORT",
        ),
        typed(
            "PVB_ASSISTANCE_INTENSIVE",
            enterprise("ASSISTANCE_ORGANISATION"),
            payment_mode="VOUCHER",
        ),
        typed(
            "CONVENANT_SERVICE_AGREEMENT",
            enterprise("MFC"),
            support_function="RESIDENTIAL_GES_PLUS",
        ),
        typed("CONVENANT_AS_PAB", assistant(), support_function="ASSISTANT_DAY_ACTIVITIES"),
    ],
    ids=lambda facts: facts.type_code,
)
def test_r17_valid_contracts_of_other_types_have_no_violations(facts):
    assert [str(v) for v in check_registration(facts, ON)] == []


# --- R18 minimum content ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "empty", "code"),
    [
        ("start_date", None, "start_date_missing"),
        ("notice_terms", "  ", "notice_terms_missing"),
        ("task_description", "", "task_description_missing"),
        ("weekly_hours", None, "weekly_hours_missing"),
        ("hourly_cost", None, "hourly_cost_missing"),
        ("payment_terms", "", "payment_terms_missing"),
        ("holder_signed_on", None, "holder_signature_missing"),
        ("counterparty_signed_on", None, "counterparty_signature_missing"),
        ("holder_enterprise_number", None, "holder_enterprise_number_missing"),
    ],
)
def test_r18_each_part_of_the_minimum_content_is_required(field, empty, code):
    violation = only(pab(**{field: empty}))
    assert (violation.rule_id, violation.code, violation.field) == ("R18", code, field)
    assert violation.text().endswith(".")


def test_r18_end_date_or_indefinite_duration():
    violation = only(pab(indefinite_duration=False))
    assert (violation.code, violation.field) == ("end_date_missing", "end_date")
    assert check_registration(pab(indefinite_duration=False, end_date=date(2023, 12, 31)), ON) == []
    violation = only(pab(end_date=date(2023, 12, 31)))  # and indefinite_duration=True
    assert violation.code == "end_date_with_indefinite_duration"


def test_r18_start_before_end():
    facts = pab(indefinite_duration=False, end_date=date(2023, 2, 28))
    violation = only(facts)
    assert violation.code == "end_before_start"
    assert "28/02/2023" in violation.text() and "01/03/2023" in violation.text()
    assert check_registration(replace(facts, end_date=date(2023, 3, 1)), ON) == []  # one day


def test_r18_signatures_cannot_be_dated_after_the_registration_day():
    facts = pab(holder_signed_on=date(2023, 2, 26), counterparty_signed_on=date(2023, 3, 1))
    assert violation_codes(facts) == ["holder_signed_in_future", "counterparty_signed_in_future"]
    assert check_registration(pab(holder_signed_on=ON, counterparty_signed_on=ON), ON) == []


def test_r18_weekly_hours_and_hourly_cost_above_zero():
    assert violation_codes(pab(weekly_hours=Decimal("0"))) == ["weekly_hours_not_positive"]
    assert violation_codes(pab(weekly_hours=Decimal("169"))) == ["weekly_hours_too_high"]
    assert violation_codes(pab(hourly_cost=Decimal("0"))) == ["hourly_cost_not_positive"]
    assert violation_codes(pab(hourly_cost=Decimal("-1"))) == ["hourly_cost_not_positive"]
    assert check_registration(pab(weekly_hours=Decimal("168")), ON) == []


def test_r18_floats_are_refused_for_hours_and_money():
    with pytest.raises(TypeError):
        check_registration(pab(hourly_cost=14.5), ON)


def test_r18_minor_name_when_a_parent_contracts():
    violation = only(pab(minor_name=""))
    assert (violation.code, violation.field) == ("minor_name_missing", "minor_name")
    # also when the signer is not named but the holders are the parents
    assert violation_codes(pab(minor_name="", registered_by_id=None)) == ["minor_name_missing"]
    # a guardian who signs is not a parent; an adult's PVB has no minor
    guardian = pab(
        minor_name="",
        holder_ids=frozenset({GUARDIAN}),
        guardian_ids=frozenset({GUARDIAN}),
        parent_ids=frozenset(),
        registered_by_id=GUARDIAN,
    )
    assert check_registration(guardian, ON) == []
    assert check_registration(typed("PVB_EMPLOYMENT", assistant()), ON) == []


def test_r18_a_person_needs_a_valid_national_register_or_bis_number():
    violation = only(pab(counterparty=assistant(national_number=None)))
    assert (violation.code, violation.field) == (
        "counterparty_national_number_missing",
        "counterparty.national_number",
    )
    violation = only(pab(counterparty=assistant(national_number="85073003329")))
    assert (violation.code, violation.field) == (
        "national_number_invalid",
        "counterparty.national_number",
    )
    violation = only(pab(counterparty=assistant(national_number="8507300332")))
    assert violation.code == "national_number_length"
    assert check_registration(pab(counterparty=assistant(national_number=BIS)), ON) == []
    assert (
        check_registration(pab(counterparty=assistant(national_number="85.07.30-033.28")), ON) == []
    )


def test_r18_birth_date_must_match_the_national_number():
    violation = only(pab(counterparty=assistant(birth_date=date(1985, 7, 31))))
    assert (violation.code, violation.field) == (
        "national_number_birth_date_mismatch",
        "counterparty.birth_date",
    )


def test_r18_an_enterprise_needs_a_valid_enterprise_number():
    facts = typed("PAB_TEMP_AGENCY", enterprise("TEMP_AGENCY", enterprise_number=""))
    violation = only(facts)
    assert (violation.code, violation.field) == (
        "counterparty_enterprise_number_missing",
        "counterparty.enterprise_number",
    )
    bad = replace(facts, counterparty=enterprise("TEMP_AGENCY", enterprise_number="0403170702"))
    assert violation_codes(bad) == ["counterparty_enterprise_number_invalid"]
    for written in ("BE 0403.170.701", "0403.170.701", OTHER_ENTERPRISE):
        good = replace(facts, counterparty=enterprise("TEMP_AGENCY", enterprise_number=written))
        assert check_registration(good, ON) == [], written


def test_r18_holder_enterprise_number_must_be_valid():
    violation = only(pab(holder_enterprise_number="0403170702"))
    assert (violation.code, violation.field) == (
        "holder_enterprise_number_invalid",
        "holder_enterprise_number",
    )


def test_r18_a_foreign_facility_gives_its_own_registration_number():
    facts = typed(
        "PAB_FOREIGN_SHORT_TERM",
        enterprise("FOREIGN_FACILITY", enterprise_number=None),
        start_date=date(2023, 8, 1),
    )
    assert violation_codes(facts) == ["foreign_facility_number_missing"]


def test_r18_counterparty_name_required():
    assert violation_codes(pab(counterparty=assistant(name=" "))) == ["counterparty_name_missing"]


# --- R17 type, budget kind, payment mode, counterparty -------------------------------------------


def test_r17_unknown_type_is_reported_and_the_rest_still_checked():
    codes = violation_codes(pab(type_code="PAB_NONSENSE", hourly_cost=Decimal("0")))
    assert codes == ["contract_type_unknown", "hourly_cost_not_positive"]


def test_r17_type_must_suit_the_budget_kind():
    violation = only(pab(budget_kind="PVB", minor_name=""))
    assert (violation.rule_id, violation.code) == ("R17", "type_not_for_budget_kind")
    assert "Arbeidsovereenkomst met een individuele begeleider of student" in violation.text()


def test_r17_payment_mode_of_the_type():
    violation = only(pab(payment_mode="VOUCHER"))
    assert (violation.code, violation.field) == ("payment_mode_not_for_type", "payment_mode")
    assert "cash" in violation.text() and "voucher" in violation.text()
    assert violation_codes(pab(payment_mode="CHEQUE")) == ["payment_mode_unknown"]
    assert violation_codes(pab(budget_kind="PAX")) == ["budget_kind_unknown"]


def test_r17_counterparty_kind_and_provider_kind_of_the_type():
    facts = typed("PAB_TEMP_AGENCY", assistant())
    assert violation_codes(facts) == [
        "counterparty_kind_not_for_type",
        "provider_kind_not_for_type",
    ]
    facts = typed("PAB_TEMP_AGENCY", enterprise("SERVICE_VOUCHER_COMPANY"))
    violation = only(facts)
    assert violation.code == "provider_kind_not_for_type"
    assert "Interimkantoor" in violation.text()
    assert violation_codes(pab(counterparty=assistant(provider_kind="ALIEN"))) == [
        "provider_kind_unknown"
    ]
    assert violation_codes(pab(counterparty=assistant(kind="ROBOT"))) == [
        "counterparty_kind_unknown",
    ]


def test_r17_a_family_type_needs_a_family_member_and_the_reverse():
    violation = only(pab(type_code="PAB_FAMILY_EMPLOYMENT"))
    assert violation.code == "family_type_without_family_member"
    assert (
        check_registration(
            pab(type_code="PAB_FAMILY_EMPLOYMENT", counterparty_family_second_degree=True), ON
        )
        == []
    )
    violation = only(pab(counterparty_same_household=True))
    assert (violation.rule_id, violation.code) == ("R17", "family_member_needs_family_type")


# --- R9 budget holders and assistants ------------------------------------------------------------


def test_r9_nobody_contracts_with_themself():
    facts = pab(
        counterparty=assistant(person_id=MOTHER, national_number=MOTHER_NN),
        holder_ids=frozenset({FATHER}),
        non_managing_holder_ids=frozenset({MOTHER}),
        management_statement=True,
        type_code="PAB_FAMILY_EMPLOYMENT",
    )
    assert violation_codes(facts) == ["self_contract"]  # the mother signs as holder
    assert check_registration(replace(facts, registered_by_id=FATHER), ON) == []


def test_r9_the_person_is_not_their_own_assistant():
    facts = pab(counterparty=assistant(person_id=PERSON_ID))
    assert violation_codes(facts) == ["contract_with_the_person"]
    # an adult holding their own PVB: one violation, not three for the same fault
    adult = typed("PVB_EMPLOYMENT", assistant(person_id=PERSON_ID))
    assert violation_codes(adult) == ["contract_with_the_person"]


def test_r9_a_managing_budget_holder_is_not_the_assistant():
    facts = typed("PVB_EMPLOYMENT", assistant(), holder_ids=frozenset({PERSON_ID, ASSISTANT}))
    violation = only(facts)
    assert (violation.rule_id, violation.code) == ("R9", "holder_is_assistant")


def test_r9_a_parent_as_assistant_needs_the_other_parent_managing_and_the_statement():
    facts = pab(
        type_code="PAB_FAMILY_EMPLOYMENT",
        counterparty=assistant(person_id=FATHER, national_number=MOTHER_NN),
        registered_by_id=MOTHER,
    )
    assert is_parent_assistant(facts) and is_family_member(facts)
    # both parents manage: the father cannot be assistant, and there is no statement
    assert violation_codes(facts) == ["holder_is_assistant", "management_statement_missing"]
    ok = replace(
        facts,
        holder_ids=frozenset({MOTHER}),
        non_managing_holder_ids=frozenset({FATHER}),
        management_statement=True,
    )
    assert check_registration(ok, ON) == []


def test_r9_a_single_parent_cannot_be_the_assistant():
    facts = pab(
        type_code="PAB_FAMILY_EMPLOYMENT",
        counterparty=assistant(person_id=MOTHER, national_number=MOTHER_NN),
        holder_ids=frozenset(),
        non_managing_holder_ids=frozenset({MOTHER}),
        parent_ids=frozenset({MOTHER}),
        registered_by_id=None,
        management_statement=True,
    )
    assert violation_codes(facts) == ["parent_assistant_other_parent_must_manage"]


def test_r9_a_guardian_as_assistant_needs_the_supervising_guardian_and_the_justice_of_peace():
    facts = pab(
        counterparty=assistant(person_id=GUARDIAN),
        holder_ids=frozenset({GUARDIAN}),
        guardian_ids=frozenset({GUARDIAN}),
        parent_ids=frozenset(),
        registered_by_id=None,  # the supervising guardian signs
        minor_name="",
    )
    assert violation_codes(facts) == [
        "supervising_guardian_signature_missing",
        "justice_of_peace_consent_missing",
    ]
    ok = replace(
        facts,
        supervising_guardian_signed_on=date(2023, 2, 20),
        justice_of_peace_consent_on=date(2023, 1, 10),
    )
    assert check_registration(ok, ON) == []
    later = replace(ok, justice_of_peace_consent_on=date(2023, 3, 1))
    assert violation_codes(later) == ["document_dated_in_future"]
    assert violation_codes(replace(ok, registered_by_id=GUARDIAN)) == ["self_contract"]


def test_r9_parent_rules_do_not_apply_to_an_adults_pvb():
    facts = typed(
        "PVB_FAMILY_EMPLOYMENT",
        assistant(person_id=MOTHER, national_number=MOTHER_NN),
        parent_ids=frozenset({MOTHER}),
    )
    assert check_registration(facts, ON) == []


# --- R20 rules per type ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_code", "provider"),
    [("PAB_WIJK_WERK", "WIJK_WERK_ORGANISER"), ("PAB_SERVICE_VOUCHERS", "SERVICE_VOUCHER_COMPANY")],
)
def test_r20_family_not_paid_through_wijk_werk_or_service_vouchers(type_code, provider):
    facts = typed(
        type_code,
        enterprise(provider),
        wijk_werk_registered_on=date(2023, 1, 15),
        counterparty_family_second_degree=True,
    )
    violation = only(facts)
    assert (violation.rule_id, violation.code) == (
        "R20",
        "family_not_through_wijk_werk_or_service_vouchers",
    )
    assert check_registration(replace(facts, counterparty_family_second_degree=False), ON) == []
    household = replace(
        facts, counterparty_family_second_degree=False, counterparty_same_household=True
    )
    assert violation_codes(household) == ["family_not_through_wijk_werk_or_service_vouchers"]


def test_r20_a_minor_student_needs_the_parents_consent_before_the_start():
    student = pab(student_minor=True)
    violation = only(student)
    assert (violation.code, violation.field) == (
        "minor_student_consent_missing",
        "parents_consent_on",
    )
    same_day = replace(student, parents_consent_on=date(2023, 3, 1))
    assert violation_codes(same_day) == ["minor_student_consent_not_before_start"]
    assert check_registration(replace(student, parents_consent_on=date(2023, 2, 28)), ON) == []


def test_r20_a_minor_is_recognised_by_the_national_number_too():
    minor = pab(counterparty=assistant(national_number=MINOR_NN))  # 14 on 2023-03-01
    assert violation_codes(minor) == ["minor_student_consent_missing"]
    adult_on_start = replace(minor, start_date=date(2026, 5, 10))  # 18th birthday
    assert check_registration(adult_on_start, ON) == []


def test_r20_wijk_werk_registration_valid_for_12_months():
    assert wijk_werk_registration_valid_until(date(2022, 3, 1)) == date(2023, 2, 28)
    facts = typed(
        "PAB_WIJK_WERK",
        enterprise("WIJK_WERK_ORGANISER"),
        wijk_werk_registered_on=date(2022, 3, 1),
        start_date=date(2023, 2, 28),
    )
    assert check_registration(facts, ON) == []
    later = replace(facts, start_date=date(2023, 3, 1), end_date=date(2023, 12, 31))
    violation = only(later)
    assert violation.code == "wijk_werk_registration_expired"
    assert "28/02/2023" in violation.text()
    late_registration = replace(facts, start_date=date(2023, 2, 1))
    assert violation_codes(late_registration, on=date(2023, 3, 1)) == [
        "wijk_werk_registration_expired"
    ]
    missing = replace(facts, wijk_werk_registered_on=None)
    assert violation_codes(missing) == ["wijk_werk_registration_missing"]
    after_start = replace(
        facts, wijk_werk_registered_on=date(2023, 2, 1), start_date=date(2023, 1, 20)
    )
    assert violation_codes(after_start) == ["wijk_werk_registration_after_start"]


def test_r20_volunteers_only_through_a_volunteer_organisation():
    facts = typed("PAB_VOLUNTEER_ORGANISATION", assistant(), hourly_cost=None)
    violation = only(facts)
    assert (violation.rule_id, violation.code) == ("R20", "volunteer_only_through_organisation")
    other_org = typed(
        "PAB_VOLUNTEER_ORGANISATION", enterprise("OTHER_ORGANISATION"), hourly_cost=None
    )
    assert violation_codes(other_org) == ["volunteer_only_through_organisation"]


def test_r20_an_assistant_living_abroad_needs_a_bis_number():
    violation = only(pab(counterparty=assistant(lives_abroad=True)))
    assert (violation.rule_id, violation.code) == ("R20", "foreign_assistant_needs_bis")
    assert (
        check_registration(pab(counterparty=assistant(lives_abroad=True, national_number=BIS)), ON)
        == []
    )


def test_r20_an_organisation_providing_assistants_files_its_declaration():
    facts = typed("PAB_ASSISTANT_ORGANISATION", enterprise("OTHER_ORGANISATION"))
    violation = only(facts)
    assert (violation.rule_id, violation.code) == ("R20", "provider_declaration_missing")
    future = replace(facts, provider_declaration_on=date(2023, 3, 1))
    assert violation_codes(future) == ["provider_declaration_in_future"]


# --- R22 minimum wage -----------------------------------------------------------------------------


def test_r22_minimum_wage_on_both_sides_of_2021_01_01():
    # docs/decisions/0011-rule-readings.md: 11,0646 until 2020-12-31, 11,28570646 from 2021-01-01
    facts = pab(hourly_cost=Decimal("11.10"), start_date=date(2020, 12, 31))
    assert check_registration(facts, ON) == []  # 11.0646 in force
    violation = only(replace(facts, start_date=date(2021, 1, 1)))  # 11.28570646 in force
    assert (violation.rule_id, violation.code, violation.field) == (
        "R22",
        "below_minimum_wage",
        "hourly_cost",
    )
    assert "EUR 11,10" in violation.text() and "EUR 11,28570646" in violation.text()
    assert "01/01/2021" in violation.text()
    exact = replace(facts, start_date=date(2023, 3, 1), hourly_cost=Decimal("11.28570646"))
    assert check_registration(exact, ON) == []
    below = replace(exact, hourly_cost=Decimal("11.28570645"))
    assert violation_codes(below) == ["below_minimum_wage"]


def test_r22_no_check_before_the_first_known_minimum():
    facts = pab(hourly_cost=Decimal("5"), start_date=date(2019, 12, 31))
    assert check_registration(facts, ON) == []
    assert violation_codes(replace(facts, start_date=date(2020, 1, 1))) == ["below_minimum_wage"]


def test_r22_applies_to_family_contracts_not_to_a_temp_agency():
    family = pab(
        type_code="PAB_FAMILY_TASK_AGREEMENT",
        counterparty_family_second_degree=True,
        hourly_cost=Decimal("10"),
    )
    assert violation_codes(family) == ["below_minimum_wage"]
    agency = typed("PAB_TEMP_AGENCY", enterprise("TEMP_AGENCY"), hourly_cost=Decimal("10"))
    assert check_registration(agency, ON) == []
    pvb = typed("PVB_EMPLOYMENT", assistant(), hourly_cost=Decimal("10"))
    assert check_registration(pvb, ON) == []


def test_r22_uses_the_registration_day_without_a_start_day():
    facts = pab(
        hourly_cost=Decimal("11.10"),
        start_date=None,
        holder_signed_on=date(2020, 12, 1),
        counterparty_signed_on=date(2020, 12, 1),
    )
    assert violation_codes(facts, on=date(2020, 12, 31)) == ["start_date_missing"]
    assert violation_codes(facts, on=date(2021, 1, 1)) == [
        "start_date_missing",
        "below_minimum_wage",
    ]


# --- R6, R8, R16, R23 -----------------------------------------------------------------------------


@pytest.mark.parametrize("use", sorted(ct.excluded_uses()))
def test_r6_a_pab_cannot_be_used_for_the_excluded_uses(use):
    violation = only(pab(excluded_use=use))
    assert (violation.rule_id, violation.code, violation.field) == (
        "R6",
        "pab_excluded_use",
        "excluded_use",
    )
    assert ct.excluded_use_label(use) in violation.text()


def test_r6_does_not_apply_to_a_pvb():
    assert (
        check_registration(typed("PVB_EMPLOYMENT", assistant(), excluded_use="MFC_STAY"), ON) == []
    )


def test_r8_a_convenant_only_at_a_licensed_provider_or_mfc():
    facts = typed(
        "CONVENANT_SERVICE_AGREEMENT",
        enterprise("PARENT_INITIATIVE"),
        support_function="RESIDENTIAL_WITH_DAY_CARE",
    )
    violation = only(facts)
    assert (violation.rule_id, violation.code) == ("R8", "convenant_only_licensed_or_mfc")
    licensed = replace(facts, counterparty=enterprise("LICENSED"))
    assert check_registration(licensed, ON) == []


def test_r8_a_convenant_cannot_use_a_pab_or_pvb_type():
    violation = only(pab(budget_kind="CONVENANT"))
    assert (violation.rule_id, violation.code) == ("R8", "convenant_type_not_allowed")


def test_r8_a_convenant_only_for_the_support_functions_of_seed_000():
    facts = typed("CONVENANT_SERVICE_AGREEMENT", enterprise("MFC"), support_function=None)
    violation = only(facts)
    assert (violation.rule_id, violation.code) == ("R8", "support_function_missing")
    pvb_function = replace(facts, support_function="DAY_SUPPORT")
    violation = only(pvb_function)
    assert (violation.rule_id, violation.code) == ("R8", "support_function_not_allowed")
    assert "Verblijf voor GES+" in violation.text()
    assert violation_codes(replace(facts, support_function="FLYING")) == [
        "support_function_unknown"
    ]


def test_r8_a_convenant_used_as_pab_pays_a_personal_assistant():
    facts = typed("CONVENANT_AS_PAB", assistant(), support_function="MOBILE_GUIDANCE")
    violation = only(facts)
    assert (violation.rule_id, violation.code) == ("R8", "support_function_not_allowed")
    assert "persoonlijke assistent" in violation.text()


def test_r16_a_pvb_support_function_is_one_of_the_six():
    facts = typed(
        "PVB_LICENSED_PROVIDER", enterprise("LICENSED"), support_function="RESIDENTIAL_GES_PLUS"
    )
    violation = only(facts)
    assert (violation.rule_id, violation.code) == ("R16", "support_function_not_allowed")
    assert "Oproepbare permanentie" in violation.text()
    assert violation_codes(pab(support_function="DAY_SUPPORT")) == [
        "support_function_not_applicable"
    ]


def test_r23_no_hotel_costs_at_an_mfc_or_licensed_provider():
    facts = typed("PAB_MFC_SHORT_STAY", enterprise("MFC"), hotel_costs_included=True)
    violation = only(facts)
    assert (violation.rule_id, violation.code, violation.field) == (
        "R23",
        "hotel_costs_not_payable",
        "hotel_costs_included",
    )
    pvb = typed("PVB_LICENSED_PROVIDER", enterprise("LICENSED"), hotel_costs_included=True)
    assert violation_codes(pvb) == ["hotel_costs_not_payable"]
    parent_initiative = typed(
        "PAB_PARENT_INITIATIVE", enterprise("PARENT_INITIATIVE"), hotel_costs_included=True
    )
    assert check_registration(parent_initiative, ON) == []


# --- R21 at registration: WVG organisations and foreign facilities from 2023-07-09 ---------------


@pytest.mark.parametrize(
    ("type_code", "provider"),
    [("PAB_WVG_SHORT_TERM", "WVG_ORGANISATION"), ("PAB_FOREIGN_SHORT_TERM", "FOREIGN_FACILITY")],
)
def test_r21_wvg_and_foreign_short_term_contracts_from_2023_07_09(type_code, provider):
    facts = typed(type_code, enterprise(provider), start_date=date(2023, 7, 9))
    assert check_registration(facts, ON) == []
    violation = only(replace(facts, start_date=date(2023, 7, 8)))
    assert (violation.rule_id, violation.code, violation.field) == (
        "R21",
        "short_term_provider_not_yet_allowed",
        "counterparty.provider_kind",
    )
    assert "09/07/2023" in violation.text()


# --- everything at once ---------------------------------------------------------------------------


def test_a_bad_contract_returns_every_violation_at_once():
    facts = pab(
        payment_mode="VOUCHER",
        counterparty=assistant(person_id=MOTHER, national_number="12345678901", lives_abroad=True),
        counterparty_same_household=True,
        minor_name="",
        start_date=date(2023, 3, 1),
        indefinite_duration=False,
        end_date=date(2023, 1, 1),
        notice_terms="",
        weekly_hours=Decimal("0"),
        hourly_cost=Decimal("9.99"),
        holder_signed_on=date(2023, 3, 5),
        counterparty_signed_on=None,
        holder_enterprise_number="0403170702",
        student_minor=True,
        excluded_use="DAY_NURSERY",
        hotel_costs_included=True,
    )
    found = check_registration(facts, ON)
    assert [v.code for v in found] == [
        "payment_mode_not_for_type",
        "notice_terms_missing",
        "counterparty_signature_missing",
        "end_before_start",
        "holder_signed_in_future",
        "weekly_hours_not_positive",
        "minor_name_missing",
        "national_number_invalid",
        "holder_enterprise_number_invalid",
        "self_contract",
        "holder_is_assistant",
        "management_statement_missing",
        "family_member_needs_family_type",
        "minor_student_consent_missing",
        "below_minimum_wage",
        "pab_excluded_use",
    ]
    rules = {v.rule_id for v in found}
    assert rules == {"R6", "R9", "R17", "R18", "R20", "R22"}
    for violation in found:
        assert violation.text()  # every message renders with its parameters
        assert violation.field


def test_every_message_is_dutch_and_says_what_to_do():
    facts = pab(
        type_code="PAB_WIJK_WERK",
        counterparty=enterprise("TEMP_AGENCY", enterprise_number="1"),
        counterparty_family_second_degree=True,
        wijk_werk_registered_on=date(2020, 1, 1),
    )
    for violation in check_registration(facts, ON):
        text = violation.text()
        assert text[0].isupper() and text.endswith("."), text
        assert "%(" not in text


# --- R18/R9: the holder who signs -------------------------------------------------------------

NEIGHBOUR = 40


def test_r18_the_signatory_is_a_budget_holder():
    assert check_registration(pab(registered_by_id=MOTHER), ON) == []
    assert check_registration(pab(registered_by_id=FATHER), ON) == []
    assert check_registration(pab(registered_by_id=None), ON) == []  # not given: not checked
    adult = typed("PVB_EMPLOYMENT", assistant())
    assert check_registration(adult, ON) == []


def test_r18_someone_who_is_not_a_budget_holder_cannot_sign():
    violation = only(pab(registered_by_id=NEIGHBOUR))
    assert (violation.rule_id, violation.code, violation.field) == (
        "R18",
        "signatory_not_holder",
        "registered_by_id",
    )
    assert "ondertekend door (budgethouder)" in violation.text()
    assert "ouder of de voogd" in violation.text()
    adult = only(typed("PVB_EMPLOYMENT", assistant(), registered_by_id=NEIGHBOUR))
    assert (adult.code, adult.field) == ("signatory_not_holder", "registered_by_id")
    assert "ondertekend door (budgethouder)" in adult.text()


def test_r9_for_a_minor_a_parent_who_does_not_hold_the_budget_cannot_sign():
    # Only the mother holds the budget (the father is a parent, not a holder).
    facts = pab(holder_ids=frozenset({MOTHER}), registered_by_id=FATHER)
    assert violation_codes(facts) == ["signatory_not_holder"]
    # A guardian who holds the budget signs for the minor.
    guardian = pab(
        holder_ids=frozenset({GUARDIAN}),
        guardian_ids=frozenset({GUARDIAN}),
        parent_ids=frozenset(),
        registered_by_id=GUARDIAN,
    )
    assert check_registration(guardian, ON) == []


def test_r9_a_parent_who_gave_up_the_management_cannot_sign():
    facts = pab(
        holder_ids=frozenset({MOTHER}),
        non_managing_holder_ids=frozenset({FATHER}),
        registered_by_id=FATHER,
    )
    violation = only(facts)
    assert (violation.rule_id, violation.code, violation.field) == (
        "R9",
        "signatory_not_managing",
        "registered_by_id",
    )
    assert "beheersverklaring" in violation.text()


def test_r9_the_supervising_guardian_signs_when_the_guardian_is_the_assistant():
    facts = pab(
        counterparty=assistant(person_id=GUARDIAN),
        holder_ids=frozenset({GUARDIAN}),
        guardian_ids=frozenset({GUARDIAN}),
        parent_ids=frozenset(),
        registered_by_id=NEIGHBOUR,  # the supervising guardian, not a budget holder
        supervising_guardian_signed_on=date(2023, 2, 20),
        justice_of_peace_consent_on=date(2023, 2, 1),
    )
    assert "signatory_not_holder" not in violation_codes(facts)
