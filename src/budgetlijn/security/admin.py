"""The agency links a national register number to an account for sign-in with eID/itsme."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budgetlijn.admin_reveal import MaskedNationalNumberMixin
from budgetlijn.rules.identity import mask
from budgetlijn.security.models import OidcIdentity


@admin.register(OidcIdentity)
class OidcIdentityAdmin(MaskedNationalNumberMixin, admin.ModelAdmin):
    list_display = ["user", "masked_number", "issuer", "first_sign_in_at"]
    search_fields = ["user__username", "user__last_name"]
    fields = ["user", "national_number", "issuer", "subject", "linked_at", "first_sign_in_at"]
    readonly_fields = ["issuer", "subject", "linked_at", "first_sign_in_at"]
    autocomplete_fields = ["user"]

    @admin.display(description=_("rijksregisternummer"))
    def masked_number(self, obj):
        return mask(obj.national_number)

    def person_id_of(self, obj):
        return None
