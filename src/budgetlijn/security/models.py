"""Which account an identity from the OpenID Connect provider (eID, itsme) signs in to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OidcIdentity(models.Model):
    """An account linked to a national register number and, after the first sign-in, to the
    provider's subject (``iss`` + ``sub``). The agency links the number (admin); the first
    sign-in with that number binds the subject; later sign-ins must bring the same number."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="oidc_identities",
        verbose_name=_("account"),
    )
    national_number = models.CharField(
        _("rijksregisternummer"), max_length=11, unique=True, help_text=_("Elf cijfers.")
    )
    issuer = models.CharField(_("uitgever (iss)"), max_length=255, blank=True)
    subject = models.CharField(_("onderwerp (sub)"), max_length=255, blank=True)
    linked_at = models.DateTimeField(_("gekoppeld op"), auto_now_add=True)
    first_sign_in_at = models.DateTimeField(_("eerste aanmelding"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanmeldidentiteit (OpenID Connect)")
        verbose_name_plural = _("aanmeldidentiteiten (OpenID Connect)")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"],
                condition=~models.Q(subject=""),
                name="security_oidc_identity_unique_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer or '-'})"
