"""Fixtures of the third-party assessment tests: a small sheet, four assessors, a project."""

from __future__ import annotations

import pytest

from survey_app.assessments import services
from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.questionnaires.loader import parse_definition
from survey_app.questionnaires.services import publish
from tests.fixtures.assessments import SHEET_YAML
from tests.fixtures.factories import PASSWORD, login


@pytest.fixture
def sheet_version():
    version, _created = publish(parse_definition(SHEET_YAML))
    db.session.commit()
    return version


@pytest.fixture
def assessors(users, community):
    """Four assessor accounts of the community: 'assessor' (the lead) and assessor2–4."""
    made = [users["assessor"]] + [
        create_user(f"assessor{n}", PASSWORD, "assessor", [community.id],
                    display_name=f"评估员{n}") for n in (2, 3, 4)]
    db.session.commit()
    return made


@pytest.fixture
def organisation():
    org = services.create_organisation(name="某某第三方评估有限公司", contact="赵经理")
    db.session.commit()
    return org


@pytest.fixture
def make_project(period, sheet_version, organisation, assessors):
    """make_project(n) assigns the first n assessors, the first one as lead."""

    def make(n: int = 3):
        project = services.create_project(
            period, organisation_id=organisation.id, version_id=sheet_version.id,
            assessor_ids=[a.id for a in assessors[:n]], lead_id=assessors[0].id)
        db.session.commit()
        return project

    return make


@pytest.fixture
def sign_in(client):
    def go(username: str):
        client.post("/logout")
        response = login(client, username)
        assert response.status_code == 302
        return client

    return go
