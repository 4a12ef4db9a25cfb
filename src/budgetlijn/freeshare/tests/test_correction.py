"""R15: a correction pays part of a year's free share back to the PAB budget account (seed 002:
only with a refundable advance, i.e. cash spending); the budget line gets that room back and
the money on the account is the agency's advance again."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from budgetlijn.assistance.tests.factories import MandateFactory
from budgetlijn.costs.selectors import budget_line_overview
from budgetlijn.freeshare import services
from budgetlijn.freeshare.constants import ErrorCode
from budgetlijn.freeshare.models import FreeShareCorrection
from budgetlijn.freeshare.tests.conftest import make_pvb
from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger import services as ledger_services
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import services as payments
from budgetlijn.rules.codes import FreeShareCode
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db

D = Decimal
ON = date(2023, 10, 2)


def codes(caught) -> list[str]:
    return [str(v.code) for v in caught.value.violations]


def correct(budget, amount, **kw):
    kw.setdefault("corrected_on", date(2023, 11, 6))
    return services.correct_free_share(budget=budget, year=2023, amount=amount, **kw)


@pytest.fixture
def paid(pab):
    """400 free share asked and paid by a run; the PAB's refundable advance outstanding."""
    services.ask_free_share(budget=pab, year=2023, amount="400.00", asked_on=ON)
    assert payments.draft_run(on=timezone.localdate()).gross == D("400.00")
    assert ledger.advance_outstanding(pab) > 0
    assert services.paid_free_share(pab, 2023) == D("400.00")
    return pab


def test_r15_a_correction_gives_the_budget_line_room_back_and_raises_the_advance(paid):
    line_before = ledger.budget_line(paid, 2023)
    advance_before = ledger.advance_outstanding(paid)
    correction = correct(paid, "150.00")
    assert ledger.budget_line(paid, 2023) == line_before + D("150.00")
    assert ledger.advance_outstanding(paid) == advance_before + D("150.00")
    assert (correction.correction_entry.kind, correction.correction_entry.amount) == (
        EntryKind.FREE_SHARE_CORRECTION,
        D("-150.00"),
    )
    assert (correction.advance_entry.kind, correction.advance_entry.amount) == (
        EntryKind.ADVANCE_PAID,
        D("150.00"),
    )
    assert services.paid_free_share(paid, 2023) == D("250.00")
    assert services.granted(paid, 2023) == D("250.00")  # may be asked again within the limit
    assert budget_line_overview(paid, 2023).free_share == D("250.00")
    # at most what was paid and not corrected yet
    with pytest.raises(RuleViolations) as caught:
        correct(paid, "250.01")
    assert codes(caught) == [FreeShareCode.FREE_SHARE_CORRECTION_ABOVE_PAID]
    assert correct(paid, "250.00").amount == D("250.00")
    assert services.paid_free_share(paid, 2023) == D("0.00")
    assert check_ledger() == []


def test_r15_no_correction_without_a_refundable_advance(pab):
    services.ask_free_share(budget=pab, year=2023, amount="400.00", asked_on=ON)
    payments.draft_run(on=timezone.localdate())
    ledger_services.book(
        budget=pab,
        year=2023,
        kind=EntryKind.ADVANCE_REPAID,
        amount=ledger.advance_outstanding(pab),
        reason="voorschot terugbetaald",
    )
    assert ledger.advance_outstanding(pab) == 0
    entries = Entry.objects.count()
    with pytest.raises(RuleViolations) as caught:
        correct(pab, "100.00")
    assert codes(caught) == [FreeShareCode.FREE_SHARE_CORRECTION_WITHOUT_ADVANCE]
    assert "voorschot" in caught.value.violations[0].text()
    assert Entry.objects.count() == entries and not FreeShareCorrection.objects.exists()


def test_r15_free_share_not_paid_yet_cannot_be_corrected(pab):
    services.ask_free_share(budget=pab, year=2023, amount="400.00", asked_on=ON)
    assert ledger.advance_outstanding(pab) > 0
    with pytest.raises(RuleViolations) as caught:
        correct(pab, "100.00")
    assert codes(caught) == [FreeShareCode.FREE_SHARE_CORRECTION_ABOVE_PAID]


def test_r14_a_pvb_has_no_correction(db):
    with pytest.raises(RuleViolations) as caught:
        correct(make_pvb(), "10.00")
    assert codes(caught) == [ErrorCode.FREE_SHARE_CORRECTION_NOT_PAB]


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        (
            {"corrected_on": timezone.localdate() + timedelta(days=1)},
            ErrorCode.FREE_SHARE_CORRECTION_IN_FUTURE,
            "corrected_on",
        ),
        ({"amount": "12,345"}, ErrorCode.FREE_SHARE_AMOUNT_INVALID, "amount"),
        ({"amount": "NaN"}, ErrorCode.FREE_SHARE_AMOUNT_INVALID, "amount"),
        ({"amount": "0.001"}, ErrorCode.FREE_SHARE_AMOUNT_INVALID, "amount"),
        ({"amount": "0"}, FreeShareCode.FREE_SHARE_AMOUNT_NOT_POSITIVE, "amount"),
        ({"amount": "-5"}, ErrorCode.FREE_SHARE_AMOUNT_INVALID, "amount"),
        ({"role": "BUURMAN"}, ErrorCode.FREE_SHARE_ROLE_UNKNOWN, "role"),
    ],
)
def test_r15_bad_input_names_the_field_and_books_nothing(paid, kwargs, code, field):
    entries = Entry.objects.count()
    kwargs = {"amount": "10.00", **kwargs}
    amount = kwargs.pop("amount")
    with pytest.raises(RuleViolations) as caught:
        correct(paid, amount, **kwargs)
    assert codes(caught) == [code]
    assert caught.value.violations[0].field == field
    assert Entry.objects.count() == entries and not FreeShareCorrection.objects.exists()


def test_r15_the_same_key_books_once_and_another_correction_may_not_reuse_it(paid):
    first = correct(paid, "50.00", idempotency_key="k-1")
    again = correct(paid, "50.00", idempotency_key="k-1")
    assert again.pk == first.pk and FreeShareCorrection.objects.count() == 1
    assert services.paid_free_share(paid, 2023) == D("350.00")
    with pytest.raises(RuleViolations) as caught:
        correct(paid, "60.00", idempotency_key="k-1")
    assert codes(caught) == [ErrorCode.FREE_SHARE_KEY_REUSED]


def test_r15_a_mandated_organisation_needs_the_free_share_right(paid):
    in_2023 = {"starts_on": date(2023, 1, 1), "ends_on": date(2023, 12, 31)}
    view_only = MandateFactory(person=paid.person, **in_2023)
    with pytest.raises(RuleViolations) as caught:
        correct(paid, "10.00", role="ASSISTANCE_ORGANISATION", mandate=view_only)
    assert codes(caught) == [FreeShareCode.FREE_SHARE_ASKER_NOT_ALLOWED]
    with_right = MandateFactory(person=paid.person, all_rights=True, **in_2023)
    done = correct(paid, "10.00", role="ASSISTANCE_ORGANISATION", mandate=with_right)
    assert done.organisation == with_right.organisation.name


def test_r15_the_command_offers_a_dry_run_and_says_what_it_booked(paid, capsys):
    entries = Entry.objects.count()
    args = ["--budget", str(paid.pk), "--year", "2023", "--amount", "100,00", "--on", "2023-11-06"]
    call_command("correct_free_share", *args, "--dry-run")
    assert "Proef (niets opgeslagen)" in capsys.readouterr().out
    assert Entry.objects.count() == entries
    call_command("correct_free_share", *args)
    assert "100,00" in capsys.readouterr().out
    assert Entry.objects.count() == entries + 2
    with pytest.raises(CommandError, match="geen budget met nummer"):
        call_command("correct_free_share", "--budget", "999999", "--year", "2023", "--amount", "1")
    with pytest.raises(CommandError, match="groter dan het uitbetaalde"):
        call_command("correct_free_share", *args[:4], "--amount", "999", "--on", "2023-11-06")
