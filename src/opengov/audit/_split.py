"""Splitting run-together digits (``640020470``) into a row's cells.

A web page copied as text can lose every separator: a row of seven cells ``64 0 0 2 0 4 70`` arrives as
``640020470``. The candidate readings are the ways to cut the digits into as many numbers as the row has
cells, without leading zeros; the format's rules then pick the reading. The search is bounded, so a
pathological input costs a fixed amount of work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

MAX_NODES = 200_000
"""The most search steps one row may take before its split is given up as too costly."""


class SearchTooLarge(Exception):
    """The split search exceeded :data:`MAX_NODES`."""


def splits(digits: str, parts: int, *, max_nodes: int = MAX_NODES) -> Iterator[tuple[int, ...]]:
    """Every way to cut ``digits`` into ``parts`` numbers with no leading zeros, in lexicographic order.

    Raises:
        SearchTooLarge: more than ``max_nodes`` search steps were needed.
    """
    if parts <= 0 or not digits.isdigit() or len(digits) < parts:
        return
    nodes = 0
    length = len(digits)
    stack: list[tuple[int, tuple[int, ...]]] = [(0, ())]
    while stack:
        start, taken = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            raise SearchTooLarge(f"more than {max_nodes} ways to read {len(digits)} digits")
        left = parts - len(taken)
        if left == 1:
            piece = digits[start:]
            if piece == "0" or not piece.startswith("0"):
                yield (*taken, int(piece))
            continue
        # the remaining parts need at least one digit each
        ends = range(start + 1, length - left + 2)
        if digits[start] == "0":
            ends = range(start + 1, start + 2)
        for end in reversed(ends):
            stack.append((end, (*taken, int(digits[start:end]))))


def fitting(
    digits: str,
    parts: int,
    accept: Callable[[tuple[int, ...]], bool],
    *,
    limit: int = 3,
    max_nodes: int = MAX_NODES,
) -> tuple[list[tuple[int, ...]], int, int]:
    """The first ``limit`` splits ``accept`` takes, how many it takes, and how many splits there are.

    Raises:
        SearchTooLarge: the search exceeded ``max_nodes`` steps.
    """
    found: list[tuple[int, ...]] = []
    fits = 0
    total = 0
    for candidate in splits(digits, parts, max_nodes=max_nodes):
        total += 1
        if accept(candidate):
            fits += 1
            if len(found) < limit:
                found.append(candidate)
    return found, fits, total
