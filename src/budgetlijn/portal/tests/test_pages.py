"""The holder's pages: what each user reaches (R36), the budget line and cost lines, and 404
for every id outside reach."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgetlijn.portal.tests.helpers import current_mandate
from budgetlijn.rules.money import format_eur

pytestmark = pytest.mark.django_db


def signed_in(client, fresh, role):
    client.force_login(fresh(role))
    return client


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_r36_mijn_dossiers_lists_what_the_holder_reaches_and_nothing_else(client, world, fresh):
    response = signed_in(client, fresh, "mother").get(reverse("portal:home"))
    assert response.status_code == 200
    page = response.content.decode()
    child, other = world.target["person"], world.other["person"]
    assert reverse("portal:dossier", args=[child.pk]) in page
    assert reverse("portal:dossier", args=[other.pk]) not in page
    assert child.national_number not in page  # masked
    assert child.masked_national_number in page
    assert 'lang="nl-BE"' in page
    assert 'href="#inhoud"' in page and 'id="inhoud"' in page


def test_portal_pages_are_private_to_the_user(client, world, fresh):
    signed_in(client, fresh, "mother")
    for url in (
        reverse("portal:home"),
        reverse("portal:dossier", args=[world.target["person"].pk]),
        reverse("portal:budget", args=[world.target["budget"].pk]),
        reverse("portal:mandates", args=[world.target["person"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"], url
        assert "no-store" in response["Cache-Control"], url


def test_dossier_page_shows_the_budgets(client, world, fresh):
    response = signed_in(client, fresh, "mother").get(
        reverse("portal:dossier", args=[world.target["person"].pk])
    )
    page = response.content.decode()
    assert reverse("portal:budget", args=[world.target["budget"].pk]) in page
    assert "persoonlijke-assistentiebudget (PAB)" in page
    assert reverse("portal:mandates", args=[world.target["person"].pk]) in page


def test_r26_budget_page_shows_the_budget_line_of_the_year_and_the_cost_lines(client, world, fresh):
    budget = world.target["budget"]
    line = world.target["line"]
    response = signed_in(client, fresh, "mother").get(
        reverse("portal:budget", args=[budget.pk]), {"jaar": "2023"}
    )
    assert response.status_code == 200
    overview = response.context["overview"]
    assert overview.year == 2023
    page = response.content.decode()
    assert "Budgetlijn 2023" in page
    assert overview.yearly_amount > 0
    assert overview.reimbursed + overview.committed > 0  # the world's 1 500 wage line
    for amount in (overview.yearly_amount, overview.remaining, overview.committed):
        assert format_eur(amount) in page
    assert f"Staat {line.statement_id}, lijn {line.line_no}" in page
    assert line.get_outcome_display() in page
    assert list(response.context["page"]) == [line]


def test_r25_budget_page_shows_each_reason_of_a_line(client, world, fresh):
    from budgetlijn.costs.models import CostLine

    line = world.target["line"]
    reasons = [{"rule": "R25", "code": "late", "message": "Te laat ingediend: geef een reden."}]
    CostLine.objects.filter(pk=line.pk).update(violations=reasons)
    response = signed_in(client, fresh, "mother").get(
        reverse("portal:budget", args=[world.target["budget"].pk]), {"jaar": "2023"}
    )
    assert "R25: Te laat ingediend: geef een reden." in response.content.decode()


@pytest.mark.parametrize("year", ["2019", "twee", "2023x"])
def test_a_year_without_a_budget_line_is_not_found(client, world, fresh, year):
    response = signed_in(client, fresh, "mother").get(
        reverse("portal:budget", args=[world.target["budget"].pk]), {"jaar": year}
    )
    assert response.status_code == 404


def guessed_urls(world):
    other = world.other
    return [
        reverse("portal:dossier", args=[other["person"].pk]),
        reverse("portal:budget", args=[other["budget"].pk]),
        reverse("portal:mandates", args=[other["person"].pk]),
        reverse("portal:grant", args=[other["person"].pk]),
        reverse("portal:revoke", args=[other["mandate"].pk]),
        reverse("portal:dossier", args=[999_999]),
        reverse("portal:budget", args=[999_999]),
        reverse("portal:revoke", args=[999_999]),
    ]


@pytest.mark.parametrize(
    "role", ["mother", "child", "adult_holder", "staff_full_mandate", "analyst"]
)
def test_r36_guessed_ids_answer_404(client, world, fresh, role):
    signed_in(client, fresh, role)
    for url in guessed_urls(world):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


@pytest.mark.parametrize("role", ["father_not_managing", "adult_holder", "staff_expired_mandate"])
def test_r36_the_target_dossier_is_out_of_reach_for_others(client, world, fresh, role):
    signed_in(client, fresh, role)
    target = world.target
    for url in (
        reverse("portal:dossier", args=[target["person"].pk]),
        reverse("portal:budget", args=[target["budget"].pk]),
        reverse("portal:mandates", args=[target["person"].pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_404_page_is_dutch(client, world, fresh):
    response = signed_in(client, fresh, "mother").get(reverse("portal:dossier", args=[999_999]))
    assert response.status_code == 404
    assert "Niet gevonden" in response.content.decode()


def test_r36_staff_with_a_mandate_in_force_see_the_dossier_and_budget(client, world, fresh):
    person = world.target["person"]
    _org, member, _granted = current_mandate(person, "Bijstand Vandaag", "vandaag")
    client.force_login(member)
    assert client.get(reverse("portal:dossier", args=[person.pk])).status_code == 200
    assert client.get(reverse("portal:budget", args=[world.target["budget"].pk])).status_code == 200


def test_r36_mijn_budgethouders_lists_the_holders_of_mandates_in_force_today(client, world, fresh):
    person = world.target["person"]
    org, member, granted = current_mandate(
        person, "Bijstand Vandaag", "vandaag", rights=("file_costs",)
    )
    client.force_login(member)
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:holders") in home
    response = client.get(reverse("portal:holders"))
    assert response.status_code == 200
    page = response.content.decode()
    assert person.full_name in page
    assert "kosten indienen" in page and "overeenkomsten registreren" not in page
    assert [row["mandate"] for row in response.context["rows"]] == [granted]


@pytest.mark.parametrize("role", ["staff_expired_mandate", "staff_revoked_mandate"])
def test_r36_mijn_budgethouders_leaves_out_ended_and_revoked_mandates(client, world, fresh, role):
    response = signed_in(client, fresh, role).get(reverse("portal:holders"))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert world.target["person"].full_name not in response.content.decode()


@pytest.mark.parametrize("role", ["mother", "analyst", "staff_inactive_member"])
def test_mijn_budgethouders_is_not_there_for_others(client, world, fresh, role):
    assert signed_in(client, fresh, role).get(reverse("portal:holders")).status_code == 404


def test_the_budget_page_runs_a_fixed_number_of_queries(client, world, fresh):
    from datetime import date

    from budgetlijn.costs import services as costs
    from budgetlijn.costs.tests.conftest import cost, statement

    budget = world.target["budget"]
    signed_in(client, fresh, "mother")
    url = reverse("portal:budget", args=[budget.pk])
    client.get(url, {"jaar": "2023"})  # the session, once

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"jaar": "2023"}).status_code == 200
        return len(queries)

    before = count()
    contract = world.target["contract"]
    lines = [cost(contract, "900.00", month=month) for month in (2, 3, 4)]
    result = costs.file_statement(statement(budget, *lines), filed_on=date(2023, 6, 15))
    assert result.statement is not None
    assert len(client.get(url, {"jaar": "2023"}).context["page"]) == 4
    assert count() == before
