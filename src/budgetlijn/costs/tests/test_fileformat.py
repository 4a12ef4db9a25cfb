"""The cost-statement file: layout, every error with its row and column, numbers and dates as
Belgian filers write them, Excel cells, and the template. Plain tests: no database."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from budgetlijn.costs import fileformat
from budgetlijn.costs.constants import ErrorCode
from budgetlijn.costs.fileformat import (
    BOOKING_COST,
    BOOKING_CREDIT_NOTE,
    COLUMNS,
    COSTS_SHEET,
    LISTS_SHEET,
    ParsedRow,
    build_template,
    file_sha256,
    parse_cost_file,
    write_cost_csv,
)

COST_KINDS = {
    "WAGE": "Loon van de assistent",
    "MEAL_VOUCHERS": "Maaltijdcheques",
    "TRAVEL": "Verplaatsingskosten",
    "TRAVEL_2": "Verplaatsingskosten",  # a label two codes share: only the codes work
}
LATE_REASONS = {"ILLNESS": "Ziekte van de budgethouder", "FORCE_MAJEURE": "Overmacht"}

GOOD = {
    "budgetnummer": "1234",
    "budgetjaar": "2025",
    "overeenkomst": "56 - Overeenkomst met Jan Peeters",
    "kostensoort": "WAGE",
    "soort boeking": "kost",
    "van": "01/01/2025",
    "tot": "31/01/2025",
    "assistent": "Jan Peeters",
    "aantal": "7,5",
    "bedrag": "1.234,56",
    "omschrijving": "loon januari",
    "reden laattijdig": "",
}


def row(**changes):
    values = dict(GOOD)
    values.update({k.replace("_", " "): v for k, v in changes.items()})
    return values


def csv_bytes(rows, *, sep=";", bom=False, header=COLUMNS, encoding="utf-8"):
    def quote(value):
        text = "" if value is None else str(value)
        if sep in text or '"' in text or "\n" in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [sep.join(quote(h) for h in header)]
    for values in rows:
        if values is None:
            lines.append("")
        else:
            lines.append(sep.join(quote(values.get(h, "")) for h in header))
    text = "\r\n".join(lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode(encoding)


def xlsx_bytes(rows, *, header=COLUMNS, sheet_title=COSTS_SHEET, write_only=False):
    workbook = Workbook(write_only=write_only)
    if write_only:
        sheet = workbook.create_sheet(sheet_title)
    else:
        sheet = workbook.active
        sheet.title = sheet_title
    sheet.append(list(header))
    for values in rows:
        sheet.append([None] * len(header) if values is None else [values.get(h) for h in header])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def parse(data, filename="kosten.csv"):
    return parse_cost_file(data, filename, late_reasons=LATE_REASONS, cost_kinds=COST_KINDS)


def errors_of(parsed):
    return [(e.row, e.column, e.code) for e in parsed.errors]


def single(value_changes, filename="kosten.csv"):
    """Parse one data row (row 2) given as changes to a good row; CSV unless .xlsx."""
    values = row(**value_changes)
    data = xlsx_bytes([values]) if filename.endswith(".xlsx") else csv_bytes([values])
    return parse(data, filename)


# --- a good file ----------------------------------------------------------------------------


def test_a_good_csv_row_becomes_plain_typed_values():
    parsed = parse(csv_bytes([GOOD]))
    assert parsed.errors == []
    assert parsed.ok
    assert parsed.kind == "csv"
    assert parsed.data_rows == 1
    assert parsed.rows == [
        ParsedRow(
            row=2,
            budget_id=1234,
            year=2025,
            contract_id=56,
            cost_kind="WAGE",
            booking_type=BOOKING_COST,
            period_from=date(2025, 1, 1),
            period_to=date(2025, 1, 31),
            assistant="Jan Peeters",
            quantity=Decimal("7.50"),
            amount=Decimal("1234.56"),
            description="loon januari",
            late_reason="",
        )
    ]
    assert type(parsed.rows[0].amount) is Decimal


def test_sha256_of_the_file_is_reported_and_stable():
    data = csv_bytes([GOOD])
    assert parse(data).sha256 == file_sha256(data)
    assert file_sha256(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@pytest.mark.parametrize("sep", [";", ","])
@pytest.mark.parametrize("bom", [False, True])
def test_csv_separator_is_sniffed_and_a_bom_is_dropped(sep, bom):
    # with a comma separator the Belgian amount must be quoted; the parser reads the same value
    parsed = parse(csv_bytes([GOOD, row(bedrag="12,50")], sep=sep, bom=bom))
    assert parsed.errors == []
    assert [r.amount for r in parsed.rows] == [Decimal("1234.56"), Decimal("12.50")]
    assert parsed.rows[0].budget_id == 1234  # the BOM did not stick to the first header


def test_the_separator_is_sniffed_below_blank_lines_above_the_header():
    data = b"\r\n\r\n" + csv_bytes([GOOD, row(bedrag="12,50")], sep=",")
    parsed = parse(data)
    assert parsed.errors == []
    assert [(r.row, r.amount) for r in parsed.rows] == [
        (4, Decimal("1234.56")),
        (5, Decimal("12.50")),
    ]


def test_headers_are_matched_without_case_or_extra_spaces_and_in_any_order():
    header = [" Bedrag ", "BUDGETNUMMER", "budgetjaar", "Overeenkomst", "kostensoort",
              "Soort  boeking", "van", "tot", "assistent"]  # fmt: skip
    values = {**GOOD, " Bedrag ": "12,00", "BUDGETNUMMER": "7", "Overeenkomst": "3",
              "Soort  boeking": "creditnota"}  # fmt: skip
    parsed = parse(csv_bytes([values], header=header))
    assert parsed.errors == []
    (line,) = parsed.rows
    assert (line.budget_id, line.contract_id, line.amount) == (7, 3, Decimal("12.00"))
    assert line.booking_type == BOOKING_CREDIT_NOTE
    # optional columns left out: empty values
    assert (line.quantity, line.description, line.late_reason) == (None, "", "")


def test_blank_rows_are_skipped_and_row_numbers_stay_those_the_filer_sees():
    data = csv_bytes([GOOD, None, None, row(bedrag="abc"), row(bedrag="5")])
    parsed = parse(data)
    assert [r.row for r in parsed.rows] == [2, 6]
    assert errors_of(parsed) == [(5, "bedrag", ErrorCode.FILE_DECIMAL_INVALID)]
    assert parsed.data_rows == 3
    assert parsed.bad_rows == [5]


def test_xlsx_row_numbers_survive_gaps_in_the_sheet():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append([GOOD[h] for h in COLUMNS])
    for column, name in enumerate(COLUMNS, start=1):  # row 7, after four rows never written
        sheet.cell(row=7, column=column, value=row(bedrag="-3")[name])
    output = io.BytesIO()
    workbook.save(output)
    parsed = parse(output.getvalue(), "kosten.xlsx")
    assert [r.row for r in parsed.rows] == [2]
    assert errors_of(parsed) == [(7, "bedrag", ErrorCode.FILE_DECIMAL_NOT_POSITIVE)]


def test_xlsx_reads_the_costs_sheet_even_when_it_is_not_first():
    workbook = Workbook()
    workbook.active.title = "Notities"
    workbook.active.append(["iets anders"])
    sheet = workbook.create_sheet(COSTS_SHEET)
    sheet.append(list(COLUMNS))
    sheet.append([GOOD[h] for h in COLUMNS])
    output = io.BytesIO()
    workbook.save(output)
    parsed = parse(output.getvalue(), "kosten.xlsx")
    assert parsed.errors == []
    assert len(parsed.rows) == 1


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("€ 1.234,56", "1234.56"),
        ("1.234,56 EUR", "1234.56"),
        ("1.234.567,89", "1234567.89"),
        ("1,234.56", "1234.56"),
        ("12", "12.00"),
        ("12,5", "12.50"),
        ("0,500", "0.50"),  # trailing zeros are no extra precision
        ("1234,500", "1234.50"),
        ("0,01", "0.01"),
        ("0.12", "0.12"),
        ("+7", "7.00"),
        ("1.234,5", "1234.50"),
    ],
)
def test_belgian_and_plain_amounts(text, amount):
    parsed = single({"bedrag": text})
    assert parsed.errors == []
    assert parsed.rows[0].amount == Decimal(amount)
    assert str(parsed.rows[0].amount) == amount  # always two places


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("abc", ErrorCode.FILE_DECIMAL_INVALID),
        ("12,34,56", ErrorCode.FILE_DECIMAL_INVALID),
        ("1.23.4", ErrorCode.FILE_DECIMAL_INVALID),
        ("12,3.4", ErrorCode.FILE_DECIMAL_INVALID),
        ("1e3", ErrorCode.FILE_DECIMAL_INVALID),
        ("NaN", ErrorCode.FILE_DECIMAL_INVALID),
        ("\u0661\u0662,50", ErrorCode.FILE_DECIMAL_INVALID),
        ("(12,00)", ErrorCode.FILE_DECIMAL_INVALID),
        ("1.234", ErrorCode.FILE_DECIMAL_AMBIGUOUS),  # a thousand or one euro 234?
        ("1,234", ErrorCode.FILE_DECIMAL_AMBIGUOUS),
        ("999,999", ErrorCode.FILE_DECIMAL_AMBIGUOUS),
        ("12,345", ErrorCode.FILE_DECIMAL_AMBIGUOUS),  # English 12 345?
        ("12,3456", ErrorCode.FILE_DECIMAL_TOO_PRECISE),
        ("0.125", ErrorCode.FILE_DECIMAL_TOO_PRECISE),  # a leading zero is never a thousand
        ("1234,567", ErrorCode.FILE_DECIMAL_TOO_PRECISE),
        ("1.234,567", ErrorCode.FILE_DECIMAL_TOO_PRECISE),
        ("0,001", ErrorCode.FILE_DECIMAL_TOO_PRECISE),
        ("-12,50", ErrorCode.FILE_DECIMAL_NOT_POSITIVE),
        ("12,50-", ErrorCode.FILE_DECIMAL_NOT_POSITIVE),
        ("0", ErrorCode.FILE_DECIMAL_NOT_POSITIVE),
        ("0,00", ErrorCode.FILE_DECIMAL_NOT_POSITIVE),
        ("10000000000", ErrorCode.FILE_DECIMAL_TOO_LARGE),
        ("1" * 40, ErrorCode.FILE_DECIMAL_TOO_LARGE),
    ],
)
def test_bad_amounts_are_refused_with_their_code(text, code):
    parsed = single({"bedrag": text})
    assert parsed.rows == []
    assert errors_of(parsed) == [(2, "bedrag", code)]


def test_the_largest_amount_passes_and_one_cent_more_does_not():
    assert single({"bedrag": "9999999999,99"}).rows[0].amount == Decimal("9999999999.99")
    assert errors_of(single({"bedrag": "10000000000,00"})) == [
        (2, "bedrag", ErrorCode.FILE_DECIMAL_TOO_LARGE)
    ]


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        (0.1 + 0.2, "0.30"),  # stored 0.30000000000000004; Excel shows 0,3
        (12.34 * 3, "37.02"),  # stored 37.019999999999996
        (1234.56, "1234.56"),
        (1234, "1234.00"),
        (1234.0, "1234.00"),
        (0.07, "0.07"),
        (9999999999.99, "9999999999.99"),
    ],
)
def test_excel_number_cells_become_decimals_through_their_repr(cell, amount):
    parsed = single({"bedrag": cell}, "kosten.xlsx")
    assert parsed.errors == []
    assert parsed.rows[0].amount == Decimal(amount)
    assert type(parsed.rows[0].amount) is Decimal


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        (12.345, ErrorCode.FILE_DECIMAL_TOO_PRECISE),
        (0.001, ErrorCode.FILE_DECIMAL_TOO_PRECISE),
        (1 / 3, ErrorCode.FILE_DECIMAL_TOO_PRECISE),
        (-5.0, ErrorCode.FILE_DECIMAL_NOT_POSITIVE),
        (0, ErrorCode.FILE_DECIMAL_NOT_POSITIVE),
        (1e11, ErrorCode.FILE_DECIMAL_TOO_LARGE),
        (True, ErrorCode.FILE_DECIMAL_INVALID),
        (datetime(2025, 1, 1), ErrorCode.FILE_DECIMAL_INVALID),
    ],
)
def test_excel_number_cells_with_more_than_cents_are_refused_not_rounded(cell, code):
    parsed = single({"bedrag": cell}, "kosten.xlsx")
    assert errors_of(parsed) == [(2, "bedrag", code)]


def test_the_quantity_is_optional_and_takes_the_same_number_rules():
    assert single({"aantal": ""}).rows[0].quantity is None
    assert single({"aantal": "0,5"}).rows[0].quantity == Decimal("0.50")
    assert single({"aantal": 38.0}, "kosten.xlsx").rows[0].quantity == Decimal("38.00")
    assert errors_of(single({"aantal": "1,234"})) == [
        (2, "aantal", ErrorCode.FILE_DECIMAL_AMBIGUOUS)
    ]
    assert errors_of(single({"aantal": "0"})) == [
        (2, "aantal", ErrorCode.FILE_DECIMAL_NOT_POSITIVE)
    ]
    assert errors_of(single({"aantal": "100000"})) == [
        (2, "aantal", ErrorCode.FILE_DECIMAL_TOO_LARGE)
    ]


def test_decimal_messages_name_the_column_and_say_what_to_do():
    (error,) = single({"bedrag": "12,345"}).errors
    assert "'bedrag'" in error.message
    assert "twee decimalen" in error.message
    (error,) = single({"aantal": "-1"}).errors
    assert "'aantal'" in error.message


# --- integers, dates, choices, texts -------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("budgetnummer", "12a", ErrorCode.FILE_NUMBER_INVALID),
        ("budgetnummer", "1.234", ErrorCode.FILE_NUMBER_INVALID),
        ("budgetnummer", "0", ErrorCode.FILE_NUMBER_INVALID),
        ("budgetnummer", "-4", ErrorCode.FILE_NUMBER_INVALID),
        ("budgetnummer", "\u0661\u0662", ErrorCode.FILE_NUMBER_INVALID),  # Arabic-Indic digits
        ("budgetjaar", "25", ErrorCode.FILE_YEAR_OUT_OF_RANGE),
        ("budgetjaar", "1999", ErrorCode.FILE_YEAR_OUT_OF_RANGE),
        ("budgetjaar", "2100", ErrorCode.FILE_YEAR_OUT_OF_RANGE),
        ("budgetjaar", "twintig", ErrorCode.FILE_NUMBER_INVALID),
        ("overeenkomst", "Overeenkomst met Jan", ErrorCode.FILE_CONTRACT_INVALID),
        ("overeenkomst", "0", ErrorCode.FILE_CONTRACT_INVALID),
        ("overeenkomst", "12-Jan", ErrorCode.FILE_CONTRACT_INVALID),
        ("kostensoort", "WAGES", ErrorCode.FILE_COST_KIND_UNKNOWN),
        ("kostensoort", "Verplaatsingskosten", ErrorCode.FILE_COST_KIND_UNKNOWN),
        ("soort boeking", "betaling", ErrorCode.FILE_BOOKING_TYPE_UNKNOWN),
        ("reden laattijdig", "vergeten", ErrorCode.FILE_LATE_REASON_UNKNOWN),
        ("van", "31/02/2025", ErrorCode.FILE_DATE_INVALID),
        ("van", "2025/01/31", ErrorCode.FILE_DATE_INVALID),
        ("van", "1/1/25", ErrorCode.FILE_DATE_INVALID),
        ("van", "01/13/2025", ErrorCode.FILE_DATE_INVALID),
        ("van", "01/01-2025", ErrorCode.FILE_DATE_INVALID),
        ("tot", "januari", ErrorCode.FILE_DATE_INVALID),
        ("van", "01/01/1999", ErrorCode.FILE_DATE_OUT_OF_RANGE),
        ("assistent", "x" * 201, ErrorCode.FILE_TEXT_TOO_LONG),
        ("omschrijving", "x" * 501, ErrorCode.FILE_TEXT_TOO_LONG),
    ],
)
def test_each_bad_cell_is_reported_with_its_row_column_and_code(column, value, code):
    parsed = single({column: value})
    assert errors_of(parsed) == [(2, column, code)]
    assert parsed.rows == []
    assert parsed.errors[0].message  # a Dutch sentence, never empty


@pytest.mark.parametrize(
    "column",
    ["budgetnummer", "budgetjaar", "overeenkomst", "kostensoort", "soort boeking", "van",
     "tot", "assistent", "bedrag"],
)  # fmt: skip
def test_each_required_cell_left_empty_is_reported(column):
    assert errors_of(single({column: "  "})) == [(2, column, ErrorCode.FILE_VALUE_REQUIRED)]


def test_texts_at_their_limit_pass():
    parsed = single({"assistent": "x" * 200, "omschrijving": "y" * 500})
    assert parsed.errors == []
    assert single({"omschrijving": "  twee   spaties\n"}).rows[0].description == "twee spaties"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/01/2025", date(2025, 1, 31)),
        ("1/2/2025", date(2025, 2, 1)),
        ("01-02-2025", date(2025, 2, 1)),
        ("01.02.2025", date(2025, 2, 1)),
        ("2025-02-01", date(2025, 2, 1)),
        ("2025-02-01 00:00:00", date(2025, 2, 1)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_dates_in_belgian_and_iso_notation(text, expected):
    parsed = single({"van": text, "tot": "31/12/2025"})
    assert parsed.errors == []
    assert parsed.rows[0].period_from == expected


def test_excel_date_cells_are_read_as_dates():
    parsed = single({"van": date(2025, 3, 1), "tot": datetime(2025, 3, 31)}, "kosten.xlsx")
    assert parsed.errors == []
    assert (parsed.rows[0].period_from, parsed.rows[0].period_to) == (
        date(2025, 3, 1),
        date(2025, 3, 31),
    )


@pytest.mark.parametrize("cell", [datetime(2025, 3, 1, 14, 30), 45717, 45717.0, "45717"])
def test_a_date_with_a_time_or_a_bare_number_is_refused(cell):
    parsed = single({"van": cell}, "kosten.xlsx")
    assert errors_of(parsed) == [(2, "van", ErrorCode.FILE_DATE_INVALID)]


def test_a_period_that_ends_before_it_starts_is_refused_on_the_to_column():
    parsed = single({"van": "01/02/2025", "tot": "31/01/2025"})
    assert errors_of(parsed) == [(2, "tot", ErrorCode.FILE_PERIOD_REVERSED)]
    assert single({"van": "01/02/2025", "tot": "01/02/2025"}).errors == []  # one day is fine


@pytest.mark.parametrize(
    ("cell", "contract_id"),
    [("56", 56), ("56 - Overeenkomst met Jan - deel 2", 56), (56, 56), (56.0, 56), (" 7 ", 7)],
)
def test_the_contract_is_its_number_or_the_drop_down_text(cell, contract_id):
    parsed = single({"overeenkomst": cell}, "kosten.xlsx")
    assert parsed.errors == []
    assert parsed.rows[0].contract_id == contract_id


@pytest.mark.parametrize("cell", [56.5, True, -3])
def test_a_contract_that_is_no_whole_positive_number_is_refused(cell):
    parsed = single({"overeenkomst": cell}, "kosten.xlsx")
    assert errors_of(parsed) == [(2, "overeenkomst", ErrorCode.FILE_CONTRACT_INVALID)]


@pytest.mark.parametrize(
    "cell",
    ["WAGE", "wage", " Wage ", "Loon van de assistent", "loon  van de ASSISTENT",
     "WAGE - Loon van de assistent", "WAGE - een oud label"],
)  # fmt: skip
def test_the_cost_kind_is_its_code_its_label_or_the_drop_down_text(cell):
    parsed = single({"kostensoort": cell})
    assert parsed.errors == []
    assert parsed.rows[0].cost_kind == "WAGE"


def test_a_label_two_kinds_share_is_not_guessed_but_their_codes_work():
    assert single({"kostensoort": "TRAVEL_2"}).rows[0].cost_kind == "TRAVEL_2"
    assert single({"kostensoort": "TRAVEL_2 - Verplaatsingskosten"}).rows[0].cost_kind == "TRAVEL_2"


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("", ""),
        ("ILLNESS", "ILLNESS"),
        ("overmacht", "FORCE_MAJEURE"),
        ("FORCE_MAJEURE - Overmacht", "FORCE_MAJEURE"),
    ],
)
def test_the_late_reason_is_optional_and_a_code_or_label(cell, code):
    parsed = single({"reden_laattijdig": cell})
    assert parsed.errors == []
    assert parsed.rows[0].late_reason == code


@pytest.mark.parametrize(
    ("cell", "booking_type"),
    [
        ("kost", BOOKING_COST),
        ("Kost", BOOKING_COST),
        ("creditnota", BOOKING_CREDIT_NOTE),
        ("Credit nota", BOOKING_CREDIT_NOTE),
        ("CREDIT_NOTE", BOOKING_CREDIT_NOTE),
    ],
)
def test_booking_types(cell, booking_type):
    assert single({"soort_boeking": cell}).rows[0].booking_type == booking_type


# --- every error of every row --------------------------------------------------------------------


def test_every_error_of_every_row_is_collected_in_row_then_column_order():
    data = csv_bytes(
        [
            row(budgetnummer="x", bedrag="1.234", van="32/01/2025"),
            GOOD,
            row(kostensoort="?", soort_boeking="", reden_laattijdig="?"),
            row(van="01/02/2025", tot="01/01/2025"),
        ]
    )
    parsed = parse(data)
    assert errors_of(parsed) == [
        (2, "budgetnummer", ErrorCode.FILE_NUMBER_INVALID),
        (2, "van", ErrorCode.FILE_DATE_INVALID),
        (2, "bedrag", ErrorCode.FILE_DECIMAL_AMBIGUOUS),
        (4, "kostensoort", ErrorCode.FILE_COST_KIND_UNKNOWN),
        (4, "soort boeking", ErrorCode.FILE_VALUE_REQUIRED),
        (4, "reden laattijdig", ErrorCode.FILE_LATE_REASON_UNKNOWN),
        (5, "tot", ErrorCode.FILE_PERIOD_REVERSED),
    ]
    assert [r.row for r in parsed.rows] == [3]
    assert parsed.data_rows == 4
    assert parsed.bad_rows == [2, 4, 5]
    assert parsed.file_errors == []
    assert parsed.errors[0].as_dict() == {
        "row": 2,
        "column": "budgetnummer",
        "code": "file_number_invalid",
        "message": parsed.errors[0].message,
    }


def test_a_repeated_bad_value_is_reported_on_every_row():
    parsed = parse(csv_bytes([row(bedrag="1.234")] * 3))
    assert [e.row for e in parsed.errors] == [2, 3, 4]


# --- the file as a whole -------------------------------------------------------------------------


def file_codes(parsed):
    assert all(e.row == 0 and e.column is None for e in parsed.errors)
    assert parsed.rows == []
    return [e.code for e in parsed.errors]


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "kosten.csv", ErrorCode.FILE_EMPTY),
        (b" \r\n", "kosten.csv", ErrorCode.FILE_EMPTY),
        (b"%PDF-1.4 ...", "kosten.pdf", ErrorCode.FILE_TYPE_UNSUPPORTED),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "kosten.xls",
         ErrorCode.FILE_TYPE_UNSUPPORTED),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "kosten.xlsx",
         ErrorCode.FILE_TYPE_UNSUPPORTED),
        (b"budgetnummer;budgetjaar", "kosten.xlsx", ErrorCode.FILE_UNREADABLE),
        (b"PK\x03\x04 broken", "kosten.xlsx", ErrorCode.FILE_UNREADABLE),
        ("budgetnummer;bedrag\n1;12,50 é\n".encode("cp1252"), "kosten.csv",
         ErrorCode.FILE_ENCODING_INVALID),
    ],
)  # fmt: skip
def test_file_errors_are_reported_on_row_zero_without_a_column(data, filename, code):
    parsed = parse(data, filename)
    assert file_codes(parsed) == [code]
    assert parsed.errors[0].message


def test_an_xlsx_file_sent_as_csv_is_refused():
    parsed = parse(xlsx_bytes([GOOD]), "kosten.csv")
    assert file_codes(parsed) == [ErrorCode.FILE_TYPE_UNSUPPORTED]


def test_a_zip_that_is_no_workbook_is_unreadable():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    parsed = parse(output.getvalue(), "kosten.xlsx")
    assert file_codes(parsed) == [ErrorCode.FILE_UNREADABLE]
    assert "Excel" in parsed.errors[0].message


def test_a_header_without_rows_is_an_empty_file():
    assert file_codes(parse(csv_bytes([]))) == [ErrorCode.FILE_EMPTY]
    assert file_codes(parse(csv_bytes([None, None]))) == [ErrorCode.FILE_EMPTY]
    assert file_codes(parse(xlsx_bytes([]), "kosten.xlsx")) == [ErrorCode.FILE_EMPTY]


def test_missing_unknown_and_duplicate_columns_are_all_reported_and_no_row_is_read():
    header = [c for c in COLUMNS if c not in ("bedrag", "van")] + ["opmerking", "tot"]
    parsed = parse(csv_bytes([GOOD], header=header))
    assert file_codes(parsed) == [
        ErrorCode.FILE_COLUMN_UNKNOWN,
        ErrorCode.FILE_COLUMN_DUPLICATE,
        ErrorCode.FILE_COLUMN_MISSING,
        ErrorCode.FILE_COLUMN_MISSING,
    ]
    messages = [e.message for e in parsed.errors]
    assert "'opmerking'" in messages[0]
    assert "'tot'" in messages[1]
    assert ("'van'" in messages[2]) and ("'bedrag'" in messages[3])


def test_columns_without_a_header_are_ignored():
    header = [*COLUMNS, ""]
    assert parse(csv_bytes([GOOD], header=header)).errors == []


def test_a_file_over_the_size_limit_is_refused_unread(monkeypatch):
    data = csv_bytes([GOOD])
    monkeypatch.setattr(fileformat, "MAX_FILE_BYTES", len(data) - 1)
    assert file_codes(parse(data)) == [ErrorCode.FILE_TOO_LARGE]
    monkeypatch.setattr(fileformat, "MAX_FILE_BYTES", len(data))
    assert parse(data).errors == []


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_unread(monkeypatch):
    data = xlsx_bytes([GOOD])
    monkeypatch.setattr(fileformat, "MAX_UNCOMPRESSED_BYTES", 1000)
    assert file_codes(parse(data, "kosten.xlsx")) == [ErrorCode.FILE_TOO_LARGE]


def test_more_rows_than_the_limit_refuse_the_whole_file(monkeypatch):
    monkeypatch.setattr(fileformat, "MAX_ROWS", 3)
    assert parse(csv_bytes([GOOD] * 3 + [None])).errors == []  # blank rows do not count
    parsed = parse(csv_bytes([GOOD, row(bedrag="x"), GOOD, GOOD]))
    assert file_codes(parsed) == [ErrorCode.FILE_TOO_MANY_ROWS]  # row errors dropped too


def test_the_row_limit_is_a_hundred_thousand():
    assert fileformat.MAX_ROWS == 100_000


# --- the template --------------------------------------------------------------------------------

CONTRACTS = [(56, "Overeenkomst met Jan Peeters"), (57, "Dienstencheques Poetsbedrijf")]


def template(**kwargs):
    kwargs.setdefault("budget_id", 1234)
    kwargs.setdefault("year", 2025)
    return build_template(CONTRACTS, list(COST_KINDS.items()), list(LATE_REASONS.items()), **kwargs)


def test_the_template_has_the_header_an_explanation_and_a_hidden_list_sheet():
    workbook = load_workbook(io.BytesIO(template()))
    assert workbook.sheetnames == [COSTS_SHEET, "Uitleg", LISTS_SHEET]
    sheet = workbook[COSTS_SHEET]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet.max_row == 1  # no half-filled rows
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    explained = [r[0] for r in workbook["Uitleg"].iter_rows(values_only=True) if r[0] in COLUMNS]
    assert explained == list(COLUMNS)
    text = " ".join(str(v) for r in workbook["Uitleg"].iter_rows(values_only=True) for v in r if v)
    assert "dd/mm/jjjj" in text and "1234" in text and "2025" in text
    assert sheet.column_dimensions["F"].number_format == "DD/MM/YYYY"
    assert sheet.column_dimensions["G"].number_format == "DD/MM/YYYY"


def list_items(workbook, formula):
    sheet_name, cells = formula.split("!")
    assert sheet_name == LISTS_SHEET
    return [row[0].value for row in workbook[sheet_name][cells.replace("$", "")]]


def test_the_template_drop_downs_point_at_the_lists():
    workbook = load_workbook(io.BytesIO(template()))
    validations = workbook[COSTS_SHEET].data_validations.dataValidation
    by_range = {str(v.sqref): v for v in validations}
    last = fileformat.MAX_ROWS + 1
    contract = by_range[f"C2:C{last}"]
    assert contract.type == "list"
    assert list_items(workbook, contract.formula1) == [
        "56 - Overeenkomst met Jan Peeters",
        "57 - Dienstencheques Poetsbedrijf",
    ]
    kinds = by_range[f"D2:D{last}"]
    assert list_items(workbook, kinds.formula1)[0] == "WAGE - Loon van de assistent"
    booking = by_range[f"E2:E{last}"]
    assert list_items(workbook, booking.formula1) == ["kost", "creditnota"]
    assert booking.showErrorMessage
    late = by_range[f"L2:L{last}"]
    assert list_items(workbook, late.formula1) == [
        "ILLNESS - Ziekte van de budgethouder",
        "FORCE_MAJEURE - Overmacht",
    ]
    assert (by_range[f"A2:A{last}"].type, by_range[f"A2:A{last}"].formula1) == ("whole", "1234")
    assert (by_range[f"B2:B{last}"].type, by_range[f"B2:B{last}"].formula1) == ("whole", "2025")


def test_a_template_without_budget_or_contracts_has_no_such_validations():
    data = build_template([], list(COST_KINDS.items()), [], budget_id=None, year=None)
    workbook = load_workbook(io.BytesIO(data))
    ranges = {str(v.sqref)[0] for v in workbook[COSTS_SHEET].data_validations.dataValidation}
    assert ranges == {"D", "E"}


def test_a_filled_in_template_parses_without_error():
    workbook = load_workbook(io.BytesIO(template()))
    sheet = workbook[COSTS_SHEET]
    lists = workbook[LISTS_SHEET]
    sheet.append([1234, 2025, lists["A3"].value, lists["B2"].value, lists["C3"].value,
                  date(2025, 1, 1), date(2025, 1, 31), "Poetsbedrijf", 20, 180.0, "cheques",
                  lists["D2"].value])  # fmt: skip
    sheet.append([1234, 2025, lists["A2"].value, "MEAL_VOUCHERS", "kost", "01/02/2025",
                  "28/02/2025", "Jan Peeters", None, "12,34", None, None])  # fmt: skip
    output = io.BytesIO()
    workbook.save(output)
    parsed = parse(output.getvalue(), "kostenstaat.xlsx")
    assert parsed.errors == []
    first, second = parsed.rows
    assert (first.contract_id, first.cost_kind, first.booking_type, first.late_reason) == (
        57,
        "WAGE",
        BOOKING_CREDIT_NOTE,
        "ILLNESS",
    )
    assert (first.quantity, first.amount) == (Decimal("20.00"), Decimal("180.00"))
    assert (second.contract_id, second.cost_kind, second.amount) == (
        56,
        "MEAL_VOUCHERS",
        Decimal("12.34"),
    )


# --- big files -----------------------------------------------------------------------------------


def many_rows(count):
    return [
        row(
            budgetnummer=str(1000 + i % 700),
            overeenkomst=str(5000 + i % 900),
            van=f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025",
            tot=f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025",
            bedrag=f"{i // 100}{',' if i % 2 else '.'}{i % 100:02d}" if i >= 100 else "1,50",
            omschrijving=f"lijn {i}",
            aantal="" if i % 3 else "3,5",
        )
        for i in range(count)
    ]


def test_ten_thousand_csv_rows_parse_once_each_cell(monkeypatch):
    """Linear: each distinct text is parsed once per column, whatever the number of rows."""
    calls = {"decimal": 0, "date": 0}
    real_decimal, real_date = fileformat._decimal_from_text, fileformat._make_date

    def count_decimal(text):
        calls["decimal"] += 1
        return real_decimal(text)

    def count_date(*args):
        calls["date"] += 1
        return real_date(*args)

    monkeypatch.setattr(fileformat, "_decimal_from_text", count_decimal)
    monkeypatch.setattr(fileformat, "_make_date", count_date)
    rows = many_rows(10_000)
    rows[9_998] = row(bedrag="1.234")
    parsed = parse(csv_bytes(rows))
    assert parsed.data_rows == 10_000
    assert len(parsed.rows) == 9_999
    assert errors_of(parsed) == [(10_000, "bedrag", ErrorCode.FILE_DECIMAL_AMBIGUOUS)]
    distinct_amounts = len({r["bedrag"] for r in rows})
    distinct_quantities = len({r["aantal"] for r in rows} - {""})
    assert calls["decimal"] == distinct_amounts + distinct_quantities
    distinct_dates = len({r["van"] for r in rows}) + len({r["tot"] for r in rows})
    assert calls["date"] == distinct_dates
    assert parsed.rows[-1].row == 10_001
    assert parsed.rows[-1].amount == Decimal("99.99")


def test_ten_thousand_xlsx_rows_parse_in_read_only_mode():
    rows = many_rows(10_000)
    for values in rows[::2]:
        values["bedrag"] = 12.5
        values["van"] = date(2025, 5, 1)
        values["tot"] = datetime(2025, 5, 31)
    data = xlsx_bytes(rows, write_only=True)
    parsed = parse(data, "kosten.xlsx")
    assert parsed.errors == []
    assert len(parsed.rows) == 10_000
    assert parsed.rows[0].amount == Decimal("12.50")
    assert parsed.rows[1].amount == Decimal("1.50")


# --- every file code has an example --------------------------------------------------------------


def test_every_file_error_code_is_produced_by_some_file(monkeypatch):
    """A file_ code nothing can produce is dead; a new one needs an example here."""
    seen = set()
    cells = [
        {"bedrag": ""},
        {"budgetnummer": "x"},
        {"budgetjaar": "1999"},
        {"overeenkomst": "x"},
        {"kostensoort": "x"},
        {"soort_boeking": "x"},
        {"reden_laattijdig": "x"},
        {"van": "x"},
        {"van": "01/01/1999"},
        {"van": "02/01/2025", "tot": "01/01/2025"},
        {"bedrag": "x"},
        {"bedrag": "1.234"},
        {"bedrag": "0,001"},
        {"bedrag": "-1"},
        {"bedrag": "1" * 20},
        {"assistent": "x" * 300},
    ]
    for changes in cells:
        seen |= {e.code for e in single(changes).errors}
    monkeypatch.setattr(fileformat, "MAX_ROWS", 1)
    monkeypatch.setattr(fileformat, "MAX_FILE_BYTES", 10_000)
    files = [
        (b"x" * 10_001, "kosten.csv"),
        (b"x", "kosten.pdf"),
        (b"PK\x03\x04", "kosten.xlsx"),
        (b"\xff\xfe", "kosten.csv"),
        (b"", "kosten.csv"),
        (
            csv_bytes([GOOD], header=[*(c for c in COLUMNS if c != "bedrag"), "x", "van"]),
            "kosten.csv",
        ),
        (csv_bytes([GOOD, GOOD]), "kosten.csv"),
    ]
    for data, filename in files:
        seen |= {e.code for e in parse(data, filename).errors}
    assert seen == {code for code in ErrorCode if code.value.startswith("file_")}


# --- writing a file --------------------------------------------------------------------------------

printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40
).map(lambda text: " ".join(text.split()))

parsed_rows = st.builds(
    ParsedRow,
    row=st.just(0),
    budget_id=st.integers(1, 10**9),
    year=st.integers(2000, 2099),
    contract_id=st.integers(1, 10**9),
    cost_kind=st.sampled_from(sorted(COST_KINDS)),
    booking_type=st.sampled_from([BOOKING_COST, BOOKING_CREDIT_NOTE]),
    period_from=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    period_to=st.just(date(2099, 12, 31)),
    assistant=printable.filter(bool),
    quantity=st.none() | st.decimals("0.01", "99999.99", places=2),
    amount=st.decimals("0.01", "9999999999.99", places=2),
    description=printable,
    late_reason=st.sampled_from(["", *LATE_REASONS]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(parsed_rows, min_size=1, max_size=5))
def test_written_csv_reads_back_as_the_same_lines(lines):
    parsed = parse(write_cost_csv(lines))
    assert parsed.errors == []
    assert parsed.rows == [line._replace(row=number) for number, line in enumerate(lines, start=2)]


def test_written_csv_is_what_belgian_excel_writes():
    line = ParsedRow(2, 1234, 2025, 56, "WAGE", BOOKING_CREDIT_NOTE, date(2025, 1, 1),
                     date(2025, 1, 31), "Jan; Peeters", Decimal("7.50"), Decimal("1234.56"),
                     "loon", "")  # fmt: skip
    text = write_cost_csv([line]).decode("utf-8")
    assert text.startswith("\ufeffbudgetnummer;budgetjaar;overeenkomst;")
    assert text.splitlines()[1] == (
        '1234;2025;56;WAGE;creditnota;01/01/2025;31/01/2025;"Jan; Peeters";7,50;1234,56;loon;'
    )
