"""Fixtures: `party` (a small party with one account per visitor) and `matrix` (see visitors.py)."""

from __future__ import annotations

import pytest
from tests.web.visitors import Matrix, Party, make_party


@pytest.fixture
def party(db: None) -> Party:
    return make_party()


@pytest.fixture
def matrix(party: Party) -> Matrix:
    return Matrix(party)
