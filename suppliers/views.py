"""The provider admin's pages (docs §2): their own staff (invite, change role, deactivate) and their provider's
API tokens (issue with a name and an expiry, see the last use, revoke). Everything goes through the services,
which check that the provider is the admin's and record a staff event the city sees."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from suppliers.access import Actor, actor_for
from suppliers.forms import ApiTokenIssueForm, StaffInviteForm, StaffMembershipForm
from suppliers.permissions import may_administer_staff
from suppliers.selectors import administered_providers, api_token_list, staff_event_list, staff_list
from suppliers.services import api_token_issue, api_token_revoke, staff_invite, staff_membership_update

RECENT_EVENTS = 50


def _require_staff_admin(request: HttpRequest) -> Actor:
    actor = actor_for(request.user)
    if not may_administer_staff(actor):
        raise PermissionDenied(_("Only a provider's admin manages its staff and API tokens."))
    return actor


def _add_errors(form: Form, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    form.add_error(None, getattr(exc, "messages", None) or str(exc))


@login_required
def staff_list_page(request: HttpRequest) -> HttpResponse:
    actor = _require_staff_admin(request)
    return render(
        request,
        "suppliers/staff_list.html",
        {"memberships": staff_list(actor=actor), "events": staff_event_list(actor=actor)[:RECENT_EVENTS]},
    )


@login_required
def staff_invite_page(request: HttpRequest) -> HttpResponse:
    actor = _require_staff_admin(request)
    form = StaffInviteForm(request.POST or None, providers=administered_providers(actor=actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = staff_invite(
                actor=actor,
                actor_user=request.user,
                provider=data["provider"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": membership.user.email})
            return redirect("staff-list")
    return render(request, "suppliers/staff_invite.html", {"form": form})


@login_required
def staff_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _require_staff_admin(request)
    membership = get_object_or_404(staff_list(actor=actor), pk=pk)
    form = StaffMembershipForm(
        request.POST or None, initial={"role": membership.role, "is_active": membership.is_active}
    )
    if request.method == "POST" and form.is_valid():
        try:
            staff_membership_update(
                actor=actor,
                actor_user=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                is_active=form.cleaned_data["is_active"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("staff-list")
    return render(
        request,
        "suppliers/staff_detail.html",
        {"membership": membership, "form": form, "is_self": membership.user_id == actor.user_id},
    )


def _holders(actor: Actor) -> Any:
    return staff_list(actor=actor).filter(is_active=True)


@login_required
def api_token_list_page(request: HttpRequest) -> HttpResponse:
    actor = _require_staff_admin(request)
    form = ApiTokenIssueForm(request.POST or None, holders=_holders(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, key = api_token_issue(
                actor=actor,
                actor_user=request.user,
                holder=data["holder"].user,
                provider=data["holder"].provider,
                name=data["name"],
                expires_in_days=data["expires_in_days"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            # The key exists only in this response: no redirect, and the page is never cached.
            response = render(request, "suppliers/api_token_issued.html", {"token": token, "key": key})
            response["Cache-Control"] = "no-store, private"
            return response
    return render(request, "suppliers/api_tokens.html", {"tokens": api_token_list(actor=actor), "form": form})


@login_required
@require_POST
def api_token_revoke_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _require_staff_admin(request)
    token = get_object_or_404(api_token_list(actor=actor), pk=pk)
    api_token_revoke(actor=actor, actor_user=request.user, token=token)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("api-token-list")


class StaffWelcomeView(auth_views.PasswordResetConfirmView):
    """Where an invited person sets their password from the e-mailed link (Django's signed, single-use token,
    valid PASSWORD_RESET_TIMEOUT); then they log in."""

    template_name = "suppliers/staff_welcome.html"
    success_url = reverse_lazy("login")
    title = gettext_lazy("Set your password")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password was set. Log in with your e-mail address."))
        return super().form_valid(form)
