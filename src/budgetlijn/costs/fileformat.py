"""The file side of cost statements: the column layout, reading an .xlsx or .csv file into plain
typed rows with every error of every row, and the Excel template with drop-down lists.

Nothing here touches the database or the costs models: the parser checks the form of each cell
(a number, a date, a known code); whether the budget, the contract and the rules agree is the
services' work. The layout is documented in docs/cost-file-format.md.

Money never passes through a float: a text cell is read as a Decimal, an Excel number cell (a
binary float) is read through its repr and rounded to Excel's own 15 significant digits (what
the filer sees in the cell); more than two decimals after that is refused, never rounded away.
"""

import csv
import functools
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from budgetlijn.costs.constants import ErrorCode
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR
from budgetlijn.rules.money import CENT, MONEY_DIGITS, MONEY_PLACES

# --- limits -------------------------------------------------------------------------------------

MAX_ROWS = 100_000  # data rows (without the header and empty rows) in one file
MAX_FILE_BYTES = 32 * 1024 * 1024  # the uploaded file
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024  # an .xlsx unpacked (a zip bomb is refused unread)
ASSISTANT_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 500
MAX_AMOUNT = Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES) - CENT
MAX_QUANTITY = Decimal("99999.99")
EXCEL_SIGNIFICANT_DIGITS = 15  # what Excel keeps and shows of a number

# --- the column layout --------------------------------------------------------------------------

COL_BUDGET = "budgetnummer"
COL_YEAR = "budgetjaar"
COL_CONTRACT = "overeenkomst"
COL_COST_KIND = "kostensoort"
COL_BOOKING_TYPE = "soort boeking"
COL_FROM = "van"
COL_TO = "tot"
COL_ASSISTANT = "assistent"
COL_QUANTITY = "aantal"
COL_AMOUNT = "bedrag"
COL_DESCRIPTION = "omschrijving"
COL_LATE_REASON = "reden laattijdig"

# In the template's order. A file may order its columns freely.
COLUMNS = (
    COL_BUDGET,
    COL_YEAR,
    COL_CONTRACT,
    COL_COST_KIND,
    COL_BOOKING_TYPE,
    COL_FROM,
    COL_TO,
    COL_ASSISTANT,
    COL_QUANTITY,
    COL_AMOUNT,
    COL_DESCRIPTION,
    COL_LATE_REASON,
)
# Columns a file may leave out entirely (their cells may be empty anyway).
OPTIONAL_COLUMNS = frozenset({COL_QUANTITY, COL_DESCRIPTION, COL_LATE_REASON})
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c not in OPTIONAL_COLUMNS)

BOOKING_COST = "COST"
BOOKING_CREDIT_NOTE = "CREDIT_NOTE"
BOOKING_TYPE_LABELS = {BOOKING_COST: "kost", BOOKING_CREDIT_NOTE: "creditnota"}
_BOOKING_TYPE_WORDS = {
    "kost": BOOKING_COST,
    "kosten": BOOKING_COST,
    "cost": BOOKING_COST,
    "creditnota": BOOKING_CREDIT_NOTE,
    "credit nota": BOOKING_CREDIT_NOTE,
    "credit-nota": BOOKING_CREDIT_NOTE,
    "credit_note": BOOKING_CREDIT_NOTE,
}

# Sheet names of the template; the parser reads COSTS_SHEET when present, else the first sheet.
COSTS_SHEET = "Kosten"
EXPLANATION_SHEET = "Uitleg"
LISTS_SHEET = "Lijsten"

DROPDOWN_SEPARATOR = " - "  # "12 - label" in the drop-down lists; the part before it is the key


class ParsedRow(NamedTuple):
    """One cost line as typed values; ``row`` is the spreadsheet row (the header is row 1).

    A NamedTuple: immutable and built ten times faster than a frozen dataclass, which counts
    at 100 000 rows."""

    row: int
    budget_id: int
    year: int
    contract_id: int
    cost_kind: str
    booking_type: str  # BOOKING_COST or BOOKING_CREDIT_NOTE
    period_from: date
    period_to: date
    assistant: str
    quantity: Decimal | None
    amount: Decimal
    description: str
    late_reason: str  # "" or a code of the caller's late reasons


@dataclass(frozen=True, slots=True)
class RowError:
    """What is wrong where: row 0 and column None for the file as a whole."""

    row: int
    column: str | None
    code: ErrorCode
    message: str  # Dutch, says what to do

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "code": str(self.code),
            "message": self.message,
        }


@dataclass
class ParsedFile:
    """``rows`` holds the rows without any error; ``errors`` every error of every other row.

    A file-level error (row 0) leaves ``rows`` empty: nothing of such a file can be booked."""

    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    data_rows: int = 0  # non-empty rows under the header, good or bad
    kind: str = ""  # "xlsx" or "csv" ("" when not recognised)
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row == 0]

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row})


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- cell parsing ---------------------------------------------------------------------------------


class _CellError(Exception):
    def __init__(self, code: ErrorCode, message: str):
        self.code = code
        self.message = message


def _text(value: object) -> str:
    """A cell as text: strings stripped, integral numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _bad_number(column: str) -> _CellError:
    return _CellError(
        ErrorCode.FILE_NUMBER_INVALID,
        _(
            "Vul in kolom '%(column)s' een geheel getal in, zonder punten of spaties, bijvoorbeeld 1234."
        )
        % {"column": column},
    )


_DIGITS = re.compile(r"\d{1,18}", re.ASCII)


def _positive_int(value: object, column: str) -> int:
    if isinstance(value, bool):
        raise _bad_number(column)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value)
    else:
        raise _bad_number(column)
    if number <= 0:
        raise _bad_number(column)
    return number


def _parse_budget(value: object) -> int:
    return _positive_int(value, COL_BUDGET)


def _parse_year(value: object) -> int:
    year = _positive_int(value, COL_YEAR)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _CellError(
            ErrorCode.FILE_YEAR_OUT_OF_RANGE,
            _(
                "Vul in kolom '%(column)s' een budgetjaar tussen %(first)s en %(last)s in, "
                "bijvoorbeeld 2025."
            )
            % {"column": COL_YEAR, "first": MIN_YEAR, "last": MAX_YEAR},
        )
    return year


_CONTRACT = re.compile(r"(\d{1,18})(?:\s+-(?:\s.*)?)?", re.DOTALL | re.ASCII)


def _parse_contract(value: object) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return _positive_int(value, COL_CONTRACT)
        except _CellError:
            pass
    elif isinstance(value, str):
        match = _CONTRACT.fullmatch(value.strip())
        if match and int(match.group(1)) > 0:
            return int(match.group(1))
    raise _CellError(
        ErrorCode.FILE_CONTRACT_INVALID,
        _(
            "Kies in kolom '%(column)s' een overeenkomst uit de keuzelijst van het sjabloon, of vul "
            "het nummer van de overeenkomst in (bijvoorbeeld 1234)."
        )
        % {"column": COL_CONTRACT},
    )


def _choice_lookup(choices: Mapping[str, str]) -> dict[str, str]:
    """Code, label and "code - label", case-insensitive, to the code. A label two codes share
    is left out (the code still works)."""
    lookup: dict[str, str] = {}
    labels: dict[str, list[str]] = {}
    for code, label in choices.items():
        lookup[_squash(code)] = code
        lookup[_squash(f"{code}{DROPDOWN_SEPARATOR}{label}")] = code
        labels.setdefault(_squash(label), []).append(code)
    for label, codes in labels.items():
        if len(codes) == 1:
            lookup.setdefault(label, codes[0])
    return lookup


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)  # a file repeats a few kinds and booking types
def _squash(text: str) -> str:
    return _SPACES.sub(" ", text.strip()).casefold()


def _lookup(value: object, lookup: Mapping[str, str]) -> str | None:
    text = _squash(_text(value))
    code = lookup.get(text)
    if code is None and DROPDOWN_SEPARATOR in text:
        code = lookup.get(text.split(DROPDOWN_SEPARATOR, 1)[0].strip())
    return code


def _parse_booking_type(value: object) -> str:
    code = _BOOKING_TYPE_WORDS.get(_squash(_text(value)))
    if code is None:
        raise _CellError(
            ErrorCode.FILE_BOOKING_TYPE_UNKNOWN,
            _("Vul in kolom '%(column)s' 'kost' of 'creditnota' in.")
            % {"column": COL_BOOKING_TYPE},
        )
    return code


_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?", re.ASCII)


def _date_error(column: str) -> _CellError:
    return _CellError(
        ErrorCode.FILE_DATE_INVALID,
        _(
            "Vul in kolom '%(column)s' een datum in als dd/mm/jjjj, bijvoorbeeld 31/01/2025 (of "
            "gebruik een datumcel in Excel)."
        )
        % {"column": column},
    )


def _make_date(year: int, month: int, day: int, column: str) -> date:
    try:
        result = date(year, month, day)
    except ValueError:
        raise _date_error(column) from None
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise _CellError(
            ErrorCode.FILE_DATE_OUT_OF_RANGE,
            _("Vul in kolom '%(column)s' een datum tussen %(first)s en %(last)s in.")
            % {"column": column, "first": MIN_YEAR, "last": MAX_YEAR},
        )
    return result


def _date_parser(column: str) -> Callable[[object], date]:
    cache: dict[str, date] = {}  # a file repeats its dates: parse each text once

    def parse(value: object) -> date:
        if isinstance(value, datetime):
            if value.time() != time(0):
                raise _date_error(column)
            return _make_date(value.year, value.month, value.day, column)
        if isinstance(value, date):
            return _make_date(value.year, value.month, value.day, column)
        if not isinstance(value, str):
            raise _date_error(column)
        text = value.strip()
        found = cache.get(text)
        if found is not None:
            return found
        if match := _DMY.fullmatch(text):
            day, _sep, month, year = match.groups()
        elif match := _ISO.fullmatch(text):
            year, month, day = match.groups()
        else:
            raise _date_error(column)
        found = _make_date(int(year), int(month), int(day), column)
        cache[text] = found
        return found

    return parse


_CURRENCY = re.compile(r"^(?:€|eur(?:o)?)|(?:€|eur(?:o)?)$", re.IGNORECASE)
_BLANKS = re.compile(r"[\s\u00a0\u202f']")
_PLAIN = re.compile(r"\d+(?:[.,](\d+))?", re.ASCII)
_BE_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", re.ASCII)
_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+\.\d+", re.ASCII)
_AMBIGUOUS = re.compile(r"[1-9]\d{0,2}[.,]\d{3}", re.ASCII)
_EXCEL_QUANTUM = Decimal(1)


def _decimal_errors(column: str, example: str) -> dict[ErrorCode, _CellError]:
    """The errors of one decimal column, built once per file."""
    params = {"column": column, "example": example}
    return {
        ErrorCode.FILE_DECIMAL_INVALID: _CellError(
            ErrorCode.FILE_DECIMAL_INVALID,
            _(
                "Vul in kolom '%(column)s' een getal in met een komma voor de decimalen, "
                "bijvoorbeeld %(example)s."
            )
            % params,
        ),
        ErrorCode.FILE_DECIMAL_AMBIGUOUS: _CellError(
            ErrorCode.FILE_DECIMAL_AMBIGUOUS,
            _(
                "Het getal in kolom '%(column)s' kan duizendtallen of decimalen bedoelen. Schrijf "
                "het zonder scheidingsteken voor duizendtallen en met twee decimalen, bijvoorbeeld "
                "%(example)s."
            )
            % params,
        ),
        ErrorCode.FILE_DECIMAL_TOO_PRECISE: _CellError(
            ErrorCode.FILE_DECIMAL_TOO_PRECISE,
            _(
                "Het getal in kolom '%(column)s' heeft meer dan twee decimalen. Rond het af op twee "
                "decimalen (in Excel met =AFRONDEN(...;2)), bijvoorbeeld %(example)s."
            )
            % params,
        ),
        ErrorCode.FILE_DECIMAL_NOT_POSITIVE: _CellError(
            ErrorCode.FILE_DECIMAL_NOT_POSITIVE,
            _(
                "Vul in kolom '%(column)s' een getal groter dan nul in. Een terugbetaling of "
                "correctie geeft u in als 'creditnota' in kolom 'soort boeking', met een "
                "positief bedrag."
            )
            % params,
        ),
        ErrorCode.FILE_DECIMAL_TOO_LARGE: _CellError(
            ErrorCode.FILE_DECIMAL_TOO_LARGE,
            _("Het getal in kolom '%(column)s' is te groot. Controleer het getal.") % params,
        ),
    }


# The usual cell (1234,56 or 1234.56: no sign, currency, blank or grouping, at most two
# decimals, so never ambiguous) read at once; anything else takes the full way below.
_QUICK = re.compile(r"[0-9]+(?:[.,][0-9]{1,2})?", re.ASCII)


def _decimal_from_text(text: str) -> tuple[Decimal | None, ErrorCode | None]:
    """A Belgian (1.234,56 / 1234,56), plain (1234.56) or English grouped (1,234.56) number."""
    if _QUICK.fullmatch(text):
        return Decimal(text.replace(",", ".")), None
    text = _BLANKS.sub("", _CURRENCY.sub("", text.strip()))
    negative = False
    if text[:1] in "+-":
        negative = text[0] == "-"
        text = text[1:]
    elif text.endswith("-"):
        negative, text = True, text[:-1]
    if _PLAIN.fullmatch(text):
        if _AMBIGUOUS.fullmatch(text):
            return None, ErrorCode.FILE_DECIMAL_AMBIGUOUS
        normal = text.replace(",", ".")
    elif _BE_GROUPED.fullmatch(text):
        normal = text.replace(".", "").replace(",", ".")
    elif _EN_GROUPED.fullmatch(text):
        normal = text.replace(",", "")
    else:
        return None, ErrorCode.FILE_DECIMAL_INVALID
    number = Decimal(normal)
    return (-number if negative else number), None


def _decimal_from_float(value: float) -> Decimal | None:
    """An Excel number cell through its repr, at Excel's 15 significant digits: a stored
    0.30000000000000004 (=0,1+0,2) is 0.3, as the cell shows; 12.345 stays 12.345."""
    try:
        number = Decimal(repr(value))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if number:
        quantum = _EXCEL_QUANTUM.scaleb(number.adjusted() - EXCEL_SIGNIFICANT_DIGITS + 1)
        number = number.quantize(quantum, rounding=ROUND_HALF_EVEN)
    return number


def _decimal_parser(column: str, example: str, maximum: Decimal) -> Callable[[object], Decimal]:
    errors = _decimal_errors(column, example)

    def parse(value: object) -> Decimal:
        if isinstance(value, bool):
            raise errors[ErrorCode.FILE_DECIMAL_INVALID]
        if isinstance(value, int):
            number: Decimal | None = Decimal(value)
        elif isinstance(value, float):
            number = _decimal_from_float(value)
        elif isinstance(value, str):
            number, code = _decimal_from_text(value)
            if code is not None:
                raise errors[code]
        else:
            number = None
        if number is None:
            raise errors[ErrorCode.FILE_DECIMAL_INVALID]
        if number <= 0:
            raise errors[ErrorCode.FILE_DECIMAL_NOT_POSITIVE]
        if number > maximum:
            raise errors[ErrorCode.FILE_DECIMAL_TOO_LARGE]
        cents = number.quantize(CENT)
        if cents != number:
            raise errors[ErrorCode.FILE_DECIMAL_TOO_PRECISE]
        return cents

    return parse


def _text_parser(column: str, max_length: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = _SPACES.sub(" ", _text(value))
        if len(text) > max_length:
            raise _CellError(
                ErrorCode.FILE_TEXT_TOO_LONG,
                _("De tekst in kolom '%(column)s' is te lang: korter dan %(max)s tekens, a.u.b.")
                % {"column": column, "max": max_length + 1},
            )
        return text

    return parse


def _choice_parser(
    column: str, choices: Mapping[str, str], code: ErrorCode, message: str
) -> Callable[[object], str]:
    lookup = _choice_lookup(choices)

    def parse(value: object) -> str:
        found = _lookup(value, lookup)
        if found is None:
            raise _CellError(code, message)
        return found

    return parse


# --- reading a file -------------------------------------------------------------------------------


class _FileError(Exception):
    def __init__(self, code: ErrorCode, message: str):
        self.code = code
        self.message = message


_XLSX_SUFFIXES = (".xlsx", ".xlsm")
_CSV_SUFFIXES = (".csv", ".txt")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls format


def _unsupported() -> _FileError:
    return _FileError(
        ErrorCode.FILE_TYPE_UNSUPPORTED,
        _(
            "Dit bestand is geen Excel-bestand (.xlsx) of CSV-bestand (.csv). Sla het op als "
            "Excel-werkmap (.xlsx) of als CSV UTF-8 en laad het opnieuw op."
        ),
    )


def _unreadable() -> _FileError:
    return _FileError(
        ErrorCode.FILE_UNREADABLE,
        _(
            "Dit bestand kan niet gelezen worden: het is beschadigd of het is geen echt "
            "%(kind)s-bestand. Sla het opnieuw op vanuit Excel en laad het opnieuw op."
        ),
    )


def _xlsx_rows(data: bytes) -> Iterator[Sequence[object]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise _too_large()
            if "xl/workbook.xml" not in archive.namelist():
                raise _unreadable()
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _FileError:
        raise
    except Exception:  # noqa: BLE001 - any broken archive or XML is the same answer to the filer
        raise _unreadable() from None
    try:
        names = workbook.sheetnames
        sheet = workbook[COSTS_SHEET] if COSTS_SHEET in names else workbook[names[0]]
        sheet.reset_dimensions()  # never trust the stored size: read what is there
        try:
            yield from sheet.iter_rows(values_only=True)
        except _FileError:
            raise
        except Exception:  # noqa: BLE001
            raise _unreadable() from None
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[Sequence[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _FileError(
            ErrorCode.FILE_ENCODING_INVALID,
            _(
                "Dit CSV-bestand is niet in UTF-8 opgeslagen. Kies in Excel 'Opslaan als' en dan "
                "'CSV UTF-8 (door komma's gescheiden)', of laad het Excel-bestand (.xlsx) op."
            ),
        ) from None
    # The header names hold neither separator: the first non-blank line tells which one is used.
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        yield from reader
    except csv.Error:
        raise _unreadable() from None


def _too_large() -> _FileError:
    return _FileError(
        ErrorCode.FILE_TOO_LARGE,
        _(
            "Dit bestand is te groot (meer dan %(mb)s MB). Verdeel de kostenlijnen over "
            "meerdere bestanden."
        )
        % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
    )


def _header_key(value: object) -> str:
    return _squash(_text(value).lstrip("\ufeff"))


def _read_header(header: Sequence[object]) -> tuple[dict[str, int], list[RowError]]:
    """Column name -> index, and the file errors of a bad header."""
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    known = frozenset(COLUMNS)
    for index, cell in enumerate(header):
        name = _header_key(cell)
        if not name:
            continue  # a column without a header is ignored
        if name not in known:
            errors.append(
                RowError(
                    0,
                    None,
                    ErrorCode.FILE_COLUMN_UNKNOWN,
                    _(
                        "De kolom '%(name)s' is onbekend. Gebruik de kolomnamen van het sjabloon "
                        "(%(columns)s) of verwijder deze kolom."
                    )
                    % {"name": _text(cell), "columns": ", ".join(COLUMNS)},
                )
            )
        elif name in positions:
            errors.append(
                RowError(
                    0,
                    None,
                    ErrorCode.FILE_COLUMN_DUPLICATE,
                    _("De kolom '%(name)s' staat er meer dan een keer in. Laat er een over.")
                    % {"name": name},
                )
            )
        else:
            positions[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            errors.append(
                RowError(
                    0,
                    None,
                    ErrorCode.FILE_COLUMN_MISSING,
                    _(
                        "De kolom '%(name)s' ontbreekt. De eerste rij moet de kolomnamen van het "
                        "sjabloon bevatten."
                    )
                    % {"name": name},
                )
            )
    return positions, errors


def _file_error(error: _FileError, kind: str) -> RowError:
    message = error.message
    if "%(kind)s" in message:
        message = message % {"kind": {"xlsx": "Excel", "csv": "CSV"}.get(kind, kind)}
    return RowError(0, None, error.code, message)


def parse_cost_file(
    data: bytes,
    filename: str,
    *,
    late_reasons: Mapping[str, str],
    cost_kinds: Mapping[str, str],
) -> ParsedFile:
    """Read a cost-statement file (.xlsx or .csv) into typed rows and every error of every row.

    ``cost_kinds`` and ``late_reasons`` map a code to its Dutch label; a cell may hold the code,
    the label or "code - label" (the template's drop-down). Whether the budget, contract and kind
    exist and go together is not checked here."""
    result = ParsedFile(sha256=file_sha256(data))
    lower = filename.lower()
    if lower.endswith(_XLSX_SUFFIXES):
        result.kind = "xlsx"
    elif lower.endswith(_CSV_SUFFIXES):
        result.kind = "csv"
    try:
        if len(data) > MAX_FILE_BYTES:
            raise _too_large()
        if not data.strip():
            raise _empty()
        if data.startswith(_OLE_MAGIC) or not result.kind:
            raise _unsupported()
        if result.kind == "xlsx" and not data.startswith(_ZIP_MAGIC):
            raise _unreadable()
        if result.kind == "csv" and data.startswith(_ZIP_MAGIC):
            raise _unsupported()
        rows = _xlsx_rows(data) if result.kind == "xlsx" else _csv_rows(data)
        _parse_rows(rows, result, late_reasons=late_reasons, cost_kinds=cost_kinds)
    except _FileError as error:
        result.rows = []
        result.errors = [e for e in result.errors if e.row == 0]
        result.errors.append(_file_error(error, result.kind))
    return result


def _empty() -> _FileError:
    return _FileError(
        ErrorCode.FILE_EMPTY,
        _(
            "Dit bestand bevat geen kostenlijnen. Vul onder de rij met kolomnamen een rij per "
            "kostenlijn in."
        ),
    )


def _is_blank(values: Sequence[object]) -> bool:
    for value in values:
        if value is not None and (type(value) is not str or (value and not value.isspace())):
            return False
    return True


_MISS = object()


def _outcome(value: object, parser: Callable[[object], Any], empty: object) -> object:
    """The parsed value of a cell, ``empty`` for an empty one, or the _CellError it raised."""
    if value == "":
        return empty
    try:
        return parser(value)
    except _CellError as error:
        return error


def _parse_rows(
    rows: Iterable[Sequence[object]],
    result: ParsedFile,
    *,
    late_reasons: Mapping[str, str],
    cost_kinds: Mapping[str, str],
) -> None:
    iterator = iter(rows)
    header: Sequence[object] | None = None
    header_row = 0
    for number, values in enumerate(iterator, start=1):
        if not _is_blank(values):
            header, header_row = values, number
            break
    if header is None:
        raise _empty()
    positions, header_errors = _read_header(header)
    if header_errors:
        result.errors.extend(header_errors)
        return

    required = _("Vul in kolom '%(column)s' een waarde in; deze kolom is verplicht.")
    # (column, index, parser, required): the order of ParsedRow's fields after ``row``.
    fields: list[tuple[str, int | None, Callable[[object], Any], bool]] = [
        (COL_BUDGET, positions[COL_BUDGET], _parse_budget, True),
        (COL_YEAR, positions[COL_YEAR], _parse_year, True),
        (COL_CONTRACT, positions[COL_CONTRACT], _parse_contract, True),
        (
            COL_COST_KIND,
            positions[COL_COST_KIND],
            _choice_parser(
                COL_COST_KIND,
                cost_kinds,
                ErrorCode.FILE_COST_KIND_UNKNOWN,
                _(
                    "Kies in kolom '%(column)s' een kostensoort uit de keuzelijst van het sjabloon "
                    "(de code of de omschrijving)."
                )
                % {"column": COL_COST_KIND},
            ),
            True,
        ),
        (COL_BOOKING_TYPE, positions[COL_BOOKING_TYPE], _parse_booking_type, True),
        (COL_FROM, positions[COL_FROM], _date_parser(COL_FROM), True),
        (COL_TO, positions[COL_TO], _date_parser(COL_TO), True),
        (
            COL_ASSISTANT,
            positions[COL_ASSISTANT],
            _text_parser(COL_ASSISTANT, ASSISTANT_MAX_LENGTH),
            True,
        ),
        (
            COL_QUANTITY,
            positions.get(COL_QUANTITY),
            _decimal_parser(COL_QUANTITY, "7,5", MAX_QUANTITY),
            False,
        ),
        (
            COL_AMOUNT,
            positions[COL_AMOUNT],
            _decimal_parser(COL_AMOUNT, "1234,56", MAX_AMOUNT),
            True,
        ),
        (
            COL_DESCRIPTION,
            positions.get(COL_DESCRIPTION),
            _text_parser(COL_DESCRIPTION, DESCRIPTION_MAX_LENGTH),
            False,
        ),
        (
            COL_LATE_REASON,
            positions.get(COL_LATE_REASON),
            _choice_parser(
                COL_LATE_REASON,
                late_reasons,
                ErrorCode.FILE_LATE_REASON_UNKNOWN,
                _(
                    "Kies in kolom '%(column)s' een reden uit de keuzelijst van het sjabloon, of "
                    "laat de cel leeg als de kost op tijd is ingediend."
                )
                % {"column": COL_LATE_REASON},
            ),
            False,
        ),
    ]
    # An optional cell left empty: None for the quantity, "" for the texts and the reason.
    empty_values = {COL_QUANTITY: None, COL_DESCRIPTION: "", COL_LATE_REASON: ""}
    period_reversed = _("De datum in kolom '%(to)s' ligt voor de datum in kolom '%(from)s'.") % {
        "to": COL_TO,
        "from": COL_FROM,
    }
    plan = []
    for column, index, parser, is_required in fields:
        if is_required:
            empty: object = _CellError(ErrorCode.FILE_VALUE_REQUIRED, required % {"column": column})
        else:
            empty = empty_values[column]
        # A text cell's outcome (its value or its _CellError) is kept per distinct text: a file
        # repeats its budgets, years, contracts, kinds and dates, so most cells are a dict hit.
        plan.append((column, -1 if index is None else index, parser, empty, {}))
    rows_out = result.rows
    errors = result.errors
    count = 0
    for number, values in enumerate(iterator, start=header_row + 1):
        if _is_blank(values):
            continue
        count += 1
        if count > MAX_ROWS:
            raise _FileError(
                ErrorCode.FILE_TOO_MANY_ROWS,
                _(
                    "Dit bestand heeft meer dan %(max)s kostenlijnen. Verdeel de kostenlijnen over "
                    "meerdere bestanden."
                )
                % {"max": f"{MAX_ROWS:_}".replace("_", " ")},
            )
        width = len(values)
        parsed: list[Any] = [number]
        row_ok = True
        for column, index, parser, empty, memo in plan:
            value = values[index] if -1 < index < width else None
            if type(value) is str:
                outcome = memo.get(value, _MISS)
                if outcome is _MISS:
                    outcome = _outcome(value.strip(), parser, empty)
                    memo[value] = outcome
            elif value is None:
                outcome = empty
            else:
                outcome = _outcome(value, parser, empty)
            if type(outcome) is _CellError:
                errors.append(RowError(number, column, outcome.code, outcome.message))
                row_ok = False
            else:
                parsed.append(outcome)
        if not row_ok:
            continue
        line = ParsedRow(*parsed)
        if line.period_to < line.period_from:
            errors.append(RowError(number, COL_TO, ErrorCode.FILE_PERIOD_REVERSED, period_reversed))
            continue
        rows_out.append(line)
    result.data_rows = count
    if count == 0:
        raise _empty()


# --- writing a file -------------------------------------------------------------------------------


def _belgian(number: Decimal | None) -> str:
    return "" if number is None else f"{number:f}".replace(".", ",")


def write_cost_csv(rows: Iterable[ParsedRow]) -> bytes:
    """Cost lines as a CSV file in the layout above, the way Belgian Excel writes it: UTF-8 with
    a byte-order mark, ';' between cells, dd/mm/jjjj dates, a decimal comma. Reading it back
    with parse_cost_file gives the same lines (with their new row numbers). For demo data, the
    benchmark and tests; codes are written as codes."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(
        (
            line.budget_id,
            line.year,
            line.contract_id,
            line.cost_kind,
            BOOKING_TYPE_LABELS[line.booking_type],
            line.period_from.strftime("%d/%m/%Y"),
            line.period_to.strftime("%d/%m/%Y"),
            line.assistant,
            _belgian(line.quantity),
            _belgian(line.amount),
            line.description,
            line.late_reason,
        )
        for line in rows
    )
    return output.getvalue().encode("utf-8")


# --- the template ---------------------------------------------------------------------------------

# (column, what, format, example): Dutch, translated when the template is built.
EXPLANATION = (
    (
        COL_BUDGET,
        gettext_noop("Het nummer van het budget (staat op de budgetbrief en in het portaal)."),
        gettext_noop("geheel getal"),
        "1234",
    ),
    (
        COL_YEAR,
        gettext_noop("Het budgetjaar waarop de kost betrekking heeft."),
        gettext_noop("jjjj"),
        "2025",
    ),
    (
        COL_CONTRACT,
        gettext_noop("De overeenkomst waaronder de kost valt."),
        gettext_noop("kies uit de keuzelijst, of typ het nummer van de overeenkomst"),
        gettext_noop("5678 - Overeenkomst met J. Peeters"),
    ),
    (
        COL_COST_KIND,
        gettext_noop("De soort kost; die moet passen bij het type overeenkomst."),
        gettext_noop("kies uit de keuzelijst, of typ de code"),
        "WAGE",
    ),
    (
        COL_BOOKING_TYPE,
        gettext_noop("Een kost, of een creditnota die een eerdere kost (deels) terugdraait."),
        gettext_noop("kost of creditnota"),
        "kost",
    ),
    (
        COL_FROM,
        gettext_noop("De eerste dag van de periode van de kost."),
        gettext_noop("dd/mm/jjjj of een datumcel"),
        "01/01/2025",
    ),
    (
        COL_TO,
        gettext_noop("De laatste dag van de periode van de kost (niet voor 'van')."),
        gettext_noop("dd/mm/jjjj of een datumcel"),
        "31/01/2025",
    ),
    (
        COL_ASSISTANT,
        gettext_noop("Wie de zorg of ondersteuning gaf: naam of personeelsnummer."),
        gettext_noop("tekst, hoogstens %(max)s tekens"),
        "Jan Peeters",
    ),
    (
        COL_QUANTITY,
        gettext_noop("Het aantal uren, dagen, nachten, begeleidingen of cheques."),
        gettext_noop("getal groter dan nul, hoogstens twee decimalen"),
        "7,5",
    ),
    (
        COL_AMOUNT,
        gettext_noop("Het bedrag in euro, altijd positief (ook voor een creditnota)."),
        gettext_noop("getal met hoogstens twee decimalen, komma of punt voor de decimalen"),
        "1234,56",
    ),
    (
        COL_DESCRIPTION,
        gettext_noop("Een korte omschrijving."),
        gettext_noop("tekst, hoogstens %(max)s tekens"),
        gettext_noop("loon januari"),
    ),
    (
        COL_LATE_REASON,
        gettext_noop("Alleen voor een kost die na de indieningstermijn komt: de reden."),
        gettext_noop("kies uit de keuzelijst; leeg als de kost op tijd is"),
        "",
    ),
)
TEXT_LIMITS = {COL_ASSISTANT: ASSISTANT_MAX_LENGTH, COL_DESCRIPTION: DESCRIPTION_MAX_LENGTH}


def _dropdown(items: Sequence[tuple[object, str]]) -> list[str]:
    return [f"{key}{DROPDOWN_SEPARATOR}{label}" for key, label in items]


def build_template(
    contracts: Sequence[tuple[int, str]],
    cost_kinds: Sequence[tuple[str, str]],
    late_reasons: Sequence[tuple[str, str]],
    *,
    budget_id: int | None,
    year: int | None,
) -> bytes:
    """An .xlsx template: the header row on sheet 'Kosten', an explanation sheet, and drop-down
    lists for overeenkomst, kostensoort, soort boeking and reden laattijdig on a hidden sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = COSTS_SHEET
    sheet.append(list(COLUMNS))
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    letters = {name: get_column_letter(i) for i, name in enumerate(COLUMNS, start=1)}
    last = MAX_ROWS + 1
    widths = {COL_CONTRACT: 40, COL_COST_KIND: 45, COL_DESCRIPTION: 40, COL_LATE_REASON: 40}
    for name, letter in letters.items():
        sheet.column_dimensions[letter].width = widths.get(name, 16)
    for name in (COL_FROM, COL_TO):
        sheet.column_dimensions[letters[name]].number_format = "DD/MM/YYYY"
    sheet.column_dimensions[letters[COL_AMOUNT]].number_format = "#,##0.00"

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_columns = {
        COL_CONTRACT: _dropdown(contracts),
        COL_COST_KIND: _dropdown(cost_kinds),
        COL_BOOKING_TYPE: list(BOOKING_TYPE_LABELS.values()),
        COL_LATE_REASON: _dropdown(late_reasons),
    }
    for position, (name, items) in enumerate(list_columns.items(), start=1):
        letter = get_column_letter(position)
        lists.cell(row=1, column=position, value=name)
        for row, item in enumerate(items, start=2):
            lists.cell(row=row, column=position, value=item)
        if not items:
            continue
        validation = DataValidation(
            type="list",
            formula1=f"{LISTS_SHEET}!${letter}$2:${letter}${len(items) + 1}",
            allow_blank=True,
            # a contract number or a kind's code may be typed; the other two lists are closed
            showErrorMessage=name in (COL_BOOKING_TYPE, COL_LATE_REASON),
            errorTitle=_("Ongeldige keuze"),
            error=_("Kies een waarde uit de lijst."),
        )
        validation.add(f"{letters[name]}2:{letters[name]}{last}")
        sheet.add_data_validation(validation)

    def whole(name: str, value: int, label: str) -> None:
        validation = DataValidation(
            type="whole",
            operator="equal",
            formula1=str(value),
            showErrorMessage=True,
            errorTitle=_("Ander budget"),
            error=label % {"value": value},
            showInputMessage=True,
            promptTitle=name,
            prompt=_("Vul %(value)s in.") % {"value": value},
        )
        validation.add(f"{letters[name]}2:{letters[name]}{last}")
        sheet.add_data_validation(validation)

    if budget_id is not None:
        whole(COL_BUDGET, budget_id, _("Dit sjabloon is voor budget %(value)s."))
    if year is not None:
        whole(COL_YEAR, year, _("Dit sjabloon is voor budgetjaar %(value)s."))

    explanation = workbook.create_sheet(EXPLANATION_SHEET, 1)
    explanation.append(
        [_("Kostenstaat: zo vult u het blad '%(sheet)s' in") % {"sheet": COSTS_SHEET}]
    )
    explanation["A1"].font = bold
    intro = [
        _("Een rij per kostenlijn, onder de rij met kolomnamen. Laat de kolomnamen staan."),
        _("Hoogstens %(max)s kostenlijnen per bestand; lege rijen worden overgeslagen.")
        % {"max": MAX_ROWS},
        _(
            "Bedragen in euro met hoogstens twee decimalen, nooit negatief: een terugbetaling of "
            "correctie is een creditnota."
        ),
        _("Datums als dd/mm/jjjj of als datumcel."),
        _(
            "Elke fout komt terug met het rijnummer en de kolom; daarna kiest u of u de goede "
            "rijen indient of het bestand eerst verbetert."
        ),
    ]
    if budget_id is not None:
        intro.append(_("Dit sjabloon is voor budget %(budget)s.") % {"budget": budget_id})
    if year is not None:
        intro.append(_("Dit sjabloon is voor budgetjaar %(year)s.") % {"year": year})
    for line in intro:
        explanation.append([line])
    explanation.append([])
    explanation.append([_("kolom"), _("wat"), _("vorm"), _("voorbeeld"), _("verplicht")])
    for cell in explanation[explanation.max_row]:
        cell.font = bold
    for name, what, form, example in EXPLANATION:
        if name == COL_BUDGET and budget_id is not None:
            example = str(budget_id)
        elif name == COL_YEAR and year is not None:
            example = str(year)
        elif example:
            example = _(example)
        form_text = _(form) % {"max": TEXT_LIMITS[name]} if name in TEXT_LIMITS else _(form)
        explanation.append(
            [name, _(what), form_text, example, _("nee") if name in OPTIONAL_COLUMNS else _("ja")]
        )
    for letter, width in zip("ABCDE", (18, 70, 60, 35, 10), strict=True):
        explanation.column_dimensions[letter].width = width

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
