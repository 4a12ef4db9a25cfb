"""Choices and stable error codes of the settlements app: the end of a budget (R33, R34), the
sample checks of proofs (R31), the closed budget years and the letter at 18 (R7)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class EndKind(models.TextChoices):
    STOP = "STOP", _("stopzetting")
    DEATH = "DEATH", _("overlijden")


class ReclaimKind(models.TextChoices):
    """What is owed back to the agency; handed over to the payment runs as a deduction."""

    ADVANCE = "ADVANCE", _("terugvorderbaar voorschot (R13, R33)")
    NOT_PROVEN = "NOT_PROVEN", _("kost niet bewezen na steekproef (R31)")


class ProofOutcome(models.TextChoices):
    PENDING = "PENDING", _("bewijs gevraagd")
    PROVEN = "PROVEN", _("bewezen")
    NOT_PROVEN = "NOT_PROVEN", _("niet bewezen")


class ErrorCode(StrEnum):
    """Stable error codes of the settlements app (the rules' own codes: rules/codes.py)."""

    SETTLEMENT_EXISTS = "settlement_exists"
    SETTLEMENT_DAY_IN_FUTURE = "settlement_day_in_future"
    SETTLEMENT_STATEMENT_YEAR = "settlement_statement_year"
    SETTLEMENT_STATEMENT_INVALID = "settlement_statement_invalid"
    SETTLEMENT_NOT_DEATH = "settlement_not_death"
    SETTLEMENT_PARAMETER_MISSING = "settlement_parameter_missing"
    SAMPLE_RATE_INVALID = "sample_rate_invalid"
    SAMPLE_YEAR_INVALID = "sample_year_invalid"
    SAMPLE_DAY_IN_FUTURE = "sample_day_in_future"
    SAMPLE_PARAMETER_MISSING = "sample_parameter_missing"
    SAMPLE_ALREADY_DECIDED = "sample_already_decided"
    SAMPLE_RETAINED = "sample_retained"
    YEAR_CLOSE_TOO_EARLY = "year_close_too_early"
    YEAR_CLOSE_LINES_WAITING = "year_close_lines_waiting"
    YEAR_CLOSE_DAY_IN_FUTURE = "year_close_day_in_future"
    TRANSITION_DAY_IN_FUTURE = "transition_day_in_future"
    TRANSITION_PARAMETER_MISSING = "transition_parameter_missing"
    RECLAIM_HANDED_OVER = "reclaim_handed_over"
    # check_ledger (settlements/invariants.py)
    RECLAIM_NOT_MATCHING = "reclaim_not_matching"
    NOT_PROVEN_COMMITMENT_OPEN = "not_proven_commitment_open"
