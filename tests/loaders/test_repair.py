"""conflictkg.loaders.repair: letters a news export swallowed after a dash, put back only when clear."""
from __future__ import annotations

import pytest

from conflictkg.loaders.repair import repair_swallowed_letters


@pytest.mark.parametrize("damaged, repaired", [
    ("more than 3,000 people—bout 1,000 of them civilians—illed across the country. About 40 were killed later.",
     "more than 3,000 people—about 1,000 of them civilians—killed across the country. About 40 were killed later."),
    ("Five people—mostly women—ied in the strike.", "Five people—mostly women—died in the strike."),
    ("He said—and we agree—that the strike was lawful.", "He said—and we agree—that the strike was lawful."),
    ("The road—ext to the market—was hit.", "The road—ext to the market—was hit."),  # unknown word: left alone
])
def test_letters_swallowed_after_a_dash_are_put_back_only_when_clear(damaged, repaired):
    assert repair_swallowed_letters(damaged) == repaired
