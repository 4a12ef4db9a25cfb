"""In a real browser, with the keyboard: a holder reads the payments of their budget (a
transfer returned by the bank, paid again; what was withheld) and asks the free share, first
without an amount (the error names the field). Both pages pass axe-core without serious
violations."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from budgetlijn.access.tests.money_world import WRONG_IBAN_REASON, build_money_world
from budgetlijn.freeshare.models import FreeShareRequest
from budgetlijn.portal import money as money_views
from budgetlijn.portal.tests.test_browser import (
    PASSWORD,
    check_page,
    press_enter_and_wait,
    tab_to,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_holder_reads_payments_and_asks_the_free_share_with_the_keyboard(
    live_server, page, monkeypatch
):
    monkeypatch.setattr(money_views, "_today", lambda: date(2023, 12, 1))
    money = build_money_world()
    holder = get_user_model().objects.get(pk=money.users["holder"].pk)
    holder.set_password(PASSWORD)
    holder.save()
    budget = money.budget
    base = live_server.url

    page.goto(f"{base}/accounts/login/?next=/mijn/budgetten/{budget.pk}/")
    page.get_by_label("Gebruikersnaam").fill(holder.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_label("Wachtwoord").press("Enter")
    check_page(page)

    tab_to(page, text="Betalingen: wat betaald en ingehouden werd, en wat nog betaald wordt")
    press_enter_and_wait(page, f"/mijn/budgetten/{budget.pk}/betalingen/")
    check_page(page)
    content = page.content()
    assert WRONG_IBAN_REASON in content
    assert "Opnieuw betaald in de betaalrun van" in content
    assert "Te veel terugbetaald in 2022" in content
    assert page.get_by_role("heading", name="Aanvaard, nog niet betaald").count() == 1

    tab_to(page, text="Het vrij besteedbaar deel aanvragen")
    press_enter_and_wait(page, "/vrij-besteedbaar-deel/")
    check_page(page)

    # Without an amount: the error names the field, and the page still passes axe.
    tab_to(page, text="Aanvragen")
    press_enter_and_wait(page, "/vrij-besteedbaar-deel/")
    summary = page.get_by_role("alert")
    assert "Bedrag in euro: Vul het bedrag in dat u vraagt." in summary.inner_text()
    check_page(page)

    tab_to(page, label="Bedrag in euro")
    page.keyboard.type("100,00")
    page.keyboard.press("Enter")
    page.wait_for_url("**aanvraag=*")
    check_page(page)
    decision = page.get_by_role("region", name="Beslissing over aanvraag 4 voor 2023")
    assert "Geweigerd" in decision.inner_text()
    assert "al volledig opgevraagd" in decision.inner_text()
    assert FreeShareRequest.objects.filter(budget=budget).count() == 4
