"""The strict loader: one test per kind of bad parameter file (openfisca-style)."""

import re
import textwrap
from decimal import Decimal

import pytest

from budgetlijn.rules import parameters
from budgetlijn.rules.parameters import ParameterFileError, load_directory, load_file

GOOD = """
parameters:
  demo.amount:
    description: Een voorbeeldbedrag
    unit: EUR/jaar
    rules: [R3]
    values:
      - from: 2023-01-01
        value: "100.00"
        reference: "test"
      - from: 2024-01-01
        until: 2024-12-31
        value: "110.50"
        reference: "test"
"""


def write(tmp_path, text, name="demo.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def bad(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(ParameterFileError) as info:
        load_file(path)
    error, message = info.value, str(info.value)
    assert_readable_file_error(error, message, path)
    return error, message


# Words that may stand in capitals in a loader message.
CAPITALS = {"YAML", "UTF", "PVB", "PAB", "EUR", "JJJJ", "DOMAIN"}


def assert_readable_file_error(error, message, path):
    """The message names the file (and the parameter when known), fills in every
    placeholder and is not mangled (no stray markers, no words in capitals)."""
    assert error.file == str(path)
    prefix = f"Parameterbestand {path}"
    if error.parameter:
        prefix += f", parameter {error.parameter}"
    assert message.startswith(prefix + ": "), message
    assert error.problem and "%(" not in message and "XX" not in message, message
    shouting = [
        w for w in re.findall(r"[A-Za-z]{4,}", message) if w.isupper() and w not in CAPITALS
    ]
    assert not shouting, message


def test_a_good_file_loads_as_decimals_with_periods(tmp_path):
    loaded = load_file(write(tmp_path, GOOD))
    parameter = loaded["demo.amount"]
    assert parameter.unit == "EUR/jaar"
    assert parameter.rules == ("R3",)
    first, second = parameter.values
    assert first.value == Decimal("100.00") and isinstance(first.value, Decimal)
    assert (first.valid_from.isoformat(), first.valid_until.isoformat()) == (
        "2023-01-01",
        "2023-12-31",
    )
    assert second.valid_until.isoformat() == "2024-12-31"
    assert second.source == "file"


def test_values_may_be_integers_and_are_sorted_by_date(tmp_path):
    loaded = load_file(
        write(
            tmp_path,
            """
            parameters:
              demo.months:
                description: Termijn
                unit: maanden
                values:
                  - {from: 2024-01-01, value: 5, reference: b}
                  - {from: 2023-01-01, value: 4, reference: a}
            """,
        )
    )
    assert [v.value for v in loaded["demo.months"].values] == [Decimal(4), Decimal(5)]


def test_unknown_top_level_key_is_refused(tmp_path):
    _error, text = bad(tmp_path, GOOD + "\nparameter_typo: {}\n")
    assert "parameter_typo" in text and "demo.yaml" in text


def test_unknown_parameter_key_is_refused(tmp_path):
    error, text = bad(
        tmp_path, GOOD.replace("    unit: EUR/jaar", "    unit: EUR/jaar\n    units: x")
    )
    assert error.parameter == "demo.amount"
    assert "units" in text and "demo.amount" in text and "demo.yaml" in text


def test_unknown_value_key_is_refused(tmp_path):
    error, text = bad(tmp_path, GOOD.replace('value: "100.00"', 'value: "100.00"\n        note: x'))
    assert error.parameter == "demo.amount"
    assert "note" in text and "waarde 1" in text


@pytest.mark.parametrize("raw", ["2023-02-30", "01/01/2023", "2023-1-1", "20230101"])
def test_bad_date_is_refused(tmp_path, raw):
    error, text = bad(tmp_path, GOOD.replace("from: 2023-01-01", f"from: {raw}"))
    assert error.parameter == "demo.amount"
    assert raw in text and "JJJJ-MM-DD" in text


def test_bad_until_date_is_refused(tmp_path):
    _error, text = bad(tmp_path, GOOD.replace("until: 2024-12-31", "until: 2024-13-01"))
    assert "'until'" in text and "2024-13-01" in text


def test_float_value_is_refused_and_told_to_quote_it(tmp_path):
    error, text = bad(tmp_path, GOOD.replace('value: "100.00"', "value: 100.25"))
    assert error.parameter == "demo.amount"
    assert "aanhalingstekens" in text and 'value: "100.25"' in text and "float" in text


@pytest.mark.parametrize("raw", ['"12,50"', '"1e3"', '"abc"', '"NaN"', "true", "[1]", '""'])
def test_non_decimal_value_is_refused(tmp_path, raw):
    error, text = bad(tmp_path, GOOD.replace('value: "100.00"', f"value: {raw}"))
    assert error.parameter == "demo.amount"
    assert "demo.yaml" in text


def test_same_from_twice_is_refused(tmp_path):
    error, text = bad(tmp_path, GOOD.replace("from: 2024-01-01", "from: 2023-01-01"))
    assert error.parameter == "demo.amount"
    assert "overlappen" in text and "2023-01-01" in text


def test_until_reaching_past_the_next_from_is_refused(tmp_path):
    text_in = GOOD.replace(
        "      - from: 2023-01-01\n", "      - from: 2023-01-01\n        until: 2024-01-01\n"
    )
    error, text = bad(tmp_path, text_in)
    assert error.parameter == "demo.amount"
    assert "overlappen" in text and "2024-01-01" in text


def test_until_before_from_is_refused(tmp_path):
    error, text = bad(tmp_path, GOOD.replace("until: 2024-12-31", "until: 2023-12-31"))
    assert error.parameter == "demo.amount"
    assert "vóór" in text


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("    description: Een voorbeeldbedrag\n", "description"),
        ("    unit: EUR/jaar\n", "unit"),
        ('        reference: "test"\n      - from: 2024-01-01\n', "reference"),
    ],
)
def test_missing_required_key_is_refused(tmp_path, line, key):
    replacement = "      - from: 2024-01-01\n" if key == "reference" else ""
    error, text = bad(tmp_path, GOOD.replace(line, replacement, 1))
    assert error.parameter == "demo.amount"
    assert f"'{key}'" in text and "ontbreekt" in text


def test_missing_values_is_refused(tmp_path):
    error, text = bad(
        tmp_path,
        """
        parameters:
          demo.amount:
            description: Een voorbeeldbedrag
            unit: EUR/jaar
        """,
    )
    assert error.parameter == "demo.amount"
    assert "'values'" in text


@pytest.mark.parametrize("key", ["from", "value"])
def test_missing_from_or_value_is_refused(tmp_path, key):
    line = '        value: "100.00"\n' if key == "value" else "      - from: 2023-01-01\n"
    replacement = "" if key == "value" else "      - until: 2023-06-30\n"
    error, text = bad(tmp_path, GOOD.replace(line, replacement, 1))
    assert error.parameter == "demo.amount"
    assert f"'{key}'" in text and "ontbreekt" in text


def test_duplicate_parameter_across_files_is_refused(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(ParameterFileError) as info:
        load_directory(tmp_path)
    text = str(info.value)
    assert info.value.parameter == "demo.amount"
    assert "a.yaml" in text and "b.yaml" in text


def test_duplicate_yaml_key_in_a_value_is_refused(tmp_path):
    error, text = bad(
        tmp_path, GOOD.replace('value: "100.00"', 'value: "100.00"\n        value: "200.00"')
    )
    assert error.parameter == "demo.amount"
    assert "'value'" in text and "twee keer" in text


def test_duplicate_parameter_name_in_one_file_is_refused(tmp_path):
    body = GOOD.split("parameters:\n", 1)[1]
    error, text = bad(tmp_path, GOOD + body)
    assert error.parameter == "demo.amount"
    assert "twee keer" in text


def test_yaml_merge_keys_are_refused(tmp_path):
    _error, text = bad(
        tmp_path,
        """
        parameters:
          demo.a: &base
            description: a
            unit: EUR
            values: [{from: 2023-01-01, value: "1", reference: r}]
          demo.b:
            <<: *base
        """,
    )
    assert "<<" in text


def test_invalid_parameter_name_is_refused(tmp_path):
    _error, text = bad(tmp_path, GOOD.replace("demo.amount:", "Demo Amount:"))
    assert "Demo Amount" in text


def test_bad_rule_ids_are_refused(tmp_path):
    error, text = bad(tmp_path, GOOD.replace("rules: [R3]", "rules: [rule3]"))
    assert error.parameter == "demo.amount" and "DOMAIN.md" in text


def test_empty_file_and_invalid_yaml_are_refused(tmp_path):
    _error, text = bad(tmp_path, "")
    assert "leeg" in text
    _error, text = bad(tmp_path, "parameters: [unclosed\n")
    assert "YAML" in text


def test_directory_without_files_is_refused(tmp_path):
    with pytest.raises(ParameterFileError, match="geen parameterbestanden"):
        load_directory(tmp_path)
    with pytest.raises(ParameterFileError, match="bestaat niet"):
        load_directory(tmp_path / "missing")


def test_configure_reads_another_directory_lazily(tmp_path):
    write(tmp_path, GOOD)
    parameters.configure(directory=tmp_path)
    assert parameters.names() == ["demo.amount"]
    parameters.configure()
    assert "pab.yearly_amount.I.1" in parameters.names()


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("description: Een voorbeeldbedrag", "description: 5", "description"),
        ("description: Een voorbeeldbedrag", 'description: "  "', "description"),
        ("unit: EUR/jaar", "unit: [EUR]", "unit"),
    ],
)
def test_description_and_unit_must_be_text(tmp_path, old, new, key):
    error, text = bad(tmp_path, GOOD.replace(old, new))
    assert error.parameter == "demo.amount"
    assert error.params == {"key": key}
    assert text.endswith(f": '{key}' moet een tekst zijn.")
