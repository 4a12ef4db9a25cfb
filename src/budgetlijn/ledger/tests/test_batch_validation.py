"""The batch path's quick validation of the common case gives exactly what the full validation
gives, whatever the request (no database: validation reads nothing)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlijn.ledger.batch import BookingRequest, _validate, _validate_fully
from budgetlijn.ledger.constants import IDEMPOTENCY_KEY_LENGTH, MAX_YEAR, MIN_YEAR, EntryKind

amounts = st.one_of(
    st.integers(min_value=-200, max_value=200).map(lambda c: Decimal(c).scaleb(-2)),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.sampled_from(
        [
            Decimal("0.005"),
            Decimal("12.5"),
            Decimal("12"),
            Decimal("12.500"),
            Decimal("1E+13"),
            Decimal("9999999999999.99"),
            Decimal("-0.00"),
        ]
    ),
    st.integers(min_value=-5, max_value=5),
    st.sampled_from(["12,50", "12.50", "", None, True]),
)
years = st.one_of(
    st.integers(min_value=MIN_YEAR - 2, max_value=MAX_YEAR + 2),
    st.sampled_from([True, "2024", None]),
)
texts = st.one_of(st.sampled_from(["", "  ", " reden ", "reden", None, 5]), st.text(max_size=4))
keys = st.one_of(
    texts,
    st.sampled_from(["k" * IDEMPOTENCY_KEY_LENGTH, "k" * (IDEMPOTENCY_KEY_LENGTH + 1)]),
    st.sampled_from([" " + "k" * IDEMPOTENCY_KEY_LENGTH + " "]),
)
kinds = st.one_of(st.sampled_from(list(EntryKind.values)), st.sampled_from(["", "PAYMENT", None]))


def _shape(checked):
    return (
        checked.index,
        [(v.rule_id, str(v.code), v.field) for v in checked.violations],
        checked.stored,
        str(checked.stored) if checked.stored is not None else None,
        checked.cents,
        checked.bucket,
        checked.reason,
        checked.key,
    )


@settings(max_examples=600, deadline=None)
@given(kind=kinds, year=years, amount=amounts, reason=texts, key=keys)
def test_the_quick_validation_gives_what_the_full_one_gives(kind, year, amount, reason, key):
    request = BookingRequest(
        budget_id=1, year=year, kind=kind, amount=amount, reason=reason, idempotency_key=key
    )
    try:
        expected = _shape(_validate_fully(3, request))
    except TypeError as error:  # a float or a bool amount is refused loudly, by both
        try:
            _validate(3, request)
        except TypeError as again:
            assert str(again) == str(error)
            return
        raise AssertionError("the quick path accepted what the full one refuses") from error
    assert _shape(_validate(3, request)) == expected


def test_the_quick_validation_takes_the_common_case():
    """A commitment in cents with a reason and a key: stored as given, in cents."""
    request = BookingRequest(
        budget_id=1,
        year=2024,
        kind=EntryKind.COMMITMENT,
        amount=Decimal("12.50"),
        reason=" Kostenlijn 1 ",
        idempotency_key="cost:1:1:c",
    )
    checked = _validate(0, request)
    assert checked.violations == []
    assert checked.stored == Decimal("12.50") and checked.cents == 1250
    assert checked.bucket == "COMMITTED" and checked.reason == "Kostenlijn 1"
