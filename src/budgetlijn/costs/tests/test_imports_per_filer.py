"""A cost file is its filer's: the same file twice by the same filer books nothing twice, while
another filer (a holder and their assistance organisation, two organisations) uploading the
same bytes gets a file of their own, checked with their reach, and is not told at upload that
the other file exists; booking it files nothing the same bytes filed already (never paid twice) (docs/decisions/0016-cost-statements.md, addendum "per filer").

The constraint tests run on SQLite and, through scripts/test-postgres.sh, on PostgreSQL."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from budgetlijn.costs import imports
from budgetlijn.costs.constants import FiledByRole, ImportStatus
from budgetlijn.costs.models import CostImport, CostLine, CostStatement
from budgetlijn.costs.tests.helpers import FILED, csv_bytes, row
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger.models import Entry

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.create_user(name, password="geheim-1-wachtwoord")


def file_of(pab, *amounts):
    return csv_bytes(
        [row(pab["budget"], pab["contract"], a, month=m) for m, a in enumerate(amounts, start=1)]
    )


def committed(pab):
    return ledger.balances(pab["budget"], 2023).committed


def test_the_same_filer_uploading_the_same_file_twice_books_nothing_twice(pab):
    filer = user("moeder")
    data = file_of(pab, "1000,00", "500,00")
    first = imports.check_file(data, "kosten.csv", by=filer, filed_on=FILED)
    assert not first.again and not first.already_booked
    # Uploaded again before booking: the same stored file, checked again.
    second = imports.check_file(data, "kosten-2.csv", by=filer, filed_on=FILED)
    assert second.again and not second.already_booked
    assert second.cost_import.pk == first.cost_import.pk
    imports.book_file(second.cost_import, by=filer)
    entries, lines = Entry.objects.count(), CostLine.objects.count()
    assert committed(pab) == Decimal("1500.00")
    # Uploaded again after booking: the booked file, nothing booked twice.
    third = imports.check_file(data, "kosten-3.csv", by=filer, filed_on=FILED)
    assert third.already_booked and third.again
    assert third.cost_import.pk == first.cost_import.pk
    booked_again = imports.book_file(third.cost_import, by=filer)
    assert booked_again.already_booked
    assert (Entry.objects.count(), CostLine.objects.count()) == (entries, lines)
    assert CostImport.objects.filter(uploaded_by=filer).count() == 1
    assert committed(pab) == Decimal("1500.00")


def test_two_filers_with_the_same_bytes_each_get_their_own_file_booked_once(pab):
    holder, organisation = user("moeder"), user("anker-medewerker")
    data = file_of(pab, "1000,00")
    mine = imports.check_file(data, "kosten.csv", by=holder, filed_on=FILED)
    imports.book_file(mine.cost_import, by=holder)
    assert committed(pab) == Decimal("1000.00")

    theirs = imports.check_file(
        data,
        "kosten.csv",
        by=organisation,
        role=FiledByRole.ASSISTANCE_ORGANISATION,
        organisation="Bijstandsorganisatie Het Anker",
        filed_on=FILED,
    )
    # Not told of the holder's file: a new file of their own, checked, not "already booked".
    assert not theirs.already_booked and not theirs.again
    assert theirs.cost_import.pk != mine.cost_import.pk
    assert theirs.cost_import.status == ImportStatus.CHECKED
    assert theirs.cost_import.uploaded_by == organisation
    assert theirs.errors == []
    # The holder's file is untouched (before, the second upload took a checked file over).
    mine.cost_import.refresh_from_db()
    assert mine.cost_import.uploaded_by == holder
    assert mine.cost_import.status == ImportStatus.BOOKED

    # Booking their copy files nothing again: the same bytes filed this statement already
    # (the key is the file's hash, budget and year, whoever filed it), so nothing is paid twice.
    entries = Entry.objects.count()
    booked = imports.book_file(theirs.cost_import, by=organisation)
    assert not booked.already_booked
    assert (booked.statements, booked.already_filed) == (0, 1)
    assert booked.accepted == Decimal("0.00")
    assert Entry.objects.count() == entries
    assert committed(pab) == Decimal("1000.00")
    assert CostStatement.objects.filter(budget=pab["budget"]).count() == 1
    theirs.cost_import.refresh_from_db()
    assert theirs.cost_import.status == ImportStatus.BOOKED
    assert "niet opnieuw geboekt" in imports.already_filed_text(booked.already_filed)
    # And each filer's second upload finds only their own file.
    again_theirs = imports.check_file(data, "x.csv", by=organisation, filed_on=FILED)
    again_mine = imports.check_file(data, "x.csv", by=holder, filed_on=FILED)
    assert again_theirs.cost_import.pk == theirs.cost_import.pk and again_theirs.already_booked
    assert again_mine.cost_import.pk == mine.cost_import.pk and again_mine.already_booked


def test_a_second_filer_does_not_take_over_a_checked_file(pab):
    first, second = user("eerste"), user("tweede")
    data = file_of(pab, "10,00")
    checked = imports.check_file(data, "kosten.csv", by=first, filed_on=FILED)
    other = imports.check_file(data, "kosten.csv", by=second, filed_on=FILED, budgets=[])
    assert other.cost_import.pk != checked.cost_import.pk
    checked.cost_import.refresh_from_db()
    assert checked.cost_import.uploaded_by == first
    assert checked.cost_import.valid_row_count == 1  # not checked again with the other's reach
    assert other.cost_import.valid_row_count == 0


def test_files_without_a_filer_are_once_over_all_of_them(pab):
    """The import command run without a user: the same file twice books nothing twice."""
    data = file_of(pab, "20,00")
    first = imports.check_file(data, "kosten.csv", filed_on=FILED)
    imports.book_file(first.cost_import)
    again = imports.check_file(data, "kosten.csv", filed_on=FILED)
    assert again.already_booked and again.cost_import.pk == first.cost_import.pk
    assert CostImport.objects.count() == 1
    assert committed(pab) == Decimal("20.00")


def _store(sha, uploaded_by):
    return CostImport.objects.create(
        filename="kosten.csv",
        sha256=sha,
        content=b"x",
        filed_on=FILED,
        uploaded_by=uploaded_by,
        filed_by_role=FiledByRole.HOLDER,
    )


def test_the_database_holds_one_file_per_filer_and_hash(db):
    first, second = user("eerste"), user("tweede")
    sha = "a" * 64
    _store(sha, first)
    _store(sha, second)  # another filer: allowed
    _store(sha, None)  # no filer: allowed once
    with pytest.raises(IntegrityError), transaction.atomic():
        _store(sha, first)
    with pytest.raises(IntegrityError), transaction.atomic():
        _store(sha, None)
    _store("b" * 64, first)  # another file of the same filer
    assert CostImport.objects.filter(sha256=sha).count() == 3
