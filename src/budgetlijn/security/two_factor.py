"""Two-factor sign-in for agency staff (django-otp, TOTP).

Who needs it: every staff member and superuser (``needs_two_factor``). They sign in with their
password on the one sign-in page, then give a six-digit code from an authenticator app
(``verify``); who has no app linked yet links one first by scanning a QR code (``setup``).
Until then ``StaffTwoFactorMiddleware`` lets them reach nothing else: pages redirect to these
steps, the API answers 403. The admin site only admits verified users
(``BudgetlijnAdminSite``, an ``OTPAdminSite``).
"""

import base64
from io import BytesIO
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record

DEVICE_NAME = "Authenticator-app"


def needs_two_factor(user) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def has_device(user) -> bool:
    return any(devices_for_user(user, confirmed=True))


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _default_next(user) -> str:
    return reverse("admin:index") if user.is_staff else reverse("reporting:statistics")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code uit uw authenticator-app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )


def qr_code_data_uri(text: str) -> str:
    """The QR code of ``text`` as an SVG data URI (an <img>, allowed by the CSP's img-src)."""
    out = BytesIO()
    write_qrcode_image(text, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


@never_cache
@login_required
def setup(request):
    """Link an authenticator app: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    if has_device(user):
        return redirect(f"{reverse('two_factor_verify')}?next={quote(_next(request, ''))}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            record(
                action=AuditEvent.Action.CREATE,
                obj=device,
                summary="Authenticator-app gekoppeld voor tweestapsverificatie",
                actor=user,
            )
            messages.success(request, _("Uw authenticator-app is gekoppeld."))
            return HttpResponseRedirect(_next(request, _default_next(user)))
        form.add_error("token", _("Deze code klopt niet. Probeer de volgende code uit de app."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_code": qr_code_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next(request, ""),
        },
    )


@never_cache
@login_required
def verify(request):
    """The second step: a code from the linked authenticator app."""
    user = request.user
    if not has_device(user):
        return redirect(f"{reverse('two_factor_setup')}?next={quote(_next(request, ''))}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices_for_user(user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return HttpResponseRedirect(_next(request, _default_next(user)))
        # django-otp slows repeated wrong codes down per device (OTP_TOTP_THROTTLE_FACTOR).
        form.add_error("token", _("Deze code klopt niet of is al gebruikt. Wacht op de volgende."))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next(request, "")},
    )


class StaffTwoFactorMiddleware:
    """Staff signed in with a password only reach the two-factor steps and sign-out."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        user = request.user
        if needs_two_factor(user) and not user.is_verified():
            open_paths = {
                reverse("two_factor_setup"),
                reverse("two_factor_verify"),
                reverse("logout"),
                reverse("login"),
            }
            path = request.path
            if path not in open_paths and not path.startswith(self.static_prefix):
                if path.startswith("/api/"):
                    return JsonResponse(
                        {
                            "detail": _(
                                "Medewerkers van het agentschap melden zich aan in twee stappen: "
                                "geef eerst de code uit uw authenticator-app op %(url)s."
                            )
                            % {"url": reverse("two_factor_verify")}
                        },
                        status=403,
                    )
                step = "two_factor_verify" if has_device(user) else "two_factor_setup"
                return redirect(f"{reverse(step)}?next={quote(request.get_full_path())}")
        return self.get_response(request)
