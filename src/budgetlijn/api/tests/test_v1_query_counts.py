"""Every list of the API runs a fixed number of queries, whatever its length (two sizes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgetlijn.access.tests.world import mandate, organisation, pab_dossier

pytestmark = pytest.mark.django_db

LISTS = (
    "/api/v1/dossiers/",
    "/api/v1/budgets/",
    "/api/v1/contracts/",
    "/api/v1/kostenstaten/",
    "/api/v1/volmachten/",
    "/api/v1/wachtrij/kosten/",
)


def counts(api):
    result = {}
    for url in LISTS:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
        assert response.status_code == 200, url
        result[url] = (len(queries), response.json()["count"])
    return result


@pytest.mark.parametrize("role", ["superuser", "inspector", "mother"])
def test_lists_run_a_fixed_number_of_queries(as_user, world, role):
    api = as_user(role)
    before = counts(api)
    for _number in range(2):
        more = pab_dossier("0403170897")
        org = organisation()
        mandate(
            more["person"],
            org,
            starts_on=world.mandates["full"].starts_on,
            ends_on=world.mandates["full"].ends_on,
        )
    after = counts(api)
    assert {url: n for url, (n, _count) in after.items()} == {
        url: n for url, (n, _count) in before.items()
    }
    if role == "superuser":  # the lists did grow
        assert after["/api/v1/dossiers/"][1] == before["/api/v1/dossiers/"][1] + 6
        assert after["/api/v1/kostenstaten/"][1] == before["/api/v1/kostenstaten/"][1] + 2
