"""Stable error codes of the pure rules, one enum per rule area.

The values are a stable interface: tests, the API and the admin compare them, so a value
never changes once released. A ``StrEnum`` member equals its value (``BudgetCode.X == "x"``).
Every code is unique across all error-code enums of the project (``tests/test_codes.py``);
a code used by several areas (or by a Django app) lives once, in the lowest area, and is
imported from there."""

from enum import StrEnum


class AccountCode(StrEnum):
    """Bank accounts of a budget holder (R27): IBAN and account holder."""

    IBAN_MISSING = "iban_missing"
    IBAN_INVALID = "iban_invalid"
    IBAN_NOT_SEPA = "iban_not_sepa"
    ACCOUNT_HOLDER_NAME_MISSING = "account_holder_name_missing"
    ACCOUNT_HOLDER_NOT_ALLOWED = "account_holder_not_allowed"


class BudgetYearCode(StrEnum):
    """Dividing a budget year's amount into cash and voucher (R11)."""

    CASH_NEGATIVE = "cash_negative"
    CASH_EXCEEDS_YEARLY_AMOUNT = "cash_exceeds_yearly_amount"


class BudgetCode(StrEnum):
    """Budgets: categories, holders and management, start, extension, stop, conversion."""

    PVB_SCHEME_MISSING = "pvb_scheme_missing"
    LETTER_RECEIVED_BEFORE_ALLOCATION = "letter_received_before_allocation"
    APPLIED_AFTER_ALLOCATION = "applied_after_allocation"
    SCHEME_ONLY_FOR_PVB = "scheme_only_for_pvb"
    PAB_BAND_MISSING = "pab_band_missing"
    BAND_ONLY_FOR_PAB = "band_only_for_pab"
    CATEGORY_WITHOUT_AMOUNT = "category_without_amount"
    PAB_FOR_ADULT = "pab_for_adult"
    PVB_FOR_MINOR = "pvb_for_minor"
    HOLDER_MISSING = "holder_missing"
    HOLDER_NOT_LEGAL_REPRESENTATIVE = "holder_not_legal_representative"
    HOLDER_ROLE_NOT_FOR_MINOR = "holder_role_not_for_minor"
    HOLDER_ROLE_NOT_FOR_ADULT = "holder_role_not_for_adult"
    SELF_HOLDER_OTHER_PERSON = "self_holder_other_person"
    HOLDER_RELATION_NOT_RECORDED = "holder_relation_not_recorded"
    HOLDER_IS_ASSISTANT = "holder_is_assistant"
    GUARDIAN_AND_PARENTS = "guardian_and_parents"
    TOO_MANY_PARENTS = "too_many_parents"
    NOBODY_MANAGES = "nobody_manages"
    MANAGEMENT_STATEMENT_MISSING = "management_statement_missing"
    ALREADY_STARTED_OR_ENDED = "already_started_or_ended"
    START_BEFORE_ALLOCATION = "start_before_allocation"
    START_TOO_LATE = "start_too_late"
    EXTENSION_ONLY_PAB = "extension_only_pab"
    EXTENSION_ONCE = "extension_once"
    EXTENSION_NOT_NEEDED = "extension_not_needed"
    EXTENSION_REQUESTED_TOO_LATE = "extension_requested_too_late"
    ALREADY_ENDED = "already_ended"
    STOP_REASON_MISSING = "stop_reason_missing"
    STOP_BEFORE_START = "stop_before_start"
    STOP_TOO_FAR_AHEAD = "stop_too_far_ahead"
    CONVERSION_TOO_FAR_AHEAD = "conversion_too_far_ahead"
    CONVERSION_NEEDS_RUNNING_PAB = "conversion_needs_running_pab"
    SUPPORT_PLAN_MISSING = "support_plan_missing"
    SUPPORT_PLAN_TOO_LATE = "support_plan_too_late"
    # Also refused by contracts (rules.contracts.lifecycle) and by dossiers' allocation change.
    BUDGET_ENDED = "budget_ended"
    CONVERSION_BEFORE_ADULTHOOD = "conversion_before_adulthood"


class ContractCode(StrEnum):
    """Contracts (rules.contracts): kinds, parties, content, use, wage, amendments, life."""

    PARENT_ASSISTANT_CONTRACT_FROZEN = "parent_assistant_contract_frozen"
    PARENT_ASSISTANT_CONTRACT_ONLY_END_EARLIER = "parent_assistant_contract_only_end_earlier"
    AMENDMENT_CHANGES_CONTRACT = "amendment_changes_contract"
    START_DATE_MISSING = "start_date_missing"
    END_DATE_MISSING = "end_date_missing"
    NOTICE_TERMS_MISSING = "notice_terms_missing"
    TASK_DESCRIPTION_MISSING = "task_description_missing"
    WEEKLY_HOURS_MISSING = "weekly_hours_missing"
    HOURLY_COST_MISSING = "hourly_cost_missing"
    PAYMENT_TERMS_MISSING = "payment_terms_missing"
    HOLDER_SIGNATURE_MISSING = "holder_signature_missing"
    COUNTERPARTY_SIGNATURE_MISSING = "counterparty_signature_missing"
    HOLDER_ENTERPRISE_NUMBER_MISSING = "holder_enterprise_number_missing"
    WIJK_WERK_REGISTRATION_MISSING = "wijk_werk_registration_missing"
    PROVIDER_DECLARATION_MISSING = "provider_declaration_missing"
    SUPPORT_FUNCTION_MISSING = "support_function_missing"
    END_DATE_WITH_INDEFINITE_DURATION = "end_date_with_indefinite_duration"
    END_BEFORE_START = "end_before_start"
    HOLDER_SIGNED_IN_FUTURE = "holder_signed_in_future"
    COUNTERPARTY_SIGNED_IN_FUTURE = "counterparty_signed_in_future"
    WEEKLY_HOURS_NOT_POSITIVE = "weekly_hours_not_positive"
    WEEKLY_HOURS_TOO_HIGH = "weekly_hours_too_high"
    HOURLY_COST_NOT_POSITIVE = "hourly_cost_not_positive"
    MINOR_NAME_MISSING = "minor_name_missing"
    FAMILY_NOT_THROUGH_WIJK_WERK_OR_SERVICE_VOUCHERS = (
        "family_not_through_wijk_werk_or_service_vouchers"
    )
    FAMILY_TYPE_WITHOUT_FAMILY_MEMBER = "family_type_without_family_member"
    FAMILY_MEMBER_NEEDS_FAMILY_TYPE = "family_member_needs_family_type"
    PROVIDER_DECLARATION_IN_FUTURE = "provider_declaration_in_future"
    MINOR_STUDENT_CONSENT_MISSING = "minor_student_consent_missing"
    MINOR_STUDENT_CONSENT_NOT_BEFORE_START = "minor_student_consent_not_before_start"
    WIJK_WERK_REGISTRATION_AFTER_START = "wijk_werk_registration_after_start"
    WIJK_WERK_REGISTRATION_EXPIRED = "wijk_werk_registration_expired"
    COUNTERPARTY_NAME_MISSING = "counterparty_name_missing"
    COUNTERPARTY_NATIONAL_NUMBER_MISSING = "counterparty_national_number_missing"
    FOREIGN_ASSISTANT_NEEDS_BIS = "foreign_assistant_needs_bis"
    FOREIGN_FACILITY_NUMBER_MISSING = "foreign_facility_number_missing"
    COUNTERPARTY_ENTERPRISE_NUMBER_MISSING = "counterparty_enterprise_number_missing"
    COUNTERPARTY_ENTERPRISE_NUMBER_INVALID = "counterparty_enterprise_number_invalid"
    HOLDER_ENTERPRISE_NUMBER_INVALID = "holder_enterprise_number_invalid"
    CONTRACT_TYPE_UNKNOWN = "contract_type_unknown"
    BUDGET_KIND_UNKNOWN = "budget_kind_unknown"
    CONVENANT_TYPE_NOT_ALLOWED = "convenant_type_not_allowed"
    TYPE_NOT_FOR_BUDGET_KIND = "type_not_for_budget_kind"
    PAYMENT_MODE_UNKNOWN = "payment_mode_unknown"
    PAYMENT_MODE_NOT_FOR_TYPE = "payment_mode_not_for_type"
    COUNTERPARTY_KIND_UNKNOWN = "counterparty_kind_unknown"
    PROVIDER_KIND_UNKNOWN = "provider_kind_unknown"
    VOLUNTEER_ONLY_THROUGH_ORGANISATION = "volunteer_only_through_organisation"
    COUNTERPARTY_KIND_NOT_FOR_TYPE = "counterparty_kind_not_for_type"
    CONVENANT_ONLY_LICENSED_OR_MFC = "convenant_only_licensed_or_mfc"
    PROVIDER_KIND_NOT_FOR_TYPE = "provider_kind_not_for_type"
    CONTRACT_NOT_PENDING = "contract_not_pending"
    REFUSAL_REASON_MISSING = "refusal_reason_missing"
    ONLY_LATEST_APPROVED_CAN_CHANGE = "only_latest_approved_can_change"
    CONTRACT_WITH_THE_PERSON = "contract_with_the_person"
    SELF_CONTRACT = "self_contract"
    PARENT_ASSISTANT_OTHER_PARENT_MUST_MANAGE = "parent_assistant_other_parent_must_manage"
    SUPERVISING_GUARDIAN_SIGNATURE_MISSING = "supervising_guardian_signature_missing"
    JUSTICE_OF_PEACE_CONSENT_MISSING = "justice_of_peace_consent_missing"
    DOCUMENT_DATED_IN_FUTURE = "document_dated_in_future"
    SIGNATORY_NOT_MANAGING = "signatory_not_managing"
    SIGNATORY_NOT_HOLDER = "signatory_not_holder"
    PAB_EXCLUDED_USE = "pab_excluded_use"
    HOTEL_COSTS_NOT_PAYABLE = "hotel_costs_not_payable"
    SUPPORT_FUNCTION_NOT_APPLICABLE = "support_function_not_applicable"
    SUPPORT_FUNCTION_UNKNOWN = "support_function_unknown"
    SUPPORT_FUNCTION_NOT_ALLOWED = "support_function_not_allowed"
    BELOW_MINIMUM_WAGE = "below_minimum_wage"


class IdentityCode(StrEnum):
    """National register numbers."""

    NATIONAL_NUMBER_MISSING = "national_number_missing"
    NATIONAL_NUMBER_LENGTH = "national_number_length"
    NATIONAL_NUMBER_INVALID = "national_number_invalid"
    NATIONAL_NUMBER_BIRTH_DATE_MISMATCH = "national_number_birth_date_mismatch"


class MfcCode(StrEnum):
    """Care in a multifunctional centre (MFC) paid from a PAB."""

    MFC_ONLY_PAB = "mfc_only_pab"
    MFC_NAME_MISSING = "mfc_name_missing"
    DAYS_PER_WEEK_RANGE = "days_per_week_range"
    MFC_START_WITHOUT_DAYS = "mfc_start_without_days"
    CHANGE_NOT_AFTER_PREVIOUS = "change_not_after_previous"
    REPORTED_BEFORE_CHANGE = "reported_before_change"
    CHANGE_NOT_STRUCTURAL = "change_not_structural"


class ShortTermCode(StrEnum):
    """Short-term care paid with a voucher (counters and caps)."""

    SHORT_TERM_PROVIDER_NOT_YET_ALLOWED = "short_term_provider_not_yet_allowed"
    SHORT_TERM_PROVIDER_NOT_ALLOWED = "short_term_provider_not_allowed"
    CONTRACT_NOT_APPROVED = "contract_not_approved"
    NOT_SHORT_TERM = "not_short_term"
    OUTSIDE_CONTRACT = "outside_contract"
    SHORT_TERM_QUANTITY_NOT_A_NUMBER = "short_term_quantity_not_a_number"
    SHORT_TERM_COUNTER_UNKNOWN = "short_term_counter_unknown"
    SHORT_TERM_QUANTITY_NOT_POSITIVE = "short_term_quantity_not_positive"
    SHORT_TERM_COUNTER_NOT_AVAILABLE = "short_term_counter_not_available"
    NOT_A_SHORT_TERM_CONTRACT = "not_a_short_term_contract"
    SHORT_TERM_COUNTER_NOT_FOR_TYPE = "short_term_counter_not_for_type"
    SHORT_TERM_CAP_EXCEEDED = "short_term_cap_exceeded"


class CostCode(StrEnum):
    """Cost lines (rules.costs): contract, kinds, never payable, limits, filing (R19-R32)."""

    # R19
    COST_CONTRACT_MISSING = "cost_contract_missing"
    COST_CONTRACT_NOT_APPROVED = "cost_contract_not_approved"
    COST_CONTRACT_REFUSED = "cost_contract_refused"
    COST_OUTSIDE_CONTRACT_PERIOD = "cost_outside_contract_period"
    # R24
    COST_KIND_UNKNOWN = "cost_kind_unknown"
    COST_CONTRACT_TYPE_UNKNOWN = "cost_contract_type_unknown"
    COST_KIND_NOT_FOR_CONTRACT_TYPE = "cost_kind_not_for_contract_type"
    # R32, R23, R6
    COST_NEVER_PAYABLE = "cost_never_payable"
    COST_HOTEL_OR_OWN_CONTRIBUTION = "cost_hotel_or_own_contribution"
    COST_PAB_EXCLUDED_USE = "cost_pab_excluded_use"
    # R20
    COST_FAMILY_THROUGH_VOUCHERS_OR_WIJK_WERK = "cost_family_through_vouchers_or_wijk_werk"
    SERVICE_VOUCHER_QUANTITY_MISSING = "service_voucher_quantity_missing"
    SERVICE_VOUCHER_CAP_EXCEEDED = "service_voucher_cap_exceeded"
    # R21
    COST_SHORT_TERM_QUANTITY_MISSING = "cost_short_term_quantity_missing"
    COST_SHORT_TERM_COUNTER_NOT_FOR_TYPE = "cost_short_term_counter_not_for_type"
    COST_SHORT_TERM_NOT_AVAILABLE = "cost_short_term_not_available"
    COST_SHORT_TERM_CAP_EXCEEDED = "cost_short_term_cap_exceeded"
    # R22
    COST_BELOW_MINIMUM_WAGE = "cost_below_minimum_wage"
    # R29
    GIFT_ABOVE_MAXIMUM = "gift_above_maximum"
    PREMIUMS_ABOVE_MONTHLY_WAGE = "premiums_above_monthly_wage"
    VOLUNTEER_DAY_FEE_ABOVE_MAXIMUM = "volunteer_day_fee_above_maximum"
    VOLUNTEER_YEAR_FEE_ABOVE_MAXIMUM = "volunteer_year_fee_above_maximum"
    OTHER_COSTS_ABOVE_SHARE = "other_costs_above_share"
    # R25
    COST_PERIOD_REVERSED = "cost_period_reversed"
    COST_PERIOD_OUTSIDE_BUDGET_YEAR = "cost_period_outside_budget_year"
    COST_PERIOD_SPANS_TWO_YEARS = "cost_period_spans_two_years"
    COST_FILED_LATE_REVIEW = "cost_filed_late_review"
    COST_FILED_LATE_WITHOUT_REASON = "cost_filed_late_without_reason"
    COST_FILED_TOO_LATE = "cost_filed_too_late"
    LATE_REFUSED_BY_AGENCY = "late_refused_by_agency"
    # R26-R27: what does not fit in the budget line (and the VIA4 room) is the holder's own
    BUDGET_LINE_SPENT = "budget_line_spent"


class FreeShareCode(StrEnum):
    """The free share (vrij besteedbaar deel) asked in parts (R14 PVB, R15 PAB)."""

    FREE_SHARE_AMOUNT_NOT_POSITIVE = "free_share_amount_not_positive"
    FREE_SHARE_BUDGET_NOT_IN_FORCE = "free_share_budget_not_in_force"
    FREE_SHARE_ASKED_TOO_EARLY = "free_share_asked_too_early"
    FREE_SHARE_ASKED_TOO_LATE = "free_share_asked_too_late"
    FREE_SHARE_NONE_FOR_BUDGET = "free_share_none_for_budget"
    FREE_SHARE_USED_UP = "free_share_used_up"
    FREE_SHARE_ABOVE_LIMIT = "free_share_above_limit"
    FREE_SHARE_BUDGET_LINE_SPENT = "free_share_budget_line_spent"
    FREE_SHARE_ABOVE_BUDGET_LINE = "free_share_above_budget_line"
    FREE_SHARE_ASKER_NOT_ALLOWED = "free_share_asker_not_allowed"
    FREE_SHARE_CORRECTION_WITHOUT_ADVANCE = "free_share_correction_without_advance"
    FREE_SHARE_CORRECTION_ABOVE_PAID = "free_share_correction_above_paid"


class VoucherCode(StrEnum):
    """Voucher invoices of licensed providers and assistance organisations (R11)."""

    VOUCHER_ONLY_FOR_PVB = "voucher_only_for_pvb"
    VOUCHER_BUDGET_ALL_CASH = "voucher_budget_all_cash"
    VOUCHER_BUDGET_NOT_IN_FORCE = "voucher_budget_not_in_force"
    VOUCHER_AMOUNT_NOT_POSITIVE = "voucher_amount_not_positive"
    VOUCHER_PERIOD_REVERSED = "voucher_period_reversed"
    VOUCHER_PERIOD_OUTSIDE_MONTH = "voucher_period_outside_month"
    VOUCHER_PROVIDER_NOT_LICENSED = "voucher_provider_not_licensed"
    VOUCHER_CONTRACT_MISSING = "voucher_contract_missing"
    VOUCHER_CONTRACT_OTHER_BUDGET = "voucher_contract_other_budget"
    VOUCHER_CONTRACT_NOT_APPROVED = "voucher_contract_not_approved"
    VOUCHER_CONTRACT_NOT_VOUCHER = "voucher_contract_not_voucher"
    VOUCHER_CONTRACT_OTHER_PROVIDER = "voucher_contract_other_provider"
    VOUCHER_OUTSIDE_CONTRACT = "voucher_outside_contract"
    VOUCHER_PART_SPENT = "voucher_part_spent"
    VOUCHER_ABOVE_VOUCHER_PART = "voucher_above_voucher_part"
    VOUCHER_LINE_DUPLICATE = "voucher_line_duplicate"


class SettlementCode(StrEnum):
    """The end of a budget: the final settlement after a stop or a death (R33, R34), the
    sample checks of proofs (R31) and the closed budget year."""

    # R33 / R34: the final statement
    SETTLEMENT_BUDGET_NOT_ENDED = "settlement_budget_not_ended"
    SETTLEMENT_LINE_AFTER_END = "settlement_line_after_end"
    SETTLEMENT_NOTICE_PAY_CUT_SHORT = "settlement_notice_pay_cut_short"
    SETTLEMENT_SEVERANCE_ABOVE_CAP = "settlement_severance_above_cap"
    SETTLEMENT_ADVANCE_ASKED_BACK = "settlement_advance_asked_back"
    SETTLEMENT_LINES_WAITING = "settlement_lines_waiting"
    # R31
    SAMPLE_LINE_NOT_PROVEN = "sample_line_not_proven"
