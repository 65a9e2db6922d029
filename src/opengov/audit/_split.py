"""Splitting run-together digits (``640020470``) into a row's cells.

A web page copied as text can lose every separator: a row of seven cells ``64 0 0 2 0 4 70`` arrives as
``640020470``. The candidate readings are the ways to cut the digits into as many numbers as the row has
cells, without leading zeros; the format's rules then pick the reading. The search is bounded, so a
pathological input costs a fixed amount of work.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

MAX_NODES = 20_000
"""The most search steps one row may take before its split is given up as too costly."""

MAX_CELL_DIGITS = 9
"""The most digits one cell of a split may have: no figure of an annual report's tables reaches a billion.

Bounding the width of a cell bounds the whole search: a run longer than ``parts × MAX_CELL_DIGITS`` is
refused at once (:class:`SearchTooLarge`), so one line of thousands of digits costs no more than a row's
worth of work, and no number wider than Python's integer-conversion limit is ever made.
"""


class SearchTooLarge(Exception):
    """The split search exceeded :data:`MAX_NODES`, or the run is too long to be a row's figures."""


def excerpt(digits: str, keep: int = 24) -> str:
    """``digits`` as a message quotes it: whole when short, else its ends and its length."""
    if len(digits) <= 2 * keep:
        return digits
    return f"{digits[:keep]}…{digits[-keep:]} ({len(digits)} digits)"


def splits(
    digits: str, parts: int, *, max_nodes: int = MAX_NODES, max_width: int = MAX_CELL_DIGITS
) -> Iterator[tuple[int, ...]]:
    """Every way to cut ``digits`` into ``parts`` numbers with no leading zeros, in lexicographic order.

    No number is longer than ``max_width`` digits.

    Raises:
        SearchTooLarge: ``digits`` is longer than ``parts × max_width``, or more than ``max_nodes`` search
            steps were needed.
    """
    if parts <= 0 or not digits.isascii() or not digits.isdigit() or len(digits) < parts:
        return
    if len(digits) > parts * max_width:
        raise SearchTooLarge(
            f"{len(digits)} digits are more than {parts} figures of at most {max_width} digits each"
        )
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
            if len(piece) <= max_width and (piece == "0" or not piece.startswith("0")):
                yield (*taken, int(piece))
            continue
        # the remaining parts need at least one digit each and at most max_width each
        lowest = max(start + 1, length - (left - 1) * max_width)
        highest = min(length - left + 1, start + max_width)
        if digits[start] == "0":
            highest = min(highest, start + 1)
        ends = range(lowest, highest + 1)
        for end in reversed(ends):
            stack.append((end, (*taken, int(digits[start:end]))))


@functools.lru_cache(maxsize=2)
def _every_split(digits: str, parts: int, max_nodes: int) -> tuple[tuple[int, ...], ...]:
    """:func:`splits`, remembered: a row's digits are searched several times in a row (how many splits,
    then which fit the row's rules, then the table's), and each search walks the same splits. Only the
    last rows' are kept, each of at most :data:`MAX_NODES` splits."""
    return tuple(splits(digits, parts, max_nodes=max_nodes))


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
    for candidate in _every_split(digits, parts, max_nodes):
        total += 1
        if accept(candidate):
            fits += 1
            if len(found) < limit:
                found.append(candidate)
    return found, fits, total
