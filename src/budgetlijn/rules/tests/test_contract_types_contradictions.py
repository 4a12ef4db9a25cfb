"""R17, R20, R24, R27: flags in contract_types.yaml that contradict each other are refused with
the whole message: the file, the entry and what to change (one case per contradiction)."""

import pytest

from budgetlijn.rules.contract_types import ContractTypeFileError, load_file
from budgetlijn.rules.tests.test_contract_types_loader import TYPE, document, write

CASES = {
    "wijk_werk_for_family": (
        {"wijk_werk": "true", "provider_kinds": "[WIJK_WERK_ORGANISER]"},
        "wijk-werk en dienstencheques kunnen niet voor familieleden of gezinsleden: zet "
        "family_allowed op false (R20).",
    ),
    "family_not_allowed": (
        {"family": "true", "family_allowed": "false"},
        "een overeenkomst met een familielid moet family_allowed true hebben.",
    ),
    "volunteer_without_organisation": (
        {"volunteer": "true"},
        "vrijwilligers kunnen alleen via een vrijwilligersorganisatie: provider_kinds "
        "[VOLUNTEER_ORGANISATION] en counterparty_kinds [ENTERPRISE] (R20).",
    ),
    "year_end_premium_without_employment": (
        {"year_end_premium": "true"},
        "de eindejaarspremie hoort alleen bij een arbeidsovereenkomst (direct_employment).",
    ),
    "via4_without_employment_or_family": (
        {"via4": "true"},
        "VIA 4 geldt alleen voor een arbeidsovereenkomst of een overeenkomst met een "
        "familielid (seed 003 §5.1, §7.3.3).",
    ),
    "via4_parameter_without_via4": (
        {"via4_parameter": '"contracts.via4.family_task_agreement"'},
        "'via4_parameter' heeft alleen zin als via4 true is.",
    ),
    "licensed_only_with_other_provider": (
        {"licensed_provider_only": "true"},
        "licensed_provider_only laat alleen LICENSED en MFC toe in provider_kinds.",
    ),
    "declaration_without_its_field": (
        {"requires_provider_declaration": "true"},
        "requires_provider_declaration vraagt provider_declaration_on in required_fields.",
    ),
    "wijk_werk_without_organiser": (
        {"wijk_werk": "true", "family_allowed": "false"},
        "wijk-werk kan alleen met een organisator voor wijk-werken.",
    ),
    "service_vouchers_without_company": (
        {"service_vouchers": "true", "family_allowed": "false"},
        "dienstencheques kunnen alleen met een dienstenchequebedrijf.",
    ),
    "support_function_without_group": (
        {"required_fields": "[start_date, support_function]"},
        "support_function is verplicht maar er is geen support_function_group.",
    ),
}


def body_with(changes: dict[str, str]) -> str:
    lines = [line for line in TYPE.splitlines() if line.strip().split(":")[0] not in changes.keys()]
    lines += [f"    {key}: {value}" for key, value in changes.items()]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", sorted(CASES))
def test_r17_contradicting_flags_are_refused_with_the_whole_message(tmp_path, case):
    changes, problem = CASES[case]
    path = write(tmp_path, document(body_with(changes)))
    with pytest.raises(ContractTypeFileError) as info:
        load_file(path)
    error = info.value
    assert error.file == str(path)
    assert error.entry == "contract_types.PAB_TEMP_AGENCY"
    assert error.problem == problem
    assert str(error) == (
        f"Bestand met overeenkomsttypes {path}, contract_types.PAB_TEMP_AGENCY: {problem}"
    )


def test_r17_the_unchanged_type_loads(tmp_path):
    assert load_file(write(tmp_path, document(body_with({})))).types["PAB_TEMP_AGENCY"]
