"""Old spellings kept working for one release, each with a :class:`DeprecationWarning` naming the new one.

Two kinds of old spelling need help from outside the language:

- a module that used to be shadowed by a function of its own name (``opengov.ledger`` was the function
  ``ledger``): :func:`callable_module` makes the module object itself callable, so ``opengov.ledger(...)``
  still runs the function while ``import opengov.ledger as L`` gives the module;
- a name that was renamed (``opengov.audit.Finding`` is now ``AuditFinding``): :func:`renamed` builds a
  PEP 562 module ``__getattr__`` that answers the old name with the new object.

Both warn on every use, with ``stacklevel`` pointing at the caller's line.
"""

from __future__ import annotations

__all__ = ["callable_module", "renamed"]

import sys
import types
import warnings
from collections.abc import Callable
from typing import Any


class _CallableModule(types.ModuleType):
    """A module that can be called like the function it used to be shadowed by (deprecated)."""

    _deprecated_call: tuple[str, str]
    """The function's name in the module, and the old spelling to name in the warning."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        function, old = self._deprecated_call
        warnings.warn(
            f"calling {old}(...) is deprecated and will be removed in the next release: "
            f"call {self.__name__}.{function}(...) (also opengov.{function})",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(self, function)(*args, **kwargs)


def callable_module(module_name: str, function: str) -> None:
    """Make the module ``module_name`` callable as its function ``function``, warning on every call.

    >>> import opengov.timeliness as T
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = T(())
    >>> caught[0].category.__name__, "build_timeliness" in str(caught[0].message)
    ('DeprecationWarning', True)
    """
    module = sys.modules[module_name]
    module.__class__ = _CallableModule
    assert isinstance(module, _CallableModule)
    module._deprecated_call = (function, module_name)


def renamed(module_name: str, names: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` answering each old name in ``names`` (old → new) with a warning.

    >>> import opengov.deadlines as D
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     old = D.Finding
    >>> old is D.DeadlineFinding, caught[0].category.__name__
    (True, 'DeprecationWarning')
    """

    def __getattr__(name: str) -> object:
        new = names.get(name)
        if new is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        warnings.warn(
            f"{module_name}.{name} is deprecated and will be removed in the next release: "
            f"use {module_name}.{new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(sys.modules[module_name], new)

    return __getattr__
