"""The payment bench's data and run on a few hundred lines (the bench itself, with its
timings, runs outside the test suite: make bench). Nothing here is timed."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from budgetlijn.costs import bench as cost_bench
from budgetlijn.costs.models import CostLine
from budgetlijn.payments import bench
from budgetlijn.payments.models import PaymentItem, Transfer

pytestmark = pytest.mark.django_db


def test_bench_pays_every_generated_line_once():
    world = cost_bench.generate_world(12, year=cost_bench.bench_year(timezone.localdate()), seed=7)
    lines = []
    report = bench.run_on(world, 300, out=lines.append)
    assert report.items == 300 and report.transfers == 12 and report.skipped == []
    assert lines[-1].startswith("payments: 300 lines in ") and " ratio " in lines[-1]
    accepted = CostLine.objects.aggregate(s=Sum("accepted_amount"))["s"]
    assert Decimal(str(accepted)).quantize(Decimal("0.01")) == report.gross
    assert PaymentItem.objects.count() == 300 and Transfer.objects.count() == 12


def test_bench_accounts_are_valid_distinct_ibans():
    from schwifty import IBAN

    ibans = {bench.iban(n) for n in range(1, 200)}
    assert len(ibans) == 199 and all(IBAN(value).in_sepa_zone for value in ibans)
