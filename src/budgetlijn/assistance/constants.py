"""Choices, rights and error codes of organisations and mandates (R36)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """What an organisation is for Budgetlijn (seed 003 §1.4 and §3.3)."""

    ASSISTANCE_ORGANISATION = "ASSISTANCE_ORGANISATION", _("bijstandsorganisatie")
    LICENSED_PROVIDER = "LICENSED_PROVIDER", _("vergunde zorgaanbieder")
    MULTIFUNCTIONAL_CENTRE = "MULTIFUNCTIONAL_CENTRE", _("multifunctioneel centrum")
    NON_LICENSED_PROVIDER = "NON_LICENSED_PROVIDER", _("niet-vergunde zorgaanbieder")


class MandateRight(StrEnum):
    """What a mandate lets an organisation do for a holder (R36). VIEW is part of every
    mandate."""

    VIEW = "view"
    REGISTER_CONTRACTS = "register_contracts"
    FILE_COSTS = "file_costs"
    ASK_FREE_SHARE = "ask_free_share"


# The boolean field of ``Mandate`` that holds each right.
RIGHT_FIELDS: dict[MandateRight, str] = {
    MandateRight.VIEW: "may_view",
    MandateRight.REGISTER_CONTRACTS: "may_register_contracts",
    MandateRight.FILE_COSTS: "may_file_costs",
    MandateRight.ASK_FREE_SHARE: "may_ask_free_share",
}

# Dutch names of the rights, for messages and pages.
RIGHT_LABELS: dict[MandateRight, str] = {
    MandateRight.VIEW: _("dossier inkijken"),
    MandateRight.REGISTER_CONTRACTS: _("overeenkomsten registreren"),
    MandateRight.FILE_COSTS: _("kosten indienen"),
    MandateRight.ASK_FREE_SHARE: _("vrij besteedbaar deel aanvragen"),
}


class MandateAction(models.TextChoices):
    """What an organisation's staff member did under a mandate (``MandateAct.action``)."""

    VIEWED = "VIEWED", _("dossier bekeken")
    CONTRACT_REGISTERED = "CONTRACT_REGISTERED", _("overeenkomst geregistreerd")
    CONTRACT_CHANGED = "CONTRACT_CHANGED", _("overeenkomst gewijzigd")
    COSTS_FILED = "COSTS_FILED", _("kosten ingediend")
    FREE_SHARE_ASKED = "FREE_SHARE_ASKED", _("vrij besteedbaar deel aangevraagd")
    DOCUMENT_DOWNLOADED = "DOCUMENT_DOWNLOADED", _("document gedownload")


# The right an act needs (None: any active mandate, which always lets the organisation view).
ACTION_RIGHTS: dict[str, MandateRight] = {
    MandateAction.VIEWED: MandateRight.VIEW,
    MandateAction.DOCUMENT_DOWNLOADED: MandateRight.VIEW,
    MandateAction.CONTRACT_REGISTERED: MandateRight.REGISTER_CONTRACTS,
    MandateAction.CONTRACT_CHANGED: MandateRight.REGISTER_CONTRACTS,
    MandateAction.COSTS_FILED: MandateRight.FILE_COSTS,
    MandateAction.FREE_SHARE_ASKED: MandateRight.ASK_FREE_SHARE,
}


class ErrorCode(StrEnum):
    """Stable error codes of organisations and mandates (values never change)."""

    ORGANISATION_ENTERPRISE_NUMBER_INVALID = "organisation_enterprise_number_invalid"
    ORGANISATION_ENTERPRISE_NUMBER_TAKEN = "organisation_enterprise_number_taken"
    ORGANISATION_IBAN_INVALID = "organisation_iban_invalid"
    ORGANISATION_BIC_INVALID = "organisation_bic_invalid"
    ORGANISATION_LICENCE_DATES = "organisation_licence_dates"
    ORGANISATION_LICENCE_NOT_FOR_KIND = "organisation_licence_not_for_kind"
    ORGANISATION_TOO_MANY_LICENSED = "organisation_too_many_licensed"
    ORGANISATION_INACTIVE = "organisation_inactive"
    MEMBER_USER_INACTIVE = "member_user_inactive"
    MANDATE_ENDS_BEFORE_START = "mandate_ends_before_start"
    MANDATE_OVERLAPS = "mandate_overlaps"
    MANDATE_RIGHT_UNKNOWN = "mandate_right_unknown"
    MANDATE_NOT_ACTIVE = "mandate_not_active"
    MANDATE_REVOKE_IN_FUTURE = "mandate_revoke_in_future"
    MANDATE_RIGHT_MISSING = "mandate_right_missing"
    MANDATE_ACT_UNKNOWN_ACTION = "mandate_act_unknown_action"
    MANDATE_ACT_NOT_A_MEMBER = "mandate_act_not_a_member"
    MANDATE_ACT_APPEND_ONLY = "mandate_act_append_only"
    MANDATE_PERSON_DECEASED = "mandate_person_deceased"
