"""Fixtures for the survey tests: a published owner questionnaire, a survey, answer helpers."""

from __future__ import annotations

import pytest

from survey_app.extensions import db
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from tests.fixtures.surveys import OWNER_YAML, make_survey


@pytest.fixture
def owner_version():
    version, _created = publish(load_definition(OWNER_YAML))
    db.session.commit()
    return version


@pytest.fixture
def survey(period, owner_version):
    return make_survey(period, owner_version, "codes")


@pytest.fixture
def open_survey(period, owner_version):
    return make_survey(period, owner_version, "open")
