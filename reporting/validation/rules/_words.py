"""Finding parameters in each message language: a rule's params hold one value per language where the
wording differs (`day_fi`, `day_sv`, `day_en`), so no English leaks into Finnish or Swedish text.

Not a rule: importing it registers nothing.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal
from typing import Any

from contracts.models import Product
from core.periods import Period


def per_language(name: str, fi: str, sv: str, en: str) -> dict[str, Any]:
    return {f"{name}_fi": fi, f"{name}_sv": sv, f"{name}_en": en}


def date_words(name: str, day: datetime.date) -> dict[str, Any]:
    """Finnish and Swedish write 5.10.2026; English gets the unambiguous ISO form."""
    local = f"{day.day}.{day.month}.{day.year}"
    return per_language(name, local, local, day.isoformat())


def period_words(name: str, period: Period) -> dict[str, Any]:
    local = f"{period.month}/{period.year}"
    return per_language(name, local, local, f"{calendar.month_name[period.month]} {period.year}")


def number_words(name: str, value: Decimal) -> dict[str, Any]:
    """Decimal comma in Finnish and Swedish, point in English; whole numbers without decimals."""
    text = f"{value.normalize():f}"
    return per_language(name, text.replace(".", ","), text.replace(".", ","), text)


def money_words(name: str, value: Decimal) -> dict[str, Any]:
    text = f"{value:.2f}"
    return per_language(name, text.replace(".", ","), text.replace(".", ","), text)


def product_words(name: str, product: Product) -> dict[str, Any]:
    return per_language(name, product.name_fi, product.name_sv or product.name_fi, product.name_en or product.name_fi)
