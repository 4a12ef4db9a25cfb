"""The shipped contract types catalogue (R17, R24): complete, as the seeds list it."""

from datetime import date

import pytest

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules.contracts.facts import CONTRACT_FIELDS

# Seed 001, step 3: the 15 PVB contracts, each with the code(s) that model it.
PVB_SEED_001_STEP_3 = {
    "individuele begeleider/student in loonverband": ["PVB_EMPLOYMENT"],
    "interimkantoor": ["PVB_TEMP_AGENCY"],
    "dienstenchequebedrijf": ["PVB_SERVICE_VOUCHERS"],
    "organisator voor wijk-werken": ["PVB_WIJK_WERK"],
    "vervoer van personen met handicap": ["PVB_TRANSPORT"],
    "vrijwilligersorganisatie": ["PVB_VOLUNTEER_ORGANISATION"],
    "natuurlijke of rechtspersoon": ["PVB_NATURAL_OR_LEGAL_PERSON"],
    "gezinslid of familielid tot de tweede graad": [
        "PVB_FAMILY_EMPLOYMENT",
        "PVB_FAMILY_TASK_AGREEMENT",
    ],
    "door het VAPH vergunde zorgaanbieder": ["PVB_LICENSED_PROVIDER"],
    "bijstandsorganisatie, startpakket": ["PVB_ASSISTANCE_START_PACKAGE"],
    "bijstandsorganisatie, lidgeld": ["PVB_ASSISTANCE_MEMBERSHIP"],
    "bijstandsorganisatie, intensieve bijstand": ["PVB_ASSISTANCE_INTENSIVE"],
    "erkend door de overheid, niet vergund": ["PVB_RECOGNISED_ORGANISATION"],
    "familiaal initiatief (max. 15 cliënten)": ["PVB_FAMILY_INITIATIVE"],
    "collectief, max. 15 cliënten, vergund door WVG": ["PVB_COLLECTIVE_WVG_ORGANISATION"],
}
# Seed 003 §3.3.1-3.3.15 and seed 002 (from 2023-07-09).
PAB_SEED_003_AND_002 = {
    "3.3.1": ["PAB_EMPLOYMENT"],
    "3.3.2": ["PAB_FAMILY_EMPLOYMENT", "PAB_FAMILY_TASK_AGREEMENT"],
    "3.3.3": ["PAB_TEMP_AGENCY"],
    "3.3.4": ["PAB_NATURAL_OR_LEGAL_PERSON"],
    "3.3.5": ["PAB_ASSISTANT_ORGANISATION"],
    "3.3.6": ["PAB_MFC_SHORT_STAY"],
    "3.3.7": ["PAB_LICENSED_SHORT_TERM"],
    "3.3.8": ["PAB_WIJK_WERK"],
    "3.3.9": ["PAB_SERVICE_VOUCHERS"],
    "3.3.10": ["PAB_VOLUNTEER_ORGANISATION"],
    "3.3.11": ["PAB_ASSISTANCE_ORGANISATION"],
    "3.3.12": ["PAB_NATURAL_OR_LEGAL_PERSON"],  # onbelast bijklussen: with a legal person
    "3.3.13": ["PAB_SHORT_TERM_MOBILE_AMBULANT"],
    "3.3.14": ["PAB_GREEN_CARE"],
    "3.3.15": ["PAB_PARENT_INITIATIVE"],
    "seed 002 WVG": ["PAB_WVG_SHORT_TERM"],
    "seed 002 foreign": ["PAB_FOREIGN_SHORT_TERM"],
}
# Seed 003 §7.4: the cost kinds the guideline lists per PAB contract.
PAB_COST_KINDS_SEED_003_7_4 = {
    "PAB_EMPLOYMENT": {  # §7.4.1
        "WAGE",
        "MEAL_VOUCHERS",
        "SOCIAL_SECRETARIAT_INVOICE",
        "ODD_JOBS_INVOICE",
        "YEAR_END_PREMIUM",
        "OTHER_PREMIUMS",
        "PREVENTION",
        "WORK_ACCIDENT_INSURANCE",
        "TRAINING",
        "ECO_VOUCHERS",
        "SPORT_CULTURE_VOUCHERS",
        "CONSUMPTION_VOUCHERS",
        "GIFT",
    },
    "PAB_FAMILY_TASK_AGREEMENT": {  # §7.4.2
        "WAGE",
        "MEAL_VOUCHERS",
        "SOCIAL_SECRETARIAT_INVOICE",
        "OTHER_PREMIUMS",
        "WORK_ACCIDENT_INSURANCE",
        "PREVENTION",
        "TRAINING",
        "ECO_VOUCHERS",
        "SPORT_CULTURE_VOUCHERS",
        "CONSUMPTION_VOUCHERS",
        "GIFT",
    },
    "PAB_TEMP_AGENCY": {"TEMP_AGENCY_INVOICE", "TEMP_AGENCY_ADMIN_COSTS"},  # §7.4.3
    "PAB_NATURAL_OR_LEGAL_PERSON": {  # §7.4.4
        "NATURAL_LEGAL_PERSON_INVOICE",
        "SIGN_LANGUAGE_INTERPRETER_HOURS",
    },
    "PAB_ASSISTANT_ORGANISATION": {"ASSISTANT_ORGANISATION_INVOICE"},  # §7.4.5
    "PAB_MFC_SHORT_STAY": {"PROVIDER_INVOICE"},  # §7.4.6
    "PAB_LICENSED_SHORT_TERM": {"PROVIDER_INVOICE"},  # §7.4.7
    "PAB_WIJK_WERK": {"WIJK_WERK_CHEQUES", "WIJK_WERK_MEMBERSHIP"},  # §7.4.8
    "PAB_SERVICE_VOUCHERS": {  # §7.4.9
        "SERVICE_VOUCHERS",
        "SERVICE_VOUCHER_TRAVEL_COSTS",
        "SERVICE_VOUCHER_ADMIN_COSTS",
    },
    "PAB_VOLUNTEER_ORGANISATION": {  # §7.4.10
        "VOLUNTEER_ALLOWANCE",
        "VOLUNTEER_ORGANISATION_MEMBERSHIP",
        "VOLUNTEER_ORGANISATION_ADMIN_INSURANCE",
    },
    "PAB_ASSISTANCE_ORGANISATION": {  # §7.4.11
        "ASSISTANCE_ORGANISATION_INVOICE",
        "ASSISTANCE_ORGANISATION_MEMBERSHIP",
    },
    "PAB_SHORT_TERM_MOBILE_AMBULANT": {"PROVIDER_INVOICE"},  # §7.4.12
    "PAB_GREEN_CARE": {"GREEN_CARE_INVOICE"},  # §7.4.13
    "PAB_PARENT_INITIATIVE": {"PARENT_INITIATIVE_INVOICE"},  # §7.4.14
}
LEAD_PROVIDER_KINDS = {
    "NONE",
    "LICENSED",
    "MFC",
    "ASSISTANCE_ORGANISATION",
    "VOLUNTEER_ORGANISATION",
    "SERVICE_VOUCHER_COMPANY",
    "WIJK_WERK_ORGANISER",
    "TEMP_AGENCY",
    "GREEN_CARE",
    "PARENT_INITIATIVE",
    "WVG_ORGANISATION",
    "FOREIGN_FACILITY",
    "TRANSPORT",
    "OTHER_ORGANISATION",
}


def codes(kind=None):
    return {t.code for t in ct.contract_types(kind)}


def test_r17_every_pvb_contract_of_seed_001_step_3_is_a_type():
    assert len(PVB_SEED_001_STEP_3) == 15
    expected = {code for item in PVB_SEED_001_STEP_3.values() for code in item}
    assert codes("PVB") == expected
    for code in expected:
        assert ct.contract_type(code).budget_kinds == {"PVB"}
        assert "seed 001 step 3" in ct.contract_type(code).reference


def test_r17_every_pab_contract_of_seed_003_3_3_and_seed_002_is_a_type():
    expected = {code for item in PAB_SEED_003_AND_002.values() for code in item}
    assert codes("PAB") == expected
    for code in expected:
        t = ct.contract_type(code)
        assert t.budget_kinds == {"PAB"}
        assert t.payment_modes == {"CASH"}  # a PAB is spent in cash (seed 003 §2)


def test_r17_convenant_types_licensed_provider_or_mfc_and_as_pab():
    assert codes("CONVENANT") == {"CONVENANT_SERVICE_AGREEMENT", "CONVENANT_AS_PAB"}
    service = ct.contract_type("CONVENANT_SERVICE_AGREEMENT")
    assert service.provider_kinds == {"LICENSED", "MFC"}
    assert service.payment_modes == {"VOUCHER"}
    assert service.licensed_provider_only
    assert ct.contract_type("CONVENANT_AS_PAB").support_function_group == "CONVENANT_AS_PAB"


def test_r17_all_types_and_the_filter():
    assert len(ct.contract_types()) == len(codes("PVB")) + len(codes("PAB")) + 2
    assert all("PVB" in t.budget_kinds for t in ct.contract_types("PVB"))


def test_r17_labels_are_the_seed_names():
    assert ct.contract_type("PAB_EMPLOYMENT").label == (
        "Arbeidsovereenkomst met een individuele begeleider of student"
    )
    assert ct.contract_type("PVB_TEMP_AGENCY").label == "Overeenkomst met een interimkantoor"
    assert "wijk-werkcheques" in ct.contract_type("PAB_WIJK_WERK").label


def test_r17_unknown_type_is_a_key_error_with_a_dutch_message():
    with pytest.raises(ct.UnknownContractType) as info:
        ct.contract_type("PAB_NONSENSE")
    assert isinstance(info.value, KeyError)
    assert "PAB_NONSENSE" in str(info.value) and "bestaat niet" in str(info.value)


def test_r17_voucher_only_where_seed_001_names_it():
    voucher = {t.code for t in ct.contract_types() if "VOUCHER" in t.payment_modes}
    assert voucher == {
        "PVB_LICENSED_PROVIDER",
        "PVB_ASSISTANCE_INTENSIVE",
        "CONVENANT_SERVICE_AGREEMENT",
    }


def test_r24_cost_kinds_of_each_pab_type_include_what_seed_003_7_4_lists():
    for code, expected in PAB_COST_KINDS_SEED_003_7_4.items():
        assert expected <= ct.contract_type(code).cost_kinds, code
    # the year-end premium is mandatory for employment (§6), not for a task agreement
    assert "YEAR_END_PREMIUM" in ct.contract_type("PAB_FAMILY_EMPLOYMENT").cost_kinds
    assert "YEAR_END_PREMIUM" not in ct.contract_type("PAB_FAMILY_TASK_AGREEMENT").cost_kinds


def test_r24_every_type_has_cost_kinds_and_every_cost_kind_is_used():
    used = set()
    for t in ct.contract_types():
        assert t.cost_kinds, t.code
        used |= t.cost_kinds
    # a kind filed without a contract (the free share) belongs to no contract type
    without_contract = {c for c, k in ct.catalogue().cost_kinds.items() if not k.needs_contract}
    assert without_contract == {"FREE_SHARE"}
    assert used == set(ct.cost_kinds()) - without_contract


def test_r24_cost_kind_labels_are_dutch_with_a_source():
    assert ct.cost_kind_label("WAGE").startswith("Loon")
    assert ct.cost_kinds()["SERVICE_VOUCHERS"] == "Aankoop van dienstencheques"
    assert ct.cost_kind("GIFT").label == "Geschenk of geschenkcheque"
    for code in ct.cost_kinds():
        assert ct.cost_kind(code).reference, code
    with pytest.raises(KeyError):
        ct.cost_kind_label("NO_SUCH_COST")


def test_r27_via4_cost_kinds_follow_seed_003_5_1():
    via4 = {code for code in ct.cost_kinds() if ct.cost_kind(code).via4}
    assert via4 == {
        "WAGE",
        "MEAL_VOUCHERS",
        "SOCIAL_SECRETARIAT_INVOICE",
        "YEAR_END_PREMIUM",
        "NOTICE_PAY",
    }
    for not_via4 in ("PREVENTION", "WORK_ACCIDENT_INSURANCE", "ECO_VOUCHERS", "GIFT"):
        assert not ct.cost_kind(not_via4).via4


def test_r27_via4_types_employment_and_family_only():
    via4 = {t.code for t in ct.contract_types() if t.via4}
    assert via4 == {"PAB_EMPLOYMENT", "PAB_FAMILY_EMPLOYMENT", "PAB_FAMILY_TASK_AGREEMENT"}
    assert ct.via4_eligible("PAB_EMPLOYMENT", date(2024, 1, 1))
    assert not ct.via4_eligible("PAB_TEMP_AGENCY", date(2024, 1, 1))


def test_r27_family_task_agreement_via4_until_2021_not_from_2022():
    task = ct.contract_type("PAB_FAMILY_TASK_AGREEMENT")
    assert ct.via4_eligible(task, date(2021, 12, 31))
    assert not ct.via4_eligible(task, date(2022, 1, 1))
    assert ct.via4_eligible("PAB_FAMILY_EMPLOYMENT", date(2022, 1, 1))


def test_r28_year_end_premium_for_direct_employment_only():
    premium = {t.code for t in ct.contract_types() if t.year_end_premium}
    assert premium == {
        "PAB_EMPLOYMENT",
        "PAB_FAMILY_EMPLOYMENT",
        "PVB_EMPLOYMENT",
        "PVB_FAMILY_EMPLOYMENT",
    }
    assert all(ct.contract_type(code).direct_employment for code in premium)


def test_r22_minimum_wage_types_are_the_pab_employment_and_family_contracts():
    assert {t.code for t in ct.contract_types() if t.minimum_wage} == {
        "PAB_EMPLOYMENT",
        "PAB_FAMILY_EMPLOYMENT",
        "PAB_FAMILY_TASK_AGREEMENT",
    }


def test_r20_flags_family_wijk_werk_service_vouchers_volunteer_declaration():
    no_family = {t.code for t in ct.contract_types() if not t.family_allowed}
    assert no_family == {
        "PVB_SERVICE_VOUCHERS",
        "PVB_WIJK_WERK",
        "PAB_SERVICE_VOUCHERS",
        "PAB_WIJK_WERK",
    }
    for code in ("PAB_VOLUNTEER_ORGANISATION", "PVB_VOLUNTEER_ORGANISATION"):
        t = ct.contract_type(code)
        assert t.volunteer
        assert t.provider_kinds == {"VOLUNTEER_ORGANISATION"}
        assert t.counterparty_kinds == {"ENTERPRISE"}
    assert ct.contract_type("PAB_ASSISTANT_ORGANISATION").requires_provider_declaration
    assert "wijk_werk_registered_on" in ct.contract_type("PAB_WIJK_WERK").required_fields


def test_r21_short_term_types_and_their_counters():
    short = {t.code: t for t in ct.contract_types() if t.is_short_term}
    assert set(short) == {
        "PAB_MFC_SHORT_STAY",
        "PAB_LICENSED_SHORT_TERM",
        "PAB_SHORT_TERM_MOBILE_AMBULANT",
        "PAB_GREEN_CARE",
        "PAB_PARENT_INITIATIVE",
        "PAB_WVG_SHORT_TERM",
        "PAB_FOREIGN_SHORT_TERM",
    }
    assert short["PAB_MFC_SHORT_STAY"].short_term_counter == "NIGHTS"
    assert short["PAB_GREEN_CARE"].short_term_counter == "DAYS"
    assert set(short["PAB_SHORT_TERM_MOBILE_AMBULANT"].short_term_counters) == {
        "MOBILE",
        "AMBULANT",
        "GROUP",
    }
    assert "NIGHTS" not in short["PAB_GREEN_CARE"].short_term_counters  # day support only
    assert ct.contract_type("PAB_EMPLOYMENT").short_term_counter is None


def test_r16_six_pvb_support_functions_of_seed_001():
    assert list(ct.support_functions("PVB").values()) == [
        "Dagondersteuning",
        "Woonondersteuning",
        "Individuele psychosociale begeleiding",
        "Individuele praktische hulp",
        "Globale individuele ondersteuning",
        "Oproepbare permanentie",
    ]


def test_r8_convenant_support_functions_of_seed_000_answer_6():
    assert set(ct.support_functions("CONVENANT")) == {
        "RESIDENTIAL_WITH_DAY_CARE",
        "SCHOOL_COMPLEMENTARY_DAY_CARE",
        "SCHOOL_REPLACING_DAY_CARE",
        "RESIDENTIAL_WITH_DIAGNOSTICS",
        "RESIDENTIAL_WITH_TREATMENT",
        "RESIDENTIAL_GES_PLUS",
        "MOBILE_GUIDANCE",
        "AMBULANT_GUIDANCE",
    }
    assert len(ct.support_functions("CONVENANT_AS_PAB")) == 5
    assert ct.support_function("RESIDENTIAL_GES_PLUS").label == "Verblijf voor GES+"
    assert len(ct.support_functions()) == 6 + 8 + 5


def test_r6_excluded_uses_of_seed_002_and_003():
    assert set(ct.excluded_uses()) == {
        "OBSERVATION_TREATMENT_CENTRE",
        "MFC_STAY",
        "DIRECT_ACCESS_HELP",
        "DAY_NURSERY",
        "CARE_INSURANCE_PREMIUM",
    }
    assert ct.excluded_use_label("DAY_NURSERY") == "een kinderdagverblijf"


def test_provider_kinds_cover_the_agreed_list_plus_family_initiative():
    assert set(ct.provider_kinds()) == LEAD_PROVIDER_KINDS | {"FAMILY_INITIATIVE"}
    assert ct.provider_kind_label("MFC") == "Multifunctioneel centrum (MFC)"


def test_contract_fields_list_matches_contract_facts():
    assert "counterparty" in CONTRACT_FIELDS
    assert CONTRACT_FIELDS >= ct.REQUIRABLE_FIELDS


def test_every_type_names_its_source():
    for t in ct.contract_types():
        assert t.reference.startswith("seed"), t.code
        assert t.label and t.counterparty_kinds and t.provider_kinds, t.code
