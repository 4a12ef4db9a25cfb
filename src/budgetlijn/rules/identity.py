"""Identity numbers: the Belgian national register number and BIS number (python-stdnum).

Check digits are never computed by hand here: python-stdnum validates and parses them.
"""

from dataclasses import dataclass
from datetime import date

from stdnum import exceptions as stdnum_exceptions
from stdnum.be import bis, nn

from budgetlijn.rules.codes import IdentityCode
from budgetlijn.rules.dates import years_between
from budgetlijn.rules.violations import Violation, _

FIELD = "national_number"


@dataclass(frozen=True)
class ParsedNumber:
    compact: str
    kind: str  # "NN" (rijksregisternummer) or "BIS"
    birth_date: date | None
    gender: str | None  # "M" or "F" when the number tells


def strip_punctuation(value: str) -> str:
    """Remove the dots, dashes, slashes and spaces people type in a number."""
    return "".join(ch for ch in (value or "") if ch not in " .-/\t")


def _compact(value: str) -> str:
    return "".join(ch for ch in (value or "") if ch.isdigit())


def parse_national_number(value: str) -> ParsedNumber:
    """Parse a valid national register number or BIS number; raises ValueError otherwise."""
    number = _compact(value)
    for module, kind in ((nn, "NN"), (bis, "BIS")):
        try:
            module.validate(number)
        except stdnum_exceptions.ValidationError:
            continue
        try:
            gender = module.get_gender(number)
        except stdnum_exceptions.ValidationError:
            gender = None
        return ParsedNumber(number, kind, module.get_birth_date(number), gender)
    raise ValueError(f"not a valid national register or BIS number: {value!r}")


def check_national_number(value: str, birth_date: date | None = None) -> list[Violation]:
    """Violations for a national register number (and its agreement with a birth date)."""
    number = _compact(value)
    if not number:
        return [
            Violation(
                "R18",
                IdentityCode.NATIONAL_NUMBER_MISSING,
                _("Vul het rijksregisternummer in (11 cijfers)."),
                FIELD,
            )
        ]
    if len(number) != 11:
        return [
            Violation(
                "R18",
                IdentityCode.NATIONAL_NUMBER_LENGTH,
                _(
                    "Een rijksregisternummer heeft 11 cijfers; u gaf er %(count)s. "
                    "Neem het over van de identiteitskaart."
                ),
                FIELD,
                {"count": len(number)},
            )
        ]
    try:
        parsed = parse_national_number(number)
    except ValueError:
        return [
            Violation(
                "R18",
                IdentityCode.NATIONAL_NUMBER_INVALID,
                _(
                    "Dit rijksregisternummer klopt niet: de controlecijfers of de geboortedatum "
                    "erin zijn ongeldig. Controleer elk cijfer op de identiteitskaart."
                ),
                FIELD,
            )
        ]
    if birth_date and parsed.birth_date and parsed.birth_date != birth_date:
        return [
            Violation(
                "R18",
                IdentityCode.NATIONAL_NUMBER_BIRTH_DATE_MISMATCH,
                _(
                    "De geboortedatum %(given)s past niet bij het rijksregisternummer "
                    "(dat zegt %(parsed)s). Controleer beide."
                ),
                "birth_date",
                {
                    "given": birth_date.strftime("%d/%m/%Y"),
                    "parsed": parsed.birth_date.strftime("%d/%m/%Y"),
                },
            )
        ]
    return []


def age_on(birth_date: date, day: date) -> int:
    return years_between(birth_date, day)


def mask(number: str) -> str:
    """Show only the birth-date part: 85.07.30-xxx.xx (for lists and logs)."""
    digits = _compact(number)
    if len(digits) != 11:
        return "***"
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}-xxx.xx"


def format_national_number(number: str) -> str:
    digits = _compact(number)
    return nn.format(digits) if len(digits) == 11 else number
