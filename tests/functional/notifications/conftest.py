"""Notification fixtures: recipients with email addresses, a fake SMS channel."""

from __future__ import annotations

import pytest

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.notifications import channels
from tests.fixtures.factories import PASSWORD
from tests.fixtures.fake_providers import fake_aliyun, sms_enabled  # noqa: F401 (fixtures)
from tests.fixtures.smtp import smtp_down, smtp_server  # noqa: F401 (fixtures)


@pytest.fixture
def readers(community, users):
    """Two staff accounts of the community with email addresses."""
    made = [create_user(f"reader{i}", PASSWORD, "staff", [community.id]) for i in (1, 2)]
    made[0].email, made[1].email = "wang@example.org", "li@example.org"
    made[0].display_name, made[1].display_name = "王工", "李工"
    db.session.commit()
    return made


class RecordingSms:
    """A stand-in SMS provider for quiet hours (the real adapters are another module's)."""

    def __init__(self):
        self.sent = []

    def send(self, address, subject, body, *, idempotency_key):
        self.sent.append((address, body, idempotency_key))
        return f"sms-{len(self.sent)}"


@pytest.fixture
def sms():
    """An SMS channel that records what it sends; every user's number is 13800000000."""
    provider = RecordingSms()
    saved = channels.get("sms")
    channels.register("sms", lambda: provider, lambda user: "13800000000")
    yield provider
    channels.register("sms", saved.make, saved.address_of)  # the real one (channels/sms.py)
