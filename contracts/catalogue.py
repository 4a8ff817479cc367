"""The real catalogue: the city's 2019–2022 procurement, its products (docs §3), ordering units and the
21.1.2019 work-share decision (docs §7). Loading is idempotent: rows are keyed by code."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from contracts.models import (
    OrderingUnit,
    Procurement,
    Product,
    ProductCategory,
    ProductUnit,
    PurchaseKind,
    WorkShareRate,
)

PROCUREMENT: dict[str, Any] = {
    "reference": "vantaa-asuminen-tyo-paivatoiminta-2019",
    "name_fi": (
        "Asumispalvelujen hankinta mielenterveys- ja päihdekuntoutujille sekä asunnottomille ja työ- ja "
        "päivätoiminta mielenterveyskuntoutujille"
    ),
    "name_sv": (
        "Upphandling av boendetjänster för mentalvårds- och missbruksrehabiliterande samt bostadslösa och "
        "arbets- och dagverksamhet för mentalvårdsrehabiliterande"
    ),
    "name_en": (
        "Procurement of housing services for mental-health and substance-abuse rehabilitees and the homeless, "
        "and work and day activities for mental-health rehabilitees"
    ),
    "starts_on": datetime.date(2019, 1, 1),
    "ends_on": datetime.date(2022, 12, 31),
}

_HOURS = Decimal("6.00")  # the longest work-activity day the contracts allow
_YOUTH = 35  # "youth means roughly under 35"

PRODUCTS: list[dict[str, Any]] = [
    {
        "code": "supported-housing",
        "name_fi": "Tuettu asuminen",
        "name_sv": "Stödboende",
        "name_en": "Supported housing",
        "category": ProductCategory.SUPPORTED_HOUSING,
        "unit": ProductUnit.VISIT,
        "includes_social_rehabilitation": True,
        "is_housing": True,
    },
    {
        "code": "service-housing",
        "name_fi": "Palveluasuminen",
        "name_sv": "Serviceboende",
        "name_en": "Service housing",
        "category": ProductCategory.SERVICE_HOUSING,
        "unit": ProductUnit.DAY,
        "is_housing": True,
    },
    {
        "code": "enhanced-service-housing",
        "name_fi": "Tehostettu palveluasuminen",
        "name_sv": "Serviceboende med heldygnsomsorg",
        "name_en": "Enhanced service housing",
        "category": ProductCategory.SERVICE_HOUSING,
        "unit": ProductUnit.DAY,
        "is_housing": True,
    },
    {
        "code": "assessment-housing",
        "name_fi": "Lyhytaikainen arvioiva asuminen",
        "name_sv": "Kortvarigt bedömningsboende",
        "name_en": "Short-term assessment housing",
        "category": ProductCategory.SERVICE_HOUSING,
        "unit": ProductUnit.DAY,
        "is_housing": True,
    },
    {
        "code": "crisis-accommodation",
        "name_fi": "Kriisimajoitus",
        "name_sv": "Krisinkvartering",
        "name_en": "Crisis accommodation",
        "category": ProductCategory.CRISIS_ACCOMMODATION,
        "unit": ProductUnit.NIGHT,
        "is_housing": True,
    },
    {
        "code": "work-activity-adults",
        "name_fi": "Mielenterveyskuntoutujien työtoiminta, aikuiset",
        "name_sv": "Arbetsverksamhet för mentalvårdsrehabiliterande, vuxna",
        "name_en": "Work activity for mental-health rehabilitees, adults",
        "category": ProductCategory.WORK_DAY_ACTIVITY,
        "unit": ProductUnit.DAY,
        "includes_social_rehabilitation": True,
        "earns_work_share": True,
        "max_daily_hours": _HOURS,
    },
    {
        "code": "work-activity-youth",
        "name_fi": "Mielenterveyskuntoutujien työtoiminta, nuoret",
        "name_sv": "Arbetsverksamhet för mentalvårdsrehabiliterande, unga",
        "name_en": "Work activity for mental-health rehabilitees, youth",
        "category": ProductCategory.WORK_DAY_ACTIVITY,
        "unit": ProductUnit.DAY,
        "includes_social_rehabilitation": True,
        "earns_work_share": True,
        "max_daily_hours": _HOURS,
        "is_youth": True,
        "youth_age_limit": _YOUTH,
    },
    {
        "code": "day-activity-adults",
        "name_fi": "Mielenterveyskuntoutujien päivätoiminta, aikuiset",
        "name_sv": "Dagverksamhet för mentalvårdsrehabiliterande, vuxna",
        "name_en": "Day activity for mental-health rehabilitees, adults",
        "category": ProductCategory.WORK_DAY_ACTIVITY,
        "unit": ProductUnit.DAY,
        "includes_social_rehabilitation": True,
    },
    {
        "code": "day-activity-youth",
        "name_fi": "Mielenterveyskuntoutujien päivätoiminta, nuoret",
        "name_sv": "Dagverksamhet för mentalvårdsrehabiliterande, unga",
        "name_en": "Day activity for mental-health rehabilitees, youth",
        "category": ProductCategory.WORK_DAY_ACTIVITY,
        "unit": ProductUnit.DAY,
        "includes_social_rehabilitation": True,
        "is_youth": True,
        "youth_age_limit": _YOUTH,
    },
]

# Bought outside the framework: a separate contract (erillissopimus) with a known provider.
SEPARATE_PRODUCTS: list[dict[str, Any]] = [
    {
        "code": "home-support-mental-health",
        "name_fi": "MT-kuntoutujien kotiin vietävä tuki",
        "name_sv": "Stöd i hemmet för mentalvårdsrehabiliterande",
        "name_en": "Home-delivered support for mental-health rehabilitees",
        "category": ProductCategory.HOME_SUPPORT,
        "unit": ProductUnit.VISIT,
        "includes_social_rehabilitation": True,
        "purchase_kind": PurchaseKind.SEPARATE_CONTRACT,
    },
]

ORDERING_UNITS: list[dict[str, Any]] = [
    {
        "code": "adult-family-social-work",
        "name_fi": "Aikuis- ja perhesosiaalityö, aikuissosiaalityö",
        "name_sv": "Socialt arbete för vuxna och familjer, vuxensocialarbete",
        "name_en": "Adult and family social work, adult social work",
    },
    {
        "code": "youth-social-work",
        "name_fi": "Nuorten sosiaalityö",
        "name_sv": "Socialt arbete för unga",
        "name_en": "Youth social work",
    },
    {
        "code": "housing-social-rehabilitation",
        "name_fi": "Asumisen sosiaalityö ja sosiaalinen kuntoutus",
        "name_sv": "Socialt arbete inom boende och social rehabilitering",
        "name_en": "Housing social work and social rehabilitation",
    },
    {
        "code": "child-protection-aftercare",
        "name_fi": "Lastensuojelun jälkihuolto",
        "name_sv": "Eftervård inom barnskyddet",
        "name_en": "Child protection aftercare",
    },
]

WORK_SHARE_DECISIONS: list[dict[str, Any]] = [
    {
        "effective_from": datetime.date(2019, 1, 21),
        "amount_per_hour": Decimal("2.00"),
        "decision_reference": "Sosiaali- ja terveyslautakunta 21.1.2019: työosuusraha 2 €/työtoimintatunti",
    },
]

_PRODUCT_DEFAULTS = {
    "includes_social_rehabilitation": False,
    "earns_work_share": False,
    "is_youth": False,
    "is_housing": False,
    "max_daily_hours": None,
    "youth_age_limit": None,
    "is_active": True,
}


@transaction.atomic
def catalogue_load() -> dict[str, int]:
    """Create or update the catalogue to exactly the rows above. Returns how many rows each table holds."""
    procurement_fields = {key: value for key, value in PROCUREMENT.items() if key != "reference"}
    procurement, _ = Procurement.objects.update_or_create(
        reference=PROCUREMENT["reference"], defaults=procurement_fields
    )
    for spec in PRODUCTS:
        fields = {**_PRODUCT_DEFAULTS, **spec, "procurement": procurement, "purchase_kind": PurchaseKind.TENDERED}
        code = fields.pop("code")
        Product.objects.update_or_create(code=code, defaults=fields)
    for spec in SEPARATE_PRODUCTS:
        fields = {**_PRODUCT_DEFAULTS, **spec, "procurement": None}
        code = fields.pop("code")
        Product.objects.update_or_create(code=code, defaults=fields)
    for spec in ORDERING_UNITS:
        fields = dict(spec)
        code = fields.pop("code")
        OrderingUnit.objects.update_or_create(code=code, defaults=fields)
    for spec in WORK_SHARE_DECISIONS:
        fields = dict(spec)
        effective_from = fields.pop("effective_from")
        WorkShareRate.objects.update_or_create(effective_from=effective_from, defaults=fields)
    return {
        "procurements": Procurement.objects.count(),
        "products": Product.objects.count(),
        "ordering_units": OrderingUnit.objects.count(),
        "work_share_rates": WorkShareRate.objects.count(),
    }
