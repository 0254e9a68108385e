"""Fixtures for the hardening tests: a survey with codes, a scheduled inspection, row counts."""

from __future__ import annotations

from datetime import date

import pytest

from survey_app.extensions import db
from survey_app.inspections import services as inspections
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from tests.fixtures.surveys import QUESTIONNAIRES, make_survey


@pytest.fixture
def owner_version():
    version, _created = publish(load_definition(QUESTIONNAIRES / "owner_survey.yaml"))
    db.session.commit()
    return version


@pytest.fixture
def survey(period, owner_version):
    return make_survey(period, owner_version, "codes")


@pytest.fixture
def checklist_version(app):
    version, _created = publish(load_definition(QUESTIONNAIRES / "joint_inspection.yaml"))
    db.session.commit()
    return version


@pytest.fixture
def inspection(app, community, period, users, checklist_version):
    with app.test_request_context():
        from flask_login import login_user

        login_user(users["committee"])
        made = inspections.schedule(community.id, kind="quarterly",
                                    inspection_date=date(2026, 11, 5), area="3号楼")
    db.session.commit()
    return made
