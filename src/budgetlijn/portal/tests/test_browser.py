"""End to end in a real browser (Debian's Chromium through Playwright), with the keyboard only:
a holder signs in, opens the child's dossier, grants an assistance organisation a mandate
(after a first try without an organisation, which names the field), and revokes it after the
confirmation step (R36). Every page passes axe-core without serious violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from budgetlijn.access.models import HolderAccount
from budgetlijn.access.tests.world import organisation, pab_dossier
from budgetlijn.assistance.constants import MandateRight
from budgetlijn.assistance.models import Mandate

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "geheim-wachtwoord-123"  # noqa: S105 (a test account)
SERIOUS = {"serious", "critical"}
MAX_TABS = 60


def serious_violations(page):
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const label = el && el.labels && el.labels.length ? el.labels[0].innerText : "";
            return {
                tag: el ? el.tagName.toLowerCase() : "",
                text: el ? (el.innerText || el.value || "").trim() : "",
                label: label.trim(),
                id: el ? el.id : "",
                outline: el ? getComputedStyle(el).outlineStyle : "none",
            };
        }"""
    )


def tab_to(page, *, text=None, label=None, element_id=None) -> dict:
    """Press Tab until the focused element has ``text`` (a link or button), ``label`` (a form
    field) or ``element_id``; fails when it is not reachable with the keyboard."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if (
            (text is not None and now["text"] == text)
            or (label is not None and now["label"] == label)
            or (element_id is not None and now["id"] == element_id)
        ):
            assert now["outline"] != "none", now  # the focus is visible
            return now
    raise AssertionError(f"not reachable with Tab: {text or label or element_id}")


def press_enter_and_wait(page, url_part):
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert url_part in page.url, page.url


def check_page(page):
    assert page.locator("html").get_attribute("lang") == "nl-BE"
    assert page.locator("main#inhoud").count() == 1
    assert serious_violations(page) == []


def test_r36_a_holder_grants_and_revokes_a_mandate_with_the_keyboard(live_server, page):
    made = pab_dossier()
    child, mother = made["person"], made["mother"]
    holder = get_user_model().objects.create_user(username="moeder", password=PASSWORD)
    HolderAccount.objects.create(user=holder, person=mother)
    org = organisation(name="Bijstandsorganisatie Zonnebloem")
    organisation(name="Bijstandsorganisatie Anker")
    base = live_server.url

    # Sign in: the user name field has the focus when the page opens.
    page.goto(f"{base}/mijn/")
    assert "/accounts/login/" in page.url
    page.wait_for_function("document.activeElement && document.activeElement.name === 'username'")
    page.keyboard.type("moeder")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    press_enter_and_wait(page, "/mijn/")
    check_page(page)

    # The first stop is the skip link.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Naar de inhoud"

    tab_to(page, text=child.full_name)
    press_enter_and_wait(page, f"/mijn/dossiers/{child.pk}/")
    check_page(page)

    tab_to(
        page,
        text="Volmachten: welke organisaties mogen iets voor dit dossier doen, en wat deden ze?",
    )
    press_enter_and_wait(page, "/volmachten/")
    check_page(page)
    assert "Er is nog geen volmacht voor dit dossier." in page.content()

    tab_to(page, text="Een volmacht geven")
    press_enter_and_wait(page, "/volmachten/nieuw/")
    check_page(page)

    # A first try without an organisation: the error names the field.
    tab_to(page, text="Volmacht geven")
    press_enter_and_wait(page, "/volmachten/nieuw/")
    summary = page.get_by_role("alert")
    assert "Bijstandsorganisatie: Kies de bijstandsorganisatie die de volmacht krijgt." in (
        summary.inner_text()
    )
    check_page(page)

    # Choose the organisation by typing its name in the list, tick one right with Space.
    tab_to(page, label="Bijstandsorganisatie")
    page.keyboard.type("Bijstandsorganisatie Z")
    assert page.locator("#id_organisation").input_value() == str(org.pk)
    tab_to(page, label="kosten indienen")
    page.keyboard.press("Space")
    assert page.get_by_label("kosten indienen").is_checked()
    tab_to(page, text="Volmacht geven")
    press_enter_and_wait(page, f"/mijn/dossiers/{child.pk}/volmachten/")
    assert "Bijstandsorganisatie Zonnebloem heeft nu een volmacht" in page.content()
    check_page(page)

    granted = Mandate.objects.get(person=child, organisation=org)
    assert granted.rights == {MandateRight.VIEW, MandateRight.FILE_COSTS}
    assert granted.granted_by == holder

    # Revoke, after the confirmation step.
    tab_to(page, text="Volmacht van Bijstandsorganisatie Zonnebloem intrekken")
    press_enter_and_wait(page, f"/mijn/volmachten/{granted.pk}/intrekken/")
    assert "Volmacht van Bijstandsorganisatie Zonnebloem intrekken?" in page.content()
    check_page(page)
    granted.refresh_from_db()
    assert granted.revoked_at is None  # only asked

    tab_to(page, text="Ja, volmacht intrekken")
    press_enter_and_wait(page, f"/mijn/dossiers/{child.pk}/volmachten/")
    assert "De volmacht van Bijstandsorganisatie Zonnebloem is ingetrokken" in page.content()
    assert "ingetrokken op" in page.content()
    check_page(page)
    granted.refresh_from_db()
    assert granted.revoked_at is not None and granted.revoked_by == holder


def test_the_budget_page_passes_axe_and_a_guessed_id_is_not_found(live_server, page):
    made = pab_dossier()
    other = pab_dossier()
    holder = get_user_model().objects.create_user(username="moeder2", password=PASSWORD)
    HolderAccount.objects.create(user=holder, person=made["mother"])
    base = live_server.url
    page.goto(f"{base}/accounts/login/?next=/mijn/budgetten/{made['budget'].pk}/%3Fjaar%3D2023")
    page.get_by_label("Gebruikersnaam").fill("moeder2")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_label("Wachtwoord").press("Enter")
    assert f"/mijn/budgetten/{made['budget'].pk}/" in page.url
    assert "Budgetlijn 2023" in page.content()
    check_page(page)
    response = page.goto(f"{base}/mijn/budgetten/{other['budget'].pk}/")
    assert response.status == 404
    assert "Niet gevonden" in page.content()
    check_page(page)
