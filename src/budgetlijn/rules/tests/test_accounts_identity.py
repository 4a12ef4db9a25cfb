"""The budget account (R10) and identity numbers (R18), pure: no database."""

from datetime import date

import pytest

from budgetlijn.rules.accounts import (
    ALLOWED_HOLDER_KINDS,
    ParsedIban,
    check_budget_account,
    format_iban,
    parse_iban,
)
from budgetlijn.rules.identity import (
    ParsedNumber,
    age_on,
    check_national_number,
    format_national_number,
    mask,
    parse_national_number,
    strip_punctuation,
)
from budgetlijn.rules.tests.violation_checks import described

BE_IBAN = "BE68539007547034"
NN_MALE = "85073003328"  # born 1985-07-30, odd serial
NN_FEMALE = "85073003427"  # even serial
BIS_UNKNOWN_GENDER = "85273003371"  # month + 20: gender not known
BIS_FEMALE = "85473003416"  # month + 40: gender known


def codes(violations):
    """The codes, after checking each violation's rule id and Dutch message."""
    return [code for _rule, code, _field in described(violations)]


# --- R10 budget account ---------------------------------------------------------------------------


def test_r10_a_belgian_iban_in_the_holders_name_is_fine():
    for kind in sorted(ALLOWED_HOLDER_KINDS):
        assert check_budget_account(BE_IBAN, "An Peeters", kind) == []


def test_r10_allowed_holder_kinds_are_those_of_seed_003():
    assert ALLOWED_HOLDER_KINDS == {"HOLDER", "REPRESENTATIVE", "NOTARIAL", "MINOR"}


@pytest.mark.parametrize("iban", ["", "   ", None])
def test_r10_iban_missing(iban):
    violations = check_budget_account(iban, "An Peeters", "HOLDER")
    assert codes(violations) == ["iban_missing"]
    assert (violations[0].rule_id, violations[0].field) == ("R10", "iban")


@pytest.mark.parametrize("iban", ["BE68539007547035", "BE685390075470", "hallo"])
def test_r10_iban_invalid(iban):
    violations = check_budget_account(iban, "An Peeters", "HOLDER")
    assert codes(violations) == ["iban_invalid"]
    assert (violations[0].rule_id, violations[0].field) == ("R10", "iban")
    assert "BE68 5390 0754 7034" in violations[0].message


def test_r10_iban_outside_the_sepa_zone():
    violations = check_budget_account("TR330006100519786457841326", "An Peeters", "HOLDER")
    assert codes(violations) == ["iban_not_sepa"]
    assert (violations[0].rule_id, violations[0].field) == ("R10", "iban")


def test_r10_iban_elsewhere_in_the_sepa_zone_is_fine():
    assert check_budget_account("DE89370400440532013000", "An Peeters", "HOLDER") == []


@pytest.mark.parametrize("name", ["", "  ", None])
def test_r10_account_holder_name_missing(name):
    violations = check_budget_account(BE_IBAN, name, "HOLDER")
    assert codes(violations) == ["account_holder_name_missing"]
    assert (violations[0].rule_id, violations[0].field) == ("R10", "holder_name")


@pytest.mark.parametrize("kind", ["ASSISTANT", "", "holder"])
def test_r10_account_holder_not_allowed(kind):
    violations = check_budget_account(BE_IBAN, "An Peeters", kind)
    assert codes(violations) == ["account_holder_not_allowed"]
    assert (violations[0].rule_id, violations[0].field) == ("R10", "holder_kind")


def test_r10_all_problems_at_once():
    assert codes(check_budget_account("", "", "ASSISTANT")) == [
        "iban_missing",
        "account_holder_name_missing",
        "account_holder_not_allowed",
    ]


def test_r10_parse_iban():
    assert parse_iban("be68 5390 0754 7034") == ParsedIban(BE_IBAN, None, "BE", True)
    assert parse_iban("DE89370400440532013000") == ParsedIban(
        "DE89370400440532013000", "COBADEFFXXX", "DE", True
    )
    assert parse_iban("TR330006100519786457841326").in_sepa_zone is False


def test_r10_format_iban_groups_by_four_and_leaves_bad_input():
    assert format_iban(BE_IBAN) == "BE68 5390 0754 7034"
    assert format_iban("not an iban") == "not an iban"


# --- R18 national register and BIS numbers --------------------------------------------------------


def test_r18_parse_national_number():
    assert parse_national_number("85.07.30-033.28") == ParsedNumber(
        NN_MALE, "NN", date(1985, 7, 30), "M"
    )
    assert parse_national_number(NN_FEMALE).gender == "F"


def test_r18_parse_bis_number():
    assert parse_national_number(BIS_UNKNOWN_GENDER) == ParsedNumber(
        BIS_UNKNOWN_GENDER, "BIS", date(1985, 7, 30), None
    )
    assert parse_national_number(BIS_FEMALE) == ParsedNumber(
        BIS_FEMALE, "BIS", date(1985, 7, 30), "F"
    )


@pytest.mark.parametrize("value", ["85073003329", "", "123", None])
def test_r18_parse_refuses_an_invalid_number(value):
    with pytest.raises(ValueError, match="not a valid national register or BIS number"):
        parse_national_number(value)


def test_r18_valid_numbers_pass_with_punctuation_and_matching_birth_date():
    assert check_national_number("85.07.30-033.28") == []
    assert check_national_number(NN_MALE, date(1985, 7, 30)) == []
    assert check_national_number(BIS_FEMALE, date(1985, 7, 30)) == []


@pytest.mark.parametrize("value", ["", "  ", None, "..-"])
def test_r18_national_number_missing(value):
    violations = check_national_number(value)
    assert codes(violations) == ["national_number_missing"]
    assert (violations[0].rule_id, violations[0].field) == ("R18", "national_number")


@pytest.mark.parametrize(("value", "count"), [("8507300332", 10), ("850730033280", 12), ("1", 1)])
def test_r18_national_number_length(value, count):
    violations = check_national_number(value)
    assert codes(violations) == ["national_number_length"]
    assert violations[0].params == {"count": count}
    assert (violations[0].rule_id, violations[0].field) == ("R18", "national_number")


def test_r18_national_number_invalid():
    violations = check_national_number("85073003329")
    assert codes(violations) == ["national_number_invalid"]
    assert (violations[0].rule_id, violations[0].field) == ("R18", "national_number")


def test_r18_birth_date_must_match_the_number():
    violations = check_national_number(NN_MALE, date(1985, 7, 31))
    assert codes(violations) == ["national_number_birth_date_mismatch"]
    assert violations[0].field == "birth_date"
    assert violations[0].params == {"given": "31/07/1985", "parsed": "30/07/1985"}


def test_strip_punctuation():
    assert strip_punctuation(" 85.07.30-033/28\t") == "85073003328"
    assert strip_punctuation("BE68 5390") == "BE685390"
    assert strip_punctuation(None) == ""
    assert strip_punctuation("a,b") == "a,b"
    assert strip_punctuation("X1x") == "X1x"  # only punctuation and blanks go


def test_age_on_the_birthday_and_the_day_before():
    assert age_on(date(2005, 1, 5), date(2023, 1, 4)) == 17
    assert age_on(date(2005, 1, 5), date(2023, 1, 5)) == 18


def test_mask_and_format():
    assert mask("85.07.30-033.28") == "85.07.30-xxx.xx"
    assert mask("123") == "***"
    assert mask("850730033281") == "***"
    assert format_national_number(NN_MALE) == "85.07.30-033.28"
    assert format_national_number("12-3") == "12-3"
