"""The one sign-in page (password; the links to the other ways in)."""

from django.conf import settings
from django.contrib.auth import views as auth_views


class SignInView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = getattr(settings, "OIDC_ENABLED", False)
        context["oidc_failed"] = self.request.GET.get("oidc") == "mislukt"
        return context
