"""``manage.py file_voucher_invoice`` (CSV) and the read-only admin of voucher invoices."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budgetlijn.costs.tests.helpers import staff
from budgetlijn.vouchers.models import VoucherInvoice

pytestmark = pytest.mark.django_db


def csv_file(tmp_path, world, *rows):
    lines = ["budget;overeenkomst;van;tot;bedrag;omschrijving"]
    for amount, month in rows:
        last = {4: 30, 6: 30}.get(month, 31)
        lines.append(
            f"{world['budget'].pk};{world['contract'].pk};2023-{month:02d}-01;2023-{month:02d}-{last};{amount};dagondersteuning"
        )
    path = tmp_path / "factuur.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return str(path)


def test_r11_the_command_files_an_invoice_from_csv_and_a_dry_run_keeps_nothing(tmp_path, world):
    path = csv_file(tmp_path, world, ("1500,00", 5))
    number = world["provider"].formatted_enterprise_number
    out = StringIO()
    call_command(
        "file_voucher_invoice",
        "--provider",
        number,
        "--month",
        "2023-05",
        "--file",
        path,
        "--on",
        "2023-06-05",
        "--dry-run",
        stdout=out,
    )
    assert "Proef (niets opgeslagen)" in out.getvalue()
    assert VoucherInvoice.objects.count() == 0
    out = StringIO()
    call_command(
        "file_voucher_invoice",
        "--provider",
        number,
        "--month",
        "2023-05",
        "--file",
        path,
        "--on",
        "2023-06-05",
        stdout=out,
    )
    assert "Factuur ingediend: EUR 1\u00a0500,00 aanvaard." in out.getvalue()
    assert VoucherInvoice.objects.get().accepted_amount == Decimal("1500.00")
    out = StringIO()
    call_command(
        "file_voucher_invoice",
        "--provider",
        number,
        "--month",
        "2023-05",
        "--file",
        path,
        "--on",
        "2023-06-05",
        stdout=out,
    )
    assert "al ingediend" in out.getvalue()
    assert VoucherInvoice.objects.count() == 1


def test_r11_the_command_says_what_is_wrong_in_dutch(tmp_path, world):
    number = world["provider"].enterprise_number
    bad = csv_file(tmp_path, world, ("abc", 5))
    with pytest.raises(CommandError, match="Lijn 1"):
        call_command(
            "file_voucher_invoice", "--provider", number, "--month", "2023-05", "--file", bad
        )
    with pytest.raises(CommandError, match="geen organisatie"):
        call_command(
            "file_voucher_invoice", "--provider", "0999999999", "--month", "2023-05", "--file", bad
        )
    with pytest.raises(CommandError, match="geldige maand"):
        call_command("file_voucher_invoice", "--provider", number, "--month", "mei", "--file", bad)
    assert date(2023, 5, 1)


def test_the_admin_shows_an_invoice_with_its_lines_read_only(client, tmp_path, world):
    from budgetlijn.vouchers import services

    result = services.file_voucher_invoice(
        provider=world["provider"],
        month=date(2023, 5, 1),
        lines=[
            {
                "budget_id": world["budget"].pk,
                "contract_id": world["contract"].pk,
                "period_from": "2023-05-01",
                "period_to": "2023-05-31",
                "amount": "100.00",
            },
            {
                "budget_id": world["budget"].pk,
                "contract_id": None,
                "period_from": "2023-05-01",
                "period_to": "2023-05-31",
                "amount": "50.00",
            },
        ],
        filed_on=date(2023, 6, 5),
    )
    staff(client, "agent", ["view_voucherinvoice", "view_voucherinvoiceline"])
    page = client.get("/admin/vouchers/voucherinvoice/").content.decode()
    assert world["provider"].name in page
    detail = client.get(
        f"/admin/vouchers/voucherinvoice/{result.invoice.pk}/change/"
    ).content.decode()
    assert "geen overeenkomst opgegeven" in detail
    assert 'name="_save"' not in detail  # read-only: nothing to save
    lines = client.get("/admin/vouchers/voucherinvoiceline/").content.decode()
    assert "aanvaard" in lines and "geweigerd" in lines
    assert client.get("/admin/vouchers/voucherinvoice/add/").status_code == 403


UPLOAD = "/admin/vouchers/voucherinvoice/opladen/"


def upload(client, world, text, book):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "provider": world["provider"].pk,
        "month": "2023-05-01",
        "filed_on": "2023-06-05",
        "file": SimpleUploadedFile("factuur.csv", text.encode("utf-8"), content_type="text/csv"),
    }
    if book:
        data["book"] = "on"
    return client.post(UPLOAD, data)


def test_r11_the_agency_uploads_an_invoice_checks_it_then_files_it(client, world):
    staff(client, "agent", ["add_voucherinvoice", "view_voucherinvoice"])
    assert (
        "Voucherfactuur opladen" in client.get("/admin/vouchers/voucherinvoice/").content.decode()
    )
    b, c = world["budget"].pk, world["contract"].pk
    text = (
        "budget;overeenkomst;van;tot;bedrag;omschrijving\n"
        f"{b};{c};2023-05-01;2023-05-31;1500,00;mei\n"
        f"{b};;2023-05-01;2023-05-31;50,00;zonder overeenkomst\n"
    )
    checked = upload(client, world, text, book=False).content.decode()
    assert "Nagekeken, niets opgeslagen" in checked
    assert "aanvaard" in checked and "geweigerd" in checked
    assert "geen overeenkomst opgegeven" in checked
    assert VoucherInvoice.objects.count() == 0
    filed = upload(client, world, text, book=True)
    assert filed.status_code == 302
    assert VoucherInvoice.objects.get().accepted_amount == Decimal("1500.00")


def test_r11_an_upload_in_another_layout_says_which_columns_are_missing(client, world):
    staff(client, "agent", ["add_voucherinvoice", "view_voucherinvoice"])
    page = upload(client, world, "a;b\n1;2\n", book=True).content.decode()
    assert "mist de kolom" in page
    assert VoucherInvoice.objects.count() == 0


def test_viewing_only_gives_no_upload(client, world):
    staff(client, "kijker", ["view_voucherinvoice"])
    assert (
        "Voucherfactuur opladen"
        not in client.get("/admin/vouchers/voucherinvoice/").content.decode()
    )
    assert client.get(UPLOAD).status_code == 403
