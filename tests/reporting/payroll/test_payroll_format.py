"""The export's columns, their order and headers are a configurable mapping with a sensible default; the CSV
is what Finnish payroll programs open; account numbers are validated (docs §10; issue #6)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from reporting.models import PayrollBatch, PayrollFormat
from reporting.payroll_columns import DEFAULT_COLUMNS
from tests import factories
from tests.reporting import flow
from tests.reporting.payroll import build

IBAN = "FI2112345600000785"  # the Finnish example account of the IBAN standard


def test_the_default_format_has_every_column_the_issue_asks_for(world):
    flow.report_in(world, "approved")
    made = build.batch(world.payroll)

    records = build.csv_records(build.download(world.payroll, made["id"], "csv"))

    assert made["format"] == PayrollFormat.objects.get(is_default=True).name
    assert records[0] == [column["header"] for column in DEFAULT_COLUMNS]
    [row] = records[1:]
    values = dict(zip(records[0], row, strict=True))
    client = world.order.client
    assert values == {
        "Erä": str(made["id"]),
        "Maksukausi": "2026-10",
        "Työkausi": "2026-10",
        "Y-tunnus": world.provider.business_id,
        "Palveluntuottaja": world.provider.name,
        "Henkilötunnus": client.identity_code,
        "Nimi": f"{client.last_name} {client.first_name}",
        "Tilinumero": "",
        "Läsnäolopäivät": "2",
        "Tunnit": "8,50",
        "Tuntihinta": "2,00",
        "Työosuusraha": "17,00",
        "Kustannuspaikka": world.order.ordering_unit.code,
        "Oikaisuviite": "",
    }


def test_a_format_with_other_columns_order_and_headers_gives_files_with_exactly_those(world):
    columns = [
        {"field": "amount", "header": "Summa"},
        {"field": "client_identity_code", "header": "Hetu"},
        {"field": "cost_centre", "header": "Kustannuspaikka"},
        {"field": "payee_iban", "header": "IBAN"},
    ]
    payroll_format = PayrollFormat(name="Palkkajärjestelmä X", columns=columns)
    payroll_format.full_clean()
    payroll_format.save()
    flow.report_in(world, "approved")

    made = build.batch(world.payroll, format="Palkkajärjestelmä X")

    assert made["format"] == "Palkkajärjestelmä X"
    records = build.csv_records(build.download(world.payroll, made["id"], "csv"))
    assert records == [
        ["Summa", "Hetu", "Kustannuspaikka", "IBAN"],
        ["17,00", world.order.client.identity_code, world.order.ordering_unit.code, ""],
    ]
    rows = list(build.xlsx_sheet(build.download(world.payroll, made["id"], "xlsx")).iter_rows(values_only=True))
    assert rows == [
        ("Summa", "Hetu", "Kustannuspaikka", "IBAN"),
        (17, world.order.client.identity_code, world.order.ordering_unit.code, None),
    ]


def test_an_unknown_format_name_is_refused_with_the_field_named_and_no_batch_made(world):
    flow.report_in(world, "approved")

    response = factories.api(world.payroll).post(
        build.BATCHES, {"period": "2026-10", "format": "Ei tällaista"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["format"]
    assert "Ei tällaista" in body["errors"]["format"][0]
    assert PayrollBatch.objects.count() == 0


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ([], "List at least one column."),
        ("amount", "List at least one column."),
        ([{"field": "amount"}], "Column 1 needs exactly a field and a header."),
        ([{"field": "amount", "header": "A", "width": 3}], "Column 1 needs exactly a field and a header."),
        ([{"field": "salary", "header": "Palkka"}], "Unknown column salary; known: batch,"),
        (
            [{"field": "amount", "header": "A"}, {"field": "amount", "header": "B"}],
            "Column amount is listed twice.",
        ),
    ],
)
def test_an_invalid_column_mapping_is_refused_with_a_clear_message(columns, message, db):
    payroll_format = PayrollFormat(name="Rikki", columns=columns)

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        payroll_format.full_clean()

    assert any(text.startswith(message) for text in raised.value.message_dict["columns"]), raised.value


def test_the_csv_is_utf8_with_bom_semicolons_and_decimal_commas(world):
    flow.report_in(world, "approved")
    made = build.batch(world.payroll)

    content = build.download(world.payroll, made["id"], "csv")

    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].split(";")[:3] == ["Erä", "Maksukausi", "Työkausi"]
    assert ";17,00;" in text
    assert text.endswith("\r\n")


def test_a_client_s_account_number_is_exported_where_known(world):
    client = factories.make_client(iban=IBAN)
    client.full_clean()
    order = factories.make_order(world.line, client=client)
    build.report_in(
        contract=world.line.contract,
        reporter=world.reporter,
        monitor=world.monitor,
        period="2026-10",
        days={order: [build.day(1)], world.order: [build.day(2)]},
    )
    made = build.batch(world.payroll)

    records = build.csv_records(build.download(world.payroll, made["id"], "csv"))

    by_code = {row[records[0].index("Henkilötunnus")]: row[records[0].index("Tilinumero")] for row in records[1:]}
    assert by_code == {client.identity_code: IBAN, world.order.client.identity_code: ""}


def test_an_invalid_account_number_is_refused(db):
    client = factories.make_client(iban="FI2112345600000786")

    with pytest.raises(ValidationError) as raised:
        client.full_clean()

    assert "iban" in raised.value.message_dict
