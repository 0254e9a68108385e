"""Class 5: sNaN, NaN and Infinity in number fields are form errors, never a 500.

``Decimal("sNaN")`` made NumberRange raise in the staff SLA form; ``nan`` passed
NumberRange unnoticed in the direct weights form. Both use the finite fields of
survey_app/guards/fields.py.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.feedback.models import SlaRule
from survey_app.results import schemes
from survey_app.results.models import SchemeVersion

NON_FINITE = ["sNaN", "NaN", "-sNaN", "nan", "Infinity", "-Infinity", "inf", "sNaN123"]
DIMS = ("cleaning", "greening", "security", "facilities", "service")


@pytest.mark.parametrize("value", NON_FINITE)
def test_sla_form(as_role, community, value):
    staff = as_role("staff")
    url = f"/feedback/{community.id}/sla?lang=en"
    response = staff.post(url, data={"repair__normal__onsite": value,
                                     "repair__normal__ack": "30"})
    assert response.status_code == 400
    assert "not NaN or infinity" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SlaRule.id))) == 0


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e999"])
def test_direct_weights(as_role, community, value):
    client = as_role("staff")
    schemes.ensure_default()
    db.session.commit()
    before = db.session.scalar(select(func.count(SchemeVersion.id)))
    data = {f"w_{d}": v for d, v in zip(DIMS, ("1", value, "1", "1", "1"), strict=True)}
    response = client.post(f"/results/{community.id}/scheme/direct/_root?lang=en", data=data)
    assert response.status_code == 400
    assert "not NaN or infinity" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SchemeVersion.id))) == before
