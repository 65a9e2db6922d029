"""What several renderers share: the missing-extra error, the lazy import, fixed wording, delivery."""

from __future__ import annotations

__all__ = ["MissingExtraError", "deliver", "previous_note", "require", "sign_off_shown"]

import importlib
import io
import os
from collections.abc import Callable
from types import ModuleType
from typing import IO

from opengov.errors import OpengovError
from opengov.report._model import AnnualReport, ReportTable


class MissingExtraError(OpengovError, ImportError):
    """A renderer needs an optional library that is not installed; the message names the extra."""


def require(module: str, extra: str, what: str) -> ModuleType:
    """Import ``module`` for the ``what`` renderer, or say which extra to install.

    Raises:
        MissingExtraError: ``module`` cannot be imported.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"rendering {what} needs the {module.split('.')[0]} package: pip install 'opengov[{extra}]'"
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
