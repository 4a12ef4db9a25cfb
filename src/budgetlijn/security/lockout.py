"""The answer to a locked-out sign-in (django-axes calls ``locked_out``, AXES_LOCKOUT_CALLABLE):
a Dutch page with status 429, saying how long the lock-out lasts."""

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

LOCKED_OUT_TITLE = _("Aanmelden tijdelijk geblokkeerd")


def locked_out(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
