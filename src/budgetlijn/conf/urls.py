from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from budgetlijn.portal.views import landing
from budgetlijn.security import oidc, two_factor
from budgetlijn.security.views import SignInView

admin.site.site_header = _("Budgetlijn: beheer voor het agentschap")
admin.site.site_title = _("Budgetlijn")
admin.site.index_title = _("Dossiers, budgetten, kosten en grootboek")

urlpatterns = [
    # Where each user starts, by role (portal.views.landing); also where sign-in leads.
    path("", landing, name="landing"),
    path("admin/", admin.site.urls),
    # Portal login (Dutch template in budgetlijn/templates/registration/); settings.LOGIN_URL
    # keeps Django's default /accounts/login/.
    path(
        "accounts/login/",
        SignInView.as_view(next_page=reverse_lazy("landing")),
        name="login",
    ),
    path(
        "accounts/logout/",
        auth_views.LogoutView.as_view(next_page=reverse_lazy("login")),
        name="logout",
    ),
    path("accounts/tweestaps/", two_factor.verify, name="two_factor_verify"),
    path("accounts/tweestaps/instellen/", two_factor.setup, name="two_factor_setup"),
    # OpenID Connect (404 unless OIDC_ENABLED).
    path("accounts/oidc/start/", oidc.StartView.as_view(), name="oidc_start"),
    path("accounts/oidc/callback/", oidc.CallbackView.as_view(), name="oidc_callback"),
    path("statistieken/", include("budgetlijn.reporting.urls")),
    path("api/", include("budgetlijn.api.urls")),
    # The holder's portal (and organisation staff's holders).
    path("mijn/", include("budgetlijn.portal.urls")),
]
