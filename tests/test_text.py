"""generator.text: the keys under which two names count as one listing."""

from __future__ import annotations

import pytest

from generator.text import ASCII_KEYS, _folded, name_key


@pytest.mark.parametrize("code", range(128))
def test_the_written_out_ascii_table_is_the_folding(code: int) -> None:
    # The table saves reading the look-alikes; each character must fold as they say.
    assert chr(code).translate(ASCII_KEYS) == _folded(chr(code))


def test_names_that_read_the_same_share_a_key() -> None:
    assert name_key("HILL COUNTRY  Recovery, IOP") == name_key("hill country recovery iop")
    # Cyrillic "о", "р", "е" for the Latin letters: the same name to a reader.
    assert name_key("H\u043e\u0440\u0435 Clinic") == name_key("Hope Clinic")
    assert name_key("Hope Clinic") != name_key("Hope Center")
