"""/api/: the versioned API, its OpenAPI schema and the schema's documentation."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

app_name = "api"

urlpatterns = [
    path("v1/", include("budgetlijn.api.v1.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # The split view serves its start-up script as a file (?script), not inline, so the
        # content security policy needs no 'unsafe-inline' (budgetlijn.security).
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema",
            title=_("Budgetlijn API"),
            template_name="api/swagger_ui.html",
        ),
        name="docs",
    ),
]
