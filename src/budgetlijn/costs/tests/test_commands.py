"""The agency's queue and cost files as commands: review_costs and import_costs. Dutch output,
a CommandError with a Dutch message for every bad input, never a traceback."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from budgetlijn.audit.models import AuditEvent
from budgetlijn.costs import fileformat, services
from budgetlijn.costs.constants import ImportStatus, Outcome, WaitReason
from budgetlijn.costs.models import CostImport, CostLine, CostStatement
from budgetlijn.costs.tests.conftest import cost, statement
from budgetlijn.costs.tests.helpers import FILED, csv_bytes, row, xlsx
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.money import format_eur

pytestmark = pytest.mark.django_db


def run(name, *args):
    if name == "import_costs" and "--filed-on" not in args:
        args = (*args, "--filed-on", FILED.isoformat())  # received in time (R25)
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def committed(budget):
    return ledger.balances(budget, 2023).committed


def file_late(pab, amount, filed_on=date(2024, 6, 3), month=5):
    reason = sorted(services.late_reason_codes())[0]
    result = services.file_statement(
        statement(pab["budget"], cost(pab["contract"], amount, month=month, late_reason=reason)),
        filed_on=filed_on,
    )
    return result.statement.lines.get()


# --- review_costs -------------------------------------------------------------------------------


def test_r25_review_costs_lists_the_queue_oldest_first_with_age_budget_amount_reason(pab):
    newer = file_late(pab, "30.00", filed_on=date(2024, 7, 1), month=6)
    older = file_late(pab, "450.00")
    out = run("review_costs")
    assert out.index(f"kostenlijn {older.pk}:") < out.index(f"kostenlijn {newer.pk}:")
    assert f"{(timezone.localdate() - date(2024, 6, 3)).days} dag(en)" in out
    assert str(pab["budget"]) in out
    assert format_eur(Decimal("450.00")) in out
    assert str(WaitReason.LATE_REVIEW.label) in out


def test_review_costs_says_when_nothing_waits(pab):
    assert "Geen kostenlijnen wachten" in run("review_costs")


def test_r25_review_costs_accepts_with_a_reason_and_books(pab):
    line = file_late(pab, "450.00")
    out = run("review_costs", "--accept", str(line.pk), "--reason", "Ziekenhuisopname aangetoond")
    assert str(Outcome.ACCEPTED.label) in out
    line.refresh_from_db()
    assert (line.outcome, line.review_reason) == (Outcome.ACCEPTED, "Ziekenhuisopname aangetoond")
    assert committed(pab["budget"]) == Decimal("450.00")
    assert AuditEvent.objects.filter(object_id=str(line.pk), object_type="costs.CostLine").exists()


def test_r25_review_costs_refuses_with_a_reason(pab):
    line = file_late(pab, "450.00")
    run("review_costs", "--refuse", str(line.pk), "--reason", "Geen bewijs")
    line.refresh_from_db()
    assert (line.outcome, line.own_amount) == (Outcome.REFUSED, Decimal("450.00"))
    assert committed(pab["budget"]) == Decimal("0.00")


def test_review_costs_dry_run_goes_the_real_path_and_keeps_nothing(pab):
    line = file_late(pab, "450.00")
    entries, events = Entry.objects.count(), AuditEvent.objects.count()
    out = run("review_costs", "--accept", str(line.pk), "--reason", "ja", "--dry-run")
    assert str(Outcome.ACCEPTED.label) in out
    assert "Proefdraai" in out
    line.refresh_from_db()
    assert line.outcome == Outcome.WAITING
    assert (Entry.objects.count(), AuditEvent.objects.count()) == (entries, events)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--accept", "987654", "--reason", "ja"], "bestaat niet"),
        (["--accept", "abc", "--reason", "ja"], "geen geldig getal"),
        (["--refuse", "0", "--reason", "ja"], "geen geldig getal"),
        (["--accept", "99999999999999999999999", "--reason", "ja"], "geen geldig getal"),
        (["--reason", "ja"], "--accept of --refuse"),
        (["--limit", "0"], "geen geldig getal"),
    ],
)
def test_review_costs_bad_input_is_a_dutch_message(pab, args, message):
    with pytest.raises(CommandError, match=message):
        run("review_costs", *args)


def test_review_costs_needs_a_reason_and_a_waiting_line(pab):
    line = file_late(pab, "450.00")
    with pytest.raises(CommandError, match="Schrijf waarom"):
        run("review_costs", "--accept", str(line.pk))
    run("review_costs", "--accept", str(line.pk), "--reason", "ja")
    with pytest.raises(CommandError, match="wacht niet"):
        run("review_costs", "--refuse", str(line.pk), "--reason", "toch niet")


# --- import_costs -------------------------------------------------------------------------------


def mixed(pab):
    budget, contract = pab["budget"], pab["contract"]
    return xlsx(
        [
            row(budget, contract, "1500,00", month=1),
            row(budget, contract, "twaalf", month=2),
            row(budget, contract, "700,00", month=3),
        ]
    )


def test_import_costs_checks_and_prints_every_bad_row_and_books_nothing(pab, tmp_path):
    path = tmp_path / "kosten.xlsx"
    path.write_bytes(mixed(pab))
    out = run("import_costs", str(path))
    assert f"rij 3, kolom {fileformat.COL_AMOUNT}: " in out
    assert "niets geboekt" in out
    assert "Beslissingen" not in out  # decided when booked, or with --preview
    out = run("import_costs", str(path), "--preview")
    assert f"rij 3, kolom {fileformat.COL_AMOUNT}: " in out
    assert f"{Outcome.ACCEPTED.label}: " in out
    assert not CostStatement.objects.exists()
    assert CostImport.objects.get().status == ImportStatus.CHECKED


def test_import_costs_books_only_valid_rows_when_asked_and_never_twice(pab, tmp_path):
    path = tmp_path / "kosten.xlsx"
    path.write_bytes(mixed(pab))
    with pytest.raises(CommandError, match="niets geboekt"):
        run("import_costs", str(path), "--book")
    assert not CostStatement.objects.exists()
    out = run("import_costs", str(path), "--book", "--only-valid-rows", "--role", "budgethouder")
    assert "Geboekt: 1 kostenstaten" in out
    assert sorted(CostLine.objects.values_list("amount", flat=True)) == [
        Decimal("700.00"),
        Decimal("1500.00"),
    ]
    assert CostStatement.objects.get().filed_by_role == "HOLDER"
    entries = Entry.objects.count()
    again = run("import_costs", str(path), "--book", "--only-valid-rows")
    assert "al geboekt" in again
    assert Entry.objects.count() == entries
    assert committed(pab["budget"]) == Decimal("2200.00")


def test_import_costs_books_a_clean_csv(pab, tmp_path):
    path = tmp_path / "kosten.csv"
    path.write_bytes(csv_bytes([row(pab["budget"], pab["contract"], "99,99")]))
    run("import_costs", str(path), "--book")
    assert committed(pab["budget"]) == Decimal("99.99")


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (None, [], "bestaat niet"),
        ("dir", [], "bestaat niet of is geen bestand"),
        ("file", ["--only-valid-rows"], "hoort bij --book"),
        ("file", ["--role", "koning"], "geen rol"),
        ("file", ["--role", "organisatie"], "naam van de bijstandsorganisatie"),
    ],
)
def test_import_costs_bad_input_is_a_dutch_message(pab, tmp_path, make, args, message):
    path = tmp_path / "kosten.xlsx"
    if make == "dir":
        path.mkdir()
    elif make == "file":
        path.write_bytes(mixed(pab))
    with pytest.raises(CommandError, match=message):
        run("import_costs", str(path), *args)
    assert not CostStatement.objects.exists()


def test_import_costs_answers_an_unreadable_file_without_a_traceback(pab, tmp_path):
    path = tmp_path / "kosten.xlsx"
    path.write_bytes(b"PK\x03\x04 kapot")
    out = run("import_costs", str(path))
    assert "bestand: " in out
    with pytest.raises(CommandError):
        run("import_costs", str(path), "--book")
    assert not CostStatement.objects.exists()


def test_import_costs_refuses_a_day_of_receipt_after_today_or_unreadable(pab, tmp_path):
    path = tmp_path / "kosten.csv"
    path.write_bytes(csv_bytes([row(pab["budget"], pab["contract"], "10,00")]))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    with pytest.raises(CommandError, match="ligt na vandaag"):
        run("import_costs", str(path), "--filed-on", tomorrow)
    with pytest.raises(CommandError, match="geen geldige datum"):
        run("import_costs", str(path), "--filed-on", "15/06/2023")
    assert not CostImport.objects.exists()


def test_r19_review_costs_sends_a_line_waiting_for_its_contract_to_the_approval_queue(pab):
    from budgetlijn.contracts import services as contracts
    from budgetlijn.contracts.tests.factories import employment

    pending = contracts.register_contract(
        budget=pab["budget"],
        data=employment(
            counterparty_name="Arne Maes",
            counterparty_national_number="85073003328",
            start_date=date(2023, 3, 1),
            end_date=date(2023, 12, 31),
        ),
        on=date(2023, 3, 1),
    )
    line = services.file_statement(
        statement(pab["budget"], cost(pending, "800.00", month=3)), filed_on=FILED
    ).statement.lines.get()
    assert str(WaitReason.CONTRACT_NOT_APPROVED.label) in run("review_costs")
    with pytest.raises(CommandError, match="approval_queue"):
        run("review_costs", "--accept", str(line.pk), "--reason", "ja")
    line.refresh_from_db()
    assert line.outcome == Outcome.WAITING


@pytest.mark.parametrize("name", ["review_costs", "import_costs"])
def test_the_commands_explain_themselves_in_dutch(name):
    from django.core.management import load_command_class

    text = load_command_class("budgetlijn.costs", name).create_parser("manage.py", name)
    text = text.format_help()
    assert "kosten" in text.lower()
    assert "--book" in text or "--accept" in text
