"""The strict loader of contract_types.yaml: one test per kind of bad file (R17, R24)."""

import textwrap

import pytest

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.contract_types import ContractTypeFileError, load_file

TYPE = """\
    label: "Overeenkomst met een interimkantoor"
    budget_kinds: [PAB]
    payment_modes: [CASH]
    counterparty_kinds: [ENTERPRISE]
    provider_kinds: [TEMP_AGENCY]
    required_fields: [start_date]
    cost_kinds: [TEMP_AGENCY_INVOICE]
    direct_employment: false
    minimum_wage: false
    via4: false
    year_end_premium: false
    short_term_counters: []
    family: false
    family_allowed: true
    volunteer: false
    wijk_werk: false
    service_vouchers: false
    requires_provider_declaration: false
    licensed_provider_only: false
    reference: "test"
"""

HEAD = """\
provider_kinds:
  TEMP_AGENCY: {label: "Interimkantoor", reference: "test"}
  WIJK_WERK_ORGANISER: {label: "Organisator voor wijk-werken", reference: "test"}
  VOLUNTEER_ORGANISATION: {label: "Vrijwilligersorganisatie", reference: "test"}
cost_kinds:
  TEMP_AGENCY_INVOICE: {label: "Factuur van een interimkantoor", via4: false, reference: "test"}
support_functions:
  DAY_SUPPORT: {label: "Dagondersteuning", group: PVB, reference: "test"}
excluded_uses:
  DAY_NURSERY: {label: "een kinderdagverblijf", reference: "test"}
contract_types:
"""


def document(type_body=TYPE, code="PAB_TEMP_AGENCY", head=HEAD):
    return head + f"  {code}:\n" + textwrap.indent(textwrap.dedent(type_body), "    ")


def write(tmp_path, text, name="types.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def bad(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(ContractTypeFileError) as info:
        load_file(path)
    message = str(info.value)
    assert str(path) in message  # the file is named
    return info.value, message


def replace_line(key, new_line):
    lines = [line for line in TYPE.splitlines() if not line.strip().startswith(f"{key}:")]
    if new_line:
        lines.append(f"    {new_line}")
    return "\n".join(lines) + "\n"


def test_a_good_file_loads(tmp_path):
    catalogue = load_file(write(tmp_path, document()))
    t = catalogue.types["PAB_TEMP_AGENCY"]
    assert t.budget_kinds == {"PAB"} and t.cost_kinds == {"TEMP_AGENCY_INVOICE"}
    assert t.short_term_counter is None and t.via4_parameter is None
    assert catalogue.cost_kinds["TEMP_AGENCY_INVOICE"].via4 is False
    assert catalogue.support_functions["DAY_SUPPORT"].group == "PVB"


def test_the_shipped_file_loads():
    catalogue = load_file(ct.DEFAULT_FILE)
    assert "PAB_EMPLOYMENT" in catalogue.types


def test_unknown_key_in_a_type(tmp_path):
    error, message = bad(tmp_path, document(TYPE + "    colour: red\n"))
    assert error.entry == "contract_types.PAB_TEMP_AGENCY"
    assert "PAB_TEMP_AGENCY" in message and "onbekende sleutel colour" in message


def test_missing_key_in_a_type(tmp_path):
    error, message = bad(tmp_path, document(replace_line("family_allowed", None)))
    assert "PAB_TEMP_AGENCY" in message and "'family_allowed' ontbreekt" in message


def test_flag_must_be_a_boolean(tmp_path):
    _error, message = bad(tmp_path, document(replace_line("via4", 'via4: "no"')))
    assert "'via4' moet true of false zijn" in message and "PAB_TEMP_AGENCY" in message


def test_unknown_budget_kind(tmp_path):
    _error, message = bad(tmp_path, document(replace_line("budget_kinds", "budget_kinds: [PAX]")))
    assert "'budget_kinds': 'PAX' is onbekend" in message


def test_unknown_cost_kind(tmp_path):
    text = document(replace_line("cost_kinds", "cost_kinds: [WAGES]"))
    _error, message = bad(tmp_path, text)
    assert "'cost_kinds': 'WAGES' is onbekend" in message


def test_unknown_provider_kind(tmp_path):
    text = document(replace_line("provider_kinds", "provider_kinds: [TAXI]"))
    _error, message = bad(tmp_path, text)
    assert "'provider_kinds': 'TAXI' is onbekend" in message


def test_unknown_required_field(tmp_path):
    text = document(replace_line("required_fields", "required_fields: [startdatum]"))
    _error, message = bad(tmp_path, text)
    assert "'required_fields': 'startdatum' is onbekend" in message


def test_unknown_counter(tmp_path):
    text = document(replace_line("short_term_counters", "short_term_counters: [WEEKS]"))
    _error, message = bad(tmp_path, text)
    assert "'short_term_counters': 'WEEKS' is onbekend" in message


def test_a_code_twice_in_a_list(tmp_path):
    text = document(replace_line("payment_modes", "payment_modes: [CASH, CASH]"))
    _error, message = bad(tmp_path, text)
    assert "'CASH' staat er twee keer in" in message


def test_a_list_that_must_not_be_empty(tmp_path):
    _error, message = bad(tmp_path, document(replace_line("cost_kinds", "cost_kinds: []")))
    assert "'cost_kinds' moet minstens één waarde bevatten" in message


def test_a_set_must_be_a_list(tmp_path):
    _error, message = bad(tmp_path, document(replace_line("budget_kinds", "budget_kinds: PAB")))
    assert "'budget_kinds' moet een lijst zijn" in message


def test_a_bad_code(tmp_path):
    _error, message = bad(tmp_path, document(code="pab-temp"))
    assert "'pab-temp' is geen geldige code" in message


def test_an_empty_label(tmp_path):
    _error, message = bad(tmp_path, document(replace_line("label", 'label: ""')))
    assert "'label' ontbreekt" in message


def test_a_duplicate_type_code(tmp_path):
    text = document() + "  PAB_TEMP_AGENCY:\n" + textwrap.indent(TYPE, "  ")
    _error, message = bad(tmp_path, text)
    assert "PAB_TEMP_AGENCY" in message and "twee keer" in message


def test_contradicting_flags_wijk_werk_for_family(tmp_path):
    body = replace_line("wijk_werk", "wijk_werk: true")
    body = body.replace("[TEMP_AGENCY]", "[WIJK_WERK_ORGANISER]")
    _error, message = bad(tmp_path, document(body))
    assert "family_allowed op false" in message and "PAB_TEMP_AGENCY" in message


def test_contradicting_flags_volunteer_without_organisation(tmp_path):
    _error, message = bad(tmp_path, document(replace_line("volunteer", "volunteer: true")))
    assert "vrijwilligersorganisatie" in message


def test_contradicting_flags_year_end_premium_without_employment(tmp_path):
    body = replace_line("year_end_premium", "year_end_premium: true")
    _error, message = bad(tmp_path, document(body))
    assert "eindejaarspremie" in message


def test_unknown_support_function_group(tmp_path):
    _error, message = bad(tmp_path, document(TYPE + "    support_function_group: PAB\n"))
    assert "'support_function_group': 'PAB' is onbekend" in message


def test_bad_via4_parameter_name(tmp_path):
    _error, message = bad(tmp_path, document(TYPE + '    via4_parameter: "not a name"\n'))
    assert "'via4_parameter'" in message


def test_cost_kind_without_via4(tmp_path):
    head = HEAD.replace(
        '{label: "Factuur van een interimkantoor", via4: false, reference: "test"}',
        '{label: "Factuur van een interimkantoor", reference: "test"}',
    )
    error, message = bad(tmp_path, document(head=head))
    assert error.entry == "cost_kinds.TEMP_AGENCY_INVOICE" and "'via4' ontbreekt" in message


def test_missing_section(tmp_path):
    head = HEAD.replace(
        'excluded_uses:\n  DAY_NURSERY: {label: "een kinderdagverblijf", reference: "test"}\n', ""
    )
    _error, message = bad(tmp_path, document(head=head))
    assert "'excluded_uses' ontbreekt" in message


def test_unknown_section(tmp_path):
    _error, message = bad(tmp_path, "colours: {}\n" + document())
    assert "onbekende sleutel colours" in message


def test_an_empty_file(tmp_path):
    _error, message = bad(tmp_path, "")
    assert "leeg" in message


def test_not_yaml(tmp_path):
    _error, message = bad(tmp_path, "contract_types: [unclosed\n")
    assert "geen geldige YAML" in message


def test_a_missing_file(tmp_path):
    with pytest.raises(ContractTypeFileError) as info:
        load_file(tmp_path / "absent.yaml")
    assert "absent.yaml" in str(info.value)


def test_reload_reads_another_file_and_back(tmp_path):
    path = write(tmp_path, document())
    try:
        ct.reload(path)
        assert [t.code for t in ct.contract_types()] == ["PAB_TEMP_AGENCY"]
    finally:
        ct.reload()
    assert len(ct.contract_types()) > 30
