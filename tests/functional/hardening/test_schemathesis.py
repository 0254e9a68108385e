"""Issue 15: Schemathesis against the OpenAPI document, with and without a token.

tests/functional/api/test_schemathesis.py checks valid requests with a token; this adds the
anonymous caller and a revoked token, bounded to a few examples per operation so it runs
in seconds. Every check of call_and_validate applies: no 5xx, status codes, content types
and bodies as documented.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from survey_app.api.tokens import create_token, revoke_token
from survey_app.extensions import db
from tests.fixtures.reports import results, scored  # noqa: F401


def _check_every_operation(app, headers: dict, examples: int) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    checked = []
    for found in schema.get_all_operations():
        operation = found.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def conforms(case):
            # identity: the WSGI transport hands gzip bodies over undecoded
            case.call_and_validate(headers={**headers, "Accept-Encoding": "identity"})

        conforms()
        checked.append(operation.label)
    return checked


@pytest.mark.parametrize("who", ["anonymous", "revoked", "garbage"])
def test_refused_callers_get_documented_answers(app, users, scored, who):  # noqa: F811
    row, raw = create_token(users["admin"], "schemathesis", scopes=("published", "unpublished"))
    db.session.commit()
    if who == "revoked":
        revoke_token(users["admin"], row.id)
        db.session.commit()
    headers = {"anonymous": {}, "revoked": {"Authorization": f"Bearer {raw}"},
               "garbage": {"Authorization": "Bearer \u00e9\x7f" + "x" * 300}}[who]
    assert len(_check_every_operation(app, headers, 5)) == 5
