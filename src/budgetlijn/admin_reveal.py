"""National register numbers shown masked on the admin's change pages, with a "toon volledig"
button that shows the full number for a few minutes and records who saw whose number when
(an audit event ``VIEW_SENSITIVE``, answerable per dossier).

The button posts the change form to the reveal address (``formaction``): no JavaScript, no
number in any URL. While revealed, the number is an ordinary editable field; otherwise it is
read-only and masked, so a changed number can only be typed by someone whose look was logged.
"""

import time

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.rules.identity import mask

SESSION_KEY = "budgetlijn.revealed_national_numbers"
REVEAL_SECONDS = 300


def _key(obj, field: str) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}:{field}"


def reveal(request, obj, field: str) -> None:
    revealed = {
        key: until
        for key, until in request.session.get(SESSION_KEY, {}).items()
        if until > time.time()
    }
    revealed[_key(obj, field)] = time.time() + REVEAL_SECONDS
    request.session[SESSION_KEY] = revealed


def is_revealed(request, obj, field: str) -> bool:
    until = request.session.get(SESSION_KEY, {}).get(_key(obj, field))
    return until is not None and until > time.time()


class MaskedNationalNumberMixin:
    """For a ModelAdmin whose change page shows ``masked_number_field``. ``person_id_of(obj)``
    names the dossier (person) whose number it is, for the audit trail."""

    masked_number_field = "national_number"
    MASKED = "masked_national_number_display"

    def person_id_of(self, obj) -> int | None:
        raise NotImplementedError

    def _masked(self, request, obj) -> bool:
        return obj is not None and not is_revealed(request, obj, self.masked_number_field)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._masked(request, obj):
            return fieldsets
        field = self.masked_number_field
        shown = []
        masked_fieldsets = []
        for name, opts in fieldsets:
            fields = []
            for f in opts["fields"]:
                f = self.MASKED if f == field else f
                if f == self.MASKED and f in shown:
                    continue  # get_fields lists the read-only display as well
                shown.append(f)
                fields.append(f)
            masked_fieldsets.append((name, {**opts, "fields": fields}))
        return masked_fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._masked(request, obj):
            fields.append(self.MASKED)
        return fields

    @admin.display(description=_("rijksregisternummer"))
    def masked_national_number_display(self, obj):
        number = getattr(obj, self.masked_number_field) or ""
        if not number:
            return "–"
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_reveal_number", args=[obj.pk])
        return format_html(
            '<span class="national-number">{}</span> '
            '<button type="submit" formaction="{}" formmethod="post" formnovalidate '
            'name="_toon_volledig" class="button">{}</button>',
            mask(number),
            url,
            gettext("Toon volledig"),
        )

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/rijksregisternummer/",
                self.admin_site.admin_view(self.reveal_number_view),
                name=f"{opts.app_label}_{opts.model_name}_reveal_number",
            ),
            *super().get_urls(),
        ]

    def reveal_number_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        field = self.masked_number_field
        reveal(request, obj, field)
        record(
            action=AuditEvent.Action.VIEW_SENSITIVE,
            obj=obj,
            summary="Rijksregisternummer volledig getoond in het beheer",
            actor=request.user,
            person_id=self.person_id_of(obj),
            details={"field": field},
        )
        messages.info(
            request,
            gettext(
                "Het rijksregisternummer wordt %(minutes)s minuten volledig getoond. Dat werd "
                "vastgelegd in het auditspoor van het dossier."
            )
            % {"minutes": REVEAL_SECONDS // 60},
        )
        opts = obj._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )
