"""What a user may do (actions) and the access app's error codes."""

from enum import StrEnum


class Action(StrEnum):
    """What a user does with an object; ``access.queries.can`` decides whether they may."""

    VIEW = "view"
    # On a dossier (a person or one of its budgets): what a holder or a mandated organisation does.
    REGISTER_CONTRACT = "register_contract"
    FILE_COSTS = "file_costs"
    ASK_FREE_SHARE = "ask_free_share"
    GRANT_MANDATE = "grant_mandate"
    # On a mandate.
    REVOKE_MANDATE = "revoke_mandate"
    # Agency work.
    EDIT_DOSSIER = "edit_dossier"
    APPROVE_CONTRACT = "approve_contract"
    REVIEW_COSTS = "review_costs"
    REVERSE_ENTRY = "reverse_entry"


class ErrorCode(StrEnum):
    """Stable error codes of the access app (values never change)."""

    HOLDER_ACCOUNT_EXISTS = "access_holder_account_exists"
    PERSON_HAS_ACCOUNT = "access_person_has_account"
