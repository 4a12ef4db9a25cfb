"""Choices and states of dossiers and budgets (names from DOMAIN.md's glossary)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    ANTWERPEN = "ANT", _("Antwerpen")
    LIMBURG = "LIM", _("Limburg")
    OOST_VLAANDEREN = "OVL", _("Oost-Vlaanderen")
    VLAAMS_BRABANT = "VBR", _("Vlaams-Brabant")
    WEST_VLAANDEREN = "WVL", _("West-Vlaanderen")
    BRUSSEL = "BRU", _("Brussel")


class RelationKind(models.TextChoices):
    """How a person relates to the person with a disability."""

    PARENT = "PARENT", _("ouder")
    ADOPTIVE_PARENT = "ADOPTIVE_PARENT", _("adoptieouder")
    GUARDIAN = "GUARDIAN", _("voogd")
    SUPERVISING_GUARDIAN = "SUPERVISING_GUARDIAN", _("toeziende voogd")
    ADMINISTRATOR = "ADMINISTRATOR", _("bewindvoerder")
    NOTARIAL = "NOTARIAL", _("aangestelde via notariële akte")
    STEP_PARENT = "STEP_PARENT", _("plusouder")
    OTHER_FAMILY = "OTHER_FAMILY", _("ander familielid")


# Relations that make someone a legal representative (DOMAIN.md glossary).
REPRESENTATIVE_KINDS = frozenset(
    {
        RelationKind.PARENT,
        RelationKind.ADOPTIVE_PARENT,
        RelationKind.GUARDIAN,
        RelationKind.SUPERVISING_GUARDIAN,
        RelationKind.ADMINISTRATOR,
        RelationKind.NOTARIAL,
    }
)


class HolderRole(models.TextChoices):
    SELF = "SELF", _("de persoon zelf")
    PARENT = "PARENT", _("ouder")
    ADOPTIVE_PARENT = "ADOPTIVE_PARENT", _("adoptieouder")
    GUARDIAN = "GUARDIAN", _("voogd")
    ADMINISTRATOR = "ADMINISTRATOR", _("bewindvoerder")
    NOTARIAL = "NOTARIAL", _("aangestelde via notariële akte")
    STEP_PARENT = "STEP_PARENT", _("plusouder")
    OTHER_FAMILY = "OTHER_FAMILY", _("ander familielid")


class BudgetKind(models.TextChoices):
    PVB = "PVB", _("persoonsvolgend budget (PVB)")
    PAB = "PAB", _("persoonlijke-assistentiebudget (PAB)")
    CONVENANT = "CONVENANT", _("persoonsvolgend convenant")


class PvbScheme(models.TextChoices):
    """Since 2020-03-17 the PVB has 24 categories; the 12 old ones still apply (FACTS.md)."""

    OLD = "old", _("oude indeling (I-XII)")
    NEW = "new", _("nieuwe indeling (1-24)")


class ConvenantCategory(models.TextChoices):
    """Budget categories of the persoonsvolgend convenant, named as in seed 000's table (R8).
    Their yearly amounts come from dated parameters (convenant.staff_points.<code>, ...); OTHER has an
    amount specific to the child."""

    RESIDENTIAL_HIGH_FREQUENCY = (
        "RESIDENTIAL_HIGH_FREQUENCY",
        _("Verblijf hoog frequent met dagopvang"),
    )
    SCHOOL_COMPLEMENTARY_DAY_CARE = (
        "SCHOOL_COMPLEMENTARY_DAY_CARE",
        _("Schoolaanvullende dagopvang"),
    )
    SCHOOL_REPLACING_DAY_CARE = "SCHOOL_REPLACING_DAY_CARE", _("Schoolvervangende dagopvang")
    RESIDENTIAL_GES_PLUS = "RESIDENTIAL_GES_PLUS", _("Verblijf GES+")
    OTHER = "OTHER", _("Ander (gemengd budget, begeleiding of specifiek toegekend bedrag)")


class BudgetStatus(models.TextChoices):
    ALLOCATED = "ALLOCATED", _("ter beschikking gesteld")
    EXTENDED = "EXTENDED", _("opstarttermijn verlengd")
    STARTED = "STARTED", _("opgestart")
    LAPSED = "LAPSED", _("vervallen")
    STOPPED = "STOPPED", _("stopgezet")
    CONVERTED = "CONVERTED", _("omgezet naar PVB")


NOT_STARTED_STATES = frozenset({BudgetStatus.ALLOCATED, BudgetStatus.EXTENDED})
FINAL_STATES = frozenset({BudgetStatus.LAPSED, BudgetStatus.STOPPED, BudgetStatus.CONVERTED})


class StopReason(models.TextChoices):
    OWN_CHOICE = "OWN_CHOICE", _("eigen keuze")
    DEATH = "DEATH", _("overlijden")
    FRAUD = "FRAUD", _("fraude")
    # R7: a PAB whose holder reaches 22 without a support plan for a PVB (settlements.transitions).
    AGE_LIMIT = "AGE_LIMIT", _("22 jaar zonder ondersteuningsplan PVB")


# What staff choose when they stop a budget by hand; AGE_LIMIT is set by the R7 run only.
MANUAL_STOP_REASONS = (StopReason.OWN_CHOICE, StopReason.DEATH, StopReason.FRAUD)


class AccountHolderKind(models.TextChoices):
    """In whose name the budget account may be (R10, seed 003 §2.2)."""

    HOLDER = "HOLDER", _("de budgethouder")
    REPRESENTATIVE = "REPRESENTATIVE", _("een wettelijk vertegenwoordiger")
    NOTARIAL = "NOTARIAL", _("een aangestelde via notariële akte")
    MINOR = "MINOR", _("de minderjarige")
    OTHER = "OTHER", _("iemand anders")


class PaymentMode(models.TextChoices):
    CASH = "CASH", _("cash")
    VOUCHER = "VOUCHER", _("voucher")
    COMBINATION = "COMBINATION", _("cash en voucher")


class ErrorCode(StrEnum):
    """Stable error codes of the dossier services (values never change; codes the rules own
    live in ``budgetlijn.rules.codes``)."""

    # A model field error Django raised without a code of its own (Django's generic code).
    INVALID = "invalid"
    ACCOUNT_EXISTS = "account_exists"
    YEARLY_AMOUNT_MISSING = "yearly_amount_missing"
    ALLOCATION_INCOMPLETE = "allocation_incomplete"
    NOTHING_CHANGED = "nothing_changed"
    REASON_MISSING = "reason_missing"
    FROM_DAY_IN_FUTURE = "from_day_in_future"
    FROM_DAY_BEFORE_START = "from_day_before_start"
    FROM_DAY_BEFORE_LAST_CHANGE = "from_day_before_last_change"
    CHANGE_BELOW_PAID = "change_below_paid"
    BUDGET_NOT_STARTED = "budget_not_started"
    ALLOCATION_CHANGE_APPEND_ONLY = "allocation_change_append_only"
    # check_ledger (dossiers/invariants.py)
    ALLOCATION_NOT_SETTLED = "allocation_not_settled"
    ALLOCATION_NOT_COMPUTABLE = "allocation_not_computable"
    YEAR_AFTER_END_NOT_TAKEN_BACK = "year_after_end_not_taken_back"
