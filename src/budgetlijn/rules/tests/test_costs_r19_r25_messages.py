"""R19 and R25 asked directly: every refusal and wait with its field, whether it is final, and
its message in full; check_r25 as a whole (the year binding first, then the deadline)."""

from datetime import date

import pytest

from budgetlijn.rules.codes import CostCode
from budgetlijn.rules.costs import (
    CostCounters,
    LineOutcome,
    WaitReason,
    check_r19,
    check_r25,
    cost_parameters,
)
from budgetlijn.rules.costs.findings import REFUSE, WAIT
from budgetlijn.rules.costs.r25_filing import check_r25_deadline, check_r25_year

from .cost_lines import D, judge, line
from .violation_checks import described


def only(findings):
    assert len(findings) == 1, findings
    return findings[0]


def r19(facts):
    return check_r19(facts, CostCounters(), cost_parameters("PAB", 2021))


# --- R19 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [None, "SOMETHING", ""])
def test_r19_no_contract_in_full(status):
    finding = only(r19(line(contract_status=status)))
    assert finding.action == REFUSE
    assert finding.final is False
    assert described([finding.violation]) == [("R19", CostCode.COST_CONTRACT_MISSING, "contract")]
    assert finding.violation.text() == (
        "Er is geen overeenkomst voor deze kost. Registreer eerst de overeenkomst met de "
        "assistent of organisatie en dien de kost daarna in onder die overeenkomst."
    )


def test_r19_refused_contract_in_full():
    finding = only(r19(line(contract_status="REFUSED")))
    assert finding.action == REFUSE
    assert finding.final is False
    assert described([finding.violation]) == [("R19", CostCode.COST_CONTRACT_REFUSED, "contract")]
    assert finding.violation.text() == (
        "De overeenkomst voor deze kost werd geweigerd; kosten onder een geweigerde overeenkomst "
        "worden niet betaald. Registreer een nieuwe overeenkomst die aan de voorwaarden voldoet."
    )


@pytest.mark.parametrize(
    ("start", "end", "looptijd"),
    [
        (date(2021, 5, 2), None, "02/05/2021 tot onbepaalde duur"),
        (date(2021, 1, 1), date(2021, 5, 30), "01/01/2021 tot 30/05/2021"),
        (None, date(2021, 5, 30), "- tot 30/05/2021"),
    ],
)
def test_r19_outside_the_contract_period_in_full(start, end, looptijd):
    finding = only(r19(line(contract_start=start, contract_end=end)))
    assert finding.action == REFUSE
    assert described([finding.violation]) == [
        ("R19", CostCode.COST_OUTSIDE_CONTRACT_PERIOD, "period_from")
    ]
    assert finding.violation.text() == (
        "De periode van deze kost (01/05/2021 tot 31/05/2021) valt niet binnen de looptijd van "
        f"de overeenkomst ({looptijd}). Dien de kost in onder de overeenkomst die deze periode "
        "dekt, of beperk de periode tot de looptijd."
    )


@pytest.mark.parametrize("status", ["APPROVED", "ENDED", "REGISTERED"])
def test_r19_an_ended_or_registered_contract_must_cover_the_period_too(status):
    facts = line(contract_status=status, contract_end=date(2021, 5, 30))
    assert only(r19(facts)).violation.code == CostCode.COST_OUTSIDE_CONTRACT_PERIOD
    covered = line(contract_status=status, contract_start=date(2021, 5, 1), contract_end=None)
    findings = r19(covered)
    assert [f.action for f in findings] == ([WAIT] if status == "REGISTERED" else [])


def test_r19_registered_contract_wait_in_full():
    finding = only(r19(line(contract_status="REGISTERED")))
    assert finding.action == WAIT
    assert finding.wait_reason is WaitReason.CONTRACT_NOT_APPROVED
    assert described([finding.violation]) == [
        ("R19", CostCode.COST_CONTRACT_NOT_APPROVED, "contract")
    ]
    assert finding.violation.text() == (
        "De overeenkomst voor deze kost is geregistreerd maar nog niet goedgekeurd. De kost "
        "wacht en wordt beslist zodra het agentschap de overeenkomst goedkeurt of weigert; u "
        "hoeft ze niet opnieuw in te dienen."
    )


def test_r19_kinds_without_a_contract_and_unknown_kinds():
    # the free share needs no contract, whatever the status says
    assert r19(line(cost_kind="FREE_SHARE", contract_status=None)) == ()
    assert r19(line(cost_kind="FREE_SHARE", contract_status="REFUSED")) == ()
    # an unknown kind (R24 refuses it) still needs its contract
    unknown = only(r19(line(cost_kind="NO_SUCH_KIND", contract_status=None)))
    assert unknown.violation.code == CostCode.COST_CONTRACT_MISSING
    assert r19(line(cost_kind="NO_SUCH_KIND")) == ()


# --- R25 ------------------------------------------------------------------------------------


def r25_year(facts):
    return check_r25_year(facts, CostCounters(), cost_parameters("PAB", facts.budget_year))


def r25_deadline(facts, **kwargs):
    return check_r25_deadline(
        facts, CostCounters(), cost_parameters(facts.budget_kind, facts.budget_year), **kwargs
    )


def test_r25_reversed_period_in_full():
    finding = only(r25_year(line(period_from=date(2021, 5, 2), period_to=date(2021, 5, 1))))
    assert finding.action == REFUSE
    assert finding.final is True
    assert described([finding.violation]) == [("R25", CostCode.COST_PERIOD_REVERSED, "period_to")]
    assert finding.violation.text() == (
        "De periode eindigt (01/05/2021) vóór ze begint (02/05/2021). Vul de begin- en "
        "einddatum van de periode juist in."
    )


def test_r25_a_one_day_period_is_not_reversed():
    assert r25_year(line(period_from=date(2021, 5, 1), period_to=date(2021, 5, 1))) == ()


def test_r25_period_over_two_years_in_full():
    finding = only(r25_year(line(period_from=date(2021, 12, 15), period_to=date(2022, 1, 15))))
    assert finding.action == REFUSE
    assert finding.final is True
    assert described([finding.violation]) == [
        ("R25", CostCode.COST_PERIOD_SPANS_TWO_YEARS, "period_to")
    ]
    assert finding.violation.text() == (
        "Kosten zijn jaargebonden: deze periode (15/12/2021 tot 15/01/2022) loopt over twee "
        "jaren. Splits de kost in een lijn per jaar en dien elke lijn in bij de kostenstaat van "
        "het jaar waarop ze betrekking heeft."
    )


def test_r25_period_of_another_year_in_full():
    finding = only(r25_year(line(period_from=date(2020, 5, 1), period_to=date(2020, 5, 31))))
    assert finding.action == REFUSE
    assert finding.final is True
    assert described([finding.violation]) == [
        ("R25", CostCode.COST_PERIOD_OUTSIDE_BUDGET_YEAR, "period_from")
    ]
    assert finding.violation.text() == (
        "Kosten zijn jaargebonden: deze kost gaat over 2020, niet over budgetjaar 2021. Dien ze "
        "in bij een kostenstaat voor 2020."
    )


def late(on, reason="", **changes):
    return line(filed_on=on, late_reason=reason, **changes)


def test_r25_filed_too_late_in_full():
    finding = only(r25_deadline(late(date(2024, 4, 2), "CONTRACT_DISPUTE")))
    assert finding.action == REFUSE
    assert finding.final is False
    assert described([finding.violation]) == [("R25", CostCode.COST_FILED_TOO_LATE, "filed_on")]
    assert finding.violation.text() == (
        "Kosten van 2021 konden ingediend worden tot 01/04/2022, en uitzonderlijk met een reden "
        "tot 01/04/2024. Deze lijn werd ingediend op 02/04/2024, te laat: ze wordt niet betaald."
    )


def test_r25_too_late_stays_too_late_when_the_agency_accepted_the_reason():
    finding = only(r25_deadline(late(date(2024, 4, 2), "CONTRACT_DISPUTE"), late_accepted=True))
    assert finding.violation.code == CostCode.COST_FILED_TOO_LATE


def test_r25_late_without_a_listed_reason_in_full():
    finding = only(r25_deadline(late(date(2022, 5, 1), "FORGOT")))
    assert finding.action == REFUSE
    assert described([finding.violation]) == [
        ("R25", CostCode.COST_FILED_LATE_WITHOUT_REASON, "late_reason")
    ]
    assert finding.violation.text() == (
        "Kosten van 2021 worden ingediend tot 01/04/2022; deze lijn werd ingediend op "
        "01/05/2022. Tot 01/04/2024 kan het agentschap ze nog aanvaarden als u een van deze "
        "redenen opgeeft: de factuur van de arbeidsongevallenverzekering kwam laat; een "
        "ziekenhuisopname in maart; laattijdige bijstand na een inspectie; vaststellingen van "
        "Zorginspectie; een geschil over een overeenkomst; de afrekening van een budget in cash. "
        "Geef de reden op en dien de lijn opnieuw in."
    )


def test_r25_late_review_wait_in_full():
    finding = only(r25_deadline(late(date(2022, 5, 1), "CONTRACT_DISPUTE")))
    assert finding.action == WAIT
    assert finding.wait_reason is WaitReason.LATE_REVIEW
    assert described([finding.violation]) == [
        ("R25", CostCode.COST_FILED_LATE_REVIEW, "late_reason")
    ]
    assert finding.violation.text() == (
        "Deze kost van 2021 werd na 01/04/2022 ingediend, met als reden: een geschil over een "
        "overeenkomst. Het agentschap onderzoekt of de kost nog aanvaard kan worden; u krijgt "
        "bericht van de beslissing."
    )
    assert r25_deadline(late(date(2022, 5, 1), "CONTRACT_DISPUTE"), late_accepted=True) == ()


def test_r25_deadline_of_a_pvb_is_its_own():
    pvb = late(date(2022, 4, 1), budget_kind="PVB", contract_type_code="PVB_EMPLOYMENT")
    finding = only(r25_deadline(pvb))
    assert "tot 31/03/2022;" in finding.violation.text()
    assert r25_deadline(late(date(2022, 4, 1))) == ()


def test_r25_check_asks_the_year_first_then_the_deadline():
    params = cost_parameters("PAB", 2021)
    counters = CostCounters()
    # another year and filed too late: only the year binding is said
    other_year = late(date(2025, 1, 1), period_from=date(2020, 5, 1), period_to=date(2020, 5, 31))
    assert [f.violation.code for f in check_r25(other_year, counters, params)] == [
        CostCode.COST_PERIOD_OUTSIDE_BUDGET_YEAR
    ]
    assert [f.violation.code for f in check_r25(late(date(2025, 1, 1)), counters, params)] == [
        CostCode.COST_FILED_TOO_LATE
    ]
    review = late(date(2022, 5, 1), "HOSPITAL_STAY_IN_MARCH")
    assert [f.action for f in check_r25(review, counters, params)] == [WAIT]
    assert check_r25(review, counters, params, late_accepted=True) == ()
    assert check_r25(late(date(2022, 4, 1)), counters, params) == ()


def test_r25_a_final_refusal_stops_the_other_rules():
    # a reversed period under a refused contract: only the period is said
    j = judge(
        line(
            contract_status="REFUSED",
            cost_kind="NO_SUCH_KIND",
            period_from=date(2021, 5, 2),
            period_to=date(2021, 5, 1),
        )
    )
    assert j.outcome is LineOutcome.REFUSED
    assert [v.code for v in j.violations] == [CostCode.COST_PERIOD_REVERSED]
    assert j.payable_amount == D("0.00")
    assert j.short_term_counter is None
    assert j.other_costs is False
