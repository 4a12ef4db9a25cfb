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
