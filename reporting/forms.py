from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.period_fields import PeriodFormField
from core.text import FreeTextFormField
from reporting.models import AttendanceStatus, ReportEntry
from reporting.services import DayInput, ProgressInput

_STATUS_CHOICES = [("", "–"), *AttendanceStatus.choices]


class PeriodForm(forms.Form):
    period = PeriodFormField(label=_("Month (YYYY-MM)"))


class ReportCreateForm(forms.Form):
    contract = forms.IntegerField(widget=forms.HiddenInput)
    period = PeriodFormField(widget=forms.HiddenInput)


class CommentForm(forms.Form):
    comment = FreeTextFormField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class EntryForm(forms.Form):
    """One entry with its attendance grid (a status and hours field per day) and a GAS level per goal."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    units_delivered = forms.DecimalField(label=_("Units delivered"), min_value=0, max_digits=8, decimal_places=2)
    work_share_paid = forms.DecimalField(
        label=_("Work-share money paid (EUR)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    notes = FreeTextFormField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    warning_reason = FreeTextFormField(
        label=_("Reason for warnings"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, entry: ReportEntry, days: list[datetime.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.day_list = days
        earns = entry.service_order.contract_line.product.earns_work_share
        existing = {day.date: day for day in entry.days.all()}
        order = entry.service_order
        self.show_hours = earns
        for day in days:
            current = existing.get(day)
            # Days outside the order are shown but locked, unless something was already reported on them
            # (then the provider must be able to clear it; the findings say why).
            locked = not (order.starts_on <= day <= order.ends_on) and current is None
            self.fields[f"status_{day:%d}"] = forms.ChoiceField(
                label=day.strftime("%d.%m."),
                choices=_STATUS_CHOICES,
                required=False,
                initial=current.status if current else "",
                disabled=locked,
            )
            if earns and not locked:
                self.fields[f"hours_{day:%d}"] = forms.DecimalField(
                    label=_("hours %(day)s") % {"day": day.strftime("%d.%m.")},
                    min_value=0,
                    max_value=24,
                    max_digits=4,
                    decimal_places=2,
                    required=False,
                    initial=current.hours if current else None,
                )
        progress = {item.goal_id: item for item in entry.goal_progress.all()}
        self.goals = list(entry.service_order.goals.all())
        level_choices = [("", "–"), ("-2", "−2"), ("-1", "−1"), ("0", "0"), ("1", "+1"), ("2", "+2")]
        for goal in self.goals:
            current_progress = progress.get(goal.pk)
            self.fields[f"level_{goal.pk}"] = forms.ChoiceField(
                label=goal.get_area_display(),
                choices=level_choices,
                required=False,
                initial=str(current_progress.level) if current_progress else "",
            )
            self.fields[f"narrative_{goal.pk}"] = FreeTextFormField(
                label=_("Progress"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=current_progress.narrative if current_progress else "",
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "date": day,
                "weekend": day.weekday() >= 5,
                "locked": self.fields[f"status_{day:%d}"].disabled,
                "status": self[f"status_{day:%d}"],
                "hours": self[f"hours_{day:%d}"] if f"hours_{day:%d}" in self.fields else None,
            }
            for day in self.day_list
        ]

    def goal_rows(self) -> list[dict[str, Any]]:
        return [
            {"goal": goal, "level": self[f"level_{goal.pk}"], "narrative": self[f"narrative_{goal.pk}"]}
            for goal in self.goals
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        days = []
        for day in self.day_list:
            status = data.get(f"status_{day:%d}") or ""
            hours = data.get(f"hours_{day:%d}") or Decimal("0")
            if status:
                days.append(DayInput(day, status, hours))
        progress = [
            ProgressInput(goal.pk, int(data[f"level_{goal.pk}"]), data.get(f"narrative_{goal.pk}", ""))
            for goal in self.goals
            if data.get(f"level_{goal.pk}") not in (None, "")
        ]
        return {
            "version": data["version"],
            "units_delivered": data["units_delivered"],
            "work_share_paid": data.get("work_share_paid"),
            "notes": data.get("notes", ""),
            "warning_reason": data.get("warning_reason", ""),
            "days": days,
            "goal_progress": progress,
        }


class OutcomePeriodForm(forms.Form):
    period = PeriodFormField(label=_("Month (YYYY-MM)"))
    group = forms.ChoiceField(label=_("Group by"), choices=[("provider", _("Provider")), ("product", _("Product"))])
