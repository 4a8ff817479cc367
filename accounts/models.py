"""What signing in keeps beyond django-otp's devices and django-axes' attempts: a provider's own 2FA rule, and
the security events (who changed a sign-in rule or reset someone's second factor) as evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suppliers.models import Provider


class ProviderTwoFactorPolicy(models.Model):
    """A provider admin's choice that everyone working for their provider signs in with a second factor."""

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="two_factor_policy")
    requires_two_factor = models.BooleanField(_("require two-factor authentication"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        verbose_name = _("provider's two-factor rule")
        verbose_name_plural = _("providers' two-factor rules")

    def __str__(self) -> str:
        return f"{self.provider.name}: {self.requires_two_factor}"


class SecurityAction(models.TextChoices):
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("Two-factor authentication set up")
    RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", _("Recovery codes regenerated")
    DEVICES_RESET = "devices_reset", _("Two-factor devices reset")
    PROVIDER_TWO_FACTOR_REQUIRED = "provider_two_factor_required", _("Provider requires two-factor authentication")
    PROVIDER_TWO_FACTOR_OPTIONAL = "provider_two_factor_optional", _("Provider no longer requires two-factor")
    PASSWORD_CHANGED = "password_changed", _("Password changed")


class SecurityEvent(models.Model):
    """Who did what to whose sign-in, and when. Written by the services only; never changed."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="security_events_made", verbose_name=_("by")
    )
    action = models.CharField(_("action"), max_length=40, choices=SecurityAction.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="security_events",
        null=True,
        blank=True,
        verbose_name=_("user"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("provider")
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
