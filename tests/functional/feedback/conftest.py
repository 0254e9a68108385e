"""Feedback fixtures: tickets registered at chosen times, and image bytes for uploads."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from PIL import Image

from survey_app.extensions import db
from survey_app.feedback import services


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def make_ticket(community):
    """make_ticket(received=datetime, **fields): a ticket registered by staff or an owner."""

    def make(received: datetime, *, staff=None, **fields) -> services.Ticket:
        values = {"channel": "owner_web" if staff is None else "hotline",
                  "ticket_type": "repair", "description": "门口的灯不亮了",
                  "category": "照明", "location": "2单元门厅"}
        values.update(fields)
        ticket = services.register_ticket(community.id, received_at=received, user=staff,
                                          **values)
        db.session.commit()
        return ticket

    return make
