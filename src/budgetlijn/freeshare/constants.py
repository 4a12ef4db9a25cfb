"""Choices and stable error codes of free-share requests (R14, R15)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class AskedByRole(models.TextChoices):
    HOLDER = "HOLDER", _("de budgethouder")
    ASSISTANCE_ORGANISATION = "ASSISTANCE_ORGANISATION", _("een bijstandsorganisatie met volmacht")
    AGENCY = "AGENCY", _("het agentschap (papieren aanvraag)")


class Outcome(models.TextChoices):
    ACCEPTED = "ACCEPTED", _("toegekend")
    PARTLY = "PARTLY", _("deels toegekend")
    REFUSED = "REFUSED", _("geweigerd")


IDEMPOTENCY_KEY_LENGTH = 100
REQUEST_HASH_LENGTH = 64


class ErrorCode(StrEnum):
    """Stable error codes of the freeshare app (the rules' codes: rules.codes.FreeShareCode)."""

    FREE_SHARE_AMOUNT_INVALID = "free_share_amount_invalid"
    FREE_SHARE_YEAR_INVALID = "free_share_year_invalid"
    FREE_SHARE_KEY_REUSED = "free_share_key_reused"
    FREE_SHARE_KEY_INVALID = "free_share_key_invalid"
    FREE_SHARE_ROLE_UNKNOWN = "free_share_role_unknown"
    FREE_SHARE_YEAR_NOT_OPENED = "free_share_year_not_opened"
    FREE_SHARE_COMMITMENT_MISMATCH = "free_share_commitment_mismatch"
    FREE_SHARE_COMMITMENT_MISSING = "free_share_commitment_missing"
    FREE_SHARE_CORRECTION_IN_FUTURE = "free_share_correction_in_future"
    FREE_SHARE_CORRECTION_NOT_PAB = "free_share_correction_not_pab"
