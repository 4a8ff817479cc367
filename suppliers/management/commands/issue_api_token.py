from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from suppliers.models import ApiToken, Provider
from suppliers.services import api_token_issue, api_token_revoke


class Command(BaseCommand):
    help = (
        "The city's IT issues a named, expiring API token (django-rest-knox) to a machine client's account and "
        "prints the key once; --rotate first revokes the account's tokens of the same name. Provider staff's "
        "tokens are tied to their provider (--provider when they work for several)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API client", help="Which system uses the token.")
        parser.add_argument(
            "--days",
            type=int,
            default=settings.API_TOKEN_DEFAULT_DAYS,
            help=f"Days until the token expires (at most {settings.API_TOKEN_MAX_DAYS}).",
        )
        parser.add_argument("--provider", type=int, help="The provider's id, for staff of several providers.")
        parser.add_argument("--rotate", action="store_true", help="Revoke the account's tokens of this name first.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        provider = self._provider(user, options["provider"])
        if options["rotate"]:
            for token in ApiToken.objects.filter(user=user, name=options["name"], provider=provider):
                api_token_revoke(actor=None, actor_user=None, token=token)
        try:
            _token, key = api_token_issue(
                actor=None,
                actor_user=None,
                holder=user,
                provider=provider,
                name=options["name"],
                expires_in_days=options["days"],
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(key)

    def _provider(self, user: Any, provider_id: int | None) -> Provider | None:
        providers = Provider.objects.filter(memberships__user=user, memberships__is_active=True, is_active=True)
        if provider_id is not None:
            provider = providers.filter(pk=provider_id).first()
            if provider is None:
                raise CommandError(f"{user.get_username()!r} is not active staff of provider {provider_id}.")
            return provider
        found = list(providers[:2])
        if len(found) > 1:
            raise CommandError("The user works for several providers; choose one with --provider.")
        return found[0] if found else None
