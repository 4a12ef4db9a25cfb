"""What the API itself stores: the ``Idempotency-Key`` of a request that created something.

Cost statements keep their key on the statement (``costs``); the other creating requests
(contracts, new versions) keep theirs here, per user, with the fingerprint of the request, so a
retried request answers what the first one made instead of making it again."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotentRequest(models.Model):
    """One user's key: the request it was first sent with and the object that request made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    key = models.CharField(_("sleutel"), max_length=64)
    operation = models.CharField(_("handeling"), max_length=40)
    fingerprint = models.CharField(_("vingerafdruk (SHA-256)"), max_length=64)
    object_id = models.PositiveBigIntegerField(_("gemaakt object"))
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotente vraag")
        verbose_name_plural = _("idempotente vragen")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotent_user_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.key}"
