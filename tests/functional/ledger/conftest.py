"""Fixtures of the ledger tests: a joint-inspection checklist, a scheduled inspection, a
third-party project, a published period."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.questionnaires.loader import parse_definition
from survey_app.questionnaires.services import publish
from tests.fixtures.assessments import SHEET_YAML
from tests.fixtures.inspections import checklist_version, inspection  # noqa: F401
from tests.fixtures.reports import results, scored  # noqa: F401  (used by the tests)


@pytest.fixture
def project(period, users):
    """A third-party project: the test assessor (lead) and a second assessor."""
    from survey_app.assessments import services
    from survey_app.auth.services import create_user
    from tests.fixtures.factories import PASSWORD

    second = create_user("assessor2", PASSWORD, "assessor", [period.community_id])
    version, _created = publish(parse_definition(SHEET_YAML))
    organisation = services.create_organisation(name="某某第三方评估有限公司", contact="赵经理")
    made = services.create_project(period, organisation_id=organisation.id,
                                   version_id=version.id,
                                   assessor_ids=[users["assessor"].id, second.id],
                                   lead_id=users["assessor"].id)
    db.session.commit()
    return made


@pytest.fixture
def published(as_role, scored):  # noqa: F811
    """`scored` closed and published by both parties through the pages; returns the
    publication."""
    from survey_app.publishing.models import Publication
    from tests.fixtures.acts import two_party

    if scored.status != "closed":
        two_party(as_role, scored, "close", proposer="staff", confirmer="committee")
    two_party(as_role, scored, "publish", proposer="committee", confirmer="staff",
              note="欢迎业主监督")
    return db.session.scalar(select(Publication))
