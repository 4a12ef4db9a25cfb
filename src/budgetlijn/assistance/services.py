"""Use cases on organisations and mandates (R36). The only place that changes their state: one
function per use case, one transaction, one audit event. A refusal raises a ``ValidationError``
whose message (Dutch) names the field and carries a code of ``constants.ErrorCode``; nothing is
saved then.

Who may call these (a holder for their own dossier, the agency) is decided one floor up, in
``budgetlijn.access``; these functions only keep the data right."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetlijn.assistance.constants import (
    ACTION_RIGHTS,
    RIGHT_FIELDS,
    RIGHT_LABELS,
    ErrorCode,
    MandateAction,
    MandateRight,
    OrganisationKind,
)
from budgetlijn.assistance.models import (
    Mandate,
    MandateAct,
    Organisation,
    OrganisationMember,
    compact_enterprise_number,
)
from budgetlijn.audit.models import AuditEvent
from budgetlijn.audit.services import record, user_or_none
from budgetlijn.ledger.locks import lock_person
from budgetlijn.rules import parameters
from budgetlijn.rules.dates import add_months


def _day(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _error(field: str, message: str, code: ErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# --- organisations ----------------------------------------------------------------------------


def check_licence_limit(organisation: Organisation) -> None:
    """R36: at most ``assistance.max_licensed_organisations`` assistance organisations are
    licensed at a time (seed 003 §1.4, seed 004). Raises a ValidationError on ``licensed_from``
    when ``organisation``'s licence period would make one more than that on any day of it.

    The number of licences in force only rises on a day a licence starts (or the maximum
    changes), so those days of the period are the ones to check. A day before the parameter's
    first value has no known maximum and is not checked."""
    if organisation.kind != OrganisationKind.ASSISTANCE_ORGANISATION:
        return
    start, end = organisation.licensed_from, organisation.licensed_until
    if start is None:
        return
    others = Organisation.objects.filter(
        kind=OrganisationKind.ASSISTANCE_ORGANISATION, licensed_from__isnull=False
    ).exclude(pk=organisation.pk)
    if end is not None:
        others = others.filter(licensed_from__lte=end)
    others = list(others.exclude(licensed_until__lt=start).order_by("pk").select_for_update())
    days = {start}
    days |= {other.licensed_from for other in others if other.licensed_from > start}
    days |= {
        item.valid_from
        for item in parameters.history("assistance.max_licensed_organisations")
        if start < item.valid_from and (end is None or item.valid_from <= end)
    }
    for day in sorted(days):
        try:
            maximum = int(parameters.value("assistance.max_licensed_organisations", day))
        except parameters.ParameterMissing:
            continue
        licensed = [other for other in others if other.is_licensed_on(day)]
        if len(licensed) + 1 > maximum:
            raise _error(
                "licensed_from",
                _(
                    "Op %(day)s zijn al %(count)s bijstandsorganisaties vergund (%(names)s); er "
                    "kunnen er hoogstens %(max)s tegelijk vergund zijn (R36). Beëindig eerst een "
                    "andere vergunning of kies een latere begindatum."
                )
                % {
                    "day": _day(day),
                    "count": len(licensed),
                    "names": ", ".join(sorted(other.name for other in licensed)),
                    "max": maximum,
                },
                ErrorCode.ORGANISATION_TOO_MANY_LICENSED,
            )


def check_enterprise_number_free(organisation: Organisation) -> None:
    number = compact_enterprise_number(organisation.enterprise_number)
    taken = Organisation.objects.filter(enterprise_number=number).exclude(pk=organisation.pk)
    owner = taken.first()
    if owner is not None:
        raise _error(
            "enterprise_number",
            _(
                "Er is al een organisatie met ondernemingsnummer %(number)s: %(name)s. Zoek die "
                "organisatie op in plaats van ze opnieuw te registreren."
            )
            % {"number": owner.formatted_enterprise_number, "name": owner.name},
            ErrorCode.ORGANISATION_ENTERPRISE_NUMBER_TAKEN,
        )


def _validate_organisation(organisation: Organisation) -> None:
    organisation.full_clean(validate_unique=False)
    check_enterprise_number_free(organisation)
    organisation.validate_unique()
    check_licence_limit(organisation)


@transaction.atomic
def create_organisation(*, actor: Any = None, **fields: Any) -> Organisation:
    """Register an organisation; the enterprise number and IBAN are stored compact."""
    organisation = Organisation(**fields)
    _validate_organisation(organisation)
    organisation.save()
    record(
        action=AuditEvent.Action.CREATE,
        obj=organisation,
        summary=f"Organisatie {organisation.name} ({organisation.get_kind_display()}) "
        f"geregistreerd",
        actor=actor,
        details={"kind": organisation.kind, "enterprise_number": organisation.enterprise_number},
    )
    return organisation


@transaction.atomic
def change_organisation(organisation: Organisation, *, actor: Any = None, **fields: Any):
    """Change an organisation's fields (name, account, licence, active...), with the same
    checks as at registration."""
    before = {name: getattr(organisation, name) for name in fields}
    for name, value in fields.items():
        setattr(organisation, name, value)
    _validate_organisation(organisation)
    changed = {
        name: [str(before[name]), str(getattr(organisation, name))]
        for name in fields
        if before[name] != getattr(organisation, name)
    }
    if not changed:
        return organisation
    organisation.save()
    record(
        action=AuditEvent.Action.CHANGE,
        obj=organisation,
        summary=f"Organisatie {organisation.name} gewijzigd: {', '.join(sorted(changed))}",
        actor=actor,
        details={"changed": changed},
    )
    return organisation


@transaction.atomic
def add_member(organisation: Organisation, user: Any, *, actor: Any = None) -> OrganisationMember:
    """Make ``user`` a staff member of ``organisation`` (again: an inactive membership is made
    active). Idempotent: an active member stays as they are, without a new audit event."""
    if not organisation.active:
        raise _error(
            "organisation",
            _("%(name)s is niet meer actief: activeer de organisatie eerst.")
            % {"name": organisation.name},
            ErrorCode.ORGANISATION_INACTIVE,
        )
    if not user.is_active:
        raise _error(
            "user",
            _("De gebruiker %(user)s is niet actief: activeer de gebruiker eerst.")
            % {"user": user},
            ErrorCode.MEMBER_USER_INACTIVE,
        )
    member, created = OrganisationMember.objects.select_for_update().get_or_create(
        organisation=organisation, user=user
    )
    if not created and member.active:
        return member
    if not created:
        member.active = True
        member.save(update_fields=["active", "updated_at"])
    record(
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
        obj=member,
        summary=f"{user} is medewerker van {organisation.name}",
        actor=actor,
        details={"organisation_id": organisation.pk, "user_id": user.pk},
    )
    return member


@transaction.atomic
def remove_member(organisation: Organisation, user: Any, *, actor: Any = None) -> bool:
    """End ``user``'s membership of ``organisation`` (kept, made inactive: past acts still
    name them). Returns whether anything changed."""
    changed = OrganisationMember.objects.filter(
        organisation=organisation, user=user, active=True
    ).update(active=False, updated_at=timezone.now())
    if changed:
        member = OrganisationMember.objects.get(organisation=organisation, user=user)
        record(
            action=AuditEvent.Action.CHANGE,
            obj=member,
            summary=f"{user} is geen medewerker meer van {organisation.name}",
            actor=actor,
            details={"organisation_id": organisation.pk, "user_id": user.pk},
        )
    return bool(changed)


# --- mandates (R36) ---------------------------------------------------------------------------


def default_end(starts_on: date) -> date:
    """The last day of a mandate that starts on ``starts_on`` when the holder names none: the
    day before the same day ``assistance.mandate_length_months`` later (one year: 1 March 2026
    - 28 February 2027, 1 March 2023 - 29 February 2024). A start on a day that month lacks
    (29 February) runs to that month's last day (29 February 2024 - 28 February 2025)."""
    months = int(parameters.value("assistance.mandate_length_months", starts_on))
    same_day = add_months(starts_on, months)
    if same_day.day != starts_on.day:  # the month is shorter: the day rolled back; it runs on
        return same_day
    return same_day - timedelta(days=1)


def parse_rights(rights: Iterable[MandateRight | str]) -> set[MandateRight]:
    """The rights as ``MandateRight`` members, VIEW always among them."""
    parsed = {MandateRight.VIEW}
    for right in rights:
        try:
            parsed.add(MandateRight(right))
        except ValueError:
            raise _error(
                "rights",
                _("'%(right)s' is geen recht van een mandaat. Kies uit: %(choices)s.")
                % {
                    "right": right,
                    "choices": ", ".join(str(label) for label in RIGHT_LABELS.values()),
                },
                ErrorCode.MANDATE_RIGHT_UNKNOWN,
            ) from None
    return parsed


def check_no_overlap(mandate: Mandate) -> None:
    """No two mandates that are not revoked overlap for the same person and organisation."""
    overlapping = (
        Mandate.objects.filter(
            person_id=mandate.person_id,
            organisation_id=mandate.organisation_id,
            revoked_at__isnull=True,
            starts_on__lte=mandate.ends_on,
            ends_on__gte=mandate.starts_on,
        )
        .exclude(pk=mandate.pk)
        .order_by("starts_on")
        .first()
    )
    if overlapping is not None:
        raise _error(
            "starts_on",
            _(
                "%(organisation)s heeft voor dit dossier al een mandaat van %(start)s tot en met "
                "%(end)s. Trek dat mandaat eerst in, of laat het nieuwe na %(end)s beginnen."
            )
            % {
                "organisation": mandate.organisation.name,
                "start": _day(overlapping.starts_on),
                "end": _day(overlapping.ends_on),
            },
            ErrorCode.MANDATE_OVERLAPS,
        )


def prepare_mandate(
    *,
    person: Any,
    organisation: Organisation,
    rights: Iterable[MandateRight | str],
    starts_on: date,
    ends_on: date | None = None,
    actor: Any = None,
) -> Mandate:
    """The mandate ``grant_mandate`` would save, checked and unsaved (a form shows the errors
    before saving with it). Raises a ValidationError naming the field."""
    granted = parse_rights(rights)
    if not organisation.active:
        raise _error(
            "organisation",
            _("%(name)s is niet meer actief en kan geen mandaat krijgen.")
            % {"name": organisation.name},
            ErrorCode.ORGANISATION_INACTIVE,
        )
    if ends_on is None:
        ends_on = default_end(starts_on)
    if person.date_of_death and starts_on > person.date_of_death:
        raise _error(
            "starts_on",
            _("%(person)s is overleden op %(death)s: een mandaat kan niet na die dag beginnen.")
            % {"person": person.full_name, "death": _day(person.date_of_death)},
            ErrorCode.MANDATE_PERSON_DECEASED,
        )
    mandate = Mandate(
        person=person,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        granted_by=user_or_none(actor),
        granted_at=timezone.now(),
        **{field: right in granted for right, field in RIGHT_FIELDS.items()},
    )
    mandate.full_clean()
    check_no_overlap(mandate)
    return mandate


@transaction.atomic
def grant_mandate(
    *,
    person: Any,
    organisation: Organisation,
    rights: Iterable[MandateRight | str],
    starts_on: date,
    ends_on: date | None = None,
    actor: Any = None,
) -> Mandate:
    """A holder (or the agency for them: ``actor`` None or agency staff) gives ``organisation``
    a mandate on ``person``'s dossier (R36). VIEW is always part of it; without ``ends_on`` it
    runs ``assistance.mandate_length_months`` (one year). Refused: an inactive organisation, an
    end before the start, a start after the person's death, an overlap with a mandate of the
    same organisation on the same dossier that is not revoked."""
    person = lock_person(person)  # two grants for one dossier wait for each other
    mandate = prepare_mandate(
        person=person,
        organisation=organisation,
        rights=rights,
        starts_on=starts_on,
        ends_on=ends_on,
        actor=actor,
    )
    mandate.save()
    granted = sorted(mandate.rights)
    record(
        action=AuditEvent.Action.CREATE,
        obj=mandate,
        summary=f"Mandaat aan {organisation.name} van {_day(mandate.starts_on)} tot en met "
        f"{_day(mandate.ends_on)}: {', '.join(str(RIGHT_LABELS[r]) for r in granted)}",
        actor=actor,
        person_id=person.pk,
        details={
            "organisation_id": organisation.pk,
            "rights": granted,
            "starts_on": mandate.starts_on.isoformat(),
            "ends_on": mandate.ends_on.isoformat(),
        },
    )
    return mandate


def _moment(on: date | datetime | None) -> datetime:
    if on is None:
        return timezone.now()
    if isinstance(on, datetime):
        return on if timezone.is_aware(on) else timezone.make_aware(on)
    return timezone.make_aware(datetime.combine(on, time.min))


@transaction.atomic
def revoke_mandate(
    mandate: Mandate, *, actor: Any = None, on: date | datetime | None = None
) -> Mandate:
    """Revoke a mandate; it takes effect at once: from then on the organisation reaches the
    dossier on no day through it. ``on`` is the moment recorded (default now; a day means its
    start), never in the future. Idempotent: revoking a revoked mandate changes nothing and
    records nothing."""
    moment = _moment(on)
    if moment > timezone.now():
        raise _error(
            "revoked_at",
            _("Een mandaat intrekken kan niet vooruit: het intrekken geldt meteen."),
            ErrorCode.MANDATE_REVOKE_IN_FUTURE,
        )
    lock_person(mandate.person_id)
    current = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if current.revoked_at is not None:
        mandate.refresh_from_db()
        return mandate
    current.revoked_at = moment
    current.revoked_by = user_or_none(actor)
    current.save(update_fields=["revoked_at", "revoked_by"])
    record(
        action=AuditEvent.Action.CHANGE,
        obj=current,
        summary=f"Mandaat aan {current.organisation.name} ingetrokken",
        actor=actor,
        person_id=current.person_id,
        details={"organisation_id": current.organisation_id, "revoked_at": moment.isoformat()},
    )
    mandate.refresh_from_db()
    return mandate


@transaction.atomic
def mark_reminded(mandate: Mandate, *, actor: Any = None, at: datetime | None = None) -> bool:
    """Note that the reminder that ``mandate`` ends was sent; only once (a second call returns
    False and records nothing)."""
    moment = at or timezone.now()
    changed = Mandate.objects.filter(pk=mandate.pk, reminder_sent_at__isnull=True).update(
        reminder_sent_at=moment
    )
    if not changed:
        return False
    mandate.reminder_sent_at = moment
    record(
        action=AuditEvent.Action.COMMAND,
        obj=mandate,
        summary=f"Herinnering verstuurd: het mandaat aan {mandate.organisation.name} loopt af "
        f"op {_day(mandate.ends_on)}",
        actor=actor,
        person_id=mandate.person_id,
        details={"organisation_id": mandate.organisation_id},
    )
    return True


def record_act(
    *,
    mandate: Mandate,
    user: Any,
    action: MandateAction | str,
    obj: Any = None,
    summary: str,
) -> MandateAct:
    """Record what ``user`` did under ``mandate`` (who, for which organisation, for whom), for
    the holder to see. Refused when the mandate is not in force today, lacks the right the
    action needs, or ``user`` is no active staff member of the organisation: whoever decided
    to let the act happen (``budgetlijn.access``) was wrong then, so nothing is recorded."""
    if action not in MandateAction.values:
        raise _error(
            "action",
            _("'%(action)s' is geen handeling onder een mandaat.") % {"action": action},
            ErrorCode.MANDATE_ACT_UNKNOWN_ACTION,
        )
    action = MandateAction(action)
    today = timezone.localdate()
    if not mandate.is_active_on(today) or not mandate.organisation.active:
        raise _error(
            "mandate",
            _("Dit mandaat is op %(day)s niet van kracht.") % {"day": _day(today)},
            ErrorCode.MANDATE_NOT_ACTIVE,
        )
    needed = ACTION_RIGHTS[action]
    if not mandate.has_right(needed):
        raise _error(
            "mandate",
            _("Dit mandaat geeft het recht '%(right)s' niet.") % {"right": RIGHT_LABELS[needed]},
            ErrorCode.MANDATE_RIGHT_MISSING,
        )
    member = user_or_none(user)
    if (
        member is None
        or not OrganisationMember.objects.filter(
            organisation_id=mandate.organisation_id, user=member, active=True
        ).exists()
    ):
        raise _error(
            "user",
            _("%(user)s is geen medewerker van %(organisation)s.")
            % {"user": user, "organisation": mandate.organisation.name},
            ErrorCode.MANDATE_ACT_NOT_A_MEMBER,
        )
    return MandateAct.objects.create(
        user=member,
        organisation_id=mandate.organisation_id,
        person_id=mandate.person_id,
        mandate=mandate,
        action=action,
        object_type=obj._meta.label if hasattr(obj, "_meta") else "",
        object_id=str(getattr(obj, "pk", "") or ""),
        summary=summary[:255],
    )
