"""How machine clients authenticate: django-rest-knox tokens (hashed, expiring) under the header they already
send, `Authorization: Token <key>` (docs §13).

Knox finds the token by its first characters and compares SHA-512 digests; this class adds the portal's rules:
only the roles of `suppliers.roles.API_TOKEN_ROLES` may use a token, a provider's token sees that provider
only, and each use is remembered (at most once a minute, so a busy client does not write on every request).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from suppliers.access import actor_narrow_to_provider
from suppliers.models import ApiToken
from suppliers.permissions import may_use_api_token

LAST_USE_RESOLUTION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    def validate_user(self, auth_token: ApiToken) -> tuple[Any, ApiToken]:
        user, token = super().validate_user(auth_token)
        if not may_use_api_token(user=user, token=token):
            raise exceptions.AuthenticationFailed(_("This token's holder may not use API tokens."))
        actor_narrow_to_provider(user, token.provider_id)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents the token in the schema under the name machine clients have known it by."""

    target_class = "suppliers.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "An API token, sent as `Authorization: Token <key>`. Tokens expire; a provider's admin issues "
                "them for the provider's integrations on the portal's API tokens page, the city's IT with "
                "`manage.py issue_api_token`. The key is shown once and stored only as a hash."
            ),
        }
