"""The disposition tests of ``tests/test_mapping.py`` fail when any two rows of a mapping are swapped.

Issue 16 found a disposition test that took its expectation from the mapping under test, so swapping two
rows passed it. This checks the replacement the hard way: for every pair of dispositions that a format
counts in different rows, the pair's rows are swapped in the format's mapping (in place, put back after),
and the hand-written tests of both dispositions are run; at least one must fail. A pair counted in the
same row is no swap at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, MutableMapping
from typing import Any

import pytest

import test_mapping as hand  # a module, so that pytest does not collect its tests here again
from opengov.events import Disposition
from opengov.formats import get_format


def _fails(check: Callable[[Disposition], None], disposition: Disposition) -> bool:
    try:
        check(disposition)
    except AssertionError:
        return True
    return False


@pytest.mark.parametrize("fmt", ["gov2008", "gov2019", "gov2021"])
def test_every_swap_of_two_rows_fails_a_disposition_test(fmt: str) -> None:
    mapping: MutableMapping[Disposition, Any] = get_format(fmt).dispositions  # type: ignore[assignment]

    def check(disposition: Disposition) -> None:
        if fmt == "gov2008":
            hand.test_each_disposition_lands_in_its_gov2008_row(disposition)
        else:
            hand.test_each_disposition_lands_in_its_row(fmt, disposition)

    for disposition in Disposition:  # the mapping as declared passes
        check(disposition)
    swaps = missed = 0
    for first, second in itertools.combinations(list(Disposition), 2):
        if mapping[first] == mapping[second]:
            continue
        swaps += 1
        mapping[first], mapping[second] = mapping[second], mapping[first]
        try:
            if not (_fails(check, first) or _fails(check, second)):
                missed += 1
        finally:
            mapping[first], mapping[second] = mapping[second], mapping[first]
    assert (swaps, missed) == ({"gov2008": 295, "gov2019": 312, "gov2021": 319}[fmt], 0)
