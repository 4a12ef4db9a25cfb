"""Lookups by date, history, and the resolution of file values against administrator values."""

import textwrap
from datetime import date
from decimal import Decimal

import pytest

from budgetlijn.rules import parameters
from budgetlijn.rules.parameters import ParameterMissing, ParameterValue, UnknownParameter

FILE = """
parameters:
  demo.amount:
    description: Een voorbeeldbedrag
    unit: EUR/jaar
    values:
      - from: 2023-01-01
        value: "100.00"
        reference: "file 2023"
      - from: 2024-01-01
        value: "110.00"
        reference: "file 2024"
  demo.ending:
    description: Een waarde met een einde
    unit: EUR
    values:
      - from: 2023-01-01
        value: "1"
        reference: "a"
      - from: 2024-01-01
        until: 2024-06-30
        value: "2"
        reference: "b"
"""


@pytest.fixture
def demo(tmp_path):
    (tmp_path / "demo.yaml").write_text(textwrap.dedent(FILE), encoding="utf-8")
    with parameters.isolated(directory=tmp_path):
        yield


def admin(name, start, amount, until=None, reference="beheerder"):
    return ParameterValue(
        name=name,
        valid_from=start,
        valid_until=until,
        value=Decimal(amount),
        unit="",
        reference=reference,
        source="admin",
    )


def source_of(*values):
    def source(name):
        return [value for value in values if value.name == name]

    return source


def test_value_in_force_on_a_day(demo):
    assert parameters.value("demo.amount", date(2023, 12, 31)) == Decimal("100.00")
    assert parameters.value("demo.amount", date(2024, 1, 1)) == Decimal("110.00")
    assert parameters.value("demo.amount", date(2030, 1, 1)) == Decimal("110.00")


def test_before_the_first_value_there_is_none_with_a_dutch_message(demo):
    with pytest.raises(ParameterMissing) as info:
        parameters.value("demo.amount", date(2022, 12, 31))
    assert isinstance(info.value, LookupError)
    assert str(info.value) == (
        "Er is geen waarde voor parameter demo.amount op 31/12/2022. "
        "Een beheerder van het agentschap kan ze toevoegen."
    )
    assert info.value.name == "demo.amount" and info.value.on == date(2022, 12, 31)


def test_after_an_explicit_until_there_is_no_value(demo):
    assert parameters.value("demo.ending", date(2024, 6, 30)) == Decimal("2")
    with pytest.raises(ParameterMissing):
        parameters.value("demo.ending", date(2024, 7, 1))


def test_unknown_name_is_a_parameter_missing_too(demo):
    with pytest.raises(UnknownParameter) as info:
        parameters.value("demo.amout", date(2024, 1, 1))
    assert isinstance(info.value, ParameterMissing)
    assert "demo.amout" in str(info.value)


def test_entry_names_period_unit_reference_and_source(demo):
    item = parameters.entry("demo.amount", date(2023, 5, 1))
    assert item == ParameterValue(
        name="demo.amount",
        valid_from=date(2023, 1, 1),
        valid_until=date(2023, 12, 31),
        value=Decimal("100.00"),
        unit="EUR/jaar",
        reference="file 2023",
        source="file",
    )


def test_names_and_history(demo):
    assert parameters.names() == ["demo.amount", "demo.ending"]
    assert [v.value for v in parameters.history("demo.amount")] == [
        Decimal("100.00"),
        Decimal("110.00"),
    ]


def test_admin_value_from_2025_wins_from_that_date_file_still_used_before(demo):
    parameters.set_override_source(source_of(admin("demo.amount", date(2025, 1, 1), "125.00")))
    assert parameters.value("demo.amount", date(2024, 12, 31)) == Decimal("110.00")
    assert parameters.value("demo.amount", date(2025, 1, 1)) == Decimal("125.00")
    item = parameters.entry("demo.amount", date(2026, 3, 1))
    assert item.source == "admin" and item.unit == "EUR/jaar"
    assert [v.source for v in parameters.history("demo.amount")] == ["file", "file", "admin"]


def test_equal_date_tie_goes_to_the_administrator(demo):
    parameters.set_override_source(source_of(admin("demo.amount", date(2024, 1, 1), "111.00")))
    assert parameters.value("demo.amount", date(2024, 1, 1)) == Decimal("111.00")
    assert parameters.value("demo.amount", date(2023, 12, 31)) == Decimal("100.00")


def test_later_file_value_wins_over_an_earlier_admin_value(demo):
    parameters.set_override_source(source_of(admin("demo.amount", date(2023, 6, 1), "105.00")))
    assert parameters.value("demo.amount", date(2023, 6, 1)) == Decimal("105.00")
    assert parameters.value("demo.amount", date(2024, 2, 1)) == Decimal("110.00")


def test_admin_value_with_an_end_hands_back_to_the_file(demo):
    parameters.set_override_source(
        source_of(admin("demo.amount", date(2025, 1, 1), "125.00", until=date(2025, 6, 30)))
    )
    assert parameters.value("demo.amount", date(2025, 6, 30)) == Decimal("125.00")
    assert parameters.value("demo.amount", date(2025, 7, 1)) == Decimal("110.00")


def test_admin_value_can_fill_a_gap(demo):
    parameters.set_override_source(source_of(admin("demo.ending", date(2024, 7, 1), "3")))
    assert parameters.value("demo.ending", date(2024, 8, 1)) == Decimal("3")


def test_admin_value_for_an_unknown_name_is_never_used(demo):
    parameters.set_override_source(source_of(admin("demo.typo", date(2024, 1, 1), "1")))
    with pytest.raises(UnknownParameter):
        parameters.value("demo.typo", date(2024, 1, 1))
    assert "demo.typo" not in parameters.names()


def test_set_override_source_returns_the_previous_one(demo):
    first = source_of()
    assert parameters.set_override_source(first) is None
    assert parameters.set_override_source(None) is first


def test_isolated_restores_the_configuration(tmp_path, demo):
    before = parameters.directory()
    with parameters.isolated():
        assert "pab.yearly_amount.I.1" in parameters.names()
    assert parameters.directory() == before
    assert parameters.names() == ["demo.amount", "demo.ending"]


def test_reload_reads_the_files_again(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(textwrap.dedent(FILE), encoding="utf-8")
    with parameters.isolated(directory=tmp_path):
        assert parameters.value("demo.amount", date(2024, 1, 1)) == Decimal("110.00")
        path.write_text(textwrap.dedent(FILE).replace('"110.00"', '"120.00"'), encoding="utf-8")
        assert parameters.value("demo.amount", date(2024, 1, 1)) == Decimal("110.00")  # cached
        parameters.reload()
        assert parameters.value("demo.amount", date(2024, 1, 1)) == Decimal("120.00")
