"""R19 in a contract's life: open budget, one decision, a reason to refuse, one change at a time."""

from budgetlijn.rules.contracts import (
    check_budget_open,
    check_changeable,
    check_pending,
    check_refusal_reason,
)


def test_r19_an_ended_budget_takes_no_more_contracts():
    assert check_budget_open(False, "opgestart") == []
    [violation] = check_budget_open(True, "stopgezet")
    assert (violation.rule_id, violation.code, violation.field) == ("R19", "budget_ended", "budget")
    assert "stopgezet" in violation.text()


def test_r19_the_agency_decides_once():
    assert check_pending(True, "geregistreerd") == []
    [violation] = check_pending(False, "goedgekeurd")
    assert (violation.code, violation.field) == ("contract_not_pending", "status")
    assert "goedgekeurd" in violation.text()


def test_r19_a_refusal_needs_a_reason():
    assert check_refusal_reason("Geen handtekening van de assistent.") == []
    for empty in ("", "   ", None):
        [violation] = check_refusal_reason(empty)
        assert (violation.code, violation.field) == ("refusal_reason_missing", "refusal_reason")


def test_r19_only_the_latest_approved_version_changes():
    assert check_changeable(True) == []
    [violation] = check_changeable(False)
    assert violation.code == "only_latest_approved_can_change"
