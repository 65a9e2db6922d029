"""The unified social credit code (统一社会信用代码, GB 32100-2015) and its check character."""

from __future__ import annotations

__all__ = ["credit_code_check_character", "is_valid_credit_code"]

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES = {ch: i for i, ch in enumerate(_ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17: str) -> str:
    """Return the 18th (check) character for the first 17 characters of a credit code.

    GB 32100-2015 §4.3: weights 3^i mod 31, the 31-character alphabet without I, O, S, V, Z.

    >>> credit_code_check_character("91350100M000100Y4")
    '3'

    Raises:
        ValueError: ``first17`` is not 17 characters of the code's alphabet.
    """
    if len(first17) != 17 or any(ch not in _VALUES for ch in first17):
        raise ValueError(f"expected 17 characters of {_ALPHABET!r}, got {first17!r}")
    total = sum(_VALUES[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return _ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    """Whether ``code`` is an 18-character credit code whose check character is right.

    >>> is_valid_credit_code("91350100M000100Y43")
    True
    >>> is_valid_credit_code("91350100M000100Y44")
    False
    """
    if len(code) != 18 or any(ch not in _VALUES for ch in code):
        return False
    return credit_code_check_character(code[:17]) == code[17]
