"""How much a finding weighs: an error blocks submission, a warning needs a written reason, a city-only warning is
shown to the city alone (docs §9).

Its own module without imports from the app, so that `reporting.models` can name it for the Finding's choices."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    ERROR = "error", _("error")
    WARNING = "warning", _("warning")
    CITY_WARNING = "city_warning", _("city-only warning")
