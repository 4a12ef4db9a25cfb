"""The admin site: only users verified with a second factor (django-otp's OTPAdminSite), and
no sign-in form of its own: /admin/login/ sends to the one sign-in page with its two steps."""

from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite


class BudgetlijnAdminSite(OTPAdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)

    def login(self, request, extra_context=None):
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect(f"{reverse('login')}?next={quote(target)}")
