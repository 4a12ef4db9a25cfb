"""Who did what to which dossier, and who viewed sensitive data.

The trail is append-only (``budgetlijn.append_only``): an event is never changed or deleted,
by the model nor, through triggers (migration 0002), by the database on any backend.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgetlijn.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet
from budgetlijn.audit.constants import ErrorCode


class AuditTrailIsAppendOnly(AppendOnlyError):
    """Raised on any attempt to change or delete an audit event."""

    code = ErrorCode.APPEND_ONLY
    default_message = _(
        "De audittrail kan alleen aangevuld worden: een gebeurtenis wordt nooit gewijzigd of "
        "verwijderd."
    )


class AuditEvent(AppendOnlyModel):
    class Action(models.TextChoices):
        CREATE = "CREATE", _("aangemaakt")
        CHANGE = "CHANGE", _("gewijzigd")
        TRANSITION = "TRANSITION", _("status gewijzigd")
        BOOK = "BOOK", _("geboekt")
        VIEW_SENSITIVE = "VIEW_SENSITIVE", _("gevoelige gegevens bekeken")
        COMMAND = "COMMAND", _("batchopdracht")

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        verbose_name=_("door"),
    )
    actor_label = models.CharField(_("door (omschrijving)"), max_length=150, blank=True)
    action = models.CharField(_("handeling"), max_length=16, choices=Action.choices)
    person_id = models.BigIntegerField(
        _("dossier (persoon-id)"), blank=True, null=True, db_index=True
    )
    object_type = models.CharField(_("soort object"), max_length=60)
    object_id = models.CharField(_("object-id"), max_length=40, blank=True)
    summary = models.CharField(_("samenvatting"), max_length=255)
    details = models.JSONField(_("details"), default=dict, blank=True)

    append_only_error = AuditTrailIsAppendOnly
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("audittrail")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.summary}"
