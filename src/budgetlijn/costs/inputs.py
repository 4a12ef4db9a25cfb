"""What a filer sends, checked field by field before any rule is applied.

Every way in (a form, a file, the API) hands ``clean_statement`` a plain mapping per statement
and per line; every field that is missing or malformed comes back as a ``FieldError`` naming the
line, the field and what to do, in Dutch. A statement with any field error is not filed at all
(nothing half-saved); the rules (``budgetlijn.rules.costs``) only see clean, typed lines.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils.translation import gettext_noop

from budgetlijn.costs.constants import BookingType, ErrorCode
from budgetlijn.ledger.constants import MAX_YEAR, MIN_YEAR
from budgetlijn.rules.money import MONEY_DIGITS, MONEY_PLACES, round_cents, to_decimal
from budgetlijn.rules.violations import Violation

MAX_AMOUNT = Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES)
MAX_QUANTITY = Decimal("9999999")
MAX_LINES = 5000  # one statement; a file holds many statements
TEXT_LIMITS = {"assistant": 200, "description": 2000}
IDEMPOTENCY_KEY_LENGTH = 100
# The statement's fields and each line's fields a filer may send (anything else is a
# programming error of the caller, not a user's mistake).
STATEMENT_FIELDS = frozenset({"budget_id", "year", "lines", "idempotency_key"})
LINE_FIELDS = frozenset(
    {
        "contract_id",
        "cost_kind",
        "booking_type",
        "period_from",
        "period_to",
        "assistant",
        "quantity",
        "amount",
        "description",
        "late_reason",
    }
)

RULE = "INPUT"
BOOKING_TYPES = frozenset(BookingType.values)


@dataclass(frozen=True)
class FieldError:
    """A field a filer must correct: line 0 is the statement itself."""

    line: int
    field: str | None
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def violation(self) -> Violation:
        return Violation(RULE, self.code, self.message, self.field, self.params)

    def text(self) -> str:
        return self.violation().text()


class LineInput(NamedTuple):
    """A checked line (a named tuple: a file makes a hundred thousand of them)."""

    line_no: int
    contract_id: int
    cost_kind: str
    booking_type: str
    period_from: date
    period_to: date
    assistant: str
    quantity: Decimal | None
    amount: Decimal
    description: str
    late_reason: str


@dataclass(frozen=True)
class StatementInput:
    budget_id: int
    year: int
    lines: tuple[LineInput, ...]
    idempotency_key: str | None
    request_hash: str


def _err(line: int, name: str | None, code: ErrorCode, message: str, **params) -> FieldError:
    return FieldError(line, name, code, message, params)


# What a database integer column holds (PostgreSQL and SQLite: signed 64 bits); a larger id
# is no id at all, and sending it to the database would raise instead of answering.
MAX_ID = 2**63 - 1
# A number as a filer types it: ASCII digits, one decimal comma or point, no exponent, no
# thousands separator ("1e3", "١٢٣", "NaN", "1.000,50" are refused: what did they mean?).
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
CENT = Decimal("0.01")


def _integer(value: Any) -> int | None:
    """A whole number (an id, a year), or None. Only ASCII digits: ``"²".isdigit()`` is true
    but ``int("²")`` raises."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            return None
        value = int(text)
    if isinstance(value, int) and -MAX_ID <= value <= MAX_ID:
        return value
    return None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if "/" in text:  # DD/MM/JJJJ, as Belgians write it
                day, month, year = (int(part) for part in text.split("/"))
                return date(year, month, day) if len(text.split("/")[2]) == 4 else None
            return date.fromisoformat(text)
        except ValueError:
            return None
    return None


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, float | bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not PLAIN_NUMBER.fullmatch(value):
            return None
        value = value.replace(",", ".")
    elif not isinstance(value, int | Decimal):
        return None
    try:
        result = to_decimal(value)
    except (TypeError, ValueError, ArithmeticError):
        return None
    return result if result.is_finite() else None


def _text(value: Any) -> str | None:
    """A text field, stripped; None for what is no text (a list, a mapping) or holds a NUL
    character (PostgreSQL refuses to store one)."""
    if value is None:
        return ""
    if type(value) is str:  # the usual case first: no conversion
        text = value.strip()
    elif isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        return None
    else:
        text = str(value).strip()
    return None if "\x00" in text else text


def _text_error(line_no: int, name: str) -> FieldError:
    return _err(
        line_no,
        name,
        ErrorCode.TEXT_INVALID,
        gettext_noop("Dit veld bevat geen leesbare tekst. Typ de tekst opnieuw."),
    )


def content_hash(budget_id: int, year: int, lines: Sequence[LineInput]) -> str:
    """The fingerprint of a typed statement: its budget, year and every line's values in
    order (amounts and quantities already to the cent, so 700 and 700,00 hash alike)."""
    text = "".join(["\n" + "\x1f".join(map(str, line[1:])) for line in lines])
    return hashlib.sha256(f"{budget_id}|{year}{text}".encode()).hexdigest()


def request_hash(raw: Mapping[str, Any]) -> str:
    """A fingerprint of what was asked: the same request twice has the same hash."""
    payload = json.dumps(raw, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _plain_text(value: Any) -> str | None:
    """``_text`` for the two usual cases (no text: "", a str: stripped); None for anything
    else and for a text ``_text`` would refuse (``clean_line`` then says why)."""
    if value is None:
        return ""
    if type(value) is str:
        text = value.strip()
        return None if "\x00" in text else text
    return None


def _typed_line(
    line_no: int,
    raw: Mapping[str, Any],
    cost_kinds: frozenset[str],
    late_reasons: frozenset[str],
) -> LineInput | None:
    """The line ``clean_line`` would give for a line whose values are typed already and all
    good (a file's rows, which the file format typed: ints, dates, Decimals, texts), in one
    pass; None for anything else, which ``clean_line`` then checks field by field (and says
    what is wrong). The same checks, in the same terms, only for the common case."""
    get = raw.get
    contract_id = get("contract_id")
    if type(contract_id) is not int or not -MAX_ID <= contract_id <= MAX_ID:
        return None
    kind = _plain_text(get("cost_kind"))
    if not kind or kind not in cost_kinds:
        return None
    booking_type = _plain_text(get("booking_type"))
    if booking_type == "":
        booking_type = BookingType.COST
    elif booking_type not in BOOKING_TYPES:
        return None
    start, end = get("period_from"), get("period_to")
    if type(start) is not date or type(end) is not date or end < start:
        return None
    amount = get("amount")
    if type(amount) is not Decimal or not amount.is_finite() or not 0 < amount < MAX_AMOUNT:
        return None
    cents = round_cents(amount)
    if cents != amount:
        return None
    quantity = get("quantity")
    if quantity is not None and quantity != "":
        if type(quantity) is not Decimal or not quantity.is_finite():
            return None
        if not 0 < quantity <= MAX_QUANTITY:
            return None
        if quantity != (quantity := quantity.quantize(CENT)):
            return None
    else:
        quantity = None
    late_reason = _plain_text(get("late_reason"))
    if late_reason is None or (late_reason != "" and late_reason not in late_reasons):
        return None
    assistant = _plain_text(get("assistant"))
    if assistant is None or len(assistant) > TEXT_LIMITS["assistant"]:
        return None
    description = _plain_text(get("description"))
    if description is None or len(description) > TEXT_LIMITS["description"]:
        return None
    return LineInput(
        line_no,
        contract_id,
        kind,
        booking_type,
        start,
        end,
        assistant,
        quantity,
        cents,
        description,
        late_reason,
    )


def clean_line(
    line_no: int,
    raw: Mapping[str, Any],
    *,
    cost_kinds: frozenset[str],
    late_reasons: frozenset[str],
) -> tuple[LineInput | None, list[FieldError]]:
    """One line, typed, or every reason it is not."""
    if not raw.keys() <= LINE_FIELDS:
        raise TypeError(f"unknown cost line fields: {sorted(set(raw) - LINE_FIELDS)}")
    typed = _typed_line(line_no, raw, cost_kinds, late_reasons)
    if typed is not None:
        return typed, []
    return _clean_line_fully(line_no, raw, cost_kinds=cost_kinds, late_reasons=late_reasons)


def _clean_line_fully(
    line_no: int,
    raw: Mapping[str, Any],
    *,
    cost_kinds: frozenset[str],
    late_reasons: frozenset[str],
) -> tuple[LineInput | None, list[FieldError]]:
    """``clean_line`` field by field, every error collected (``_typed_line`` is its short
    way for good typed lines; a test compares the two)."""
    errors: list[FieldError] = []
    contract_id = _integer(raw.get("contract_id"))
    if contract_id is None:
        errors.append(
            _err(
                line_no,
                "contract_id",
                ErrorCode.CONTRACT_MISSING,
                gettext_noop("Kies de overeenkomst waaronder deze kost valt."),
            )
        )
    kind = _text(raw.get("cost_kind")) or ""
    if kind not in cost_kinds:
        errors.append(
            _err(
                line_no,
                "cost_kind",
                ErrorCode.COST_KIND_UNKNOWN,
                gettext_noop(
                    "Kies een kostensoort uit de lijst (je gaf '%(value)s'). Welke soorten "
                    "mogen, hangt af van de overeenkomst."
                ),
                value=kind,
            )
        )
    booking_type = _text(raw.get("booking_type"))
    booking_type = BookingType.COST if booking_type == "" else booking_type
    if booking_type not in BOOKING_TYPES:
        errors.append(
            _err(
                line_no,
                "booking_type",
                ErrorCode.BOOKING_TYPE_UNKNOWN,
                gettext_noop("Kies 'kost' of 'creditnota' als soort boeking."),
            )
        )
    start = _date(raw.get("period_from"))
    end = _date(raw.get("period_to"))
    for name, value in (("period_from", start), ("period_to", end)):
        if value is None:
            errors.append(
                _err(
                    line_no,
                    name,
                    ErrorCode.DATE_INVALID,
                    gettext_noop(
                        "Geef een geldige datum (JJJJ-MM-DD of DD/MM/JJJJ) voor de periode van "
                        "de kost."
                    ),
                )
            )
    if start and end and end < start:
        errors.append(
            _err(
                line_no,
                "period_to",
                ErrorCode.PERIOD_REVERSED,
                gettext_noop(
                    "De einddatum van de periode ligt voor de begindatum. Verbeter de datums."
                ),
            )
        )
    amount = _decimal(raw.get("amount"))
    if amount is None:
        errors.append(
            _err(
                line_no,
                "amount",
                ErrorCode.AMOUNT_INVALID,
                gettext_noop("Geef het bedrag in euro, zoals 125,50."),
            )
        )
    elif amount <= 0:
        errors.append(
            _err(
                line_no,
                "amount",
                ErrorCode.AMOUNT_NOT_POSITIVE,
                gettext_noop(
                    "Het bedrag moet groter zijn dan nul. Een terugbetaling of korting geef je "
                    "in als creditnota, met een positief bedrag."
                ),
            )
        )
    elif amount >= MAX_AMOUNT:
        errors.append(
            _err(
                line_no,
                "amount",
                ErrorCode.AMOUNT_TOO_LARGE,
                gettext_noop("Dit bedrag is te groot. Controleer het bedrag."),
            )
        )
    elif (cents := round_cents(amount)) != amount:
        errors.append(
            _err(
                line_no,
                "amount",
                ErrorCode.AMOUNT_TOO_PRECISE,
                gettext_noop("Een bedrag heeft hoogstens twee cijfers na de komma."),
            )
        )
    quantity = None
    raw_quantity = raw.get("quantity")
    if raw_quantity not in (None, ""):
        quantity = _decimal(raw_quantity)
        if quantity is None or quantity <= 0 or quantity > MAX_QUANTITY:
            errors.append(
                _err(
                    line_no,
                    "quantity",
                    ErrorCode.QUANTITY_INVALID,
                    gettext_noop(
                        "Geef het aantal (uren, dagen, nachten, begeleidingen of cheques) als "
                        "een getal groter dan nul, of laat het leeg."
                    ),
                )
            )
            quantity = None
        elif quantity != (quantity := quantity.quantize(CENT)):
            errors.append(
                _err(
                    line_no,
                    "quantity",
                    ErrorCode.QUANTITY_INVALID,
                    gettext_noop("Een aantal heeft hoogstens twee cijfers na de komma."),
                )
            )
    late_reason = _text(raw.get("late_reason"))
    if late_reason != "" and late_reason not in late_reasons:
        errors.append(
            _err(
                line_no,
                "late_reason",
                ErrorCode.LATE_REASON_UNKNOWN,
                gettext_noop(
                    "Kies een reden voor laattijdige indiening uit de lijst, of laat het veld leeg."
                ),
            )
        )
    texts = {}
    for name, limit in TEXT_LIMITS.items():
        texts[name] = _text(raw.get(name))
        if texts[name] is None:
            errors.append(_text_error(line_no, name))
        elif len(texts[name]) > limit:
            errors.append(
                _err(
                    line_no,
                    name,
                    ErrorCode.TEXT_TOO_LONG,
                    gettext_noop("Dit veld is hoogstens %(max)s tekens lang. Kort de tekst in."),
                    max=limit,
                )
            )
    if errors:
        return None, errors
    return (
        LineInput(
            line_no=line_no,
            contract_id=contract_id,
            cost_kind=kind,
            booking_type=booking_type,
            period_from=start,
            period_to=end,
            assistant=texts["assistant"],
            quantity=quantity,  # to the cent: 700 and 700,00 are the same request
            amount=cents,
            description=texts["description"],
            late_reason=late_reason,
        ),
        [],
    )


def clean_statement(
    raw: Mapping[str, Any],
    *,
    cost_kinds: frozenset[str],
    late_reasons: frozenset[str],
    partial: bool = False,
) -> tuple[StatementInput | None, list[FieldError]]:
    """A statement with typed lines, or every field error of it and of each of its lines.

    With ``partial`` (a file's check: which rows are bad, and what would the good ones get?)
    a statement whose only errors are in some of its lines comes back with its good lines
    *and* the errors of the others; a statement error still gives no statement."""
    if not isinstance(raw, Mapping):
        return None, [
            _err(
                0,
                None,
                ErrorCode.STATEMENT_INVALID,
                gettext_noop(
                    "Deze kostenstaat is leeg of onleesbaar. Stuur het budget, het budgetjaar "
                    "en de kostenlijnen."
                ),
            )
        ]
    unknown = sorted(set(raw) - STATEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown cost statement fields: {unknown}")
    errors: list[FieldError] = []
    budget_id = _integer(raw.get("budget_id"))
    if budget_id is None:
        errors.append(
            _err(
                0,
                "budget_id",
                ErrorCode.BUDGET_UNKNOWN,
                gettext_noop("Kies het budget waarvoor je kosten indient."),
            )
        )
    year = _integer(raw.get("year"))
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        errors.append(
            _err(
                0,
                "year",
                ErrorCode.YEAR_INVALID,
                gettext_noop("Geef het budgetjaar als kalenderjaar, bv. 2024."),
            )
        )
    raw_key = raw.get("idempotency_key")
    key = None if raw_key is None or raw_key == "" else _text(raw_key)
    if (key is None and raw_key not in (None, "")) or (
        key is not None and (not key or len(key) > IDEMPOTENCY_KEY_LENGTH)
    ):
        errors.append(
            _err(
                0,
                "idempotency_key",
                ErrorCode.IDEMPOTENCY_KEY_INVALID,
                gettext_noop("Een idempotentiesleutel is gewone tekst van 1 tot %(max)s tekens."),
                max=IDEMPOTENCY_KEY_LENGTH,
            )
        )
    raw_lines = raw.get("lines")
    lines: list[LineInput] = []
    if not isinstance(raw_lines, Sequence) or isinstance(raw_lines, str | bytes) or not raw_lines:
        errors.append(
            _err(
                0,
                "lines",
                ErrorCode.NO_LINES,
                gettext_noop("Een kostenstaat heeft minstens één kostenlijn. Voeg een kost toe."),
            )
        )
    elif len(raw_lines) > MAX_LINES:
        errors.append(
            _err(
                0,
                "lines",
                ErrorCode.TOO_MANY_LINES,
                gettext_noop(
                    "Een kostenstaat heeft hoogstens %(max)s lijnen. Verdeel de kosten over "
                    "meer kostenstaten."
                ),
                max=MAX_LINES,
            )
        )
    else:
        for number, raw_line in enumerate(raw_lines, start=1):
            if type(raw_line) is not dict and not isinstance(raw_line, Mapping):
                errors.append(
                    _err(
                        number,
                        None,
                        ErrorCode.LINE_INVALID,
                        gettext_noop("Deze kostenlijn is leeg of onleesbaar. Vul ze opnieuw in."),
                    )
                )
                continue
            line, line_errors = clean_line(
                number, raw_line, cost_kinds=cost_kinds, late_reasons=late_reasons
            )
            errors += line_errors
            if line is not None:
                lines.append(line)
    if errors and not (partial and lines and all(error.line for error in errors)):
        return None, errors
    return (
        StatementInput(
            budget_id=budget_id,
            year=year,
            lines=tuple(lines),
            idempotency_key=key,
            request_hash=content_hash(budget_id, year, lines),
        ),
        errors,
    )
