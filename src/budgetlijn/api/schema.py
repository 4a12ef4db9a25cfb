"""Helpers for the OpenAPI schema (drf-spectacular)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


def _type(field: forms.Field):
    if isinstance(field, forms.BooleanField):
        return OpenApiTypes.BOOL
    if isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
        return schema
    if isinstance(field, forms.DateField):
        return OpenApiTypes.DATE
    return OpenApiTypes.STR


def form_parameters(form: forms.Form) -> list[OpenApiParameter]:
    """Query parameters documented from a Django form, so the API and the portal share one
    definition of what may be asked (names, types, bounds, choices, Dutch descriptions). A
    date field with ``bounds`` (first, last day) has them in its description."""
    parameters = []
    for name, field in form.fields.items():
        enum = None
        if isinstance(field, forms.ChoiceField):
            enum = [value for value, _label in field.choices if value != ""]
        description = str(field.label)
        if field.help_text:
            description = f"{description}. {field.help_text}"
        bounds = getattr(field, "bounds", None)
        if bounds:
            description += " " + _("Van %(start)s tot en met %(end)s.") % {
                "start": bounds[0].isoformat(),
                "end": bounds[1].isoformat(),
            }
        if isinstance(field, forms.ChoiceField):
            description += " " + "; ".join(
                f"{value}: {label}" for value, label in field.choices if value != ""
            )
        parameters.append(
            OpenApiParameter(
                name=name,
                type=_type(field),
                location=OpenApiParameter.QUERY,
                required=field.required,
                description=description,
                enum=enum,
            )
        )
    return parameters
