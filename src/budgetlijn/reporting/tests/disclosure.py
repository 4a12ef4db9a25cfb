"""An independent check of suppression: which suppressed values the published figures give away.

The published table: visible cells, visible totals (rows, columns, grand total). Unknowns: the
suppressed cells and totals. Equations: every row sums to its row total, every column to its
column total, the row totals and the column totals to the grand total. An unknown is derivable
exactly when its unit vector lies in the row space of the equations (exact Gaussian elimination
over fractions), whatever the published numbers are.
"""

from fractions import Fraction

TOTAL = "__total__"


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [row[:] for row in matrix]
    rank = 0
    columns = len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][column] != 0:
                factor = rows[i][column] / rows[rank][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def derivable(rows, columns, suppressed) -> set[tuple]:
    """The suppressed (row, column) keys (TOTAL for totals) that can be computed."""
    unknowns = sorted(suppressed, key=repr)
    if not unknowns:
        return set()
    index = {key: i for i, key in enumerate(unknowns)}
    extended_rows = [*rows, TOTAL]
    extended_columns = [*columns, TOTAL]
    equations = []
    for row in extended_rows:  # sum of the row's cells minus its total
        equation = [Fraction(0)] * len(unknowns)
        for column in extended_columns:
            key = (row, column)
            if key in index:
                equation[index[key]] += -1 if column == TOTAL else 1
        equations.append(equation)
    for column in extended_columns:
        equation = [Fraction(0)] * len(unknowns)
        for row in extended_rows:
            key = (row, column)
            if key in index:
                equation[index[key]] += -1 if row == TOTAL else 1
        equations.append(equation)
    base = _rank(equations)
    found = set()
    for key, i in index.items():
        unit = [Fraction(0)] * len(unknowns)
        unit[i] = Fraction(1)
        if _rank([*equations, unit]) == base:
            found.add(key)
    return found
