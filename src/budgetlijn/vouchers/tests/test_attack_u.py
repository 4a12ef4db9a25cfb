"""Helper U's attack on the free-share and voucher commands: amounts like 1e3, NaN, 12,345,
negative; a day in the future; a file that is not CSV; a year without its R12 rate; unknown
budgets. Each ends in a Dutch message naming the option, a non-zero exit, nothing saved."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from budgetlijn.freeshare import services as freeshare
from budgetlijn.freeshare.constants import AskedByRole
from budgetlijn.freeshare.models import FreeShareRequest
from budgetlijn.rules.violations import RuleViolations
from budgetlijn.vouchers import surcharge
from budgetlijn.vouchers.models import VoucherInvoice
from budgetlijn.vouchers.tests.conftest import make_world

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    """The command as called from the command line ends in a CommandError (exit code 1, its
    message on stderr, no traceback); ``call_command`` keeps the test's database connection
    open, which ``manage.py`` closes (PostgreSQL)."""
    with pytest.raises(CommandError) as refused:
        call_command(*argv)
    return refused.value.returncode, str(refused.value)


@pytest.mark.parametrize("raw", ["1e3", "NaN", "12,345", "-5", "0", "5.001", "1.250,00"])
def test_ask_free_share_refuses_a_malformed_amount(capsys, raw):
    world = make_world()
    argv = ["ask_free_share", "--budget", str(world["budget"].pk), "--year", "2023"]
    code, err = run(capsys, *argv, "--amount", raw)
    assert code != 0
    assert "--amount" in err and "geen geldig bedrag" in err
    assert "Traceback" not in err
    assert not FreeShareRequest.objects.exists()


def test_ask_free_share_refuses_a_day_in_the_future(capsys):
    world = make_world()
    tomorrow = timezone.localdate() + timedelta(days=1)
    code, err = run(
        capsys,
        *["ask_free_share", "--budget", str(world["budget"].pk), "--year", "2023"],
        *["--amount", "5", "--on", tomorrow.isoformat()],
    )
    assert code != 0 and "--on" in err and "na vandaag" in err
    assert not FreeShareRequest.objects.exists()


@pytest.mark.parametrize("amount", [Decimal("-5.00"), "-0.01"])
def test_r14_the_free_share_service_refuses_a_negative_amount_before_the_database(amount):
    """It used to reach the database's check constraint (an IntegrityError, a traceback)."""
    world = make_world()
    with pytest.raises(RuleViolations) as caught:
        freeshare.ask_free_share(
            budget=world["budget"],
            year=2023,
            amount=amount,
            asked_on=timezone.localdate(),
            by="test",
            role=AskedByRole.AGENCY,
        )
    assert caught.value.violations[0].field == "amount"
    assert not FreeShareRequest.objects.exists()


def _file(tmp_path, content: bytes):
    path = tmp_path / "factuur.csv"
    path.write_bytes(content)
    return str(path)


def _invoice_argv(world, path, *extra):
    return [
        "file_voucher_invoice",
        *["--provider", world["provider"].enterprise_number, "--month", "2023-05"],
        *["--file", path, *extra],
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe\x00\x01PK\x03\x04 a spreadsheet",
        b"budget;overeenkomst;van;tot;bedrag\n1;2;\x00;4;5\n",
    ],
)
def test_file_voucher_invoice_refuses_a_file_that_is_not_csv(capsys, tmp_path, content):
    world = make_world()
    code, err = run(capsys, *_invoice_argv(world, _file(tmp_path, content)))
    assert code != 0 and "--file" in err and "CSV" in err
    assert "Traceback" not in err
    assert not VoucherInvoice.objects.exists()


@pytest.mark.parametrize("raw", ["1e2", "NaN", "12,345", "1.250,00"])
def test_file_voucher_invoice_refuses_a_malformed_amount_naming_line_and_column(
    capsys, tmp_path, raw
):
    world = make_world()
    text = (
        "budget;overeenkomst;van;tot;bedrag\n"
        f"{world['budget'].pk};{world['contract'].pk};2023-05-01;2023-05-31;{raw}\n"
    )
    code, err = run(capsys, *_invoice_argv(world, _file(tmp_path, text.encode())))
    assert code != 0 and "Lijn 1, kolom bedrag" in err
    assert not VoucherInvoice.objects.exists()


def test_file_voucher_invoice_refuses_a_day_or_month_in_the_future(capsys, tmp_path):
    world = make_world()
    text = (
        "budget;overeenkomst;van;tot;bedrag\n"
        f"{world['budget'].pk};{world['contract'].pk};2023-05-01;2023-05-31;100\n"
    )
    path = _file(tmp_path, text.encode())
    tomorrow = timezone.localdate() + timedelta(days=1)
    code, err = run(capsys, *_invoice_argv(world, path, "--on", tomorrow.isoformat()))
    assert code != 0 and "--on" in err and "na vandaag" in err
    argv = _invoice_argv(world, path)
    argv[argv.index("2023-05")] = f"{tomorrow.year + 1}-01"
    code, err = run(capsys, *argv)
    assert code != 0 and "--month" in err
    assert not VoucherInvoice.objects.exists()


def test_file_voucher_invoice_a_missing_file_names_the_option(capsys):
    world = make_world()
    code, err = run(capsys, *_invoice_argv(world, "/nonexistent/factuur.csv"))
    assert code != 0 and "--file" in err and "Traceback" not in err


def test_r12_book_cash_surcharge_refuses_a_year_without_its_rate(capsys):
    code, err = run(capsys, "book_cash_surcharge", "--year", "2000", "--dry-run")
    assert code != 0 and "--year" in err and "pvb.cash_surcharge.rate" in err


def test_r12_book_cash_surcharge_refuses_an_unknown_budget(capsys):
    world = make_world()
    code, err = run(
        capsys,
        *["book_cash_surcharge", "--year", "2023", "--budget", str(world["budget"].pk)],
        *["--budget", "987654"],
    )
    assert code != 0 and "--budget" in err and "987654" in err


def test_r12_the_surcharge_reason_takes_the_rate_from_the_parameter(monkeypatch):
    from budgetlijn.rules import parameters

    real = parameters.value

    def fake(name, on):
        if name == "pvb.cash_surcharge.rate":
            return Decimal("0.1050")
        return real(name, on)

    monkeypatch.setattr(parameters, "value", fake)
    assert surcharge._rate_text(2023) == "10,5 %"
    monkeypatch.setattr(parameters, "value", real)
    assert surcharge._rate_text(2023) == "11,94 %"


def test_book_cash_surcharge_dry_run_still_works(capsys):
    make_world()
    call_command("book_cash_surcharge", "--year", "2023", "--dry-run")
    assert "Proef (niets opgeslagen)" in capsys.readouterr().out


def _changelist_queries(client, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200
    return len(captured)


def _one_more_of_each():
    from datetime import date

    from budgetlijn.vouchers import services as vouchers
    from budgetlijn.vouchers.tests.conftest import line

    world = make_world()
    result = vouchers.file_voucher_invoice(
        provider=world["provider"],
        month=date(2023, 5, 1),
        lines=[line(world, "100.00")],
        filed_on=date(2023, 6, 5),
        by="test",
    )
    assert result.status == vouchers.Status.FILED
    freeshare.ask_free_share(
        budget=world["budget"],
        year=2023,
        amount=Decimal("10.00"),
        asked_on=date(2023, 6, 5),
        by="test",
        role=AskedByRole.AGENCY,
    )


def test_free_share_and_voucher_lists_do_not_query_per_row(client, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("beheerder", password="geheim-1-wachtwoord")
    client.force_login(admin)
    names = [
        "freeshare_freesharerequest",
        "vouchers_voucherinvoice",
        "vouchers_voucherinvoiceline",
    ]
    for _ in range(2):
        _one_more_of_each()
    few = {name: _changelist_queries(client, name) for name in names}
    for _ in range(4):
        _one_more_of_each()
    assert VoucherInvoice.objects.count() == 6 and FreeShareRequest.objects.count() == 6
    for name in names:
        with django_assert_max_num_queries(few[name]):
            _changelist_queries(client, name)


PAPER = "/admin/freeshare/freesharerequest/papieren-aanvraag/"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "-5", "minstens"),
        ("amount", "0", "minstens"),
        ("asked_on", "2999-01-01", "ligt na vandaag"),
        ("budget", "99999999999999999999", "9223372036854775807"),
    ],
)
def test_the_paper_form_refuses_bad_input_in_dutch_and_saves_nothing(client, field, value, message):
    from budgetlijn.costs.tests.helpers import staff

    world = make_world()
    staff(client, "agent", ["add_freesharerequest", "view_freesharerequest"])
    data = {"budget": world["budget"].pk, "year": 2023, "amount": "10", "asked_on": "2023-05-02"}
    data[field] = value
    response = client.post(PAPER, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert not FreeShareRequest.objects.exists()


def test_the_voucher_upload_refuses_a_day_in_the_future(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from budgetlijn.costs.tests.helpers import staff

    world = make_world()
    staff(client, "agent", ["add_voucherinvoice", "view_voucherinvoice"])
    text = (
        "budget;overeenkomst;van;tot;bedrag\n"
        f"{world['budget'].pk};{world['contract'].pk};2023-05-01;2023-05-31;100\n"
    )
    response = client.post(
        "/admin/vouchers/voucherinvoice/opladen/",
        {
            "provider": world["provider"].pk,
            "month": "2023-05-01",
            "filed_on": "2999-01-01",
            "file": SimpleUploadedFile("f.csv", text.encode(), content_type="text/csv"),
            "book": "on",
        },
    )
    assert response.status_code == 200
    assert "ligt na vandaag" in response.content.decode()
    assert not VoucherInvoice.objects.exists()
