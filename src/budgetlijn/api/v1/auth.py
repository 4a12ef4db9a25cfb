"""POST /api/v1/auth/token/ (a token for a username and password) and
POST /api/v1/auth/token/intrekken/ (log out: the token stops working).

Tokens are django-rest-knox tokens: stored as a hash, one per device, each with an expiry
(``REST_KNOX["TOKEN_TTL"]``, ``API_TOKEN_TTL_HOURS``). The password is checked by
``django.contrib.auth.authenticate`` with the request, so every authentication backend and
sign-in throttle configured for the site applies here too."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from knox.auth import TokenAuthentication
from knox.models import get_token_model
from knox.settings import knox_settings
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from budgetlijn.api.constants import ErrorCode
from budgetlijn.api.problems import Problem, problem_responses
from budgetlijn.security.two_factor import needs_two_factor


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text=_("Uw gebruikersnaam."))
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, help_text=_("Uw wachtwoord.")
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text=_(
            "Het token; stuur het mee als 'Authorization: Token <token>'. Het wordt maar één "
            "keer getoond."
        )
    )
    expiry = serializers.DateTimeField(help_text=_("Tot wanneer het token geldig is."))


class TokenView(APIView):
    """Een token aanvragen met gebruikersnaam en wachtwoord."""

    authentication_classes: list = []  # no session: no CSRF, no cookie needed
    permission_classes = [AllowAny]
    throttle_scope = "token"

    def get_authenticate_header(self, request):
        # A wrong password answers 401 (not 403): the caller may try again, with a token after.
        return knox_settings.AUTH_HEADER_PREFIX

    @extend_schema(
        operation_id="auth_token_create",
        summary=_("Token aanvragen"),
        description=_(
            "Geeft een token met een vervaldatum voor de gebruikersnaam en het wachtwoord. "
            "Gebruik het in de kop 'Authorization: Token <token>'; trek het in met "
            "POST /api/v1/auth/token/intrekken/."
        ),
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            **problem_responses(400, 401, 403, 429),
        },
        examples=[
            OpenApiExample(
                "Aanmelden",
                value={"username": "an.peeters", "password": "een-sterk-wachtwoord"},
                request_only=True,
            ),
            OpenApiExample(
                "Token",
                value={
                    "token": "3f1c0d9a5b7e4c2a8d6f0b1e9c7a5d3f1b9e7c5a3d1f0b8e6c4a2d0f9b7e5c3",
                    "expiry": "2026-12-03T23:00:00+01:00",
                },
                response_only=True,
                status_codes=["200"],
            ),
        ],
        tags=["aanmelden"],
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=credentials.validated_data["username"],
            password=credentials.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed()
        if needs_two_factor(user):
            # A token carries no second factor: staff use the API through their session,
            # signed in with both steps (security.two_factor).
            raise Problem(
                403,
                ErrorCode.STAFF_NEEDS_TWO_FACTOR,
                gettext(
                    "Medewerkers van het agentschap melden zich aan in twee stappen; een token "
                    "kan dat niet. Meld u aan in het portaal en gebruik die sessie."
                ),
            )
        tokens = get_token_model().objects.filter(user=user, expiry__gt=timezone.now())
        limit = knox_settings.TOKEN_LIMIT_PER_USER
        if limit is not None and tokens.count() >= limit:
            raise Problem(
                403,
                ErrorCode.TOKEN_LIMIT,
                gettext(
                    "U hebt al %(limit)s geldige tokens. Trek een token in dat u niet meer "
                    "gebruikt, of wacht tot er een verloopt."
                )
                % {"limit": limit},
            )
        instance, token = get_token_model().objects.create(
            user=user, expiry=knox_settings.TOKEN_TTL
        )
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return Response(
            TokenSerializer({"token": token, "expiry": instance.expiry}).data, status=200
        )


class LogoutView(KnoxLogoutView):
    """Het token van deze vraag intrekken."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(
        operation_id="auth_token_revoke",
        summary=_("Token intrekken (afmelden)"),
        description=_("Het token waarmee u deze vraag stuurt, werkt daarna niet meer."),
        request=None,
        responses={204: None, **problem_responses(401)},
        tags=["aanmelden"],
    )
    def post(self, request, format=None):
        return super().post(request, format=format)
