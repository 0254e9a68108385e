"""What committee and staff read on the inspection pages (found by the QA walk-through)."""

from __future__ import annotations

from survey_app.extensions import db
from survey_app.inspections.models import Rectification


def test_locations_are_labelled_in_words_not_with_an_emoji(as_role, inspection):
    """📍 shows as a missing-glyph box where no emoji font is installed; say 位置 instead."""
    client = as_role("committee")
    base = f"/inspections/c/{inspection.community_id}/{inspection.id}"
    response = client.post(f"{base}/items/cl4", data={"cl4-mode": "deductions", "cl4-count": "2",
                                                      "cl4-location": "5号楼垃圾房"},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert client.post(f"{base}/items/cl4/rectify", data={
        "department": "环境部", "description": "垃圾房满溢", "severity": "major"}).status_code == 302
    assert db.session.query(Rectification).count() == 1
    for url in (base, f"/inspections/c/{inspection.community_id}/rectifications"):
        page = client.get(url).get_data(as_text=True)
        assert "位置：5号楼垃圾房" in page and "📍" not in page
