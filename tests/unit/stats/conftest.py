"""The stats package is pure (NumPy/SciPy): its tests need no Flask app or database."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _app_context():
    """Override the suite-wide app/database fixture with a no-op for these pure tests."""
    yield
