"""The cost parameters snapshot (rules/costs/snapshot.py): every field read for a budget kind and
year, values that change within a year kept with their first day, the short-term caps arranged
per counter and envelope."""

from datetime import date

import pytest

from budgetlijn.rules import contract_types as ct
from budgetlijn.rules import parameters
from budgetlijn.rules import short_term as st
from budgetlijn.rules.costs import cost_parameters
from budgetlijn.rules.costs.snapshot import (
    MINIMUM_WAGE,
    Dated,
    ShortTermCaps,
    _boundaries,
)

from .cost_lines import D

DAYS_NIGHTS_CAP = st.CAP_PARAMETER % "DAYS_NIGHTS"


def admin_values(*values):
    """An override source giving (name, from, until, value) as administrator values."""

    def source(name):
        return [
            parameters.ParameterValue(n, start, until, D(v), "", "test", parameters.SOURCE_ADMIN)
            for n, start, until, v in values
            if n == name
        ]

    return source


def test_r25_r29_snapshot_of_a_pab_2021_reads_every_value_on_1_january():
    p = cost_parameters("PAB", 2021)
    assert (p.budget_kind, p.year) == ("PAB", 2021)
    assert (p.deadline, p.late_until) == (date(2022, 4, 1), date(2024, 4, 1))
    assert (p.service_voucher_cap, p.service_voucher_cap_parent) == (D(2000), D(2500))
    assert p.gift_max == D("40.00")
    assert p.premiums_max == D("2061.41")
    assert (p.volunteer_day_max, p.volunteer_year_max) == (D("35.41"), D("1416.16"))
    assert (p.other_costs_rate, p.via4_rate) == (D("0.05"), D("0.07"))
    assert (p.year_end_premium_full_time, p.full_time_weekly_hours) == (D("155.65"), D(38))
    assert p.minimum_wage == Dated((date(2021, 1, 1),), (D("11.28570646"),))
    assert p.short_term_caps == Dated(
        (date(2021, 1, 1),), (ShortTermCaps.of(st.caps_on(date(2021, 1, 1))),)
    )
    assert p.via4_types == frozenset(
        {"PAB_EMPLOYMENT", "PAB_FAMILY_EMPLOYMENT", "PAB_FAMILY_TASK_AGREEMENT"}
    )
    catalogue = ct.catalogue()
    assert p.types == catalogue.types
    assert p.cost_kinds == catalogue.cost_kinds
    assert p.non_payable == catalogue.non_payable
    assert p.kind("GIFT") is catalogue.cost_kinds["GIFT"]
    assert p.kind("NO_SUCH_KIND") is None


def test_r27_via4_types_follow_the_year_and_the_budget_kind():
    # a family task agreement gives VIA4 until 2021-12-31; a PVB has no VIA4 at all
    assert cost_parameters("PAB", 2022).via4_types == frozenset(
        {"PAB_EMPLOYMENT", "PAB_FAMILY_EMPLOYMENT"}
    )
    assert cost_parameters("PVB", 2021).via4_types == frozenset()


@pytest.mark.parametrize(
    ("kind", "year", "deadline"),
    [
        ("PVB", 2020, date(2021, 3, 1)),
        ("PVB", 2021, date(2022, 3, 31)),  # the value in force on 1 January of the cost year
        ("CONVENANT", 2021, date(2022, 4, 1)),
    ],
)
def test_r25_snapshot_deadline_per_budget_kind(kind, year, deadline):
    p = cost_parameters(kind, year)
    assert p.deadline == deadline
    assert p.late_until == date(deadline.year + 2, deadline.month, deadline.day)


def test_r25_late_filing_years_are_a_parameter():
    extra = admin_values(("costs.late_filing.extra_years", date(2021, 1, 1), None, "1"))
    with parameters.isolated(override_source=extra):
        assert cost_parameters("PAB", 2021).late_until == date(2023, 4, 1)
        assert cost_parameters("PAB", 2020).late_until == date(2023, 4, 1)  # 2 in 2020


def test_r29_snapshot_without_values_gives_none():
    p = cost_parameters("PVB", 2021)
    assert (p.other_costs_rate, p.via4_rate) == (None, None)
    early = cost_parameters("PAB", 2017)
    assert (early.premiums_max, early.volunteer_day_max, early.volunteer_year_max) == (
        None,
        None,
        None,
    )
    assert (early.year_end_premium_full_time, early.full_time_weekly_hours) == (None, None)
    assert early.minimum_wage == Dated((date(2017, 1, 1),), (None,))


def test_r25_snapshot_of_a_year_without_a_deadline_is_refused():
    with pytest.raises(parameters.ParameterMissing):
        cost_parameters("PAB", 2016)


def test_r22_snapshot_keeps_every_change_within_the_year_and_nothing_outside():
    changes = admin_values(
        (MINIMUM_WAGE, date(2021, 3, 1), date(2021, 5, 31), "12.00"),
        (MINIMUM_WAGE, date(2021, 12, 31), None, "13.00"),
        (MINIMUM_WAGE, date(2022, 1, 1), None, "14.00"),
    )
    with parameters.isolated(override_source=changes):
        wage = cost_parameters("PAB", 2021).minimum_wage
        assert _boundaries(["no.such.parameter", MINIMUM_WAGE], 2021) == list(wage.starts)
    assert wage.starts == (date(2021, 1, 1), date(2021, 3, 1), date(2021, 6, 1), date(2021, 12, 31))
    assert wage.values == (D("11.28570646"), D("12.00"), D("11.28570646"), D("13.00"))
    assert wage.at(date(2021, 2, 28)) == D("11.28570646")
    assert wage.at(date(2021, 5, 31)) == D("12.00")
    assert wage.at(date(2021, 12, 30)) == D("11.28570646")
    assert wage.at(date(2022, 6, 1)) == D("13.00")  # the last value of the year


def test_r25_boundaries_of_unknown_parameters_are_1_january_only():
    assert _boundaries(["no.such.parameter"], 2021) == [date(2021, 1, 1)]
    assert _boundaries([], 2021) == [date(2021, 1, 1)]


def test_r21_snapshot_follows_a_cap_changed_within_the_year():
    changes = admin_values((DAYS_NIGHTS_CAP, date(2021, 7, 1), None, "100"))
    with parameters.isolated(override_source=changes):
        caps = cost_parameters("PAB", 2021).short_term_caps
    assert caps.starts == (date(2021, 1, 1), date(2021, 7, 1))
    assert caps.at(date(2021, 6, 30)).caps["DAYS_NIGHTS"] == D(92)
    assert caps.at(date(2021, 7, 1)).caps["DAYS_NIGHTS"] == D(100)
    assert caps.at(date(2021, 7, 1)).envelopes["NIGHTS"] == {"DAYS": D(100), "NIGHTS": D(100)}


def test_r21_short_term_caps_per_counter_until_2022():
    caps = ShortTermCaps.of({"DAYS_NIGHTS": D(92), "MOBILE": D(36), "AMBULANT": D(51)})
    assert caps.caps == {"DAYS_NIGHTS": D(92), "MOBILE": D(36), "AMBULANT": D(51)}
    assert caps.pools == {
        "DAYS": "DAYS_NIGHTS",
        "NIGHTS": "DAYS_NIGHTS",
        "MOBILE": "MOBILE",
        "AMBULANT": "AMBULANT",
    }
    assert caps.envelopes == {
        "DAYS": {"DAYS": D(92), "NIGHTS": D(92)},
        "NIGHTS": {"DAYS": D(92), "NIGHTS": D(92)},
        "MOBILE": {"MOBILE": D(36), "AMBULANT": D(51)},
        "AMBULANT": {"MOBILE": D(36), "AMBULANT": D(51)},
    }


def test_r21_short_term_caps_first_pool_in_force_counts():
    # a mobile cap and the sessions cap together: mobile counts in its own pool, the others in
    # the sessions
    caps = ShortTermCaps.of({"MOBILE": D(36), "SESSIONS": D(104)})
    assert caps.pools == {"MOBILE": "MOBILE", "AMBULANT": "SESSIONS", "GROUP": "SESSIONS"}
    assert caps.envelopes == {
        "MOBILE": {"MOBILE": D(36)},
        "AMBULANT": {"AMBULANT": D(104), "GROUP": D(104)},
        "GROUP": {"AMBULANT": D(104), "GROUP": D(104)},
    }
    assert ShortTermCaps.of({}) == ShortTermCaps({}, {}, {})


def test_r21_short_term_caps_keep_their_own_copy():
    given = {"DAYS_NIGHTS": D(92)}
    caps = ShortTermCaps.of(given)
    given["DAYS_NIGHTS"] = D(1)
    assert caps.caps == {"DAYS_NIGHTS": D(92)}


def test_dated_at_each_start_and_between():
    dated = Dated((date(2021, 1, 1), date(2021, 3, 1), date(2021, 7, 1)), ("a", "b", "c"))
    assert [
        dated.at(day)
        for day in (
            date(2020, 12, 31),
            date(2021, 1, 1),
            date(2021, 2, 28),
            date(2021, 3, 1),
            date(2021, 6, 30),
            date(2021, 7, 1),
            date(2030, 1, 1),
        )
    ] == [None, "a", "a", "b", "b", "c", "c"]


def test_r25_r29_yearly_values_are_those_of_1_january():
    # values changed on 2 January or later apply from the next year's snapshot
    later = admin_values(
        ("costs.gift.max_per_line", date(2021, 1, 2), None, "50.00"),
        ("costs.filing_deadline.PAB.month", date(2021, 1, 2), None, "5"),
        ("costs.filing_deadline.PAB.day", date(2021, 1, 2), None, "15"),
    )
    with parameters.isolated(override_source=later):
        this_year, next_year = cost_parameters("PAB", 2021), cost_parameters("PAB", 2022)
    assert (this_year.gift_max, this_year.deadline) == (D("40.00"), date(2022, 4, 1))
    assert (next_year.gift_max, next_year.deadline) == (D("50.00"), date(2023, 5, 15))
