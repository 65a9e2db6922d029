"""What several renderers share: the missing-extra error, the lazy import, fixed wording, delivery, and
the one place where text from the log is made safe for every output (:func:`printable`, :func:`neutralise`).
"""

from __future__ import annotations

__all__ = [
    "REPLACEMENT",
    "MissingExtraError",
    "clean",
    "deliver",
    "neutralise",
    "previous_note",
    "printable",
    "require",
    "sign_off_shown",
    "terminal_width",
    "text_table",
]

import importlib
import io
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any, TypeVar

import attrs

from opengov.errors import OpengovError

if TYPE_CHECKING:
    from opengov.report._model import AnnualReport, ReportTable

REPLACEMENT = "\ufffd"
"""What a character no document may hold is printed as (U+FFFD, the Unicode replacement character)."""

_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
"""C0 controls but tab, newline and carriage return; DEL and the C1 controls; lone surrogates; and the
noncharacters. XML 1.0 (so Word and Excel) cannot hold the C0 ones or the surrogates at all; the rest are
invisible in print and have no business in a report."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def clean(text: str) -> str:
    """``text`` with every character no document may hold replaced by :data:`REPLACEMENT`.

    >>> clean("局\\x01") == "局\\ufffd", clean("一\\t二\\n三") == "一\\t二\\n三"
    (True, True)
    """
    return _UNPRINTABLE.sub(REPLACEMENT, text)


def printable(value: T) -> T:
    """``value`` (a report, or any part of one) with :func:`clean` applied to every text inside it.

    Every renderer starts from this, so text that reached a renderer never crashes it; the codec refuses
    control characters on the way in, and this is the second line for reports built or decoded elsewhere.
    The same object comes back when nothing needed cleaning.
    """
    return _printable(value)  # type: ignore[no-any-return]


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, tuple):
        items = tuple(_printable(item) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, Mapping):
        pairs = [(key, item, _printable(key), _printable(item)) for key, item in value.items()]
        if all(k is ck and v is cv for k, v, ck, cv in pairs):
            return value
        return {ck: cv for _, _, ck, cv in pairs}
    if attrs.has(type(value)):
        changes = {}
        for field in attrs.fields(type(value)):
            before = getattr(value, field.name)
            after = _printable(before)
            if after is not before:
                changes[field.name] = after
        return attrs.evolve(value, **changes) if changes else value
    return value


def neutralise(text: str) -> str:
    """``text`` made safe for a spreadsheet cell: a leading ``'`` where it could start a formula.

    Spreadsheets read a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a
    formula (OWASP's advice on formula injection); names and titles come from the log, so every text that
    Excel or a CSV reader opens passes through here.

    >>> print(neutralise("=SUM(A1)"), neutralise("吴忠市科学技术局"))
    '=SUM(A1) 吴忠市科学技术局
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


class MissingExtraError(OpengovError, ImportError):
    """A renderer or a file reader needs an optional library that is not installed; the message names the
    extra."""


def require(module: str, extra: str, what: str, *, action: str = "rendering") -> ModuleType:
    """Import ``module`` for ``action`` (rendering, reading) ``what``, or say which extra to install.

    Raises:
        MissingExtraError: ``module`` cannot be imported.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"{action} {what} needs the {module.split('.')[0]} package: pip install 'opengov[{extra}]'"
        ) from exc


def previous_note(table: ReportTable) -> str | None:
    """The note printed under a table that shows last year's figures, or ``None``."""
    if table.previous_year is None:
        return None
    labels = "、".join(table.previous_labels)
    return f"注：{labels}为{table.previous_year}年数字，按本年格式由事件日志重新计算，供对比参考。"


def sign_off_shown(report: AnnualReport) -> bool:
    """Whether the sign-off is printed: when at least one of its fields is known."""
    return any(value for _, value in report.sign_off.lines())


def deliver(save: Callable[[IO[bytes]], object], target: str | os.PathLike[str] | IO[bytes] | None) -> bytes:
    """Save a document (python-docx's or openpyxl's ``save``) to bytes, written to ``target`` too if given."""
    buffer = io.BytesIO()
    save(buffer)
    data = buffer.getvalue()
    if target is not None:
        if isinstance(target, (str, os.PathLike)):
            with open(target, "wb") as handle:
                handle.write(data)
        else:
            target.write(data)
    return data


def terminal_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for a wide (Chinese) character.

    >>> terminal_width("洪泽区 2024")
    11
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def text_table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """A table for a terminal: the header, a rule, the rows; columns padded to their widest cell (wide
    characters counted twice), the columns in ``right`` aligned right."""
    widths = [max(terminal_width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - terminal_width(cell))
            padded.append(pad + cell if i in right else cell + pad)
        return "  ".join(padded).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)]
