"""API fixtures: the reports tests' periods whose numbers are real engine results."""

from tests.fixtures.reports import results, scored  # noqa: F401
