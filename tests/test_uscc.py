"""The unified social credit code (统一社会信用代码) check character."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opengov.uscc import credit_code_check_character, is_valid_credit_code
from strategies import credit_codes

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# Codes of registered enterprises and the example of the opengov docs, as printed in public registers.
KNOWN_VALID = [
    "91350100M000100Y43",
    "91330100799655058B",
    "914403001922038216",
    "91440300708461136T",
    "911000001000013428",
    "91110108551385082Q",
]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_codes_are_valid(code: str) -> None:
    """Real codes pass, and their check character is recomputed exactly."""
    expected = (True, code[17])
    assert expected == (is_valid_credit_code(code), credit_code_check_character(code[:17]))


@given(code=credit_codes())
def test_generated_codes_are_valid(code: str) -> None:
    """A code completed with its computed check character is valid."""
    expected = True
    assert expected == is_valid_credit_code(code)


@given(
    code=st.sampled_from(KNOWN_VALID) | credit_codes(),
    position=st.integers(0, 17),
    replacement=st.sampled_from(ALPHABET + "IOSVZa-é "),
)
def test_any_single_character_change_is_detected(code: str, position: int, replacement: str) -> None:
    """Changing any one character of a valid code makes it invalid (31 is prime, no weight is 0 mod 31)."""
    mutated = code[:position] + replacement + code[position + 1 :]
    expected = mutated == code
    assert expected == is_valid_credit_code(mutated)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19 characters
        "91350100m000100y43",  # lower case
        "91350100I000100Y43",  # I is not in the alphabet
        "91350100O000100Y43",  # nor O
        "91350100S000100Y43",
        "91350100V000100Y43",
        "91350100Z000100Y43",
        "９１350100M000100Y43",  # full-width digits
    ],
)
def test_wrong_length_or_alphabet_is_invalid(code: str) -> None:
    """Codes of the wrong length or with characters outside the alphabet are refused."""
    expected = False
    assert expected == is_valid_credit_code(code)


@pytest.mark.parametrize("first17", ["", "91350100M000100Y", "91350100M000100Y43", "91350100M000100y4"])
def test_check_character_needs_seventeen_characters_of_the_alphabet(first17: str) -> None:
    """credit_code_check_character raises ValueError on anything but 17 characters of the alphabet."""
    with pytest.raises(ValueError, match="expected 17 characters"):
        credit_code_check_character(first17)
