"""Finding official labels inside printed text quickly, and the label spellings seen in real reports.

The labels are the format declarations' own (:class:`opengov.formats.Row`); this module adds only the
alternative spellings published reports use, keyed by row key, and an index that finds every label
inside a line in time proportional to the line's length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from opengov.audit._text import canon
from opengov.formats import Format, Template

ALIASES: Mapping[str, tuple[str, ...]] = {
    # 淮安市洪泽区 2023 and 2024 print 2. with 法规禁 missing.
    "applications.withheld.other_law": ("2.其他法律行政止公开", "其他法律行政法规禁止公开"),
    "applications.withheld.security_stability": ("3.危及三安全一稳定", "危及三安全一稳定"),
    "applications.partially_disclosed": ("(二)部分公开",),
}
"""Alternative spellings of official labels seen in published reports, by row key (canonical or not)."""


def aliases_of(fmt: Format) -> Mapping[str, tuple[str, ...]]:
    """The other printed spellings a provincial template declares for its rows (none for national formats)."""
    return fmt.aliases if isinstance(fmt, Template) else {}


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text}


class LabelIndex:
    """Every label of a set, findable as a substring of a text in time linear in the text's length."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        """Index ``(payload, label)`` pairs; labels are compared in canonical form."""
        pairs = [(payload, canon(label)) for payload, label in entries]
        self.entries = [(p, label) for p, label in pairs if label]
        counts: Counter[str] = Counter()
        for _, label in self.entries:
            counts.update(_bigrams(label))
        self._anchors: dict[str, list[tuple[str, str]]] = {}
        self._prefixes: dict[str, list[tuple[str, str]]] = {}
        self._votes: dict[str, list[int]] = {}
        for number, (payload, label) in enumerate(self.entries):
            anchor = min(_bigrams(label), key=lambda b: (counts[b], b))
            self._anchors.setdefault(anchor, []).append((payload, label))
            if len(label) >= 5:
                self._prefixes.setdefault(label[:5], []).append((payload, label))
            for bigram in _bigrams(label):
                self._votes.setdefault(bigram, []).append(number)
        self._sizes = [len(_bigrams(label)) for _, label in self.entries]

    def contained(self, text: str) -> list[tuple[str, str]]:
        """The ``(payload, label)`` pairs whose label occurs in canonical ``text``."""
        found: list[tuple[str, str]] = []
        for bigram in _bigrams(text):
            for payload, label in self._anchors.get(bigram, ()):
                if label in text:
                    found.append((payload, label))
        return found

    def prefixed(self, text: str) -> list[tuple[str, str]]:
        """The pairs whose label starts with ``text`` (a label broken over lines), for texts of 5+ chars."""
        if len(text) < 5:
            return []
        return [(p, label) for p, label in self._prefixes.get(text[:5], ()) if label.startswith(text)]

    def similar(self, text: str, *, cover: float = 0.6, purity: float = 0.75) -> list[tuple[str, str]]:
        """Labels sharing most character pairs with ``text`` (a misprinted label), best first.

        A label qualifies when the shared pairs are at least ``cover`` of the label's and ``purity`` of the
        text's.
        """
        grams = _bigrams(text)
        if len(text) < 5:
            return []
        votes: Counter[int] = Counter()
        for bigram in grams:
            votes.update(self._votes.get(bigram, ()))
        scored = []
        for number, shared in votes.items():
            if shared >= cover * self._sizes[number] and shared >= purity * len(grams):
                scored.append((shared / self._sizes[number], number))
        scored.sort(reverse=True)
        return [self.entries[n] for _, n in scored]
