"""Properties of R36 over many generated cases (hypothesis): the one-year default end, and the
licence limit that holds whatever order licences are registered in."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from budgetlijn.assistance import services
from budgetlijn.assistance.constants import OrganisationKind
from budgetlijn.assistance.models import Organisation
from budgetlijn.assistance.tests.factories import enterprise_number, iban

pytestmark = pytest.mark.django_db


@given(st.dates(min_value=date(2017, 1, 1), max_value=date(2099, 12, 31)))
def test_r36_the_default_end_is_the_day_before_the_anniversary(start):
    end = services.default_end(start)
    anniversary = end + timedelta(days=1)
    assert timedelta(days=364) <= end - start <= timedelta(days=365)
    if (start.month, start.day) == (2, 29):
        assert (anniversary.month, anniversary.day) == (3, 1)
    else:
        assert (anniversary.year, anniversary.month, anniversary.day) == (
            start.year + 1,
            start.month,
            start.day,
        )


DAY0 = date(2020, 1, 1)
licences = st.lists(
    st.tuples(st.integers(0, 40), st.one_of(st.none(), st.integers(0, 40))),
    min_size=1,
    max_size=9,
)


class LicenceLimitProperties(TestCase):
    @settings(max_examples=40)
    @given(licences)
    def test_r36_never_more_than_five_licensed_on_any_day(self, periods):
        """Register licences in the given order (start, length in days or open-ended); some
        are refused. Whatever is kept: at most five on every day, and a refused one would
        have made six on some day."""
        with transaction.atomic():
            for offset, length in periods:
                start = DAY0 + timedelta(days=offset)
                until = None if length is None else start + timedelta(days=length)
                fields = {
                    "kind": OrganisationKind.ASSISTANCE_ORGANISATION,
                    "name": f"Bijstand {offset}-{length}",
                    "enterprise_number": enterprise_number(),
                    "iban": iban(),
                    "licensed_from": start,
                    "licensed_until": until,
                }
                try:
                    services.create_organisation(**fields)
                    refused = False
                except ValidationError:
                    refused = True
                kept = list(Organisation.objects.all())
                if refused:
                    last = start + timedelta(days=length if length is not None else 90)
                    days = [start + timedelta(days=n) for n in range((last - start).days + 1)]
                    assert any(sum(o.is_licensed_on(day) for o in kept) >= 5 for day in days), (
                        start,
                        until,
                    )
            for n in range(0, 140):
                day = DAY0 + timedelta(days=n)
                assert sum(o.is_licensed_on(day) for o in kept) <= 5
            transaction.set_rollback(True)
