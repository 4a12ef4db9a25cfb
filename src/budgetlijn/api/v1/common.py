"""What the resources of v1 share: reach through ``access.queries``, simple filters from
query parameters, and recording an act under a mandate.

Every list and detail reads through a query function of ``budgetlijn.access.queries``; a
detail uses ``get_or_404``, so an unknown, malformed or unreachable id all answer the same 404
problem."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from drf_spectacular.utils import OpenApiParameter
from rest_framework import generics, serializers

from budgetlijn.access import queries
from budgetlijn.access import services as access_services

# The largest id a database integer column holds: a larger one in a filter finds nothing
# (refused with a 400 problem) instead of overflowing the database driver.
MAX_ID = 2**63 - 1


# Path parameters as the URL patterns take them (``<int:pk>``: digits only), so generated
# requests (schemathesis) never ask for an address the API does not have.
PK = OpenApiParameter(
    "id", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH, description="Het nummer."
)


class Filters(serializers.Serializer):
    """Query parameters of a list: each field's ``source`` is the lookup it filters on."""

    def apply(self, queryset: models.QuerySet) -> models.QuerySet:
        self.is_valid(raise_exception=True)
        for lookup, value in self.validated_data.items():  # keyed by each field's source
            if value is None:
                continue
            queryset = queryset.filter(**{lookup: value})
        return queryset


def filter_parameters(filters: type[Filters]) -> list[OpenApiParameter]:
    """The filters of a list documented as query parameters."""
    parameters = []
    for name, field in filters().fields.items():
        kind = str
        if isinstance(field, serializers.IntegerField):
            kind = int
        elif isinstance(field, serializers.BooleanField):
            kind = bool
        enum = list(field.choices) if isinstance(field, serializers.ChoiceField) else None
        parameters.append(
            OpenApiParameter(
                name,
                kind,
                OpenApiParameter.QUERY,
                required=False,
                description=str(field.help_text or ""),
                enum=enum,
            )
        )
    return parameters


class ReachMixin:
    """A list and a detail of what ``reach_fn(user)`` returns."""

    reach_fn: Callable[..., models.QuerySet]
    filters: type[Filters] | None = None
    related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("pk",)

    def reachable(self) -> models.QuerySet:
        queryset = type(self).reach_fn(self.request.user)
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.order_by(*self.ordering)

    def get_queryset(self):
        queryset = self.reachable()
        if self.filters is not None and getattr(self, "action_is_list", False):
            queryset = self.filters(data=self.request.query_params).apply(queryset)
        return queryset

    def get_object(self):
        return queries.get_or_404(
            lambda user: self.reachable(), self.request.user, self.kwargs["pk"]
        )


class ReachList(ReachMixin, generics.ListAPIView):
    action_is_list = True


class ReachDetail(ReachMixin, generics.RetrieveAPIView):
    pass


# One implementation for the API and the portal (access.services).
mandate_for = access_services.mandate_for
record_mandate_act = access_services.record_mandate_act
