"""States and choices of contracts."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractStatus(models.TextChoices):
    REGISTERED = "REGISTERED", _("geregistreerd, wacht op goedkeuring")
    APPROVED = "APPROVED", _("goedgekeurd")
    REFUSED = "REFUSED", _("geweigerd")
    SUPERSEDED = "SUPERSEDED", _("vervangen door een nieuwe versie")


FINAL_STATES = frozenset({ContractStatus.REFUSED, ContractStatus.SUPERSEDED})


class RegisteredByRole(models.TextChoices):
    HOLDER = "HOLDER", _("de budgethouder")
    ASSISTANCE_ORGANISATION = "ASSISTANCE_ORGANISATION", _("een bijstandsorganisatie met volmacht")
    AGENCY = "AGENCY", _("het agentschap (papieren formulier)")


class CounterpartyKind(models.TextChoices):
    PERSON = "PERSON", _("natuurlijke persoon")
    ENTERPRISE = "ENTERPRISE", _("onderneming of organisatie")


class PaymentMode(models.TextChoices):
    CASH = "CASH", _("cash")
    VOUCHER = "VOUCHER", _("voucher")


class ProviderKind(models.TextChoices):
    NONE = "NONE", _("geen zorgaanbieder (persoon)")
    LICENSED = "LICENSED", _("vergunde zorgaanbieder")
    MFC = "MFC", _("multifunctioneel centrum")
    ASSISTANCE_ORGANISATION = "ASSISTANCE_ORGANISATION", _("bijstandsorganisatie")
    VOLUNTEER_ORGANISATION = "VOLUNTEER_ORGANISATION", _("vrijwilligersorganisatie")
    SERVICE_VOUCHER_COMPANY = "SERVICE_VOUCHER_COMPANY", _("dienstenchequebedrijf")
    WIJK_WERK_ORGANISER = "WIJK_WERK_ORGANISER", _("organisator wijk-werken")
    TEMP_AGENCY = "TEMP_AGENCY", _("interimkantoor")
    GREEN_CARE = "GREEN_CARE", _("groenezorginitiatief")
    PARENT_INITIATIVE = "PARENT_INITIATIVE", _("ouderinitiatief")
    WVG_ORGANISATION = "WVG_ORGANISATION", _("organisatie erkend of vergund binnen WVG")
    FOREIGN_FACILITY = "FOREIGN_FACILITY", _("buitenlandse voorziening")
    TRANSPORT = "TRANSPORT", _("vervoersbedrijf of taxi")
    OTHER_ORGANISATION = "OTHER_ORGANISATION", _("andere organisatie")
    FAMILY_INITIATIVE = "FAMILY_INITIATIVE", _("familiaal initiatief (hoogstens 15 cliënten)")


class ShortTermCounter(models.TextChoices):
    DAYS = "DAYS", _("dagen")
    NIGHTS = "NIGHTS", _("nachten")
    MOBILE = "MOBILE", _("mobiele begeleidingen")
    AMBULANT = "AMBULANT", _("ambulante begeleidingen")
    GROUP = "GROUP", _("groepsbegeleidingen")


class ExcludedUse(models.TextChoices):
    """R6: what a PAB cannot be used for (seed 002; 003 §4.4)."""

    OBSERVATION_TREATMENT_CENTRE = (
        "OBSERVATION_TREATMENT_CENTRE",
        _("observatie- en behandelingscentrum"),
    )
    MFC_STAY = "MFC_STAY", _("verblijf in een multifunctioneel centrum")
    DIRECT_ACCESS_HELP = "DIRECT_ACCESS_HELP", _("rechtstreeks toegankelijke hulp (RTH)")
    DAY_NURSERY = "DAY_NURSERY", _("kinderdagverblijf")
    CARE_INSURANCE_PREMIUM = "CARE_INSURANCE_PREMIUM", _("premie van de zorgverzekering")


# The contract fields a holder fills in (everything else is set by the services), each with the
# field of the rules' facts it becomes (``rules.contracts.ContractFacts``; ``counterparty.<name>``
# for ``PartyFacts``). The one list: the services' input fields, the facts the rules read and the
# form field a violation is shown at all derive from it.
FACT_FIELDS: dict[str, str] = {
    "type_code": "type_code",
    "payment_mode": "payment_mode",
    "counterparty_kind": "counterparty.kind",
    "counterparty_name": "counterparty.name",
    "counterparty_national_number": "counterparty.national_number",
    "counterparty_enterprise_number": "counterparty.enterprise_number",
    "counterparty_person": "counterparty.person_id",
    "counterparty_lives_abroad": "counterparty.lives_abroad",
    "provider_kind": "counterparty.provider_kind",
    "family_second_degree": "counterparty_family_second_degree",
    "same_household": "counterparty_same_household",
    "minor_name": "minor_name",
    "start_date": "start_date",
    "end_date": "end_date",
    "indefinite_duration": "indefinite_duration",
    "notice_terms": "notice_terms",
    "task_description": "task_description",
    "weekly_hours": "weekly_hours",
    "hourly_cost": "hourly_cost",
    "payment_terms": "payment_terms",
    "holder_signatory": "registered_by_id",
    "holder_signed_on": "holder_signed_on",
    "counterparty_signed_on": "counterparty_signed_on",
    "holder_enterprise_number": "holder_enterprise_number",
    "student_minor": "student_minor",
    "parents_consent_on": "parents_consent_on",
    "wijk_werk_registered_on": "wijk_werk_registered_on",
    "provider_declaration_on": "provider_declaration_on",
    "supervising_guardian_signed_on": "supervising_guardian_signed_on",
    "justice_of_peace_consent_on": "justice_of_peace_consent_on",
    "support_function": "support_function",
    "excluded_use": "excluded_use",
    "hotel_costs_included": "hotel_costs_included",
}
INPUT_FIELDS = tuple(FACT_FIELDS)
# Where a violation about a field of the facts is shown: the contract's own field.
FORM_FIELDS = {fact: model for model, fact in FACT_FIELDS.items()}


class ErrorCode(StrEnum):
    """Stable error codes of the contracts app's own input checks (values never change); the
    contract rules' codes are in ``rules.codes``."""

    INPUT_INVALID = "contract_input_invalid"
    DATE_OUT_OF_RANGE = "contract_date_out_of_range"
