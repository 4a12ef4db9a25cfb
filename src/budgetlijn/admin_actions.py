"""Admin actions on the ground floor, shared by every app's admin: a forged list of selected
ids ("abc" or a number too large for the database instead of an id) is refused with a Dutch message instead of a server error."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext


class SelectedIdsMixin:
    """Checks the ids an action was posted with before Django filters on them (Django's own
    ``response_action`` lets ``pk__in=["abc"]`` raise a ValueError: a 500)."""

    def response_action(self, request, queryset):
        pk = self.model._meta.pk
        bounds = connection.ops.integer_field_ranges.get(pk.get_internal_type())
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                number = pk.get_prep_value(pk.to_python(value))
                # A number the database cannot hold (SQLite raises an OverflowError).
                if bounds and isinstance(number, int) and not (bounds[0] <= number <= bounds[1]):
                    raise ValueError(value)
        except (ValidationError, ValueError, TypeError):
            self.message_user(
                request,
                gettext(
                    "De selectie bevat een ongeldig nummer. Kies de regels opnieuw in de lijst."
                ),
                messages.ERROR,
            )
            return None
        return super().response_action(request, queryset)
