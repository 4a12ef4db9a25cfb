"""The API's authentication: DRF's session and HTTP Basic, with two-factor sign-in for staff.

Both check passwords through AUTHENTICATION_BACKENDS, so django-axes throttles them. HTTP Basic
cannot carry a second factor, so staff accounts (who need two-factor sign-in) are refused on
it; they use the API through a session signed in with both steps (StaffTwoFactorMiddleware
refuses an unverified staff session on /api/).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication, SessionAuthentication

from budgetlijn.security.two_factor import needs_two_factor


class PasswordBasicAuthentication(BasicAuthentication):
    def authenticate_credentials(self, userid, password, request=None):
        user, auth = super().authenticate_credentials(userid, password, request)
        if needs_two_factor(user):
            raise exceptions.AuthenticationFailed(
                _(
                    "Medewerkers van het agentschap melden zich aan in twee stappen; HTTP Basic "
                    "kan dat niet. Meld u aan in het portaal en gebruik die sessie."
                )
            )
        return user, auth


# Basic first: an anonymous request is answered 401 with `WWW-Authenticate: Basic`.
AUTHENTICATION_CLASSES = [PasswordBasicAuthentication, SessionAuthentication]


class PasswordBasicScheme(OpenApiAuthenticationExtension):
    """The OpenAPI schema's description of PasswordBasicAuthentication (HTTP Basic)."""

    target_class = "budgetlijn.security.api_auth.PasswordBasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "basic",
            "description": "Gebruikersnaam en wachtwoord; niet voor medewerkers van het "
            "agentschap (zij melden zich aan in twee stappen en gebruiken hun sessie).",
        }
