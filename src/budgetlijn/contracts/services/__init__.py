"""Use cases on contracts: a contract's life (``life``), short-term support used (``short_term``,
R21) and the combination with an MFC (``mfc``, R4). The names below are the app's public API."""

from budgetlijn.contracts.constants import INPUT_FIELDS
from budgetlijn.contracts.selectors import (
    contract_facts,
    current_violations,
    registration_violations,
)
from budgetlijn.contracts.services.life import (
    amend_contract,
    approve_contract,
    end_contract,
    is_frozen_parent_contract,
    refuse_contract,
    register_contract,
)
from budgetlijn.contracts.services.mfc import book_mfc_adjustments, report_mfc_combination
from budgetlijn.contracts.services.short_term import record_short_term_usage

__all__ = [
    "INPUT_FIELDS",
    "amend_contract",
    "approve_contract",
    "book_mfc_adjustments",
    "contract_facts",
    "current_violations",
    "end_contract",
    "is_frozen_parent_contract",
    "record_short_term_usage",
    "refuse_contract",
    "register_contract",
    "registration_violations",
    "report_mfc_combination",
]
