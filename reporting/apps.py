from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Monthly reporting")

    def ready(self) -> None:
        from contracts.extensions import order_detail_extra_register
        from reporting.outcomes import order_gas_scores
        from reporting.validation import rules as _rules  # noqa: F401 - registers every rule

        # The order page (contracts) shows the client's T-scores month by month, computed here.
        order_detail_extra_register(order_gas_scores)
