"""Valid identity numbers for demo persons, organisations and accounts.

National register numbers: built from the birth date and a sequence number (odd for men, even
for women); the two check digits are *found* by asking python-stdnum which candidate is valid,
never computed with a formula of our own. Enterprise numbers (KBO): eight digits drawn at
random, the two check digits found the same way with ``stdnum.be.vat``. Belgian IBANs: built by
schwifty from a real Belgian bank code and an account number; schwifty adds the national and the
IBAN check digits.
"""

import random
from datetime import date

from schwifty import IBAN
from stdnum.be import nn, vat

# Bank codes (first 3 digits of a Belgian account number) of banks common in Flanders, with a
# rough weight: KBC, BNP Paribas Fortis, Belfius, ING, Argenta, Crelan, Bank J. Van Breda.
BANK_CODES: tuple[tuple[str, int], ...] = (
    ("734", 9),
    ("735", 6),
    ("737", 5),
    ("001", 8),
    ("143", 3),
    ("068", 6),
    ("063", 3),
    ("363", 5),
    ("310", 3),
    ("979", 4),
    ("973", 2),
    ("103", 3),
    ("751", 2),
    ("645", 1),
)

# Sequence numbers of the national register: 001-997 for men (odd), 002-998 for women (even).
SEQUENCE_MIN, SEQUENCE_MAX = 1, 998


class NationalNumbers:
    """Issues unique, valid national register numbers."""

    def __init__(self) -> None:
        self._issued: set[str] = set()

    def __contains__(self, number: str) -> bool:
        return number in self._issued

    def issue(self, rng: random.Random, birth_date: date, gender: str) -> str:
        """A new number for someone born on ``birth_date`` (gender "M" or "F")."""
        start = rng.randint(SEQUENCE_MIN, SEQUENCE_MAX)
        span = SEQUENCE_MAX - SEQUENCE_MIN + 1
        for step in range(span):
            sequence = SEQUENCE_MIN + (start - SEQUENCE_MIN + step) % span
            if (sequence % 2 == 1) != (gender == "M"):
                continue
            number = with_check_digits(birth_date, sequence)
            if number not in self._issued:
                self._issued.add(number)
                return number
        raise RuntimeError(f"no free sequence number left for {birth_date} ({gender})")


def with_check_digits(birth_date: date, sequence: int) -> str:
    """The valid national register number for this birth date and sequence number.

    Tries the 100 possible check digits and keeps the one python-stdnum accepts *and* reads
    back as this birth date (the check digits also tell the century: 19xx or 20xx)."""
    prefix = f"{birth_date:%y%m%d}{sequence:03d}"
    for check in range(100):
        candidate = f"{prefix}{check:02d}"
        if nn.is_valid(candidate) and nn.get_birth_date(candidate) == birth_date:
            return candidate
    raise ValueError(f"no valid national register number for {birth_date} / {sequence:03d}")


# Enterprise numbers: "0" and seven digits, then two check digits (01-97 in the KBO). The demo
# draws the seven digits from this range, as the numbers of organisations founded since the
# 1990s (0400.000.0xx - 0899.999.9xx).
ENTERPRISE_BASE_MIN, ENTERPRISE_BASE_MAX = 4_000_000, 8_999_999


class EnterpriseNumbers:
    """Issues unique, valid Belgian enterprise numbers (10 digits, compact)."""

    def __init__(self) -> None:
        self._issued: set[str] = set()

    def __contains__(self, number: str) -> bool:
        return number in self._issued

    def issue(self, rng: random.Random) -> str:
        while True:
            base = f"0{rng.randint(ENTERPRISE_BASE_MIN, ENTERPRISE_BASE_MAX):07d}"
            number = enterprise_number_with_check_digits(base)
            if number not in self._issued:
                self._issued.add(number)
                return number


def enterprise_number_with_check_digits(base: str) -> str:
    """The valid enterprise number that starts with these eight digits.

    Tries the check digits 01 to 99 and keeps the first one python-stdnum accepts (the KBO
    uses 01-97, so 00 is never tried)."""
    if len(base) != 8 or not base.isdigit():
        raise ValueError(f"an enterprise number starts with eight digits, not {base!r}")
    for check in range(1, 100):
        candidate = f"{base}{check:02d}"
        if vat.is_valid(candidate):
            return candidate
    raise ValueError(f"no valid enterprise number starts with {base}")


class Ibans:
    """Issues unique, valid Belgian IBANs."""

    def __init__(self) -> None:
        self._issued: set[str] = set()
        self._codes = [code for code, _weight in BANK_CODES]
        self._weights = [weight for _code, weight in BANK_CODES]

    def issue(self, rng: random.Random) -> str:
        while True:
            bank_code = rng.choices(self._codes, weights=self._weights)[0]
            account_code = f"{rng.randint(0, 9_999_999):07d}"
            iban = IBAN.generate("BE", bank_code=bank_code, account_code=account_code)
            if iban.compact not in self._issued:
                self._issued.add(iban.compact)
                return iban.compact
