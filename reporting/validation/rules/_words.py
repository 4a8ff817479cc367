"""How a finding's params read in the language of its message. The rules store them language-neutral (a date,
a "YYYY-MM" month, a decimal, a code); these turn them into words of the active language, with the patterns
translated in locale/.

Names from the catalogue (a product's, an ordering unit's) are data in three languages, not messages: they are
stored once per language (`per_language`), and a message takes its own language's.

Not a rule: importing it registers nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import dateformat, formats
from django.utils.translation import pgettext

from contracts.models import Product
from core.periods import Period


def per_language(name: str, fi: str, sv: str, en: str) -> dict[str, Any]:
    return {f"{name}_fi": fi, f"{name}_sv": sv, f"{name}_en": en}


def product_words(name: str, product: Product) -> dict[str, Any]:
    return per_language(name, product.name_fi, product.name_sv or product.name_fi, product.name_en or product.name_fi)


def date_text(value: datetime.date | str) -> str:
    """5.10.2026 in Finnish and Swedish; English gets the unambiguous ISO form."""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    # Translators: how a date reads in a validation message, in Django's date format ("j.n.Y" gives 5.10.2026).
    return dateformat.format(day, pgettext("finding date", "Y-m-d"))


def month_text(value: Period | str) -> str:
    """10/2026 in Finnish and Swedish, October 2026 in English."""
    period = value if isinstance(value, Period) else Period.parse(value)
    # Translators: how a month reads in a validation message, in Django's date format ("n/Y" gives 10/2026).
    return dateformat.format(period.first_day, pgettext("finding month", "F Y"))


def number_text(value: Decimal | str) -> str:
    """Whole numbers without decimals; the decimal separator of the language (a comma in Finnish and Swedish)."""
    return _separated(f"{Decimal(str(value)).normalize():f}")


def money_text(value: Decimal | str) -> str:
    return _separated(f"{Decimal(str(value)):.2f}")


def _separated(text: str) -> str:
    return text.replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))
