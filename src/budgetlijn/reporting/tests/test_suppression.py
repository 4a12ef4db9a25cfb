"""Small-cell suppression: small cells hidden, and never derivable from the published totals."""

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlijn.demo.convenants import CONVENANT_2022_TABLE
from budgetlijn.reporting.suppression import PRIMARY, SECONDARY, TOTAL, is_bridge, suppress
from budgetlijn.reporting.tests.disclosure import derivable

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
    assert primary == {cell for cell, count in counts.items() if 0 < count < 5}
    # Zeros and cells of 5 or more are not primary: 5 children in Vlaams-Brabant, "Ander".
    assert pattern.kind("OTHER", "VBR") == ""
    assert pattern.kind("RESIDENTIAL_HIGH_FREQUENCY", "ANT") == ""


def test_a_lone_small_cell_in_a_row_gets_a_companion():
    # "Schoolaanvullende dagopvang": 2 in Antwerpen, zeros elsewhere. The row total (2) would
    # give the cell away: another cell of that row must be suppressed too.
    rows, counts = convenant_table()
    pattern = suppress(rows, PROVINCES, counts, threshold=5)
    row = [pattern.kind("SCHOOL_COMPLEMENTARY_DAY_CARE", p) for p in PROVINCES]
    assert row.count(PRIMARY) == 1
    assert row.count(SECONDARY) >= 1
    assert not is_bridge(pattern.cells, ("SCHOOL_COMPLEMENTARY_DAY_CARE", "ANT"))


def test_no_suppressed_cell_of_the_2022_table_is_derivable_from_the_totals():
    rows, counts = convenant_table()
    pattern = suppress(rows, PROVINCES, counts, threshold=5)
    assert pattern.primary == 9
    assert derivable(rows, PROVINCES, set(pattern.cells)) == set()
    # Totals stay published.
    assert not any(TOTAL in cell for cell in pattern.cells)
    # Every row and column with a suppressed cell has at least two.
    for row in rows:
        assert sum(1 for p in PROVINCES if pattern.kind(row, p)) in (0, 2, 3, 4, 5, 6)
    for province in PROVINCES:
        assert sum(1 for r in rows if pattern.kind(r, province)) != 1


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
    assert pattern.kind(TOTAL, "a") == SECONDARY  # the column total is the cell itself
    assert derivable(rows, columns, set(pattern.cells)) == set()


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
    for cell, count in counts.items():
        if 0 < count < threshold:
            assert pattern.kind(*cell) == PRIMARY
    assert derivable(rows, columns, set(pattern.cells)) == set()
    if n_rows > 1 and n_columns > 1:
        assert not any(TOTAL in cell for cell in pattern.cells), "totals stay published"
