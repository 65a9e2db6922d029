"""Report formats as data: tables, rows, columns, rules, and how the fold's facts fill them.

One module per format; a province's variant is one more module whose :class:`Format` is passed to
:func:`register`. Provincial statistics templates of the years before 2019 (Fujian's, with 本年 and 历年累计)
are :class:`Template` declarations in :data:`TEMPLATES`: read and checked like the formats, never built.
"""

from __future__ import annotations

__all__ = [
    "FORMATS",
    "TEMPLATES",
    "TOTAL",
    "VALUE",
    "CarryRule",
    "CellRef",
    "CheckResult",
    "Column",
    "Format",
    "Row",
    "Rule",
    "StockRule",
    "TableSpec",
    "Template",
    "Value",
    "Violation",
    "check_rules",
    "check_values",
    "format_for_year",
    "get_format",
    "register",
]

from opengov.formats._model import (
    TOTAL,
    VALUE,
    CarryRule,
    CellRef,
    CheckResult,
    Column,
    Format,
    Row,
    Rule,
    StockRule,
    TableSpec,
    Value,
    Violation,
    check_rules,
    check_values,
)
from opengov.formats._provincial import Template
from opengov.formats.fujian import FUJIAN2008, FUJIAN2014
from opengov.formats.gov2008 import GOV2008
from opengov.formats.gov2019 import GOV2019
from opengov.formats.gov2021 import GOV2021

FORMATS: dict[str, Format] = {f.key: f for f in (GOV2008, GOV2019, GOV2021)}
"""The known formats by key; :func:`register` adds a variant.

:meta hide-value:
"""

TEMPLATES: dict[str, Format] = {t.key: t for t in (FUJIAN2008, FUJIAN2014)}
"""Provincial templates by key (read and checked, not built); :func:`register` adds one.

>>> sorted(TEMPLATES)
['fujian2008', 'fujian2014']
"""


def register(fmt: Format) -> Format:
    """Make ``fmt`` known by its key (a province's variant, say) and return it.

    Raises:
        ValueError: a different format already has that key.
    """
    existing = FORMATS.get(fmt.key) or TEMPLATES.get(fmt.key)
    if existing is not None and existing is not fmt:
        raise ValueError(f"a format named {fmt.key!r} is already registered")
    (TEMPLATES if isinstance(fmt, Template) else FORMATS)[fmt.key] = fmt
    return fmt


def get_format(key: str | Format) -> Format:
    """The format or provincial template named ``key`` (a :class:`Format` is returned as it is).

    >>> get_format("gov2008").first_year
    2008

    Raises:
        KeyError: no format has that name; the message lists the known ones.
    """
    if isinstance(key, Format):
        return key
    found = FORMATS.get(key) or TEMPLATES.get(key)
    if found is None:
        known = ", ".join(sorted([*FORMATS, *TEMPLATES]))
        raise KeyError(f"unknown format {key!r}; known: {known}")
    return found


def format_for_year(year: int) -> Format:
    """The national format in force for reports of ``year``.

    >>> format_for_year(2018).key, format_for_year(2020).key, format_for_year(2025).key
    ('gov2008', 'gov2019', 'gov2021')

    Raises:
        KeyError: no format covers that year (before 2008).
    """
    for fmt in (GOV2008, GOV2019, GOV2021):
        if fmt.applies_to(year):
            return fmt
    raise KeyError(f"no report format covers {year}: the regulation took effect in 2008")
