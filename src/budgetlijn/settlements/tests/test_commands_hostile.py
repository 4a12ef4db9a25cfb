"""The settlements commands given hostile arguments on the command line: a Dutch message, a
non-zero exit code, never a traceback (decision 0009)."""

import pytest
from django.core.management import ManagementUtility

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", *argv]).execute()
    return exited.value.code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["settle_budget", "--budget", "abc"], "'abc' is geen geldig getal"),
        (["settle_budget", "--budget", "1", "--date", "2023-02-31"], "geen geldige datum"),
        (["settle_budget", "--budget", "999999"], "bestaat niet"),
        (["settle_budget", "--budget", "1", "--statement", "/nonexistent.json"], "--statement"),
        (["sample_check", "--year", "abc"], "'abc' is geen geheel getal"),
        (["sample_check", "--year", "2023", "--rate", "0,05", "--seed", "1"], "is ongeldig"),
        (["sample_check", "--year", "99999", "--rate", "0.05", "--seed", "1"], "bestaat niet"),
        (["sample_check", "--line", "1"], "Geef --proven of --not-proven"),
        (["sample_check", "--line", "1", "--proven"], "staat in geen steekproef"),
        (["sample_check", "--line", "99999999999999999999", "--proven"], "geen geldig getal"),
        (
            ["sample_check", "--year", "2023", "--rate", "0.05", "--seed", "99999999999999999999"],
            "geen geldig getal",
        ),
        (["close_budget_year", "--year", "x"], "'x' is geen geheel getal"),
        (["close_budget_year", "--year", "1999"], "bestaat niet"),
        (["pab_to_pvb", "--date", "morgen"], "geen geldige datum"),
        (["pab_to_pvb", "--date", "2999-01-01"], "na vandaag"),
    ],
)
def test_a_bad_argument_exits_non_zero_with_a_dutch_message(capsys, argv, message):
    code, err = run(capsys, *argv)
    assert code != 0
    assert message in err
    assert "Traceback" not in err
