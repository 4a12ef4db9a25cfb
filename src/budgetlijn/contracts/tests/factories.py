"""Contract data for tests: complete contracts a holder would register, to change per test."""

from datetime import date
from decimal import Decimal

from budgetlijn.dossiers.tests.factories import national_number_for


def employment(**overrides):
    """A complete PAB employment contract with an outside assistant (R18)."""
    data = {
        "type_code": "PAB_EMPLOYMENT",
        "payment_mode": "CASH",
        "counterparty_kind": "PERSON",
        "counterparty_name": "Jana Wouters",
        "counterparty_national_number": national_number_for(date(1990, 4, 2), 17),
        "minor_name": "Noor Peeters",
        "start_date": date(2023, 3, 1),
        "end_date": date(2023, 12, 31),
        "notice_terms": "Wettelijke opzegtermijnen",
        "task_description": "Hulp bij wassen, aankleden en de weg naar school",
        "weekly_hours": Decimal("12.00"),
        "hourly_cost": Decimal("14.50"),
        "payment_terms": "Maandelijks loon via het sociaal secretariaat",
        "holder_signed_on": date(2023, 2, 20),
        "counterparty_signed_on": date(2023, 2, 20),
        "holder_enterprise_number": "0403170701",
    }
    data.update(overrides)
    return data


def short_term_contract(family, counter_type="PAB_LICENSED_SHORT_TERM", **overrides):
    data = {
        "type_code": counter_type,
        "payment_mode": "CASH",
        "counterparty_kind": "ENTERPRISE",
        "counterparty_name": "Vergunde zorgaanbieder De Linde",
        "counterparty_enterprise_number": "0403170897",
        "provider_kind": "LICENSED",
        "minor_name": "Noor Peeters",
        "start_date": date(2023, 1, 1),
        "end_date": date(2023, 12, 31),
        "notice_terms": "Een maand",
        "task_description": "Kortdurend verblijf tijdens de vakanties",
        "weekly_hours": Decimal("0.00"),
        "hourly_cost": Decimal("0.00"),
        "payment_terms": "Factuur per maand",
        "holder_signed_on": date(2022, 12, 20),
        "counterparty_signed_on": date(2022, 12, 20),
    }
    data.update(overrides)
    return data
