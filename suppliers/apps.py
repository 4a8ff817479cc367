from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = _("Providers and clients")

    def ready(self) -> None:
        # Registers the token's OpenAPI description (a drf-spectacular extension) before any schema is built.
        import suppliers.authentication  # noqa: F401
        from suppliers.services import role_groups_sync_after_migrate

        post_migrate.connect(role_groups_sync_after_migrate, dispatch_uid="suppliers.role_groups")
