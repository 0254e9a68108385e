"""Fixtures of the oversight tests: companies, jurisdictions, directors and officers."""

from tests.fixtures.inspections import checklist_version  # noqa: F401
from tests.fixtures.oversight import org, overseers  # noqa: F401
