"""Administrator values: model validation, the set_parameter and show_parameters commands,
the cache of the override source, and the admin."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from budgetlijn.audit.models import AuditEvent
from budgetlijn.parameters import checks, overrides
from budgetlijn.parameters.models import ParameterOverride
from budgetlijn.parameters.tests.factories import override
from budgetlijn.rules import budget_year, parameters

pytestmark = pytest.mark.django_db

NAME = "pab.yearly_amount.I.1"


def set_parameter(*args):
    out = StringIO()
    call_command("set_parameter", *args, stdout=out)
    return out.getvalue()


def add(name=NAME, valid_from=date(2025, 1, 1), value="12500.00", **kwargs):
    return override(value, name=name, valid_from=valid_from, **kwargs)


# --- the command and the lookup ---


def test_set_parameter_wins_from_its_date_and_2024_keeps_the_file_value():
    output = set_parameter(
        NAME, "--from", "2025-01-01", "--value", "12500.00", "--reference", "vaph.be 2025"
    )
    assert parameters.value(NAME, date(2025, 3, 1)) == Decimal("12500.00")
    assert parameters.value(NAME, date(2024, 12, 31)) == Decimal("12163.29")
    assert budget_year.yearly_amount("PAB", None, "I", 1, 2025) == Decimal("12500.00")
    entry = parameters.entry(NAME, date(2025, 3, 1))
    assert entry.source == "admin" and entry.unit == "EUR/jaar"
    assert str(entry.value) == "12500.00"
    assert "Op 01/01/2025 geldt nu: 12500.00 EUR/jaar (beheerder; bron: vaph.be 2025)" in output
    assert "01/01/2024 – …: 12163.29 EUR/jaar (bestand)" in output


def test_set_parameter_records_an_audit_event():
    set_parameter(NAME, "--from", "2025-01-01", "--value", "12500", "--reference", "bron")
    event = AuditEvent.objects.get(object_type="parameters.ParameterOverride")
    assert event.action == AuditEvent.Action.CREATE
    assert NAME in event.summary and event.details["value"] == "12500"


def test_set_parameter_with_an_end_hands_back_to_the_file():
    set_parameter(
        NAME,
        "--from",
        "2025-01-01",
        "--until",
        "2025-06-30",
        "--value",
        "12500.00",
        "--reference",
        "bron",
    )
    assert parameters.value(NAME, date(2025, 6, 30)) == Decimal("12500.00")
    assert parameters.value(NAME, date(2025, 7, 1)) == Decimal("12163.29")


def test_equal_date_tie_goes_to_the_administrator():
    set_parameter(NAME, "--from", "2024-01-01", "--value", "12200.00", "--reference", "bron")
    assert parameters.value(NAME, date(2024, 1, 1)) == Decimal("12200.00")
    assert parameters.value(NAME, date(2023, 12, 31)) == Decimal("11945.05")


@pytest.mark.parametrize(
    ("args", "option", "words"),
    [
        (["pab.yearly_amount.I.9", "--from", "2025-01-01", "--value", "1"], "NAAM", "bestaat geen"),
        ([NAME, "--from", "2025-13-01", "--value", "1"], "--from", "geen geldige datum"),
        ([NAME, "--from", "2025-01-01", "--until", "morgen", "--value", "1"], "--until", "datum"),
        (
            [NAME, "--from", "2025-01-01", "--until", "2024-12-31", "--value", "1"],
            "--until",
            "vóór",
        ),
        ([NAME, "--from", "2025-01-01", "--value", "12.500,00"], "--value", "decimaal"),
        ([NAME, "--from", "2025-01-01", "--value", "1e5"], "--value", "decimaal"),
        ([NAME, "--from", "2025-01-01", "--value", "-5"], "--value", "negatief"),
        ([NAME, "--from", "2025-01-01", "--value", "0"], "--value", "groter zijn dan 0"),
        ([NAME, "--from", "2025-01-01", "--value", "1.123456789"], "--value", "8"),
        (["pab.free_share.rate", "--from", "2025-01-01", "--value", "5"], "--value", "fractie"),
        (
            ["budget.start_deadline_months", "--from", "2025-01-01", "--value", "4.5"],
            "--value",
            "hele",
        ),
        ([NAME, "--from", "2025-01-01", "--value", "1", "--replaces", "999"], "--replaces", "999"),
    ],
)
def test_set_parameter_refuses_bad_input_naming_the_option(args, option, words):
    with pytest.raises(CommandError) as info:
        set_parameter(*args, "--reference", "bron")
    message = str(info.value)
    assert message.startswith(option) and words in message
    assert not ParameterOverride.objects.exists()


def test_set_parameter_refuses_an_empty_reference():
    with pytest.raises(CommandError, match="--reference"):
        set_parameter(NAME, "--from", "2025-01-01", "--value", "1", "--reference", "  ")


def test_second_value_with_the_same_start_is_refused():
    set_parameter(NAME, "--from", "2025-01-01", "--value", "12500.00", "--reference", "bron")
    with pytest.raises(CommandError) as info:
        set_parameter(NAME, "--from", "2025-01-01", "--value", "12600.00", "--reference", "bron")
    assert str(info.value).startswith("--from") and "correctie" in str(info.value)


def test_a_correction_replaces_the_wrong_value():
    wrong = add(value="1250.00")
    output = set_parameter(
        NAME,
        "--from",
        "2025-01-01",
        "--value",
        "12500.00",
        "--reference",
        "typfout verbeterd",
        "--replaces",
        str(wrong.pk),
    )
    assert "12500.00" in output
    assert parameters.value(NAME, date(2025, 1, 1)) == Decimal("12500.00")
    assert [v.value for v in parameters.history(NAME) if v.source == "admin"] == [
        Decimal("12500.00")
    ]
    with pytest.raises(CommandError, match="al verbeterd"):
        set_parameter(
            NAME,
            "--from",
            "2025-01-01",
            "--value",
            "12501.00",
            "--reference",
            "x",
            "--replaces",
            str(wrong.pk),
        )


def test_a_correction_must_concern_the_same_parameter():
    other = add(name="pab.yearly_amount.I.2", value="16500.00")
    with pytest.raises(ValidationError) as info:
        add(replaces=other)
    assert "replaces" in info.value.message_dict


# --- the model ---


def test_model_clean_names_the_field_in_dutch_for_an_unknown_parameter():
    override = ParameterOverride(
        name="pab.yearly_amount.I.9",
        valid_from=date(2025, 1, 1),
        value=Decimal("1"),
        reference="bron",
    )
    with pytest.raises(ValidationError) as info:
        override.full_clean()
    assert list(info.value.message_dict) == ["name"]
    assert "Er bestaat geen parameter 'pab.yearly_amount.I.9'" in info.value.message_dict["name"][0]


def test_model_clean_until_before_from():
    override = ParameterOverride(
        name=NAME,
        valid_from=date(2025, 1, 1),
        valid_until=date(2024, 1, 1),
        value=Decimal("1"),
        reference="bron",
    )
    with pytest.raises(ValidationError) as info:
        override.full_clean()
    assert "valid_until" in info.value.message_dict


def test_rows_saved_directly_count_too():
    ParameterOverride.objects.create(
        name=NAME, valid_from=date(2026, 1, 1), value=Decimal("13000"), reference="bron"
    )
    assert parameters.value(NAME, date(2026, 1, 1)) == Decimal("13000.00")


# --- the cache ---


def test_lookups_do_not_query_the_database_once_loaded(django_assert_num_queries):
    add()
    with django_assert_num_queries(2):  # version and rows, once
        parameters.value(NAME, date(2025, 3, 1))
    with django_assert_num_queries(0):
        for day in range(1, 29):
            parameters.value(NAME, date(2025, 2, day))
            parameters.value("pab.free_share.rate", date(2025, 2, day))


def test_a_save_drops_the_cache_in_this_process():
    assert parameters.value(NAME, date(2025, 3, 1)) == Decimal("12163.29")
    add()
    assert parameters.value(NAME, date(2025, 3, 1)) == Decimal("12500.00")


def test_rows_added_by_another_process_are_seen_after_the_refresh_interval(
    monkeypatch, django_assert_num_queries
):
    assert parameters.value(NAME, date(2025, 3, 1)) == Decimal("12163.29")
    # bulk_create sends no post_save: like a row added by another process
    ParameterOverride.objects.bulk_create(
        [
            ParameterOverride(
                name=NAME, valid_from=date(2025, 1, 1), value=Decimal("12500"), reference="x"
            )
        ]
    )
    assert parameters.value(NAME, date(2025, 3, 1)) == Decimal("12163.29")  # within the interval
    monkeypatch.setattr(overrides, "REFRESH_SECONDS", 0)
    assert parameters.value(NAME, date(2025, 3, 1)) == Decimal("12500.00")
    with django_assert_num_queries(1):  # unchanged: only the version is read
        parameters.value(NAME, date(2025, 3, 1))


def test_during_migrate_a_missing_table_means_no_overrides(monkeypatch):
    add()
    overrides.migration_started()
    try:
        monkeypatch.setattr(overrides.OverrideCache, "_table_exists", lambda self: False)
        assert parameters.value(NAME, date(2025, 3, 1)) == Decimal("12163.29")
    finally:
        overrides.migration_finished()
    monkeypatch.undo()
    assert parameters.value(NAME, date(2025, 3, 1)) == Decimal("12500.00")


def test_stored_values_are_tidied():
    assert overrides.tidy(Decimal("12500.00000000"), "EUR/jaar") == Decimal("12500.00")
    assert str(overrides.tidy(Decimal("12500.00000000"), "EUR/jaar")) == "12500.00"
    assert str(overrides.tidy(Decimal("0.05000000"), "fractie van het jaarbudget")) == "0.05"
    assert str(overrides.tidy(Decimal("4.00000000"), "maanden")) == "4"
    assert str(overrides.tidy(Decimal("0.12345678"), "EUR")) == "0.12345678"


# --- show_parameters ---


def test_show_parameters_lists_value_unit_and_source():
    add()
    out = StringIO()
    call_command(
        "show_parameters", "--date", "2025-03-01", "--name", "pab.yearly_amount.I.", stdout=out
    )
    text = out.getvalue()
    assert "Parameters op 01/03/2025 (2):" in text
    assert "pab.yearly_amount.I.1  12500.00 EUR/jaar  (beheerder, 01/01/2025 – …)" in text
    assert "pab.yearly_amount.I.2  16217.72 EUR/jaar  (bestand, 01/01/2024 – …)" in text


def test_show_parameters_says_when_there_is_no_value():
    out = StringIO()
    call_command("show_parameters", "--date", "2020-01-01", "--name", "pab.yearly", stdout=out)
    assert "geen waarde op deze dag" in out.getvalue()


def test_show_parameters_refuses_bad_input():
    with pytest.raises(CommandError, match="^--date"):
        call_command("show_parameters", "--date", "1/1/2025")
    with pytest.raises(CommandError, match="^--name"):
        call_command("show_parameters", "--name", "nothing.like.this")


# --- app configuration and system check ---


def test_ready_passes_the_configured_directory_on(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "parameters:\n  demo.x:\n    description: x\n    unit: EUR\n    values:\n"
        '      - {from: 2024-01-01, value: "1", reference: r}\n',
        encoding="utf-8",
    )
    with parameters.isolated(), override_settings(BUDGETLIJN_PARAMETER_DIR=str(tmp_path)):
        apps.get_app_config("parameters").ready()
        assert parameters.directory() == tmp_path
        assert parameters.names() == ["demo.x"]
    assert "pab.yearly_amount.I.1" in parameters.names()


def test_system_check_reports_a_bad_parameter_file(tmp_path):
    (tmp_path / "bad.yaml").write_text("parameters:\n  demo.x:\n    unit: EUR\n", encoding="utf-8")
    with parameters.isolated(directory=tmp_path):
        errors = checks.parameter_files_load()
    assert [e.id for e in errors] == ["parameters.E001"]
    assert "bad.yaml" in errors[0].msg and "demo.x" in errors[0].msg
    assert checks.parameter_files_load() == []


# --- the admin ---


def test_admin_adds_an_override_with_its_author(admin_client, admin_user):
    url = reverse("admin:parameters_parameteroverride_add")
    response = admin_client.post(
        url,
        {
            "name": NAME,
            "valid_from": "2025-01-01",
            "value": "12500.00",
            "reference": "vaph.be 2025",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    override = ParameterOverride.objects.get()
    assert override.created_by == admin_user
    assert parameters.value(NAME, date(2025, 3, 1)) == Decimal("12500.00")


def test_admin_refuses_an_unknown_name_and_offers_no_delete(admin_client):
    response = admin_client.post(
        reverse("admin:parameters_parameteroverride_add"),
        {"name": "pab.typo", "valid_from": "2025-01-01", "value": "1", "reference": "x"},
    )
    assert response.status_code == 200 and not ParameterOverride.objects.exists()
    override = add()
    delete = reverse("admin:parameters_parameteroverride_delete", args=[override.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ParameterOverride.objects.filter(pk=override.pk).exists()
    change = reverse("admin:parameters_parameteroverride_change", args=[override.pk])
    admin_client.post(
        change, {"name": NAME, "valid_from": "2025-01-01", "value": "1", "reference": "x"}
    )
    override.refresh_from_db()
    assert override.value == Decimal("12500")


def test_admin_changelist_search_and_overview(admin_client):
    add()
    changelist = reverse("admin:parameters_parameteroverride_changelist")
    response = admin_client.get(changelist, {"q": "pab.yearly_amount.I"})
    assert response.status_code == 200 and NAME in response.content.decode()
    overview = admin_client.get(
        reverse("admin:parameters_parameteroverride_overview"), {"datum": "2025-03-01"}
    )
    text = overview.content.decode()
    assert overview.status_code == 200
    assert "Parameters op 01/03/2025" in text and "beheerder" in text
    assert "12500,00" in text  # localized for nl-be
    assert "pvb.cash_surcharge.rate" in text
