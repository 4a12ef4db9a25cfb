"""The answer to a locked-out sign-in (django-axes calls ``locked_out``, AXES_LOCKOUT_CALLABLE):
a Dutch page with status 429, saying how long the lock-out lasts; on the API a problem
(RFC 9457, as the API's other errors: api/problems.py) with a Retry-After header."""

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budgetlijn.security.constants import ErrorCode

LOCKED_OUT_TITLE = _("Aanmelden tijdelijk geblokkeerd")


def locked_out(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    if request.path.startswith("/api/"):
        minutes = context["cooloff_minutes"]
        detail = gettext(
            "Na %(limit)s mislukte pogingen is aanmelden tijdelijk geblokkeerd. Probeer het "
            "opnieuw na de tijd in 'Retry-After', of vraag een beheerder om hulp."
        ) % {"limit": context["failure_limit"]}
        response = JsonResponse(
            {
                "type": f"urn:budgetlijn:problem:{ErrorCode.SIGN_IN_LOCKED_OUT}",
                "title": str(LOCKED_OUT_TITLE),
                "status": settings.AXES_HTTP_RESPONSE_CODE,
                "detail": detail,
                "code": str(ErrorCode.SIGN_IN_LOCKED_OUT),
                "instance": request.path,
                "errors": [],
            },
            status=settings.AXES_HTTP_RESPONSE_CODE,
            content_type="application/problem+json",
        )
        if minutes:
            response["Retry-After"] = str(minutes * 60)
        return response
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
