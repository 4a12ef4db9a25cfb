"""End to end in a real browser: an analyst signs in with the keyboard, asks the 2022
convenant question of seed 000 and reads the answer; the page passes axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from budgetlijn.reporting.tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)

SERIOUS = {"serious", "critical"}


def sign_in_with_keyboard(page, base_url, username):
    page.goto(f"{base_url}/statistieken/")
    assert "/accounts/login/" in page.url
    # The user name field has the focus when the page opens: type, Tab, type, Enter.
    page.wait_for_function("document.activeElement && document.activeElement.name === 'username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/statistieken/**")


def skip_to_content_with_keyboard(page):
    page.keyboard.press("Tab")  # the first stop on every page is the skip link
    page.wait_for_function(
        "document.activeElement && document.activeElement.getAttribute('href') === '#inhoud'"
    )
    assert page.evaluate("document.activeElement.innerText.trim()") == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#inhoud"


def serious_violations(page):
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def test_r38_analyst_answers_the_2022_convenant_question_in_the_browser(live_server, page):
    call_command(
        "load_demo", "--scale", "0", "--seed", "2023", "--today", "2026-11-23", verbosity=0
    )
    make_user("analist", analyst=True)
    sign_in_with_keyboard(page, live_server.url, "analist")
    assert page.locator("html").get_attribute("lang").lower().startswith("nl")
    skip_to_content_with_keyboard(page)
    assert serious_violations(page) == []

    page.get_by_label("Soort budget").select_option("CONVENANT")
    page.get_by_label("Jaar").fill("2022")
    page.get_by_role("button", name="Toon").press("Enter")
    page.wait_for_load_state()
    table = page.locator("table").first
    assert "Budgetcategorie" in table.inner_text()
    total_row = table.locator("tr", has_text="Totaal").last
    assert total_row.locator("td").last.inner_text().strip() == "124"
    high = table.locator("tr", has_text="Verblijf hoog frequent met dagopvang")
    assert high.locator("td").last.inner_text().strip() == "96"
    chart = page.locator("svg[role='img']")
    assert chart.count() == 1 and chart.get_attribute("aria-labelledby")
    assert serious_violations(page) == []

    # For publication: small figures hidden, also the row total of 2 children.
    page.get_by_label("Kleine cellen afschermen (voor publicatie)").check()
    page.get_by_role("button", name="Toon").press("Enter")
    page.wait_for_load_state()
    table = page.locator("table").first
    complementary = table.locator("tr", has_text="Schoolaanvullende dagopvang")
    assert complementary.locator("td").first.inner_text().strip() == "< 5"
    assert complementary.locator("td").last.inner_text().strip() == "< 5"
    total_row = table.locator("tr", has_text="Totaal").last
    assert total_row.locator("td").last.inner_text().strip() == "124"
    assert serious_violations(page) == []


def test_analyst_cannot_open_the_admin_in_the_browser(live_server, page):
    make_user("analist2", analyst=True)
    sign_in_with_keyboard(page, live_server.url, "analist2")
    page.goto(f"{live_server.url}/admin/dossiers/person/")
    # The admin's login sends to the one sign-in page, which says the account has no access.
    assert "/accounts/login/" in page.url
    assert "U hebt geen toegang tot die pagina" in page.content()
    assert "Personen" not in page.content()
