"""file_voucher_invoice (R11): lines checked against the holder's voucher contract with that
provider, judged as a whole, accepted parts booked as COMMITMENTs."""

from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.ledger import selectors as ledger
from budgetlijn.ledger.constants import EntryKind
from budgetlijn.ledger.invariants import check_ledger
from budgetlijn.rules.codes import VoucherCode
from budgetlijn.vouchers import services
from budgetlijn.vouchers.constants import ErrorCode, Outcome
from budgetlijn.vouchers.models import VoucherInvoice, VoucherInvoiceLine
from budgetlijn.vouchers.tests.conftest import line, make_world

pytestmark = pytest.mark.django_db

D = Decimal
FILED = date(2023, 6, 5)


def file(world, *lines, month=date(2023, 5, 1), **kw):
    return services.file_voucher_invoice(
        provider=world["provider"], month=month, lines=list(lines), filed_on=FILED, **kw
    )


def test_r11_vouchers_a_good_line_is_committed_for_the_provider(world):
    result = file(world, line(world, "1500.00"))
    assert result.status == services.Status.FILED
    invoice = result.invoice
    assert (invoice.outcome, invoice.amount, invoice.accepted_amount) == (
        Outcome.ACCEPTED,
        D("1500.00"),
        D("1500.00"),
    )
    stored = invoice.lines.get()
    assert (stored.outcome, stored.accepted_amount, stored.year) == (
        Outcome.ACCEPTED,
        D("1500.00"),
        2023,
    )
    commitment = stored.commitment
    assert (commitment.kind, commitment.amount, commitment.budget_id) == (
        EntryKind.COMMITMENT,
        D("1500.00"),
        world["budget"].pk,
    )
    assert commitment.voucher_line == stored
    assert commitment.idempotency_key == f"voucher-line:{invoice.pk}:1"
    assert ledger.balances(world["budget"], 2023).committed == D("1500.00")
    assert check_ledger() == []


def test_r11_vouchers_judged_as_a_whole_every_bad_line_with_its_reason(world):
    other = make_world()
    result = file(
        world,
        line(world, "1000.00"),
        line(world, "500.00", contract_id=other["contract"].pk),  # another holder's contract
        line(world, "400.00", period_from=date(2023, 4, 28)),  # outside the month
        line(world, "300.00", contract_id=None),
    )
    assert result.status == services.Status.FILED
    outcomes = [(r.outcome, r.accepted) for r in result.lines]
    assert outcomes == [
        (Outcome.ACCEPTED, D("1000.00")),
        (Outcome.REFUSED, D("0")),
        (Outcome.REFUSED, D("0")),
        (Outcome.REFUSED, D("0")),
    ]
    codes = [[v.code for v in r.violations] for r in result.lines]
    assert codes[1] == [VoucherCode.VOUCHER_CONTRACT_OTHER_BUDGET]
    assert VoucherCode.VOUCHER_PERIOD_OUTSIDE_MONTH in codes[2]
    assert codes[3] == [VoucherCode.VOUCHER_CONTRACT_MISSING]
    assert result.invoice.outcome == Outcome.PARTLY
    stored = {line.line_no: line for line in result.invoice.lines.all()}
    assert stored[2].violations[0]["rule"] == "R11"
    assert "ander budget" in stored[2].violations[0]["message"]
    assert stored[4].contract is None
    assert VoucherInvoiceLine.objects.filter(commitment__isnull=False).count() == 1
    assert check_ledger() == []


def test_r11_vouchers_within_the_voucher_part_of_the_year(world):
    # 12 000 a year, 4 000 estimated in cash: 8 000 in voucher
    first = file(world, line(world, "5000.00", month=3), month=date(2023, 3, 1))
    second = file(world, line(world, "5000.00", month=4), month=date(2023, 4, 1))
    assert first.lines[0].accepted == D("5000.00")
    assert (second.lines[0].outcome, second.lines[0].accepted) == (Outcome.PARTLY, D("3000.00"))
    assert second.lines[0].violations[0].code == VoucherCode.VOUCHER_ABOVE_VOUCHER_PART
    third = file(world, line(world, "10.00", month=5))
    assert third.lines[0].outcome == Outcome.REFUSED
    assert third.lines[0].violations[0].code == VoucherCode.VOUCHER_PART_SPENT
    assert ledger.balances(world["budget"], 2023).committed == D("8000.00")


def test_r11_vouchers_only_voucher_spending_uses_the_whole_year(db):
    world = make_world(payment_mode="VOUCHER", cash=None)
    result = file(world, line(world, "12000.00"))
    assert result.lines[0].accepted == D("12000.00")
    assert ledger.budget_line(world["budget"], 2023) == D("0.00")


def test_r11_vouchers_a_budget_spent_in_cash_only_pays_no_provider(db):
    world = make_world(payment_mode="CASH")
    result = file(world, line(world, "100.00"))
    assert [v.code for v in result.lines[0].violations] == [VoucherCode.VOUCHER_BUDGET_ALL_CASH]


def test_r11_vouchers_a_provider_whose_licence_ended_is_not_paid(world):
    provider = world["provider"]
    provider.licensed_until = date(2023, 5, 15)
    provider.save()
    result = file(world, line(world, "100.00"))
    assert [v.code for v in result.lines[0].violations] == [
        VoucherCode.VOUCHER_PROVIDER_NOT_LICENSED
    ]
    april = file(world, line(world, "100.00", month=4), month=date(2023, 4, 1))
    assert april.lines[0].outcome == Outcome.ACCEPTED


def test_r11_vouchers_one_line_per_holder_and_month(world):
    assert file(world, line(world, "100.00")).lines[0].outcome == Outcome.ACCEPTED
    again = file(world, line(world, "100.00", description="nog eens"))
    assert [v.code for v in again.lines[0].violations] == [VoucherCode.VOUCHER_LINE_DUPLICATE]
    june = file(world, line(world, "100.00", month=6), month=date(2023, 6, 1))
    assert june.lines[0].outcome == Outcome.ACCEPTED


def test_the_same_invoice_twice_books_once(world):
    first = file(world, line(world, "700.00"), idempotency_key="AZ-2023-05")
    again = file(world, line(world, "700.00"), idempotency_key="AZ-2023-05")
    assert again.status == services.Status.EXISTS
    assert again.invoice.pk == first.invoice.pk
    assert [(r.outcome, r.accepted) for r in again.lines] == [(Outcome.ACCEPTED, D("700.00"))]
    reused = file(world, line(world, "701.00"), idempotency_key="AZ-2023-05")
    assert reused.status == services.Status.INVALID
    assert [e.code for e in reused.errors] == [ErrorCode.VOUCHER_KEY_REUSED]
    without_key = file(world, line(world, "50.00", month=6), month=date(2023, 6, 1))
    assert (
        file(world, line(world, "50.00", month=6), month=date(2023, 6, 1)).invoice.pk
        == without_key.invoice.pk
    )
    assert VoucherInvoice.objects.count() == 2
    assert ledger.balances(world["budget"], 2023).committed == D("750.00")


def test_field_errors_file_nothing_and_name_every_line(world):
    result = file(
        world,
        line(world, "12.345"),
        line(world, "10.00", period_to="31-05-2023"),
        line(world, "10.00", budget_id=999999),
        {"contract_id": world["contract"].pk},
    )
    assert result.status == services.Status.INVALID
    found = {(e.line_no, e.field, e.code) for e in result.errors}
    assert (1, "amount", ErrorCode.VOUCHER_FIELD_INVALID) in found
    assert (2, "period_to", ErrorCode.VOUCHER_FIELD_INVALID) in found
    assert (3, "budget_id", ErrorCode.VOUCHER_BUDGET_UNKNOWN) in found
    assert (4, "budget_id", ErrorCode.VOUCHER_FIELD_MISSING) in found
    assert "Lijn 1" in next(e for e in result.errors if e.line_no == 1).text()
    assert VoucherInvoice.objects.count() == 0
    assert file(world).errors[0].code == ErrorCode.VOUCHER_INVOICE_EMPTY


def test_a_float_amount_is_a_programming_error(world):
    with pytest.raises(TypeError):
        file(world, line(world, "1") | {"amount": 10.5})


def test_a_dry_run_decides_and_keeps_nothing(world):
    result = file(world, line(world, "9000.00"), dry_run=True)
    assert result.status == services.Status.CHECKED
    assert (result.lines[0].outcome, result.lines[0].accepted) == (Outcome.PARTLY, D("8000.00"))
    assert VoucherInvoice.objects.count() == 0
    assert ledger.balances(world["budget"], 2023).committed == D("0.00")


def test_an_inactive_provider_files_nothing(world):
    provider = world["provider"]
    provider.active = False
    provider.save()
    result = file(world, line(world, "10.00"))
    assert [e.code for e in result.errors] == [ErrorCode.VOUCHER_PROVIDER_INACTIVE]


def test_check_ledger_finds_a_line_that_does_not_match_its_commitment(world):
    stored = file(world, line(world, "300.00")).invoice.lines.get()
    VoucherInvoiceLine.objects.filter(pk=stored.pk).update(accepted_amount=D("200.00"))
    assert [v.code for v in check_ledger()] == [ErrorCode.VOUCHER_COMMITMENT_MISMATCH]
    VoucherInvoiceLine.objects.filter(pk=stored.pk).update(
        accepted_amount=D("300.00"), commitment=None
    )
    assert [v.code for v in check_ledger()] == [ErrorCode.VOUCHER_COMMITMENT_MISSING]


def test_r11_vouchers_a_line_the_ledger_refuses_is_stored_refused_with_its_reason(db):
    from budgetlijn.contracts import services as contracts
    from budgetlijn.vouchers.tests.conftest import voucher_contract

    world = make_world(payment_mode="VOUCHER", cash=None)
    running = contracts.register_contract(
        budget=world["budget"],
        data=voucher_contract(
            world["provider"],
            end_date=None,
            indefinite_duration=True,
            support_function="RESIDENTIAL_SUPPORT",
        ),
        on=date(2023, 1, 2),
    )
    contracts.approve_contract(running, on=date(2023, 1, 5))
    result = file(
        {**world, "contract": running},
        line(
            {**world, "contract": running},
            "100.00",
            period_from=date(2024, 1, 1),
            period_to=date(2024, 1, 31),
        ),
        month=date(2024, 1, 1),
    )
    [only] = result.lines
    assert only.outcome == Outcome.REFUSED
    assert only.violations, "the ledger's reason is kept"
    stored = result.invoice.lines.get()
    assert stored.commitment is None and stored.violations
    assert check_ledger() == []


def test_r11_vouchers_filing_costs_the_same_queries_for_few_and_many_lines(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 12):
        worlds = [make_world(payment_mode="VOUCHER", cash=None) for _ in range(size)]
        provider = worlds[0]["provider"]
        for w in worlds[1:]:  # one provider for every holder's contract
            type(w["contract"]).objects.filter(pk=w["contract"].pk).update(
                counterparty_enterprise_number=provider.enterprise_number
            )
        lines = [line(w, "100.00") for w in worlds]
        with CaptureQueriesContext(connection) as queries:
            result = services.file_voucher_invoice(
                provider=provider, month=date(2023, 5, 1), lines=lines, filed_on=FILED
            )
        assert result.accepted == D("100.00") * size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_r11_vouchers_not_after_the_budget_stopped(world):
    from budgetlijn.dossiers import services as dossiers

    dossiers.stop_budget(world["budget"], on=date(2023, 5, 16), reason="OWN_CHOICE")
    result = file(world, line(world, "100.00"))
    assert VoucherCode.VOUCHER_BUDGET_NOT_IN_FORCE in [v.code for v in result.lines[0].violations]
    april = file(world, line(world, "100.00", month=4), month=date(2023, 4, 1))
    assert april.lines[0].outcome == Outcome.ACCEPTED
