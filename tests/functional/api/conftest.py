"""API fixtures: the reports tests' periods whose numbers are real engine results."""

from report_fixtures import results, scored  # noqa: F401
