"""Property-based checks of the API against its own OpenAPI document (schemathesis)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from survey_app.api.tokens import create_token
from survey_app.extensions import db


def test_api_conforms_to_its_openapi_document(app, users, scored):
    _row, raw = create_token(users["admin"], "schemathesis", scopes=("published", "unpublished"))
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    checked = []
    for found in schema.get_all_operations():
        operation = found.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def conforms(case):
            # identity: the WSGI transport hands gzip bodies over undecoded
            case.call_and_validate(headers={"Authorization": f"Bearer {raw}",
                                            "Accept-Encoding": "identity"})

        conforms()
        checked.append(operation.label)
    assert len(checked) == 5, checked
