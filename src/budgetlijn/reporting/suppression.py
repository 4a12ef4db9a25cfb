"""Small-cell suppression for publication (pure: no Django).

A table has cells ``counts[(row, column)]`` (the number of persons in each cell), exact row
totals, column totals and a grand total that stay published.

- Primary suppression: a cell with 0 < persons < threshold.
- Secondary suppression: published totals must not give a suppressed cell away. With all totals
  known, a set of suppressed cells hides each of them exactly when every suppressed cell lies on
  a cycle of the bipartite graph "row - column" whose edges are the suppressed cells (the values
  can then move +d/-d around the cycle without changing a total). A suppressed cell that is a
  bridge of that graph can be computed from the totals by subtraction. For every bridge we add
  the cheapest path of cells that closes a cycle through it, until there is none. A cell costs
  its count plus twice the threshold: few cells first and, among as many, small ones; cells
  already suppressed cost nothing. Secondary cells that turn out not to be needed are then
  given back, the costliest first.
- Totals are part of the graph as an extra row and column (a total row/column sums the others).
  Suppressing a total is so expensive that it only happens where no cycle through cells exists:
  a table of one row or one column, whose totals repeat its cells.

This protects against exact disclosure by additivity; it does not compute protection
intervals (the bounds an attacker can derive when cells cannot be negative). See
docs/decisions/0008-statistics.md.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

PRIMARY = "primary"
SECONDARY = "secondary"
TOTAL = "__total__"  # the key of the totals row and the totals column
TOTAL_COST = 10**12


@dataclass
class Pattern:
    """Which cells and totals are suppressed; keys are (row, column), TOTAL for a total."""

    cells: dict[tuple[Hashable, Hashable], str] = field(default_factory=dict)

    def kind(self, row: Hashable, column: Hashable) -> str:
        return self.cells.get((row, column), "")

    @property
    def primary(self) -> int:
        return sum(1 for kind in self.cells.values() if kind == PRIMARY)

    @property
    def secondary(self) -> int:
        return sum(1 for kind in self.cells.values() if kind == SECONDARY)


def suppress(
    rows: Iterable[Hashable],
    columns: Iterable[Hashable],
    counts: Mapping[tuple[Hashable, Hashable], int],
    threshold: int,
) -> Pattern:
    """The suppression pattern of a table (see the module docstring)."""
    rows = list(rows)
    columns = list(columns)
    pattern = Pattern()
    for row in rows:
        for column in columns:
            if 0 < counts.get((row, column), 0) < threshold:
                pattern.cells[(row, column)] = PRIMARY
    if not pattern.cells:
        return pattern
    extended_rows = [*rows, TOTAL]
    extended_columns = [*columns, TOTAL]

    cell_cost = 2 * threshold

    def cost(row, column) -> int:
        if row == TOTAL or column == TOTAL:
            return TOTAL_COST
        return cell_cost + counts.get((row, column), 0)

    while True:
        bridge = _first_bridge(pattern, extended_rows, extended_columns)
        if bridge is None:
            break
        path = _cheapest_path(bridge, pattern, extended_rows, extended_columns, cost)
        if path is None:  # cannot happen: the totals always close a cycle
            raise RuntimeError(f"no cycle through {bridge}")
        for cell in path:
            pattern.cells.setdefault(cell, SECONDARY)
    _prune(pattern, extended_rows, extended_columns, cost)
    return pattern


def _prune(pattern: Pattern, rows: list, columns: list, cost) -> None:
    """Give back secondary cells that are not needed (the costliest first): one at a time,
    kept out when no suppressed cell becomes a bridge."""
    secondary = [cell for cell, kind in pattern.cells.items() if kind == SECONDARY]
    for cell in sorted(secondary, key=lambda c: -cost(*c)):
        del pattern.cells[cell]
        if _first_bridge(pattern, rows, columns) is not None:
            pattern.cells[cell] = SECONDARY


def _graph(cells: Iterable[tuple[Hashable, Hashable]]) -> dict[tuple, set[tuple]]:
    graph: dict[tuple, set[tuple]] = defaultdict(set)
    for row, column in cells:
        graph[("r", row)].add(("c", column))
        graph[("c", column)].add(("r", row))
    return graph


def _connected_without(graph, start, goal, skipped: tuple) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        for neighbour in graph[node]:
            if {node, neighbour} == set(skipped) or neighbour in seen:
                continue
            if neighbour == goal:
                return True
            seen.add(neighbour)
            stack.append(neighbour)
    return False


def is_bridge(cells: Iterable[tuple[Hashable, Hashable]], cell: tuple[Hashable, Hashable]) -> bool:
    """Whether ``cell`` can be computed from the totals when ``cells`` are suppressed."""
    graph = _graph(cells)
    row, column = ("r", cell[0]), ("c", cell[1])
    return not _connected_without(graph, row, column, (row, column))


def _first_bridge(pattern: Pattern, rows: list, columns: list) -> tuple | None:
    cells = list(pattern.cells)
    order = {key: index for index, key in enumerate(rows)}
    order_c = {key: index for index, key in enumerate(columns)}
    for cell in sorted(cells, key=lambda c: (order[c[0]], order_c[c[1]])):
        if is_bridge(cells, cell):
            return cell
    return None


def _cheapest_path(bridge, pattern: Pattern, rows: list, columns: list, cost) -> list | None:
    """The cells of the cheapest path from the bridge's row to its column that does not use the
    bridge itself (Dijkstra on the complete bipartite graph of the extended table)."""
    start, goal = ("r", bridge[0]), ("c", bridge[1])
    index = {("r", row): i for i, row in enumerate(rows)}
    index.update({("c", column): len(rows) + i for i, column in enumerate(columns)})
    best = {start: 0}
    previous: dict[tuple, tuple] = {}
    queue = [(0, index[start], start)]
    while queue:
        distance, _order, node = heapq.heappop(queue)
        if node == goal:
            break
        if distance > best.get(node, distance):
            continue
        side, key = node
        neighbours = [("c", c) for c in columns] if side == "r" else [("r", r) for r in rows]
        for neighbour in neighbours:
            cell = (key, neighbour[1]) if side == "r" else (neighbour[1], key)
            if cell == bridge:
                continue
            step = 0 if cell in pattern.cells else cost(*cell)
            candidate = distance + step
            if candidate < best.get(neighbour, candidate + 1):
                best[neighbour] = candidate
                previous[neighbour] = node
                heapq.heappush(queue, (candidate, index[neighbour], neighbour))
    if goal not in previous:
        return None
    path = []
    node = goal
    while node != start:
        before = previous[node]
        path.append((before[1], node[1]) if before[0] == "r" else (node[1], before[1]))
        node = before
    return [cell for cell in path if cell not in pattern.cells]
