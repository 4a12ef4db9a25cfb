"""Sign-in through an OpenID Connect provider as Flemish citizens use it (eID, itsme), behind
``OIDC_ENABLED`` (docs/configuration.md, "OpenID Connect").

mozilla-django-oidc runs the authorisation code flow (state, nonce, PKCE); this backend adds
what it leaves to the project: the ID token's issuer and audience are checked, and the person
is found by the provider's subject or, at the first sign-in, by the national register number
claim (``OIDC_NATIONAL_NUMBER_CLAIM``), never by e-mail address. No account is made on the fly:
the number must have been linked to an account (``OidcIdentity``) or be resolved by
``OIDC_USER_FOR_NATIONAL_NUMBER`` (a dotted path to ``f(compact_number) -> user | None``, for
example the holder accounts of the access app).
"""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from budgetlijn.rules.identity import parse_national_number
from budgetlijn.security.models import OidcIdentity

log = logging.getLogger(__name__)


def _claim_number(claims: dict) -> str | None:
    raw = claims.get(getattr(settings, "OIDC_NATIONAL_NUMBER_CLAIM", "rrn"))
    if not raw:
        return None
    try:
        return parse_national_number(str(raw)).compact
    except ValueError:
        return None


class NationalNumberOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # A token that fails a check is a failed sign-in (the login page says so), not a 400.
        try:
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation as refused:
            log.warning("OIDC sign-in refused: %s", refused)
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        self._id_claims = payload
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("sub")) and _claim_number(claims) is not None

    def describe_user_by_claims(self, claims):
        return f"subject {claims.get('sub')}"

    def filter_users_by_claims(self, claims):
        # Used by mozilla-django-oidc's own lookup; this backend overrides get_or_create_user.
        return self.UserModel.objects.none()

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        # The ID token is signed; the userinfo answer must be about the same subject.
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo about another subject")
        if not self.verify_claims(claims):
            raise SuspiciousOperation("no subject or no valid national register number")
        return user_for_identity(
            issuer=payload.get("iss", ""), subject=claims["sub"], number=_claim_number(claims)
        )


@transaction.atomic
def user_for_identity(*, issuer: str, subject: str, number: str):
    """The account this identity signs in to, or None."""
    known = (
        OidcIdentity.objects.select_for_update()
        .filter(issuer=issuer, subject=subject)
        .select_related("user")
        .first()
    )
    if known is not None:
        if known.national_number != number:
            raise SuspiciousOperation("subject known with another national register number")
        return known.user if known.user.is_active else None
    linked = (
        OidcIdentity.objects.select_for_update()
        .filter(national_number=number)
        .select_related("user")
        .first()
    )
    if linked is None:
        resolver = getattr(settings, "OIDC_USER_FOR_NATIONAL_NUMBER", "")
        user = import_string(resolver)(number) if resolver else None
        if user is None:
            log.info("OIDC sign-in refused: no account for this identity")
            return None
        linked = OidcIdentity.objects.create(user=user, national_number=number)
    elif linked.subject:
        raise SuspiciousOperation("national register number bound to another subject")
    linked.issuer, linked.subject = issuer, subject
    linked.first_sign_in_at = timezone.now()
    linked.save(update_fields=["issuer", "subject", "first_sign_in_at"])
    return linked.user if linked.user.is_active else None


class _Enabled:
    def dispatch(self, request, *args, **kwargs):
        if not getattr(settings, "OIDC_ENABLED", False):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class StartView(_Enabled, OIDCAuthenticationRequestView):
    """Sends the browser to the provider."""


class CallbackView(_Enabled, OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code."""
