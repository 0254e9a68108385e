"""Feedback fixtures: tickets registered at chosen times."""

from __future__ import annotations

from datetime import datetime

import pytest

from survey_app.extensions import db
from survey_app.feedback import services


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
