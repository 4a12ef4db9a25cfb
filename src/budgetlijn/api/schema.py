"""Helpers for the OpenAPI schema (drf-spectacular)."""

from __future__ import annotations

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


def _type(field: forms.Field):
    if isinstance(field, forms.BooleanField):
        return OpenApiTypes.BOOL
    if isinstance(field, forms.IntegerField):
        return OpenApiTypes.INT
    if isinstance(field, forms.DateField):
        return OpenApiTypes.DATE
    return OpenApiTypes.STR


def form_parameters(form: forms.Form) -> list[OpenApiParameter]:
    """Query parameters documented from a Django form, so the API and the portal share one
    definition of what may be asked (names, types, choices, Dutch descriptions)."""
    parameters = []
    for name, field in form.fields.items():
        enum = None
        if isinstance(field, forms.ChoiceField):
            enum = [value for value, _label in field.choices if value != ""]
        description = str(field.label)
        if field.help_text:
            description = f"{description}. {field.help_text}"
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
