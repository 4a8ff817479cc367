from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken, AuthTokenManager
from knox.settings import CONSTANTS as KNOX_CONSTANTS

from core.text import NameField
from suppliers.identity import (
    birth_date_of,
    mask_identity_code,
    validate_business_id,
    validate_iban,
    validate_identity_code,
)
from suppliers.roles import Role


class Provider(models.Model):  # type: ignore[django-manager-missing]  # ApiToken.objects is knox's untyped manager
    """A service provider (palveluntuottaja) with which the city has contracts."""

    name = NameField(_("name"), max_length=200)
    business_id = models.CharField(_("business ID"), max_length=9, unique=True, validators=[validate_business_id])
    email = models.EmailField(_("e-mail"), blank=True)
    phone = NameField(_("phone"), max_length=40, blank=True)
    address = NameField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.business_id})"


class MembershipRole(models.TextChoices):
    # The provider roles of suppliers.roles: a membership's role is also the user's group.
    REPORTER = Role.PROVIDER_REPORTER.value, _("Provider reporter")
    ADMIN = Role.PROVIDER_ADMIN.value, _("Provider admin")


class ProviderMembership(models.Model):
    """Who works for which provider: the indexed join through which all provider scoping runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_memberships")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=MembershipRole.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("provider membership")
        verbose_name_plural = _("provider memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="provider_membership_unique_user_provider"),
            models.CheckConstraint(
                condition=models.Q(role__in=MembershipRole.values), name="provider_membership_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["user", "is_active"], name="provider_membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.provider.name} ({self.get_role_display()})"


class ApiToken(AbstractAuthToken):
    """A machine client's key (docs §13), through django-rest-knox: stored only as a SHA-512 digest, with an
    expiry, a name and the time it was last used. `KNOX_TOKEN_MODEL` points knox at this model.

    A provider's token is tied to that provider: requests with it see that provider's data only, and it dies
    with its holder's membership there. A city integrator's token has no provider.
    """

    # Integer ids for pages and URLs; knox's own primary key (the digest) stays unique and is never shown.
    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=KNOX_CONSTANTS.DIGEST_LENGTH, unique=True)
    expiry = models.DateTimeField(_("expires"))
    name = models.CharField(_("name"), max_length=100)
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, null=True, blank=True, related_name="api_tokens", verbose_name=_("provider")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    # Knox's manager (create() returns the row and its key), declared here so type checkers see it.
    objects = AuthTokenManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class StaffEventKind(models.TextChoices):
    INVITED = "invited", _("invited")
    ROLE_CHANGED = "role_changed", _("role changed")
    DEACTIVATED = "deactivated", _("deactivated")
    REACTIVATED = "reactivated", _("reactivated")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")


class StaffEvent(models.Model):
    """What was done to a provider's people and API tokens, by whom and when: the city's record of provider
    self-administration (and of the tokens its own IT issues). Rows are only added."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_events_made",
        verbose_name=_("by"),
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="staff_events")
    kind = models.CharField(_("event"), max_length=16, choices=StaffEventKind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="staff_events",
        verbose_name=_("person"),
    )
    token_name = models.CharField(_("token"), max_length=100, blank=True)
    from_value = models.CharField(_("from"), max_length=32, blank=True)
    to_value = models.CharField(_("to"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("staff event")
        verbose_name_plural = _("staff events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["provider", "at"], name="staff_event_provider_idx")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.subject_id}"


class UserPreference(models.Model):
    """A person's own settings, for what the portal does when they are not looking: the language of the
    e-mail it sends them. Kept on the person, not on a provider membership: city staff have none, and one
    person may work for two providers. One-to-one beside the user, so the auth user model stays Django's."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"


class Client(models.Model):
    """A person who receives purchased services. Never shown with the full identity code outside payroll."""

    identity_code = models.CharField(
        _("personal identity code"), max_length=11, unique=True, validators=[validate_identity_code]
    )
    first_name = NameField(_("first name"), max_length=100)
    last_name = NameField(_("last name"), max_length=100)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="fi")
    # Where the provider pays the client's work-share money, when known (exported to payroll).
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="client_name_idx")]

    def __str__(self) -> str:
        # Deliberately without the identity code: __str__ ends up in logs and admin messages.
        return f"{self.last_name}, {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def identity_code_masked(self) -> str:
        return mask_identity_code(self.identity_code)

    @property
    def birth_date(self) -> datetime.date:
        return birth_date_of(self.identity_code)

    def age_on(self, day: datetime.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed")
    LIST = "list", _("listed")
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    EXPORT = "export", _("exported")
    DOWNLOAD = "download", _("downloaded")


class ClientAccessLog(models.Model):
    """One row per client per access: who, when, which client, what and through which resource (docs §11)."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="client_access_logs")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="access_logs")
    action = models.CharField(_("action"), max_length=16, choices=AccessAction.choices)
    # The named resource that showed the data ("api:service-order-detail"), never a raw URL with a query.
    resource = models.CharField(_("resource"), max_length=120)
    object_ref = models.CharField(_("object"), max_length=80, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("client access log entry")
        verbose_name_plural = _("client access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["client", "at"], name="access_log_client_idx"),
            models.Index(fields=["user", "at"], name="access_log_user_idx"),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.client_id}"
