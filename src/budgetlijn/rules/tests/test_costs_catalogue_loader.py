"""The cost kinds' new keys and the never-payable section of the contract types file (R24, R32,
R23, R6), read strictly."""

import pytest

from budgetlijn.rules.contract_types import ContractTypeFileError, load_file

from .test_contract_types_loader import HEAD, document, write


def with_head(extra_cost_kind="", section=""):
    """The loader tests' document with one more cost kind and/or a section before it."""
    head = HEAD.replace("support_functions:", extra_cost_kind + "support_functions:")
    return document(head=section + head)


def test_r24_optional_cost_kind_keys_default(tmp_path):
    catalogue = load_file(write(tmp_path, document()))
    kind = catalogue.cost_kinds["TEMP_AGENCY_INVOICE"]
    assert kind.other_costs is False and kind.needs_contract is True
    assert catalogue.non_payable == {}


def test_r29_other_costs_and_needs_contract_are_read(tmp_path):
    extra = '  FREE_SHARE: {label: "Vrij", via4: false, other_costs: true, needs_contract: false, reference: "t"}\n'
    catalogue = load_file(write(tmp_path, with_head(extra)))
    kind = catalogue.cost_kinds["FREE_SHARE"]
    assert kind.other_costs is True and kind.needs_contract is False


def test_r29_other_costs_must_be_a_boolean(tmp_path):
    extra = '  FREE_SHARE: {label: "Vrij", via4: false, other_costs: "yes", reference: "t"}\n'
    with pytest.raises(ContractTypeFileError, match="'other_costs' moet true of false zijn"):
        load_file(write(tmp_path, with_head(extra)))


def test_r24_unknown_cost_kind_key(tmp_path):
    extra = '  FREE_SHARE: {label: "Vrij", via4: false, colour: red, reference: "t"}\n'
    with pytest.raises(ContractTypeFileError, match="onbekende sleutel colour"):
        load_file(write(tmp_path, with_head(extra)))


NON_PAYABLE = (
    'non_payable_cost_kinds:\n  HOTEL_COSTS: {rule: R23, label: "hotelkosten", reference: "t"}\n'
)


def test_r23_non_payable_section_is_read(tmp_path):
    catalogue = load_file(write(tmp_path, with_head(section=NON_PAYABLE)))
    item = catalogue.non_payable["HOTEL_COSTS"]
    assert (item.rule, item.label) == ("R23", "hotelkosten")
    assert item.budget_kinds == {"PVB", "PAB", "CONVENANT"}


def test_r6_non_payable_budget_kinds_are_read(tmp_path):
    section = 'non_payable_cost_kinds:\n  DAY_NURSERY: {rule: R6, label: "x", budget_kinds: [PAB], reference: "t"}\n'
    catalogue = load_file(write(tmp_path, with_head(section=section)))
    assert catalogue.non_payable["DAY_NURSERY"].budget_kinds == {"PAB"}


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            'non_payable_cost_kinds:\n  X: {rule: R99, label: "x", reference: "t"}\n',
            "'rule': 'R99' is onbekend",
        ),
        ('non_payable_cost_kinds:\n  X: {rule: R32, reference: "t"}\n', "'label' ontbreekt"),
        (
            'non_payable_cost_kinds:\n  TEMP_AGENCY_INVOICE: {rule: R32, label: "x", reference: "t"}\n',
            "staat ook bij cost_kinds",
        ),
        (
            'non_payable_cost_kinds:\n  X: {rule: R6, label: "x", budget_kinds: [PAX], reference: "t"}\n',
            "'PAX' is onbekend",
        ),
        (
            'non_payable_cost_kinds:\n  x: {rule: R6, label: "x", reference: "t"}\n',
            "geen geldige code",
        ),
        ("non_payable_cost_kinds: [a]\n", "moet een mapping"),
    ],
)
def test_r32_non_payable_section_errors(tmp_path, section, message):
    with pytest.raises(ContractTypeFileError, match=message):
        load_file(write(tmp_path, with_head(section=section)))
