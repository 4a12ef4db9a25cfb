"""R15 corrections sent twice (a form or a command replayed): the same idempotency key with the
same content answers the correction recorded the first time and books nothing; the same key
with other content is refused (FREE_SHARE_KEY_REUSED, in Dutch); never an IntegrityError, and
nothing of a refused or replayed correction is kept. The threaded probe is in
``test_concurrency_postgres.py``."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from budgetlijn.assistance.tests.factories import MandateFactory
from budgetlijn.audit.models import AuditEvent
from budgetlijn.costs.tests.conftest import make_pab
from budgetlijn.freeshare import services
from budgetlijn.freeshare.constants import ErrorCode
from budgetlijn.freeshare.models import FreeShareCorrection
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.ledger.models import Entry
from budgetlijn.payments import services as payments
from budgetlijn.rules.violations import RuleViolations

pytestmark = pytest.mark.django_db

D = Decimal
ON = date(2023, 10, 2)
DAY = date(2023, 11, 6)


def correct(budget, amount="50.00", **kw):
    kw.setdefault("corrected_on", DAY)
    kw.setdefault("idempotency_key", "terug-1")
    return services.correct_free_share(budget=budget, year=2023, amount=amount, **kw)


def pay_free_share(budget, amount="400.00"):
    services.ask_free_share(budget=budget, year=2023, amount=amount, asked_on=ON)
    payments.draft_run(on=timezone.localdate())


@pytest.fixture
def paid(pab):
    pay_free_share(pab)
    return pab


def kept() -> tuple[int, int, int]:
    return (
        Entry.objects.count(),
        FreeShareCorrection.objects.count(),
        AuditEvent.objects.count(),
    )


def test_r15_the_same_key_with_the_same_content_answers_the_first_correction(paid):
    first = correct(paid)
    before = kept()
    again = correct(paid)
    assert again.pk == first.pk
    assert kept() == before
    assert services.paid_free_share(paid, 2023) == D("350.00")
    assert check_ledger() == []


@pytest.mark.parametrize(
    "changed",
    [
        {"amount": "60.00"},
        {"corrected_on": date(2023, 11, 7)},
        {"role": "AGENCY"},
    ],
    ids=["amount", "day", "role"],
)
def test_r15_the_same_key_with_other_content_is_refused_in_dutch(paid, changed):
    first = correct(paid)
    before = kept()
    kwargs = {"amount": "50.00", **changed}
    with pytest.raises(RuleViolations) as caught:
        correct(paid, **kwargs)
    (violation,) = caught.value.violations
    assert violation.code == ErrorCode.FREE_SHARE_KEY_REUSED == "free_share_key_reused"
    assert violation.field == "idempotency_key"
    assert f"#{first.pk}" in violation.text() and "nieuwe sleutel" in violation.text()
    assert kept() == before


def test_r15_the_same_key_for_another_budget_is_refused(paid):
    other = make_pab()["budget"]
    pay_free_share(other)
    correct(paid)
    before = kept()
    with pytest.raises(RuleViolations) as caught:
        correct(other)
    assert [v.code for v in caught.value.violations] == [ErrorCode.FREE_SHARE_KEY_REUSED]
    assert kept() == before


def test_r15_the_same_key_from_another_organisation_is_refused(paid):
    in_2023 = {"starts_on": date(2023, 1, 1), "ends_on": date(2023, 12, 31)}
    one = MandateFactory(person=paid.person, all_rights=True, **in_2023)
    two = MandateFactory(person=paid.person, all_rights=True, **in_2023)
    role = "ASSISTANCE_ORGANISATION"
    correct(paid, role=role, mandate=one)
    assert correct(paid, role=role, mandate=one).organisation == one.organisation.name
    with pytest.raises(RuleViolations) as caught:
        correct(paid, role=role, mandate=two)
    assert [v.code for v in caught.value.violations] == [ErrorCode.FREE_SHARE_KEY_REUSED]


def _key_taken_meanwhile(monkeypatch):
    """As if a concurrent correction committed the key between our look and our insert: the
    look finds nothing the first two times (before and after the lock), the insert clashes."""
    looks = {"n": 0}
    real = services._correction_replay

    def late(key, content):
        looks["n"] += 1
        return None if looks["n"] <= 2 else real(key, content)

    monkeypatch.setattr(services, "_correction_replay", late)


def test_r15_a_key_taken_meanwhile_keeps_nothing_half_saved_and_answers_the_replay(
    paid, monkeypatch
):
    first = correct(paid)
    before = kept()
    _key_taken_meanwhile(monkeypatch)
    again = correct(paid)  # the bookings ran in a savepoint: rolled back, not left behind
    assert again.pk == first.pk
    assert kept() == before
    assert services.paid_free_share(paid, 2023) == D("350.00")
    assert check_ledger() == []


def test_r15_a_key_taken_meanwhile_for_other_content_is_refused_not_a_traceback(paid, monkeypatch):
    correct(paid)
    before = kept()
    _key_taken_meanwhile(monkeypatch)
    with pytest.raises(RuleViolations) as caught:
        correct(paid, amount="60.00")
    assert [v.code for v in caught.value.violations] == [ErrorCode.FREE_SHARE_KEY_REUSED]
    assert kept() == before
    assert check_ledger() == []


def test_r15_the_command_replayed_says_so_and_a_changed_replay_exits_with_a_dutch_message(
    paid, capsys
):
    args = ["--budget", str(paid.pk), "--year", "2023", "--on", "2023-11-06", "--key", "k-9"]
    call_command("correct_free_share", *args, "--amount", "50,00")
    assert "geboekt" in capsys.readouterr().out
    before = kept()
    call_command("correct_free_share", *args, "--amount", "50,00")
    assert "al geregistreerd" in capsys.readouterr().out
    assert kept() == before
    with pytest.raises(CommandError, match="idempotentiesleutel hoort al bij") as refused:
        call_command("correct_free_share", *args, "--amount", "60,00")
    assert refused.value.returncode == 1
    assert kept() == before
