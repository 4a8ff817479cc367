"""Move the clear API keys of rest_framework.authtoken into knox digests, then erase the clear keys.

Machine clients keep their key for MIGRATED_TOKEN_DAYS (a quarter, to reissue in an orderly way); after that
the token expires like any other. A key whose holder may not hold a token under the new rules (an
administrator, a social worker, anyone without a role, provider staff with no active membership) is not
carried over: it stops working at once and must be reissued to an account that may hold one.

The authtoken table is emptied, not dropped: its migrations stay recorded, so reinstalling the app would not
trip over a missing table. Going back cannot restore clear keys (that is the point), so the reverse is a no-op.
"""

import datetime

from django.db import migrations
from django.utils import timezone
from knox.crypto import hash_token

MIGRATED_TOKEN_DAYS = 90
# Frozen copies of suppliers.roles as of this migration: a later change to the roles must not change it.
PROVIDER_TOKEN_ROLES = {"provider_reporter", "provider_admin"}
CITY_TOKEN_ROLES = {"contract_monitor", "payroll_clerk"}
NEVER = {"administrator"}
TOKEN_KEY_LENGTH = 15  # knox.settings.CONSTANTS.TOKEN_KEY_LENGTH


def clear_keys_to_digests(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("suppliers", "ApiToken")
    ProviderMembership = apps.get_model("suppliers", "ProviderMembership")
    User = apps.get_model("auth", "User")
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id FROM authtoken_token")
        rows = cursor.fetchall()
    expiry = timezone.now() + datetime.timedelta(days=MIGRATED_TOKEN_DAYS)
    for key, user_id in rows:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None or user.is_superuser:
            continue
        roles = set(user.groups.values_list("name", flat=True))
        if roles & NEVER:
            continue
        provider_id = None
        if roles & PROVIDER_TOKEN_ROLES:
            provider_id = (
                ProviderMembership.objects.filter(user_id=user_id, is_active=True, provider__is_active=True)
                .order_by("provider_id")
                .values_list("provider_id", flat=True)
                .first()
            )
            if provider_id is None:
                continue
        elif not roles & CITY_TOKEN_ROLES:
            continue
        ApiToken.objects.create(
            digest=hash_token(key),
            token_key=key[:TOKEN_KEY_LENGTH],
            user_id=user_id,
            expiry=expiry,
            name="Migrated key",
            provider_id=provider_id,
        )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0004_api_tokens_staff_events")]

    operations = [migrations.RunPython(clear_keys_to_digests, migrations.RunPython.noop)]
