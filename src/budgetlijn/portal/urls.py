"""The holder's portal under /mijn/ (and organisation staff's list of their holders)."""

from django.urls import path

from budgetlijn.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.my_dossiers, name="home"),
    path("dossiers/<int:person_id>/", views.dossier, name="dossier"),
    path("budgetten/<int:budget_id>/", views.budget, name="budget"),
    path("dossiers/<int:person_id>/volmachten/", views.mandates, name="mandates"),
    path("dossiers/<int:person_id>/gegevens/", views.personal_data, name="personal_data"),
    path("dossiers/<int:person_id>/volmachten/nieuw/", views.grant, name="grant"),
    path("volmachten/<int:mandate_id>/intrekken/", views.revoke, name="revoke"),
    path("budgethouders/", views.my_holders, name="holders"),
]

# Money out (issues 9 and 10): payments of a budget, the free-share form, a provider's invoices.
from budgetlijn.portal import money  # noqa: E402

urlpatterns += [
    path("budgetten/<int:budget_id>/betalingen/", money.payments, name="payments"),
    path("budgetten/<int:budget_id>/vrij-besteedbaar-deel/", money.free_share, name="free_share"),
    path(
        "budgetten/<int:budget_id>/vrij-besteedbaar-deel/terugstorten/",
        money.free_share_correction,
        name="free_share_correction",
    ),
    path("facturen/", money.provider_invoices, name="provider_invoices"),
    path("facturen/<int:invoice_id>/", money.provider_invoice, name="provider_invoice"),
]
