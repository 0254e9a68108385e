"""Fixtures for the inspection tests: the published checklist and a scheduled inspection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from survey_app.extensions import db
from survey_app.inspections import services
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish

CHECKLIST = Path(__file__).resolve().parents[3] / "questionnaires" / "joint_inspection.yaml"


@pytest.fixture
def checklist_version(app):
    version, _ = publish(load_definition(CHECKLIST))
    db.session.commit()
    return version


@pytest.fixture
def inspection(app, community, period, users, checklist_version):
    with app.test_request_context():
        from flask_login import login_user

        login_user(users["committee"])
        made = services.schedule(community.id, kind="quarterly", inspection_date=date(2026, 11, 5),
                                 area="3号楼、7号楼、地下车库")
    db.session.commit()
    return made

