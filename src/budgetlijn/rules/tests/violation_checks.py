"""Assertions on violations shared by the pure rule tests: every violation names its rule and
field, and carries a readable Dutch message (catches a message, rule id or field that was
dropped, emptied or mangled)."""

import re

# Acronyms and codes that may be written in capitals inside a message.
CAPITALS_ALLOWED = frozenset(
    {
        "PAB",
        "PVB",
        "MFC",
        "IBAN",
        "SEPA",
        "VIA",
        "BIS",
        "EUR",
        "WVG",
        "RSZ",
        "IRPC",
        "GES",
        "VAPH",
        "INSZ",
    }
)
RULE_ID = re.compile(r"^R\d{1,2}$|^L\d{1,2}$|^LEDGER$")


def assert_dutch_message(message: object) -> None:
    assert isinstance(message, str) and message.strip(), f"empty message: {message!r}"
    assert "XX" not in message, message
    assert message[0].isupper() or message[0] in "'(%", message
    assert message.rstrip().endswith((".", ")", "?", "!")), message
    assert not re.search(r"[.!?] [a-zà-ÿ]", message), f"sentence starts in lower case: {message}"
    shouting = [
        word
        for word in re.findall(r"[A-Za-zÀ-ÿ]{4,}", message)
        if word.isupper() and word not in CAPITALS_ALLOWED
    ]
    assert not shouting, f"words in capitals: {shouting} in {message}"


def described(violations) -> list[tuple[str, str, str | None]]:
    """(rule id, code, field) of each violation, after checking its message and text."""
    result = []
    for violation in violations:
        assert RULE_ID.match(violation.rule_id or ""), violation.rule_id
        assert isinstance(violation.code, str) and re.match(r"^[a-z0-9_]+$", violation.code)
        assert_dutch_message(violation.message)
        text = violation.text()
        assert "%(" not in text, text
        result.append((violation.rule_id, violation.code, violation.field))
    return result
