"""Errors of the API as problem details (RFC 9457, ``application/problem+json``).

One exception handler (``settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]``) answers every error of
every API view with the same shape::

    {"type": "urn:budgetlijn:problem:<code>", "title": "...", "status": 400,
     "detail": "...", "code": "<code>", "instance": "/api/v1/...",
     "errors": [{"field": "lines[0].amount", "code": "...", "message": "..."}]}

``code`` is stable (``api.constants.ErrorCode``); ``errors`` lists what to correct, field by
field, with the services' own codes (a ``ValidationError`` of a service, ``RuleViolations``, the
cost statements' ``FieldError``). Titles, details and messages are Dutch. An object outside the
user's reach is a 404 like an unknown one (``access.queries.get_or_404`` raises ``Http404``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from budgetlijn.api.constants import ErrorCode
from budgetlijn.rules.parameters import ParameterMissing
from budgetlijn.rules.violations import RuleViolations

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:budgetlijn:problem:"

TITLES = {
    400: _("Ongeldige vraag"),
    401: _("Niet aangemeld"),
    403: _("Geen toegang"),
    404: _("Niet gevonden"),
    405: _("Methode niet toegelaten"),
    406: _("Antwoordformaat niet beschikbaar"),
    409: _("Conflict"),
    415: _("Formaat niet ondersteund"),
    422: _("Niet verwerkbaar"),
    429: _("Te veel vragen"),
}

# DRF's exceptions: our code and a Dutch detail that tells the caller what to do.
KNOWN: list[tuple[type[exceptions.APIException], ErrorCode, Any]] = [
    (
        exceptions.NotAuthenticated,
        ErrorCode.NOT_AUTHENTICATED,
        _(
            "U bent niet aangemeld. Vraag een token aan via POST /api/v1/auth/token/ en stuur "
            "het mee in de kop 'Authorization: Token <token>'."
        ),
    ),
    (
        exceptions.AuthenticationFailed,
        ErrorCode.AUTHENTICATION_FAILED,
        _(
            "Aanmelden is mislukt: de gebruikersnaam, het wachtwoord of het token klopt niet of "
            "het token is verlopen. Vraag een nieuw token aan."
        ),
    ),
    (
        exceptions.NotFound,
        ErrorCode.NOT_FOUND,
        _("Dit bestaat niet, of u hebt er geen toegang toe. Controleer het nummer in het adres."),
    ),
    (
        exceptions.MethodNotAllowed,
        ErrorCode.METHOD_NOT_ALLOWED,
        _("Deze methode is hier niet toegelaten. Zie de API-documentatie op /api/docs/."),
    ),
    (
        exceptions.NotAcceptable,
        ErrorCode.NOT_ACCEPTABLE,
        _("Dit antwoordformaat is niet beschikbaar. Vraag 'application/json'."),
    ),
    (
        exceptions.UnsupportedMediaType,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        _("Stuur de gegevens als JSON, met de kop 'Content-Type: application/json'."),
    ),
    (
        exceptions.ParseError,
        ErrorCode.PARSE_ERROR,
        _(
            "De gegevens zijn geen geldige JSON. Controleer de haakjes, komma's en aanhalingstekens."
        ),
    ),
    (exceptions.Throttled, ErrorCode.THROTTLED, None),
    (
        exceptions.PermissionDenied,
        ErrorCode.PERMISSION_DENIED,
        _("U mag dit niet doen. Vraag de nodige rechten aan het agentschap of de budgethouder."),
    ),
    (exceptions.ValidationError, ErrorCode.INVALID, None),
]

INVALID_DETAIL = _("De vraag bevat fouten. Verbeter de velden in 'errors' en probeer opnieuw.")


class Problem(exceptions.APIException):
    """An error a view answers itself: status, stable code, Dutch detail, field errors."""

    def __init__(
        self,
        status_code: int,
        code: str,
        detail: str,
        *,
        errors: Iterable[dict] = (),
        title: str | None = None,
    ):
        self.status_code = status_code
        self.problem_code = str(code)
        self.title = title
        self.errors = list(errors)
        super().__init__(detail=detail, code=str(code))


def field_error(field: str | None, code: str, message: str) -> dict:
    return {"field": field, "code": str(code), "message": str(message)}


def _join(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key in (api_settings.NON_FIELD_ERRORS_KEY, "__all__", None):
        return path
    return f"{path}.{key}" if path else str(key)


def flatten(detail: Any, path: str = "") -> list[dict]:
    """DRF's nested error details as a flat list of {field, code, message}."""
    if isinstance(detail, dict):
        return [e for key, value in detail.items() for e in flatten(value, _join(path, key))]
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [e for item in detail for e in flatten(item, path)]
        return [e for i, item in enumerate(detail) for e in flatten(item, _join(path, i))]
    code = getattr(detail, "code", None) or "invalid"
    return [field_error(path or None, code, str(detail))]


def django_errors(exc: DjangoValidationError) -> list[dict]:
    """A service's ValidationError (Dutch messages, codes) as field errors."""
    if hasattr(exc, "error_dict"):
        return [
            field_error(
                None if name == "__all__" else name,
                error.code or "invalid",
                " ".join(error.messages),
            )
            for name, items in exc.error_dict.items()
            for error in items
        ]
    return [field_error(None, e.code or "invalid", " ".join(e.messages)) for e in exc.error_list]


def violation_errors(exc: RuleViolations) -> list[dict]:
    return [field_error(v.field, v.code, v.text()) for v in exc.violations]


def _convert(exc: Exception) -> Exception:
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        return Problem(400, ErrorCode.INVALID, str(INVALID_DETAIL), errors=django_errors(exc))
    if isinstance(exc, ParameterMissing):
        # A rule needs a dated parameter that has no value for that day (a date long ago).
        return Problem(
            422,
            ErrorCode.PARAMETER_MISSING,
            str(exc),
            errors=[field_error(None, ErrorCode.PARAMETER_MISSING, str(exc))],
        )
    if isinstance(exc, RuleViolations):
        return Problem(
            422,
            ErrorCode.RULE_VIOLATED,
            gettext("De regels laten dit niet toe. Zie 'errors' voor de reden en wat te doen."),
            errors=violation_errors(exc),
        )
    return exc


def _describe(exc: exceptions.APIException) -> tuple[str, str, list[dict]]:
    """(code, detail, errors) of an API exception."""
    if isinstance(exc, Problem):
        return exc.problem_code, str(exc.detail), exc.errors
    found = next(((code, text) for kind, code, text in KNOWN if isinstance(exc, kind)), None)
    if found is None:
        return ErrorCode.SERVER_ERROR, str(exc.detail), []
    code, detail = found
    if isinstance(exc, exceptions.ValidationError):
        return code, str(INVALID_DETAIL), flatten(exc.detail)
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait) if exc.wait is not None else None
        text = gettext("U stuurde te veel vragen na elkaar.")
        if wait is not None:
            text += " " + gettext("Probeer opnieuw over %(seconds)s seconden.") % {
                "seconds": max(wait, 1)
            }
        return code, text, []
    for kind in (exceptions.PermissionDenied, exceptions.AuthenticationFailed):
        # a view's or an authentication class's own (Dutch) message, e.g. staff refused on
        # HTTP Basic (security.api_auth); DRF's own English texts are replaced by ours
        if isinstance(exc, kind) and str(exc.detail) not in {gettext(t) for t in _DRF_TEXTS[kind]}:
            return code, str(exc.detail), []
    return code, str(detail), []


# What DRF itself says when refusing (its default and its authentication classes' texts, as
# DRF's message ids: compared in the active language).
_DRF_TEXTS = {
    exceptions.PermissionDenied: {"You do not have permission to perform this action."},
    exceptions.AuthenticationFailed: {
        "Incorrect authentication credentials.",
        "Invalid username/password.",
        "User inactive or deleted.",
        "Invalid basic header. No credentials provided.",
        "Invalid basic header. Credentials string should not contain spaces.",
        "Invalid basic header. Credentials not correctly base64 encoded.",
        "Invalid token.",
        "Invalid token header. No credentials provided.",
        "Invalid token header. Token string should not contain spaces.",
        "Invalid token header. Token string should not contain invalid characters.",
    },
}


def problem(exc: exceptions.APIException, instance: str = "") -> dict:
    code, detail, errors = _describe(exc)
    title = getattr(exc, "title", None) or TITLES.get(exc.status_code) or gettext("Fout")
    return {
        "type": f"{TYPE_PREFIX}{code}",
        "title": str(title),
        "status": exc.status_code,
        "detail": detail,
        "code": str(code),
        "instance": instance,
        "errors": errors,
    }


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's exception handler for the whole API: every error as problem details."""
    exc = _convert(exc)
    if not isinstance(exc, exceptions.APIException):
        return None  # a server error: Django answers 500 and logs it
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = f"{int(exc.wait)}"
    request = context.get("request")
    set_rollback()
    renderer = getattr(request, "accepted_renderer", None)
    json = renderer is None or getattr(renderer, "format", "json") == "json"
    return Response(
        problem(exc, request.path if request is not None else ""),
        status=exc.status_code,
        headers=headers,
        content_type=PROBLEM_JSON if json else None,
    )


# --- the schema ---------------------------------------------------------------------------------


class ProblemFieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True,
        help_text=_("Het veld (bv. 'lines[0].amount'); null voor de vraag als geheel."),
    )
    code = serializers.CharField(help_text=_("Stabiele foutcode."))
    message = serializers.CharField(help_text=_("Wat er mis is en wat te doen, in het Nederlands."))


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField(help_text=_("URI van het soort probleem (urn:budgetlijn:...)."))
    title = serializers.CharField(help_text=_("Korte titel, in het Nederlands."))
    status = serializers.IntegerField(help_text=_("De HTTP-statuscode."))
    detail = serializers.CharField(help_text=_("Uitleg in het Nederlands."))
    code = serializers.CharField(help_text=_("Stabiele foutcode (api_...)."))
    instance = serializers.CharField(help_text=_("Het pad van de vraag."))
    errors = ProblemFieldErrorSerializer(many=True, help_text=_("Fouten per veld."))


DESCRIPTIONS = {
    400: _("Ongeldige vraag: de fouten per veld staan in 'errors'."),
    401: _("Niet aangemeld, of het token is ongeldig of verlopen."),
    403: _("Aangemeld, maar zonder het recht voor deze handeling."),
    404: _("Onbekend, of buiten uw bereik (nooit 403: nummers zijn niet af te tasten)."),
    409: _("Conflict."),
    422: _("Niet verwerkbaar: een regel of parameter laat het niet toe."),
    429: _("Te veel vragen: probeer opnieuw na het aantal seconden in 'Retry-After'."),
}


def problem_responses(*codes: int, **described: str) -> dict:
    """Responses for ``extend_schema``: each status as problem details."""
    from drf_spectacular.utils import OpenApiResponse

    responses = {}
    for code in codes:
        description = described.get(f"s{code}") or DESCRIPTIONS.get(code, TITLES.get(code, ""))
        responses[(code, PROBLEM_JSON)] = OpenApiResponse(
            response=ProblemSerializer, description=str(description)
        )
    return responses
