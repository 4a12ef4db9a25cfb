"""Reading organisations and mandates: the interface the access app (floor 4) builds on.

Each function returns a lazy queryset (one SQL query when evaluated, no per-row queries), so a
caller can filter it further or use it as a subquery (``person__in=...``)."""

from collections.abc import Iterable
from datetime import date, timedelta

from budgetlijn.assistance.constants import MandateRight
from budgetlijn.assistance.models import Mandate, MandateAct, Organisation
from budgetlijn.rules import parameters


def active_mandates(
    *,
    on: date,
    organisation_ids: Iterable[int] | None = None,
    person_ids: Iterable[int] | None = None,
    right: MandateRight | None = None,
):
    """Mandates in force on ``on`` (not revoked, ``starts_on <= on <= ends_on``) of an active
    organisation; narrowed to some organisations, some persons (dossiers) and a right when
    given. An organisation that is no longer active acts for nobody (fails closed)."""
    mandates = Mandate.objects.active_on(on).filter(organisation__active=True)
    if organisation_ids is not None:
        mandates = mandates.filter(organisation_id__in=organisation_ids)
    if person_ids is not None:
        mandates = mandates.filter(person_id__in=person_ids)
    if right is not None:
        mandates = mandates.with_right(right)
    return mandates


def organisations_of(user):
    """The active organisations ``user`` is an active staff member of (none for an anonymous
    or deactivated user)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return Organisation.objects.none()
    # One membership per (organisation, user): the join never repeats an organisation.
    return Organisation.objects.filter(active=True, members__user=user, members__active=True)


def reminder_days(on: date) -> int:
    return int(parameters.value("assistance.mandate_reminder_days", on))


def mandates_ending(*, on: date):
    """Mandates in force on ``on`` that end within the reminder lead time
    (``assistance.mandate_reminder_days``): ``on <= ends_on <= on + lead time``."""
    last = on + timedelta(days=reminder_days(on))
    return (
        active_mandates(on=on)
        .filter(ends_on__lte=last)
        .select_related("person", "organisation")
        .order_by("ends_on", "id")
    )


def mandates_of_person(person_id: int):
    """Every mandate on a dossier, newest first, with its organisation (the holder's list)."""
    return Mandate.objects.filter(person_id=person_id).select_related("organisation")


def acts_for_person(person_id: int):
    """What was done under a mandate for a dossier, newest first: who, for which organisation
    (what the holder sees)."""
    return MandateAct.objects.filter(person_id=person_id).select_related("user", "organisation")
