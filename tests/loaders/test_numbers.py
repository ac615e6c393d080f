"""conflictkg.loaders.numbers: numbers as news text writes them (digits, words, scales)."""
from __future__ import annotations

import pytest

from conflictkg.loaders.numbers import value_of


@pytest.mark.parametrize("phrase, value", [("eighty-five", 85), ("Twelve", 12), ("3,000", 3000),
                                           ("1.2 million", 1_200_000), ("one hundred and twenty", 120)])
def test_number_words(phrase, value):
    assert value_of(phrase) == value
