"""Fixtures for the hardening tests: a survey with codes, a scheduled inspection, row counts."""

from __future__ import annotations

import pytest

from survey_app.extensions import db
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from tests.fixtures.inspections import checklist_version, inspection  # noqa: F401
from tests.fixtures.surveys import QUESTIONNAIRES, make_survey


@pytest.fixture
def owner_version():
    version, _created = publish(load_definition(QUESTIONNAIRES / "owner_survey.yaml"))
    db.session.commit()
    return version


@pytest.fixture
def survey(period, owner_version):
    return make_survey(period, owner_version, "codes")


