"""The roles of docs §2 as Django groups, and the model permissions each carries.

Which rows a user sees is decided by membership (a provider, an ordering unit), not by these permissions:
permissions say what kind of thing a role may do, selectors say to which rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVIDER_REPORTER = "provider_reporter", _("Provider reporter")
    PROVIDER_ADMIN = "provider_admin", _("Provider admin")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    LEAD_SOCIAL_WORKER = "lead_social_worker", _("Lead social worker")
    CONTRACT_MONITOR = "contract_monitor", _("Contract monitor")
    PAYROLL_CLERK = "payroll_clerk", _("Payroll clerk")
    ADMINISTRATOR = "administrator", _("Administrator")


PROVIDER_ROLES = frozenset({Role.PROVIDER_REPORTER, Role.PROVIDER_ADMIN})
# City roles that see every provider's data (they monitor, pay or administer all of it).
CITY_WIDE_ROLES = frozenset({Role.CONTRACT_MONITOR, Role.PAYROLL_CLERK, Role.ADMINISTRATOR})
# City roles whose view of client data is bounded by their ordering units and their own clients.
CITY_UNIT_ROLES = frozenset({Role.SOCIAL_WORKER, Role.LEAD_SOCIAL_WORKER})
CITY_ROLES = CITY_WIDE_ROLES | CITY_UNIT_ROLES
# Who may hold an API token (docs §13): provider staff, for their provider's own integrations (issued by the
# provider's admin), and the city's integrating systems that read all providers' reports and pay work-share
# money (a contract monitor's or payroll clerk's account, issued by the city's IT with `issue_api_token`).
# Never an administrator (a leaked key would carry the power to change contracts, rates and users) and
# never a social worker: case work is done by people in the browser, not by machines.
API_TOKEN_ROLES = frozenset({Role.PROVIDER_REPORTER, Role.PROVIDER_ADMIN, Role.CONTRACT_MONITOR, Role.PAYROLL_CLERK})

_VIEW_CATALOGUE = [
    "contracts.view_product",
    "contracts.view_procurement",
    "contracts.view_orderingunit",
    "contracts.view_worksharerate",
]
_VIEW_CONTRACTS = ["suppliers.view_provider", "contracts.view_contract", "contracts.view_contractline"]
_VIEW_ORDERS = ["contracts.view_serviceorder", "contracts.view_goal", "suppliers.view_client"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PROVIDER_REPORTER: _VIEW_CATALOGUE + _VIEW_CONTRACTS + _VIEW_ORDERS,
    Role.PROVIDER_ADMIN: _VIEW_CATALOGUE
    + _VIEW_CONTRACTS
    + _VIEW_ORDERS
    + ["suppliers.view_providermembership", "suppliers.add_providermembership", "suppliers.change_providermembership"],
    Role.SOCIAL_WORKER: _VIEW_CATALOGUE
    + _VIEW_CONTRACTS
    + _VIEW_ORDERS
    + ["contracts.add_serviceorder", "contracts.change_serviceorder", "contracts.add_goal", "contracts.change_goal"],
    Role.LEAD_SOCIAL_WORKER: _VIEW_CATALOGUE
    + _VIEW_CONTRACTS
    + _VIEW_ORDERS
    + [
        "contracts.add_serviceorder",
        "contracts.change_serviceorder",
        "contracts.add_goal",
        "contracts.change_goal",
        "contracts.view_unitbudget",
    ],
    Role.CONTRACT_MONITOR: _VIEW_CATALOGUE + _VIEW_CONTRACTS + _VIEW_ORDERS + ["contracts.view_unitbudget"],
    Role.PAYROLL_CLERK: _VIEW_CATALOGUE + _VIEW_CONTRACTS + _VIEW_ORDERS,
    Role.ADMINISTRATOR: _VIEW_CATALOGUE
    + _VIEW_CONTRACTS
    + _VIEW_ORDERS
    + [
        "suppliers.add_provider",
        "suppliers.change_provider",
        "suppliers.view_providermembership",
        "suppliers.add_providermembership",
        "suppliers.change_providermembership",
        # Provider self-administration as the city sees it (read-only in the admin): staff events and API tokens.
        "suppliers.view_staffevent",
        "suppliers.view_apitoken",
        "contracts.add_product",
        "contracts.change_product",
        "contracts.add_contract",
        "contracts.change_contract",
        "contracts.add_contractline",
        "contracts.change_contractline",
        "contracts.add_contractlineprice",
        "contracts.change_contractlineprice",
        "contracts.add_worksharerate",
        "contracts.change_worksharerate",
        "contracts.add_unitbudget",
        "contracts.change_unitbudget",
        "contracts.view_unitbudget",
        "contracts.add_serviceorder",
        "contracts.change_serviceorder",
    ],
}
