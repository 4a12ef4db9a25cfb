from django.urls import path

from budgetlijn.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.StatisticsView.as_view(), name="statistics"),
    path("export.csv", views.CsvExportView.as_view(), name="export_csv"),
    path("export.xlsx", views.XlsxExportView.as_view(), name="export_xlsx"),
]
