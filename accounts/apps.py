from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in: the second factor, lockout, passwords and session lifetimes (docs §11)."""

    name = "accounts"
    verbose_name = _("Signing in")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import session_start_stamp

        user_logged_in.connect(session_start_stamp, dispatch_uid="accounts.session_start_stamp")
