"""Fixtures of the internal-inspection tests."""

from tests.fixtures.inspections import checklist_version  # noqa: F401
from tests.fixtures.internal import internal_checklist  # noqa: F401
