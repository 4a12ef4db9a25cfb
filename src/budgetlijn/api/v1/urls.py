"""Endpoints of version 1; add a resource's module here."""

from django.urls import path

from budgetlijn.api.v1 import (
    auth,
    budgets,
    contracts,
    cost_files,
    dossiers,
    mandates,
    statements,
    statistics,
)

app_name = "v1"

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("auth/token/intrekken/", auth.LogoutView.as_view(), name="token-revoke"),
    path("dossiers/", dossiers.DossierList.as_view(), name="dossiers"),
    path("dossiers/<int:pk>/", dossiers.DossierDetail.as_view(), name="dossier"),
    path("budgets/", budgets.BudgetList.as_view(), name="budgets"),
    path("budgets/<int:pk>/", budgets.BudgetDetail.as_view(), name="budget"),
    path("budgets/<int:pk>/lijn/<int:year>/", budgets.BudgetLineView.as_view(), name="budget-line"),
    path("contracts/", contracts.ContractList.as_view(), name="contracts"),
    path("contracts/<int:pk>/", contracts.ContractDetail.as_view(), name="contract"),
    path("contracts/<int:pk>/versies/", contracts.AmendView.as_view(), name="contract-versions"),
    path("kostenstaten/", statements.StatementList.as_view(), name="cost-statements"),
    path("kostenstaten/<int:pk>/", statements.StatementDetail.as_view(), name="cost-statement"),
    path("kostenbestanden/", cost_files.CostFileList.as_view(), name="cost-files"),
    path("kostenbestanden/<int:pk>/", cost_files.CostFileDetail.as_view(), name="cost-file"),
    path(
        "kostenbestanden/<int:pk>/boeken/", cost_files.CostFileBook.as_view(), name="cost-file-book"
    ),
    path("wachtrij/kosten/", statements.ReviewQueue.as_view(), name="cost-review-queue"),
    path("volmachten/", mandates.MandateList.as_view(), name="mandates"),
    path("volmachten/<int:pk>/intrekken/", mandates.RevokeView.as_view(), name="mandate-revoke"),
    path("statistieken/", statistics.StatisticsView.as_view(), name="statistics"),
]

# Money out (issue 10, wave 3): free share, payments, voucher invoices, payment runs.
from budgetlijn.api.v1 import free_share, payments, vouchers  # noqa: E402

urlpatterns += [
    path(
        "budgets/<int:pk>/vrij-besteedbaar-deel/",
        free_share.FreeShareList.as_view(),
        name="budget-free-share",
    ),
    path("budgets/<int:pk>/betalingen/", payments.BudgetPayments.as_view(), name="budget-payments"),
    path("voucherfacturen/", vouchers.VoucherInvoiceList.as_view(), name="voucher-invoices"),
    path(
        "voucherfacturen/<int:pk>/", vouchers.VoucherInvoiceDetail.as_view(), name="voucher-invoice"
    ),
    path("betaalruns/", payments.PaymentRunList.as_view(), name="payment-runs"),
]
