"""Endpoints of version 1; add a resource's module here."""

from django.urls import path

from budgetlijn.api.v1 import statistics

app_name = "v1"

urlpatterns = [
    path("statistieken/", statistics.StatisticsView.as_view(), name="statistics"),
]
