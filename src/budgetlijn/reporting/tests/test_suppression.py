"""Small-cell suppression: small cells hidden, and never derivable from the published totals."""

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlijn.demo.convenants import CONVENANT_2022_TABLE
from budgetlijn.reporting.suppression import PRIMARY, SECONDARY, TOTAL, is_bridge, suppress
from budgetlijn.reporting.tests.disclosure import derivable, disclosed, pinned, with_totals

PROVINCES = ["ANT", "LIM", "OVL", "VBR", "WVL", "BRU"]


def convenant_table():
    rows = list(CONVENANT_2022_TABLE)
    counts = {
        (row, province): CONVENANT_2022_TABLE[row].get(province, 0)
        for row in rows
        for province in PROVINCES
    }
    return rows, counts


def test_primary_cells_are_those_below_the_threshold():
    rows, counts = convenant_table()
    pattern = suppress(rows, PROVINCES, counts, threshold=5)
    primary = {cell for cell, kind in pattern.cells.items() if kind == PRIMARY}
    table = with_totals(rows, PROVINCES, counts)
    assert primary == {key for key, count in table.items() if 0 < count < 5}
    assert ("SCHOOL_COMPLEMENTARY_DAY_CARE", TOTAL) in primary  # a row total of 2 children
    # Zeros and cells of 5 or more are not primary: 5 children in Vlaams-Brabant, "Ander".
    assert pattern.kind("OTHER", "VBR") == ""
    assert pattern.kind("RESIDENTIAL_HIGH_FREQUENCY", "ANT") == ""


def test_a_lone_small_cell_in_a_row_hides_its_row_total_too():
    # "Schoolaanvullende dagopvang": 2 in Antwerpen, zeros elsewhere. The row total (2 children)
    # is itself a small figure, and an "x" that is in fact 0 would not hide the cell: the row
    # total would be its exact upper bound.
    rows, counts = convenant_table()
    pattern = suppress(rows, PROVINCES, counts, threshold=5)
    row = [pattern.kind("SCHOOL_COMPLEMENTARY_DAY_CARE", p) for p in PROVINCES]
    assert row.count(PRIMARY) == 1
    assert pattern.kind("SCHOOL_COMPLEMENTARY_DAY_CARE", TOTAL) == PRIMARY
    assert not is_bridge(pattern.cells, ("SCHOOL_COMPLEMENTARY_DAY_CARE", "ANT"))
    # No zero is used as a companion.
    for (row_key, column), kind in pattern.cells.items():
        if kind == SECONDARY and TOTAL not in (row_key, column):
            assert counts[(row_key, column)] > 0


def test_no_suppressed_value_of_the_2022_table_is_derivable():
    rows, counts = convenant_table()
    pattern = suppress(rows, PROVINCES, counts, threshold=5)
    # 9 small cells, and the row total of "Schoolaanvullende dagopvang" (2 children).
    assert pattern.primary == 10
    table = with_totals(rows, PROVINCES, counts)
    assert disclosed(rows, PROVINCES, set(pattern.cells), table, table, 5) == {}
    # The grand total and the other row totals (7, 7, 12, 96) stay published.
    assert pattern.kind(TOTAL, TOTAL) == ""
    assert pattern.kind("RESIDENTIAL_HIGH_FREQUENCY", TOTAL) == ""


def test_the_checker_sees_a_lone_suppressed_cell():
    rows, columns = ["a", "b"], ["x", "y"]
    assert derivable(rows, columns, {("a", "x")}) == {("a", "x")}
    assert derivable(rows, columns, {("a", "x"), ("a", "y")}) == {("a", "x"), ("a", "y")}
    assert derivable(rows, columns, {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}) == set()


def test_two_cycles_joined_by_one_cell_do_not_protect_that_cell():
    # Every row and column has two suppressed cells, yet (r1, c3) follows from the totals.
    rows = ["r1", "r2", "r3", "r4"]
    columns = ["c1", "c2", "c3", "c4"]
    cells = {
        ("r1", "c1"),
        ("r1", "c2"),
        ("r2", "c1"),
        ("r2", "c2"),
        ("r3", "c3"),
        ("r3", "c4"),
        ("r4", "c3"),
        ("r4", "c4"),
        ("r1", "c3"),
    }
    assert derivable(rows, columns, cells) == {("r1", "c3")}
    assert is_bridge(cells, ("r1", "c3"))
    counts = dict.fromkeys(cells, 10)
    counts[("r1", "c3")] = 2
    pattern = suppress(rows, columns, counts, threshold=5)
    assert derivable(rows, columns, set(pattern.cells)) == set()


def test_a_single_row_table_hides_the_totals_that_repeat_its_cells():
    rows, columns = ["only"], ["a", "b", "c"]
    counts = {("only", "a"): 3, ("only", "b"): 10, ("only", "c"): 20}
    pattern = suppress(rows, columns, counts, threshold=5)
    assert pattern.kind("only", "a") == PRIMARY
    assert pattern.kind(TOTAL, "a") == PRIMARY  # the column total is the cell itself
    table = with_totals(rows, columns, counts)
    assert disclosed(rows, columns, set(pattern.cells), table, table, 5) == {}


def test_a_one_person_table_hides_every_total_and_its_zero_neighbours_do_not_count():
    # One PVB budget allocated on one day: one cell with one person and its amount.
    rows, columns = ["PVB:new:12"], ["ANT", "LIM", "OVL"]
    counts = {("PVB:new:12", "LIM"): 1}
    amounts = {("PVB:new:12", "LIM"): 52_000}
    pattern = suppress(rows, columns, counts, threshold=5, values=amounts)
    for key in [("PVB:new:12", "LIM"), ("PVB:new:12", TOTAL), (TOTAL, "LIM"), (TOTAL, TOTAL)]:
        assert pattern.kind(*key) == PRIMARY, key
    table = with_totals(rows, columns, amounts)
    persons = with_totals(rows, columns, counts)
    assert disclosed(rows, columns, set(pattern.cells), table, persons, 5) == {}


def test_the_checker_sees_a_value_pinned_by_a_zero_companion():
    # A small cell and an "x" that is 0: the row total is the small cell's exact upper bound.
    rows, columns = ["a", "b"], ["x", "y"]
    values = with_totals(rows, columns, {("a", "x"): 40_000, ("b", "x"): 9, ("b", "y"): 9})
    suppressed = {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert derivable(rows, columns, suppressed) == set()
    assert ("a", "x") in pinned(rows, columns, suppressed, values)
    # With a value in the companion it can move both ways.
    values = with_totals(
        rows, columns, {("a", "x"): 4, ("a", "y"): 9, ("b", "x"): 9, ("b", "y"): 9}
    )
    assert pinned(rows, columns, suppressed, values) == set()


def test_two_small_cells_in_a_line_are_not_a_safe_pair():
    # Two children of one row, each the only one in his column: each can subtract his own
    # value from the row total and learn the other's.
    rows, columns = ["r1", "r2"], ["c1", "c2", "c3"]
    counts = {
        ("r1", "c1"): 1,
        ("r1", "c2"): 1,
        ("r2", "c1"): 8,
        ("r2", "c2"): 8,
        ("r2", "c3"): 8,
        ("r1", "c3"): 9,
    }
    pattern = suppress(rows, columns, counts, threshold=5)
    table = with_totals(rows, columns, counts)
    assert disclosed(rows, columns, set(pattern.cells), table, table, 5) == {}
    row = [pattern.kind("r1", c) for c in columns]
    assert row.count(PRIMARY) == 2 and row.count(SECONDARY) == 1


def test_nothing_small_nothing_suppressed():
    pattern = suppress(["a"], ["x"], {("a", "x"): 7}, threshold=5)
    assert pattern.cells == {}


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=6).flatmap(
        lambda n_rows: st.integers(min_value=1, max_value=6).flatmap(
            lambda n_columns: st.tuples(
                st.just(n_rows),
                st.just(n_columns),
                st.lists(
                    st.integers(min_value=0, max_value=12),
                    min_size=n_rows * n_columns,
                    max_size=n_rows * n_columns,
                ),
                st.integers(min_value=2, max_value=6),
            )
        )
    )
)
def test_no_suppressed_value_is_ever_derivable(table):
    n_rows, n_columns, values, threshold = table
    rows = [f"r{i}" for i in range(n_rows)]
    columns = [f"c{j}" for j in range(n_columns)]
    counts = {
        (row, column): values[i * n_columns + j]
        for i, row in enumerate(rows)
        for j, column in enumerate(columns)
    }
    pattern = suppress(rows, columns, counts, threshold)
    table = with_totals(rows, columns, counts)
    for key, count in table.items():
        if 0 < count < threshold:
            assert pattern.kind(*key) == PRIMARY, key
    assert disclosed(rows, columns, set(pattern.cells), table, table, threshold) == {}


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda n_rows: st.integers(min_value=1, max_value=5).flatmap(
            lambda n_columns: st.tuples(
                st.just(n_rows),
                st.just(n_columns),
                st.lists(
                    st.tuples(
                        st.integers(min_value=0, max_value=9),
                        st.sampled_from([0, 1, 30_273, 42_658, 60_259]),
                    ),
                    min_size=n_rows * n_columns,
                    max_size=n_rows * n_columns,
                ),
                st.integers(min_value=2, max_value=6),
            )
        )
    )
)
def test_no_suppressed_amount_is_ever_derivable(table):
    # Amounts: a cell's value is its persons times an amount, or 0 (persons without a known
    # amount); the persons decide what is small.
    n_rows, n_columns, values, threshold = table
    rows = [f"r{i}" for i in range(n_rows)]
    columns = [f"c{j}" for j in range(n_columns)]
    counts, amounts = {}, {}
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            persons, amount = values[i * n_columns + j]
            counts[(row, column)] = persons
            amounts[(row, column)] = persons * amount
    pattern = suppress(rows, columns, counts, threshold, values=amounts)
    persons = with_totals(rows, columns, counts)
    money = with_totals(rows, columns, amounts)
    for key, count in persons.items():
        if 0 < count < threshold:
            assert pattern.kind(*key) == PRIMARY, key
    assert disclosed(rows, columns, set(pattern.cells), money, persons, threshold) == {}
