"""The management commands given hostile arguments, as on the command line: never a
traceback; a Dutch message saying what to type; a non-zero exit code."""

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    """``manage.py <argv>`` in this process: (exit code, stderr)."""
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", *argv]).execute()
    return exited.value.code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run_deadlines", "--days", "abc"], "'abc' is geen geheel getal"),
        (["run_deadlines", "--days", "1,5"], "'1,5' is geen geheel getal"),
        (["open_budget_year", "--year", "abc"], "'abc' is geen geheel getal"),
        (["open_budget_year", "--year", "2026.5"], "'2026.5' is geen geheel getal"),
        (["approval_queue", "--limit", "abc"], "'abc' is geen geldig getal"),
        (["approval_queue", "--limit", "99999999999999999999"], "van 1 tot en met 10000"),
        (["load_demo", "--scale", "abc"], "'abc' is geen geldig getal"),
        (["load_demo", "--scale", "99999999999"], "van 0 tot en met 200"),
        (["load_demo", "--seed", "é"], "'é' is geen geheel getal"),
        (["load_demo", "--today", "abc"], "'abc' is geen geldige datum. Schrijf JJJJ-MM-DD"),
        (["load_demo", "--today", "2023-02-31"], "'2023-02-31' is geen geldige datum"),
        (
            [
                "set_parameter",
                "pvb.yearly_amount.new.V",
                "--from",
                "2026-01-01",
                "--value",
                "1",
                "--reference",
                "x",
                "--replaces",
                "abc",
            ],
            "'abc' is geen geldig getal. Geef een geheel getal van 1 of meer.",
        ),
    ],
)
def test_a_number_or_date_that_does_not_parse_exits_2_with_a_dutch_message(capsys, argv, message):
    code, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert argv[-2] in err  # argparse names the option
    assert "Traceback" not in err
    assert "invalid int value" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run_deadlines", "--days", "-1"], "--days: geef een aantal dagen van 0 tot en met 366."),
        (["run_deadlines", "--date", "é"], "--date: 'é' is geen geldige datum."),
        (["open_budget_year", "--year", "99999999999999999999"], "--year: geef een jaar van"),
        (["check_port", "é"], "'é' is geen geldige poort"),
        (["check_port", "99999999"], "'99999999' is geen geldige poort"),
        (["show_parameters", "--name", "é"], "--name: geen enkele parameter begint met 'é'."),
    ],
)
def test_a_value_out_of_range_is_refused_with_a_dutch_message(argv, message):
    # A CommandError: manage.py prints it without a traceback and exits with 1. (Not run
    # through ManagementUtility: that closes the test's database connection.)
    with pytest.raises(CommandError) as refused:
        call_command(*argv)
    assert message in str(refused.value)


def test_set_parameter_names_an_unknown_parameter_before_asking_for_force():
    from budgetlijn.dossiers import services
    from budgetlijn.dossiers.tests.factories import BudgetFactory
    from budgetlijn.parameters.models import ParameterOverride

    budget = BudgetFactory()
    services.start_budget(budget, on=budget.allocated_on)  # books its first budget year
    with pytest.raises(CommandError) as refused:
        call_command(
            "set_parameter",
            "onbekend.parameter",
            "--from",
            f"{budget.allocated_on.year}-01-01",
            "--value",
            "1",
            "--reference",
            "probe",
        )
    err = str(refused.value)
    assert "onbekend.parameter" in err
    assert "--force" not in err
    assert not ParameterOverride.objects.exists()
