"""The command line's messages and help in the user's language: a gettext catalogue.

Agency staff read Chinese: under a Chinese locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG``
starting ``zh``, looked up in that order as gettext does) the help texts and messages of ``opengov`` come
from ``opengov/locale/zh/LC_MESSAGES/opengov.mo``; under any other locale they are English, the
catalogue's keys. The language is looked up when a message is, so a changed environment takes effect at
once. ``scripts/compile_messages.py`` compiles the ``.po`` file into the ``.mo`` file shipped in the
package; a test keeps them equal.

>>> import os
>>> from unittest import mock
>>> with mock.patch.dict(os.environ, {"LANGUAGE": "", "LC_ALL": "zh_CN.UTF-8"}):
...     _("the report year (a Beijing calendar year)")
'报告年度（北京时间的日历年）'
>>> with mock.patch.dict(os.environ, {"LANGUAGE": "", "LC_ALL": "en_US.UTF-8"}):
...     _("the report year (a Beijing calendar year)")
'the report year (a Beijing calendar year)'
"""

from __future__ import annotations

__all__ = ["DOMAIN", "LOCALE_DIR", "_", "argparse_in_language", "ngettext", "translation"]

import argparse
import contextlib
import gettext
import os
from collections.abc import Iterator
from pathlib import Path

DOMAIN = "opengov"
"""The gettext domain: the catalogue is ``LOCALE_DIR/<language>/LC_MESSAGES/opengov.mo``."""

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
"""Where the compiled catalogues are, inside the package."""

_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_cache: dict[tuple[str, ...], gettext.NullTranslations] = {}


def translation() -> gettext.NullTranslations:
    """The catalogue for the language the environment asks for (English, the keys, when none fits)."""
    key = tuple(os.environ.get(name, "") for name in _ENVIRONMENT)
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = gettext.translation(DOMAIN, LOCALE_DIR, fallback=True)
    return found


def _(message: str) -> str:
    """``message`` in the user's language."""
    return translation().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """``singular`` or ``plural`` by ``count``, in the user's language."""
    return translation().ngettext(singular, plural, count)


@contextlib.contextmanager
def argparse_in_language() -> Iterator[None]:
    """While the block runs, argparse's own words (``usage:``, ``options``, ``error:`` …) come from the
    catalogue too; they are put back afterwards, so a program that calls :func:`opengov.cli.main` keeps its
    own argparse as it was."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
