"""Pages for contracts, service orders and clients. Thin: selectors read, services write, the access log
records every client shown."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from contracts.filters import ServiceOrderFilter
from contracts.forms import ServiceOrderCreateForm
from contracts.selectors import client_list, contract_list, product_list, service_order_list
from contracts.services import service_order_create
from suppliers.access import actor_for
from suppliers.models import AccessAction
from suppliers.services import client_access_record

PAGE_SIZE = 50


@login_required
def service_order_list_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    filterset = ServiceOrderFilter(request.GET, queryset=service_order_list(actor=actor))
    queryset = filterset.qs if filterset.is_valid() else service_order_list(actor=actor).none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    client_access_record(
        user=request.user,
        client_ids=[order.client_id for order in page.object_list],
        action=AccessAction.LIST,
        resource="page:service-order-list",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "contracts/service_order_list.html",
        {
            "page": page,
            "filter": filterset,
            "query": query.urlencode(),
            "may_create": actor.is_city_unit_worker or actor.has_role("administrator"),
        },
    )


@login_required
def service_order_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    order = get_object_or_404(service_order_list(actor=actor), pk=pk)
    client_access_record(
        user=request.user,
        client_ids=[order.client_id],
        action=AccessAction.VIEW,
        resource="page:service-order-detail",
        object_ref=f"service_order:{order.pk}",
    )
    return render(request, "contracts/service_order_detail.html", {"order": order})


@login_required
def service_order_create_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not request.user.has_perm("contracts.add_serviceorder") or not actor.is_city_user:
        raise PermissionDenied
    form = ServiceOrderCreateForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            order = service_order_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        except PermissionDenied as exc:
            form.add_error("ordering_unit", str(exc))
        else:
            client_access_record(
                user=request.user,
                client_ids=[order.client_id],
                action=AccessAction.CREATE,
                resource="page:service-order-create",
                object_ref=f"service_order:{order.pk}",
            )
            messages.success(request, _("Service order %(number)s created.") % {"number": order.decision_number})
            return redirect("service-order-detail", pk=order.pk)
    return render(request, "contracts/service_order_form.html", {"form": form})


@login_required
def client_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    client = get_object_or_404(client_list(actor=actor), pk=pk)
    orders = service_order_list(actor=actor).filter(client=client)
    client_access_record(
        user=request.user,
        client_ids=[client.pk],
        action=AccessAction.VIEW,
        resource="page:client-detail",
        object_ref=f"client:{client.pk}",
    )
    return render(request, "contracts/client_detail.html", {"client": client, "orders": orders})


@login_required
def contract_list_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    page = Paginator(contract_list(actor=actor), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contracts/contract_list.html", {"page": page})


@login_required
def contract_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    contract = get_object_or_404(contract_list(actor=actor), pk=pk)
    return render(request, "contracts/contract_detail.html", {"contract": contract})


@login_required
def product_list_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    return render(request, "contracts/product_list.html", {"products": product_list(actor=actor)})
