"""Small-cell suppression for publication (pure: no Django).

A published table has cells, row totals, column totals and a grand total. Here they are all
*entries* of one extended table: the totals are an extra row and an extra column keyed
``TOTAL``, so ``(row, TOTAL)`` is a row total, ``(TOTAL, column)`` a column total and
``(TOTAL, TOTAL)`` the grand total. Every entry has a number of persons (the persons whose data
make up its value) and a value.

- Primary suppression: every entry, a total as much as a cell, with 1 to threshold - 1 persons.
  A total of one person gives that person away as surely as a cell does.
- Secondary suppression: what is published must not give a suppressed entry away.

  * By subtraction (exact disclosure): each line of the extended table sums to its total. A set
    of suppressed entries hides each of them from these equations exactly when every one lies on
    a cycle of the bipartite graph "row - column" whose edges are the suppressed entries: the
    values can move +d/-d around the cycle without changing anything published.
  * By bounds (values cannot be negative): a cycle only helps when the values on it can really
    move. A suppressed entry whose true value is 0 can go up but not down, so it blocks the
    cycle in one direction: a lone primary cell with one "x" next to it that is in fact 0 has
    the row total as an exact upper bound, and with one person in the row that bound *is* the
    person's amount. So we ask more: a suppressed entry with a value must be able to move both
    up and down (an entry of value 0 at least up) without making any other value negative.
    Written as a flow (below), that is a directed cycle through the entry.
  * Groups: a line whose total is published reveals the sum of its suppressed cells. When
    those together have 1 to threshold - 1 persons, a member can subtract his own value from it;
    one more entry of the line is suppressed.

  For every entry that is not protected we add the cheapest set of entries that closes such a
  cycle (Dijkstra). An entry costs its number of persons plus twice the threshold (few entries
  first, then small ones); a total costs a prohibitive amount, so a total is only suppressed
  when nothing else works (a table of one row or one column, a line whose other entries are 0,
  a total with few persons). Entries already suppressed cost nothing. Secondary entries that
  turn out not to be needed are then given back, the costliest first.

Flow view (used for the bounds): write y = x for a cell and for the grand total and y = -x for
a row or column total. Then every line of the extended table sums to 0 in y, so the changes an
attacker cannot rule out are circulations on the bipartite graph, an edge (row, column)
carrying y from the row to the column. An entry can increase along the arc row -> column when
its y = x (and column -> row when y = -x), and decrease along the other arc; an entry of value
0 has only its "increase" arc. A suppressed entry can move up (down) exactly when its increase
(decrease) arc lies on a directed cycle of such arcs of suppressed entries (a circulation
decomposes into cycles of the same signs).

With ``signed=True`` (values can be negative, like "nog beschikbaar") a value of 0 is no bound
and only the exact-disclosure condition is used.

This protects against exact disclosure and against a suppressed value being pinned to a bound;
it does not size protection intervals (how far a value can move). See
docs/decisions/0008-statistics.md.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

PRIMARY = "primary"
SECONDARY = "secondary"
TOTAL = "__total__"  # the key of the totals row and the totals column
TOTAL_COST = 10**12
UP, DOWN = 1, -1

Key = tuple[Hashable, Hashable]


@dataclass
class Pattern:
    """Which cells and totals are suppressed; keys are (row, column), TOTAL for a total."""

    cells: dict[Key, str] = field(default_factory=dict)

    def kind(self, row: Hashable, column: Hashable) -> str:
        return self.cells.get((row, column), "")

    @property
    def primary(self) -> int:
        return sum(1 for kind in self.cells.values() if kind == PRIMARY)

    @property
    def secondary(self) -> int:
        return sum(1 for kind in self.cells.values() if kind == SECONDARY)


def is_total(key: Key) -> bool:
    return key[0] == TOTAL or key[1] == TOTAL


def sign(key: Key) -> int:
    """+1 for a cell and the grand total, -1 for a row or column total (see the flow view)."""
    return -1 if (key[0] == TOTAL) != (key[1] == TOTAL) else 1


def arc(key: Key, direction: int) -> tuple[tuple, tuple]:
    """The arc (from node, to node) along which the entry moves in ``direction``."""
    row, column = ("r", key[0]), ("c", key[1])
    return (row, column) if sign(key) * direction > 0 else (column, row)


def extend(
    rows: list,
    columns: list,
    table: Mapping[Key, int | object],
    totals: Mapping[Key, object] | None,
) -> dict[Key, object]:
    """Cells and totals in one mapping; totals missing from ``totals`` are sums of the cells."""
    extended: dict[Key, object] = {}
    for row in rows:
        for column in columns:
            extended[(row, column)] = table.get((row, column), 0)
    totals = dict(totals or {})
    for row in rows:
        key = (row, TOTAL)
        extended[key] = totals[key] if key in totals else sum(extended[(row, c)] for c in columns)
    for column in columns:
        key = (TOTAL, column)
        extended[key] = totals[key] if key in totals else sum(extended[(r, column)] for r in rows)
    key = (TOTAL, TOTAL)
    extended[key] = totals[key] if key in totals else sum(extended[(r, TOTAL)] for r in rows)
    return extended


def suppress(
    rows: Iterable[Hashable],
    columns: Iterable[Hashable],
    counts: Mapping[Key, int],
    threshold: int,
    *,
    values: Mapping[Key, object] | None = None,
    total_counts: Mapping[Key, int] | None = None,
    total_values: Mapping[Key, object] | None = None,
    signed: bool = False,
) -> Pattern:
    """The suppression pattern of a table (see the module docstring).

    ``counts``: persons per cell; ``values``: the published value per cell (default: the
    counts). ``total_counts``/``total_values``: the same for the totals (keys with TOTAL); by
    default sums of the cells (give them when a total counts each person once)."""
    rows = list(rows)
    columns = list(columns)
    persons = extend(rows, columns, counts, total_counts)
    if values is None:
        amounts = extend(rows, columns, counts, total_values or total_counts)
    else:
        amounts = extend(rows, columns, values, total_values)
    table = _Table([*rows, TOTAL], [*columns, TOTAL], persons, amounts, threshold, signed)
    pattern = Pattern()
    for key, count in persons.items():
        if 0 < count < threshold:
            pattern.cells[key] = PRIMARY
    if not pattern.cells:
        return pattern
    checked: set = set()
    verified: set = set()
    while True:
        problem = table.first_problem(pattern, skip=checked, verified=verified)
        if problem is None:
            break
        added = table.fix(problem, pattern)
        if not added:  # nothing can protect it better (only with values that can be negative)
            checked.add(problem)
            continue
        for key in added:
            pattern.cells.setdefault(key, SECONDARY)
    # Give back the secondary entries that are not needed, the costliest first.
    secondary = [key for key, kind in pattern.cells.items() if kind == SECONDARY]
    for key in sorted(secondary, key=lambda k: (-table.cost(k), table.order(k))):
        del pattern.cells[key]
        if table.first_problem(pattern, skip=checked) is not None:
            pattern.cells[key] = SECONDARY
    return pattern


class _Table:
    def __init__(self, rows, columns, persons, values, threshold, signed):
        self.rows = rows
        self.columns = columns
        self.persons = persons
        self.values = values
        self.threshold = threshold
        self.signed = signed
        self._row_index = {key: i for i, key in enumerate(rows)}
        self._column_index = {key: i for i, key in enumerate(columns)}

    def order(self, key: Key) -> tuple[int, int]:
        return (self._row_index[key[0]], self._column_index[key[1]])

    def cost(self, key: Key) -> int:
        if is_total(key):
            return TOTAL_COST
        return 2 * self.threshold + int(self.persons.get(key, 0))

    def directions(self, key: Key) -> tuple[int, ...]:
        """The directions in which an entry can move (a value of 0 cannot go down)."""
        if self.signed or self.values.get(key, 0) != 0:
            return (UP, DOWN)
        return (UP,)

    def _arcs(self, keys: Iterable[Key]) -> dict[tuple, set[tuple]]:
        graph: dict[tuple, set[tuple]] = {}
        for key in keys:
            for direction in self.directions(key):
                start, end = arc(key, direction)
                graph.setdefault(start, set()).add(end)
        return graph

    @staticmethod
    def _reaches(graph, start, goal, skipped: Key) -> bool:
        """Whether ``goal`` can be reached from ``start`` without the arcs of ``skipped``
        (an entry is the only one between its row and its column)."""
        forbidden = {("r", skipped[0]), ("c", skipped[1])}
        seen, stack = {start}, [start]
        while stack:
            node = stack.pop()
            for neighbour in graph.get(node, ()):
                if {node, neighbour} == forbidden:
                    continue
                if neighbour == goal:
                    return True
                if neighbour not in seen:
                    seen.add(neighbour)
                    stack.append(neighbour)
        return False

    def first_problem(self, pattern: Pattern, skip=frozenset(), verified=None):
        """The first suppressed entry (with a direction) that is not protected, or a line
        whose suppressed cells form a small group; None when all is well. ``verified``
        collects the moves found possible: suppressing more never makes them impossible."""
        keys = sorted(pattern.cells, key=self.order)
        graph = self._arcs(keys)
        for key in keys:
            for direction in self.directions(key):
                move = ("move", key, direction)
                if move in skip or (verified is not None and move in verified):
                    continue
                start, end = arc(key, direction)
                if not self._reaches(graph, end, start, key):
                    return move
                if verified is not None:
                    verified.add(move)
        for line in self._lines():
            if ("group", tuple(line)) in skip:
                continue
            total = line[-1]
            if total in pattern.cells:
                continue
            hidden = [key for key in line[:-1] if key in pattern.cells]
            if 0 < sum(int(self.persons[key]) for key in hidden) < self.threshold:
                return ("group", tuple(line))
        return None

    def _lines(self) -> list[list[Key]]:
        """Every line of the extended table: its entries, the total last."""
        lines = [[(row, column) for column in self.columns] for row in self.rows]
        lines += [[(row, column) for row in self.rows] for column in self.columns]
        return lines

    def fix(self, problem, pattern: Pattern) -> list[Key]:
        """The entries to suppress for a problem (empty when none helps)."""
        if problem[0] == "group":
            line = problem[1]
            candidates = [
                key
                for key in line
                if key not in pattern.cells and self.persons.get(key, 0) > 0 and key != line[-1]
            ]
            if candidates:
                return [min(candidates, key=lambda k: (self.cost(k), self.order(k)))]
            return [line[-1]]
        _kind, key, direction = problem
        start, end = arc(key, direction)
        return self._cheapest_path(end, start, key, pattern)

    def _cheapest_path(self, start, goal, skipped: Key, pattern: Pattern) -> list[Key]:
        """The entries of the cheapest directed path start -> goal (not through ``skipped``)
        over the arcs of every entry of the extended table; suppressed entries cost 0."""
        node_order = {("r", key): i for i, key in enumerate(self.rows)}
        node_order.update({("c", key): len(self.rows) + i for i, key in enumerate(self.columns)})
        best = {start: 0}
        previous: dict[tuple, tuple[tuple, Key]] = {}
        queue = [(0, node_order[start], start)]
        while queue:
            distance, _order, node = heapq.heappop(queue)
            if node == goal:
                break
            if distance > best.get(node, distance):
                continue
            side, name = node
            others = self.columns if side == "r" else self.rows
            for other in others:
                key = (name, other) if side == "r" else (other, name)
                if key == skipped:
                    continue
                neighbour = ("c", other) if side == "r" else ("r", other)
                if not any(arc(key, d) == (node, neighbour) for d in self.directions(key)):
                    continue
                step = 0 if key in pattern.cells else self.cost(key)
                candidate = distance + step
                if candidate < best.get(neighbour, candidate + 1):
                    best[neighbour] = candidate
                    previous[neighbour] = (node, key)
                    heapq.heappush(queue, (candidate, node_order[neighbour], neighbour))
        if goal not in previous:
            return []
        path = []
        node = goal
        while node != start:
            node, key = previous[node]
            if key not in pattern.cells:
                path.append(key)
        return path


def is_bridge(cells: Iterable[Key], cell: Key) -> bool:
    """Whether ``cell`` can be computed from the totals when ``cells`` are suppressed
    (exact disclosure only: every entry may move both ways)."""
    cells = list(cells)
    graph: dict[tuple, set[tuple]] = {}
    for key in cells:
        if key == cell:
            continue
        row, column = ("r", key[0]), ("c", key[1])
        graph.setdefault(row, set()).add(column)
        graph.setdefault(column, set()).add(row)
    start, goal = ("r", cell[0]), ("c", cell[1])
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        for neighbour in graph.get(node, ()):
            if neighbour == goal:
                return False
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return True
