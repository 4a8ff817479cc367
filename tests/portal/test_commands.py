"""`load_catalogue` and `seed_demo` are idempotent and deterministic (docs §3, §7, §11)."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models
from django.test import Client as HttpClient
from stdnum.fi import hetu

from contracts.models import (
    OrderingUnit,
    Procurement,
    Product,
    ProductCategory,
    ProductUnit,
    PurchaseKind,
    ServiceOrder,
    WorkShareRate,
)
from reporting.models import Report
from suppliers.access import actor_for
from suppliers.models import Client, Provider
from suppliers.roles import Role

SEED_ARGS = ["--providers", "4", "--clients", "30", "--today", "2026-11-23"]
# Rows that are never the same twice and say nothing about the data: framework bookkeeping.
_NOT_DATA = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry"}
# Values that differ by design from run to run: salted password hashes and the clock.
# Password hashes are salted; the rest are the moments things happened (the demo's report was submitted
# and approved "now"), which differ between runs by design.
_VOLATILE_FIELDS = {"password", "last_login", "date_joined", "submitted_at", "returned_at", "approved_at"}

Fingerprint = dict[str, list[tuple[Any, ...]]]


def _value(row: models.Model, field: models.Field[Any, Any]) -> Any:
    """A field's value; references to content types and permissions by natural key, as their ids are not data."""
    value = getattr(row, field.attname)
    if value is not None and field.is_relation and field.related_model is ContentType:
        return "{}.{}".format(*ContentType.objects.get_for_id(value).natural_key())
    if value is not None and field.is_relation and field.related_model is Permission:
        permission = Permission.objects.select_related("content_type").get(pk=value)
        return f"{permission.content_type.app_label}.{permission.codename}"
    return value


def _is_volatile(field: models.Field[Any, Any]) -> bool:
    auto_time = isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add)
    return auto_time or field.name in _VOLATILE_FIELDS


def fingerprint(*labels: str) -> Fingerprint:
    """Every row of the given models (all models if none), ids included, sorted by id."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in _NOT_DATA and (not labels or model._meta.label_lower in labels)
    ]
    result: Fingerprint = {}
    for model in chosen:
        fields = [field for field in model._meta.concrete_fields if not _is_volatile(field)]
        result[model._meta.label_lower] = [
            tuple((field.name, _value(row, field)) for field in fields) for row in model._default_manager.order_by("pk")
        ]
    return result


CATALOGUE_TABLES = (
    "contracts.procurement",
    "contracts.product",
    "contracts.orderingunit",
    "contracts.orderingunit_members",
    "contracts.worksharerate",
    "auth.group",
    "auth.group_permissions",
)


def load_catalogue() -> str:
    out = io.StringIO()
    call_command("load_catalogue", stdout=out)
    return out.getvalue()


def seed_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def fresh_database() -> None:
    """Empty every table and restart the id sequences, as a newly migrated database has them."""
    call_command("flush", interactive=False, verbosity=0)


# load_catalogue ------------------------------------------------------------------------------------------------


def test_loading_the_catalogue_twice_leaves_exactly_the_same_rows(db):
    load_catalogue()
    first = fingerprint(*CATALOGUE_TABLES)

    output = load_catalogue()

    assert fingerprint(*CATALOGUE_TABLES) == first
    assert first["contracts.product"]
    assert "products 10" in output


def test_loading_the_catalogue_again_restores_a_changed_product(db):
    load_catalogue()
    first = fingerprint(*CATALOGUE_TABLES)
    Product.objects.filter(code="work-activity-adults").update(name_fi="Muutettu", max_daily_hours=Decimal("9"))

    load_catalogue()

    assert fingerprint(*CATALOGUE_TABLES) == first


def test_the_catalogue_is_the_citys_2019_2022_procurement(db):
    load_catalogue()

    [procurement] = Procurement.objects.all()
    assert (procurement.starts_on, procurement.ends_on) == (datetime.date(2019, 1, 1), datetime.date(2022, 12, 31))
    assert procurement.name_fi.startswith("Asumispalvelujen hankinta mielenterveys- ja päihdekuntoutujille")
    assert procurement.name_sv
    assert procurement.name_en


def test_the_catalogue_has_the_nine_tendered_products_with_their_units(db):
    load_catalogue()

    tendered = {product.code: product for product in Product.objects.filter(purchase_kind=PurchaseKind.TENDERED)}
    units = {code: product.unit for code, product in tendered.items()}
    assert units == {
        "supported-housing": ProductUnit.VISIT,
        "service-housing": ProductUnit.DAY,
        "enhanced-service-housing": ProductUnit.DAY,
        "assessment-housing": ProductUnit.DAY,
        "crisis-accommodation": ProductUnit.NIGHT,
        "work-activity-adults": ProductUnit.DAY,
        "work-activity-youth": ProductUnit.DAY,
        "day-activity-adults": ProductUnit.DAY,
        "day-activity-youth": ProductUnit.DAY,
    }
    assert {product.procurement.reference for product in tendered.values()} == {  # type: ignore[union-attr]
        "vantaa-asuminen-tyo-paivatoiminta-2019"
    }
    assert all(product.name_fi and product.name_sv and product.name_en for product in tendered.values())
    assert all(product.is_active for product in tendered.values())


def test_work_activity_earns_work_share_money_within_daily_hours_and_day_activity_does_not(db):
    load_catalogue()

    earning = Product.objects.filter(earns_work_share=True)
    assert sorted(earning.values_list("code", flat=True)) == ["work-activity-adults", "work-activity-youth"]
    assert {product.max_daily_hours for product in earning} == {Decimal("6.00")}
    assert not Product.objects.filter(earns_work_share=False, max_daily_hours__isnull=False).exists()


def test_youth_variants_have_the_age_limit_35(db):
    load_catalogue()

    youth = Product.objects.filter(is_youth=True)
    assert sorted(youth.values_list("code", flat=True)) == ["day-activity-youth", "work-activity-youth"]
    assert set(youth.values_list("youth_age_limit", flat=True)) == {35}
    assert not Product.objects.filter(is_youth=False, youth_age_limit__isnull=False).exists()


def test_housing_products_are_flagged_and_only_they(db):
    load_catalogue()

    housing = Product.objects.filter(is_housing=True)
    assert sorted(housing.values_list("code", flat=True)) == [
        "assessment-housing",
        "crisis-accommodation",
        "enhanced-service-housing",
        "service-housing",
        "supported-housing",
    ]
    assert set(housing.values_list("category", flat=True)) == {
        ProductCategory.SUPPORTED_HOUSING,
        ProductCategory.SERVICE_HOUSING,
        ProductCategory.CRISIS_ACCOMMODATION,
    }


def test_supported_housing_and_work_and_day_activities_include_social_rehabilitation(db):
    load_catalogue()

    tendered = Product.objects.filter(purchase_kind=PurchaseKind.TENDERED, includes_social_rehabilitation=True)
    assert sorted(tendered.values_list("code", flat=True)) == [
        "day-activity-adults",
        "day-activity-youth",
        "supported-housing",
        "work-activity-adults",
        "work-activity-youth",
    ]


def test_home_support_is_a_separate_purchase_outside_the_procurement(db):
    load_catalogue()

    [separate] = Product.objects.exclude(purchase_kind=PurchaseKind.TENDERED)
    assert separate.code == "home-support-mental-health"
    assert separate.name_fi == "MT-kuntoutujien kotiin vietävä tuki"
    assert separate.purchase_kind == PurchaseKind.SEPARATE_CONTRACT
    assert separate.category == ProductCategory.HOME_SUPPORT
    assert separate.procurement is None
    assert not separate.earns_work_share
    assert not separate.is_housing


def test_the_four_ordering_units_may_order(db):
    load_catalogue()

    assert sorted(OrderingUnit.objects.values_list("code", "may_order_tendered")) == [
        ("adult-family-social-work", True),
        ("child-protection-aftercare", True),
        ("housing-social-rehabilitation", True),
        ("youth-social-work", True),
    ]


def test_the_work_share_rate_is_two_euros_an_hour_from_21_january_2019(db):
    load_catalogue()

    [rate] = WorkShareRate.objects.all()
    assert rate.amount_per_hour == Decimal("2.00")
    assert rate.effective_from == datetime.date(2019, 1, 21)
    assert "21.1.2019" in rate.decision_reference


def test_loading_the_catalogue_gives_every_role_its_group(db):
    load_catalogue()

    assert set(apps.get_model("auth", "Group").objects.values_list("name", flat=True)) >= set(Role.values)


# seed_demo -----------------------------------------------------------------------------------------------------


def test_seeding_twice_with_the_same_arguments_leaves_exactly_the_same_rows(db):
    seed_demo(*SEED_ARGS, "--seed", "7")
    first = fingerprint()

    seed_demo(*SEED_ARGS, "--seed", "7")

    assert fingerprint() == first
    assert Client.objects.count() == 30
    assert ServiceOrder.objects.count() == 30
    assert Provider.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_builds_the_same_data_in_a_fresh_database():
    fresh_database()
    seed_demo(*SEED_ARGS, "--seed", "7")
    first = fingerprint()

    fresh_database()
    seed_demo(*SEED_ARGS, "--seed", "7")

    assert fingerprint() == first


@pytest.mark.django_db(transaction=True)
def test_another_seed_builds_other_data():
    fresh_database()
    seed_demo(*SEED_ARGS, "--seed", "7")
    first = fingerprint()
    first_codes = set(Client.objects.values_list("identity_code", flat=True))

    fresh_database()
    seed_demo(*SEED_ARGS, "--seed", "8")

    assert fingerprint() != first
    assert set(Client.objects.values_list("identity_code", flat=True)) != first_codes


def _reports_line(output: str) -> str:
    (line,) = [line for line in output.splitlines() if line.startswith("Demo data:")]
    return line


def test_seeding_again_reports_the_reports_already_there_not_zero(db):
    first = seed_demo(*SEED_ARGS, "--seed", "7")
    made = Report.objects.count()

    again = seed_demo(*SEED_ARGS, "--seed", "7")

    assert made > 0
    assert f"{made} monthly reports of the last twelve months (all made now)" in _reports_line(first)
    assert f"{made} monthly reports of the last twelve months (0 made now, the others already there)" in _reports_line(
        again
    )
    assert Report.objects.count() == made


def test_seeding_shows_its_progress_phase_by_phase_before_the_summary(db):
    output = seed_demo("--providers", "2", "--clients", "150", "--today", "2026-11-23", "--seed", "7")
    lines = output.splitlines()
    summary = lines.index(_reports_line(output))
    progress = [line.strip() for line in lines[:summary]]

    assert progress[0].startswith("City users and budgets:")
    assert progress[1] == "Providers and contracts: 2 providers, " + progress[1].split(", ")[1]
    assert progress[2:4] == ["Clients and service orders: 100/150", "Clients and service orders: 150/150"]
    months = [line for line in progress if line.startswith("Monthly reports ")]
    assert len(months) == 12
    assert months[0].startswith("Monthly reports 2025-11:")
    assert months[-1].startswith("Monthly reports 2026-10:")
    assert months[-1].endswith("(12/12 months)")


def test_every_demo_client_has_a_valid_artificial_identity_code(db):
    seed_demo(*SEED_ARGS, "--seed", "7")

    codes = list(Client.objects.values_list("identity_code", flat=True))
    assert len(codes) == 30
    for code in codes:
        assert hetu.is_valid(code, allow_temporary=True), code
        assert 900 <= int(code[7:10]) <= 999, code


def test_demo_orders_are_consistent_with_their_contracts(db):
    seed_demo(*SEED_ARGS, "--seed", "7")

    for order in ServiceOrder.objects.select_related("contract_line__contract", "contract_line__product", "client"):
        assert order.provider_id == order.contract_line.contract.provider_id
        assert order.contract_line.contract.covers(order.starts_on, order.ends_on)
        assert order.starts_on <= order.ends_on
        if order.contract_line.product.is_youth:
            assert order.client.age_on(order.starts_on) < 35
        assert order.goals.exists()


def test_demo_users_of_every_role_log_in_with_the_printed_password(db):
    output = seed_demo(*SEED_ARGS, "--seed", "7")

    password_line = re.search(r"password: (?P<password>\S+)\):", output)
    assert password_line, output
    usernames = re.findall(r"^  (\S+) ", output, re.M)
    assert usernames
    roles: set[str] = set()
    for username in usernames:
        browser = HttpClient()
        assert browser.login(username=username, password=password_line["password"]), username
        user = apps.get_model("auth", "User").objects.get(username=username)
        roles |= actor_for(user).roles
    assert roles == set(Role.values)


def test_a_demo_user_signs_in_through_the_login_form(db):
    output = seed_demo(*SEED_ARGS, "--seed", "7")
    password = re.search(r"password: (\S+)\):", output)[1]  # type: ignore[index]

    response = HttpClient().post("/login/", {"username": "valvoja", "password": password})

    # The contract monitor is a city role: the password is right, and the second factor is set up next.
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/enrol/?next=%2F"
