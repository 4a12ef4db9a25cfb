"""A cost file uploaded in the admin, end to end through Django's test client: every bad row
reported with its row and column and nothing booked; the filer books only the good rows or
fixes the file; the same file again books nothing twice."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from budgetlijn.costs import fileformat
from budgetlijn.costs.constants import ImportStatus, Outcome
from budgetlijn.costs.models import CostImport, CostLine, CostStatement
from budgetlijn.costs.tests.helpers import FILED, csv_bytes, row, staff, xlsx
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.models import Entry
from budgetlijn.rules.money import format_eur

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/costs/costimport/add/"


@pytest.fixture
def clerk(client):
    staff(client, "boekhouder", superuser=True)
    return client


def upload(client, data, name="kosten.xlsx", **extra):
    return client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile(name, data),
            "filed_by_role": "ASSISTANCE_ORGANISATION",
            "organisation": "Bijstandsorganisatie Het Anker",
            "filed_on": FILED.isoformat(),
            **extra,
        },
    )


def book(client, cost_import, mode):
    return client.post(
        f"/admin/costs/costimport/{cost_import.pk}/boeken/", {"mode": mode}, follow=True
    )


def committed(budget):
    return ledger.balances(budget, 2023).committed


def mixed_file(pab):
    """Rows 2, 4 and 6 are good; row 3 has an unreadable amount, row 5 a date that does not
    exist and row 7 a contract of no budget of the filer's."""
    budget, contract = pab["budget"], pab["contract"]
    return xlsx(
        [
            row(budget, contract, "1500,00", month=1),
            row(budget, contract, "twaalf", month=2),
            row(budget, contract, "1600,50", month=3),
            row(budget, contract, "100,00", month=4, **{fileformat.COL_FROM: "31/04/2023"}),
            row(budget, contract, "700,00", month=5),
            row(budget, contract, "80,00", month=6, **{fileformat.COL_CONTRACT: 987654}),
        ]
    )


def test_every_bad_row_is_reported_with_row_and_column_and_nothing_is_booked(clerk, pab):
    entries = Entry.objects.count()
    page = upload(clerk, mixed_file(pab), preview="on")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<caption>Rijen met fouten</caption>" in html
    assert '<th scope="col">rij</th>' in html
    [imported] = CostImport.objects.all()
    bad = {(e["row"], e["column"]) for e in imported.errors}
    assert bad == {
        (3, fileformat.COL_AMOUNT),
        (5, fileformat.COL_FROM),
        (7, fileformat.COL_CONTRACT),
    }
    for number, column in bad:
        assert f"<td>{number}</td><td>{column}</td>" in html
    assert imported.status == ImportStatus.CHECKED
    assert (imported.row_count, imported.valid_row_count) == (6, 3)
    # Nothing booked: no statement, no line, no ledger entry.
    assert not CostStatement.objects.exists()
    assert not CostLine.objects.exists()
    assert Entry.objects.count() == entries
    # What the good rows would get, though the row of the unknown contract sits in their
    # statement: three lines accepted, 3 800,50 in all.
    assert re.search(r'<th scope="row">aanvaard</th><td>3</td>', html)
    assert format_eur(Decimal("3800.50")) in html
    # With bad rows, only the choice of the good rows is offered (or fixing the file).
    assert 'value="valid"' in html
    assert 'value="all"' not in html


def test_booking_all_rows_of_a_file_with_bad_rows_is_refused(clerk, pab):
    upload(clerk, mixed_file(pab))
    imported = CostImport.objects.get()
    page = book(clerk, imported, "all")
    assert "Het bestand heeft 3 fouten" in page.content.decode()
    assert not CostStatement.objects.exists()
    assert committed(pab["budget"]) == Decimal("0.00")


def test_only_the_good_rows_books_exactly_the_good_rows(clerk, pab):
    upload(clerk, mixed_file(pab))
    imported = CostImport.objects.get()
    page = book(clerk, imported, "valid")
    assert page.status_code == 200
    assert "Bestand geboekt" in page.content.decode()
    lines = CostLine.objects.order_by("period_from")
    assert [line.amount for line in lines] == [
        Decimal("1500.00"),
        Decimal("1600.50"),
        Decimal("700.00"),
    ]
    assert {line.outcome for line in lines} == {Outcome.ACCEPTED}
    assert committed(pab["budget"]) == Decimal("3800.50")
    imported.refresh_from_db()
    assert imported.status == ImportStatus.BOOKED
    assert imported.booked_by.username == "boekhouder"
    statement = CostStatement.objects.get()
    assert (statement.cost_import, statement.organisation) == (
        imported,
        "Bijstandsorganisatie Het Anker",
    )
    listed = clerk.get(f"/admin/costs/coststatement/?cost_import__id__exact={imported.pk}")
    assert f"/admin/costs/coststatement/{statement.pk}/change/" in listed.content.decode()


def test_the_same_file_uploaded_again_books_nothing_twice(clerk, pab):
    data = mixed_file(pab)
    upload(clerk, data)
    book(clerk, CostImport.objects.get(), "valid")
    entries = Entry.objects.count()
    lines = CostLine.objects.count()
    again = upload(clerk, data, name="kosten-opnieuw.xlsx")
    html = again.content.decode()
    assert "werd al geboekt" in html
    assert 'value="valid"' not in html
    # And a forged second booking of the stored file books nothing either.
    second = book(clerk, CostImport.objects.get(), "valid")
    assert "werd al geboekt" in second.content.decode()
    assert Entry.objects.count() == entries
    assert CostLine.objects.count() == lines
    assert CostImport.objects.count() == 1
    assert committed(pab["budget"]) == Decimal("3800.50")


def test_a_clean_csv_file_is_booked_as_a_whole(clerk, pab):
    budget, contract = pab["budget"], pab["contract"]
    data = csv_bytes(
        [row(budget, contract, "1000,00", month=1), row(budget, contract, "1200,00", month=2)]
    )
    page = upload(clerk, data, name="kosten.csv")
    html = page.content.decode()
    assert 'value="all"' in html
    assert "Rijen met fouten" not in html
    assert committed(budget) == Decimal("0.00")  # checked, not booked
    book(clerk, CostImport.objects.get(), "all")
    assert committed(budget) == Decimal("2200.00")
    assert Entry.objects.filter(kind=EntryKind.COMMITMENT).count() == 2


def test_a_file_that_is_no_spreadsheet_is_answered_not_crashed(clerk, pab):
    page = upload(clerk, b"\x00\x01 dit is geen rekenblad", name="kosten.xlsx")
    assert page.status_code == 200
    imported = CostImport.objects.get()
    assert imported.errors and imported.errors[0]["row"] == 0
    assert 'value="valid"' not in page.content.decode()
    assert 'value="all"' not in page.content.decode()


def test_an_organisation_filing_must_be_named(clerk, pab):
    page = upload(clerk, mixed_file(pab), organisation="")
    assert "Geef de naam van de bijstandsorganisatie" in page.content.decode()
    assert not CostImport.objects.exists()


def test_a_forged_file_number_gives_a_dutch_message(clerk, pab):
    for forged in ("abc", "999999", "9" * 40):
        page = clerk.post(f"/admin/costs/costimport/{forged}/boeken/", {"mode": "all"}, follow=True)
        assert page.status_code == 200
        assert "Dit kostenbestand bestaat niet" in page.content.decode()


def test_who_may_check_a_file_may_not_book_it_without_the_book_permission(client, pab):
    staff(client, "nakijker", ["add_costimport", "view_costimport"])
    page = upload(client, xlsx([row(pab["budget"], pab["contract"], "10,00")]))
    assert page.status_code == 200
    assert 'value="all"' not in page.content.decode()
    forged = client.post(
        f"/admin/costs/costimport/{CostImport.objects.get().pk}/boeken/", {"mode": "all"}
    )
    assert forged.status_code == 403
    assert not CostStatement.objects.exists()


def test_r25_the_day_the_file_was_received_decides_whether_it_is_in_time(clerk, pab):
    """The same 2023 costs received today (years after 1 April 2024) are refused; received in
    June 2023 they are accepted. A day after today is refused at its field."""
    data = xlsx([row(pab["budget"], pab["contract"], "100,00")])
    upload(clerk, data, filed_on="")
    assert CostImport.objects.get().filed_on == timezone.localdate()
    assert 'value="all"' in upload(clerk, data).content.decode()
    assert CostImport.objects.get().filed_on == FILED
    future = upload(clerk, data, filed_on=(timezone.localdate() + timedelta(days=1)).isoformat())
    assert "ligt na vandaag" in future.content.decode()
    assert CostImport.objects.get().filed_on == FILED


def test_r25_a_file_received_too_late_is_decided_refused_before_booking(clerk, pab):
    data = xlsx([row(pab["budget"], pab["contract"], "100,00")])
    page = upload(clerk, data, filed_on="", preview="on")
    html = page.content.decode()
    assert re.search(r'<th scope="row">geweigerd</th><td>1</td>', html)
    assert not CostStatement.objects.exists()


def test_without_the_preview_the_check_names_the_bad_rows_and_decides_nothing(clerk, pab):
    page = upload(clerk, mixed_file(pab))
    html = page.content.decode()
    assert "<caption>Rijen met fouten</caption>" in html
    assert "Beslissingen over de goede rijen" not in html
    assert "krijgt haar beslissing bij het boeken" in html
    assert 'value="valid"' in html  # the good rows can still be booked
    assert not CostStatement.objects.exists()


def test_the_same_filer_uploading_a_checked_file_again_is_warned_in_dutch(clerk, pab):
    data = mixed_file(pab)
    upload(clerk, data)
    again = upload(clerk, data, name="kosten-opnieuw.xlsx").content.decode()
    assert "U hebt dit bestand al opgeladen op" in again
    assert "wordt maar één keer geboekt" in again
    assert CostImport.objects.count() == 1
    assert not CostStatement.objects.exists()


def test_another_filer_gets_their_own_file_and_the_agency_is_warned_of_the_booked_copy(client, pab):
    data = mixed_file(pab)
    staff(client, "eerste", superuser=True)
    upload(client, data)
    book(client, CostImport.objects.get(), "valid")
    committed_before = committed(pab["budget"])
    staff(client, "tweede", superuser=True)
    page = upload(client, data).content.decode()
    assert "werd al geboekt op" not in page  # not the same filer's file
    assert "U hebt dit bestand al opgeladen" not in page
    assert "een ander kostenbestand met precies dezelfde inhoud werd al geboekt" in page
    assert CostImport.objects.count() == 2
    assert committed(pab["budget"]) == committed_before  # the check booked nothing
