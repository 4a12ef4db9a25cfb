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


# Bounds: the published values can move only as far as no value becomes negative.


def equations(rows, columns, unknowns):
    """The equations of the extended table over ``unknowns``, one per line: for every unknown
    the two (line, coefficient) pairs it appears in."""
    extended_rows = [*rows, TOTAL]
    extended_columns = [*columns, TOTAL]
    keys = set(unknowns)
    appears: dict[tuple, list[tuple]] = {key: [] for key in keys}
    for row in extended_rows:
        for column in extended_columns:
            key = (row, column)
            if key in keys:
                appears[key].append((("row", row), -1 if column == TOTAL else 1))
                appears[key].append((("column", column), -1 if row == TOTAL else 1))
    return appears


def _orientation(appears) -> dict[tuple, int]:
    """Signs for the equations so that every unknown has +1 in one of its two and -1 in the
    other (the constraint matrix of a table with totals is a network matrix up to these
    signs): a 2-colouring of the lines, found by search."""
    neighbours: dict[tuple, list[tuple[tuple, int]]] = {}
    for (a, alpha), (b, beta) in appears.values():
        # Need flip[a] * alpha == -flip[b] * beta.
        relation = -alpha * beta
        neighbours.setdefault(a, []).append((b, relation))
        neighbours.setdefault(b, []).append((a, relation))
    flip: dict[tuple, int] = {}
    for start in neighbours:
        if start in flip:
            continue
        flip[start] = 1
        stack = [start]
        while stack:
            node = stack.pop()
            for other, relation in neighbours[node]:
                wanted = flip[node] * relation
                if other not in flip:
                    flip[other] = wanted
                    stack.append(other)
                elif flip[other] != wanted:
                    raise AssertionError("not a network matrix")
    return flip


def pinned(rows, columns, suppressed, values) -> set[tuple]:
    """The suppressed keys whose value is pinned to a bound an attacker can compute, given
    that no value is negative: a positive value that cannot go up or cannot go down, a value 0
    that cannot go up, while everything published stays as it is.

    The changes that keep every line's sum are circulations on the network of the lines (an
    unknown is an arc from the line where it counts +1 to the line where it counts -1, after
    ``_orientation``). A circulation decomposes into simple cycles whose arcs carry the same
    signs (conformal decomposition), so an unknown can increase (decrease) without making a
    zero value negative exactly when it lies on a directed cycle in which it increases
    (decreases) and every unknown of value 0 increases.
    """
    appears = equations(rows, columns, suppressed)
    if not appears:
        return set()
    flip = _orientation(appears)
    arcs: dict[tuple, tuple] = {}
    for key, ((a, alpha), (b, _beta)) in appears.items():
        if flip[a] * alpha > 0:
            arcs[key] = (a, b)  # increasing the unknown: flow from a to b
        else:
            arcs[key] = (b, a)

    def moves(key, up: bool) -> bool:
        graph: dict[tuple, set] = {}
        for other, (a, b) in arcs.items():
            if other == key:
                continue
            graph.setdefault(a, set()).add(b)  # the other increases
            if values[other] != 0:
                graph.setdefault(b, set()).add(a)  # the other decreases
        start, end = arcs[key] if up else arcs[key][::-1]
        seen, stack = {end}, [end]
        while stack:
            node = stack.pop()
            if node == start:
                return True
            for nxt in graph.get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    found = set()
    for key in appears:
        if not moves(key, up=True) or (values[key] != 0 and not moves(key, up=False)):
            found.add(key)
    return found


def small_groups(rows, columns, suppressed, persons, threshold) -> list[list[tuple]]:
    """Lines whose total is published while their suppressed entries together hold 1 to
    threshold - 1 persons: total minus the visible entries is the sum of a small group."""
    extended_rows = [*rows, TOTAL]
    extended_columns = [*columns, TOTAL]
    lines = [[(row, column) for column in extended_columns] for row in extended_rows]
    lines += [[(row, column) for row in extended_rows] for column in extended_columns]
    found = []
    for line in lines:
        if line[-1] in suppressed:
            continue
        hidden = [key for key in line[:-1] if key in suppressed]
        if 0 < sum(persons[key] for key in hidden) < threshold:
            found.append(hidden)
    return found


def with_totals(rows, columns, cells):
    """The cells and their totals (sums) in one mapping, keyed as the suppression keys them."""
    table = {(row, column): cells.get((row, column), 0) for row in rows for column in columns}
    for row in rows:
        table[(row, TOTAL)] = sum(table[(row, column)] for column in columns)
    for column in columns:
        table[(TOTAL, column)] = sum(table[(row, column)] for row in rows)
    table[(TOTAL, TOTAL)] = sum(table[(row, TOTAL)] for row in rows)
    return table


def disclosed(
    rows, columns, suppressed, values, persons, threshold, signed=False
) -> dict[str, object]:
    """Everything a published table gives away (empty when nothing): exactly derivable
    entries, entries pinned to a bound (not for ``signed`` values, which can be negative),
    small groups."""
    problems = {
        "derivable": derivable(rows, columns, suppressed),
        "pinned": set() if signed else pinned(rows, columns, suppressed, values),
        "groups": small_groups(rows, columns, suppressed, persons, threshold),
    }
    return {name: found for name, found in problems.items() if found}
