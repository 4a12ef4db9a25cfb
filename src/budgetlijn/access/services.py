"""Holder accounts, and the mandate services as a signed-in user calls them.

The mandate wrappers check reach through ``access.queries.require`` first: a dossier outside the
user's sight answers 404, a dossier they see but may not act on answers 403; then they call the
assistance services, which validate and record the audit event.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budgetlijn.access.constants import Action, ErrorCode
from budgetlijn.access.models import HolderAccount
from budgetlijn.access.queries import require
from budgetlijn.assistance import services as assistance
from budgetlijn.assistance.constants import MandateRight
from budgetlijn.assistance.models import Mandate, Organisation
from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record
from budgetlijn.dossiers.models import Person


def _error(field: str, message: str, code: ErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


@transaction.atomic
def open_holder_account(*, user: Any, person: Person, actor: Any = None) -> HolderAccount:
    """Link ``user`` to ``person``: from now on the user signs in as that person (a holder)."""
    if HolderAccount.objects.filter(user=user).exists():
        raise _error(
            "user",
            _("Deze gebruiker is al gekoppeld aan een persoon. Kies een andere gebruiker."),
            ErrorCode.HOLDER_ACCOUNT_EXISTS,
        )
    if HolderAccount.objects.filter(person=person).exists():
        raise _error(
            "person",
            _("Deze persoon heeft al een account. Kies een andere persoon."),
            ErrorCode.PERSON_HAS_ACCOUNT,
        )
    account = HolderAccount.objects.create(user=user, person=person)
    record(
        action=AuditEvent.Action.CREATE,
        obj=account,
        summary=_("Account van %(user)s gekoppeld aan %(person)s")
        % {"user": user, "person": person},
        actor=actor,
        person_id=person.pk,
    )
    return account


def grant_mandate(
    user: Any,
    *,
    person: Person,
    organisation: Organisation,
    rights: set[MandateRight],
    starts_on: date,
    ends_on: date | None = None,
    on: date | None = None,
) -> Mandate:
    """``user`` (a holder who manages a budget of ``person``, or agency staff) grants a mandate."""
    require(user, Action.GRANT_MANDATE, person, on=on)
    return assistance.grant_mandate(
        person=person,
        organisation=organisation,
        rights=rights,
        starts_on=starts_on,
        ends_on=ends_on,
        actor=user,
    )


def revoke_mandate(user: Any, mandate: Mandate, *, on: date | None = None) -> Mandate:
    """``user`` revokes ``mandate`` at once (idempotent, as the assistance service is)."""
    require(user, Action.REVOKE_MANDATE, mandate, on=on)
    return assistance.revoke_mandate(mandate, actor=user)


def mandate_for(user: Any, person_id: int, action):
    """The mandate under which ``user`` (organisation staff) acts for ``person_id`` today with
    the right ``action`` (a ``MandateAction``) needs, or None (a holder, the agency). The API
    and the portal both record acts through ``record_mandate_act``."""
    from django.utils import timezone

    from budgetlijn.assistance.constants import ACTION_RIGHTS
    from budgetlijn.assistance.selectors import active_mandates, organisations_of

    return (
        active_mandates(
            on=timezone.localdate(),
            organisation_ids=organisations_of(user).values("pk"),
            person_ids=[person_id],
            right=ACTION_RIGHTS[action],
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )


def record_mandate_act(user: Any, person_id: int, action, obj, summary: str):
    """Record the act when ``user`` acts under a mandate (the holder reads who did what);
    nothing for a holder or the agency."""
    mandate = mandate_for(user, person_id, action)
    if mandate is None:
        return None
    return assistance.record_act(
        mandate=mandate, user=user, action=action, obj=obj, summary=summary
    )
