"""Opt-in fixtures: the fake SMS server, and the test app's SMS channel pointed at it."""

from tests.fixtures.fake_providers import fake_aliyun, sms_enabled  # noqa: F401
