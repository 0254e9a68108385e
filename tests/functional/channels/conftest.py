"""Channel fixtures: the local fake SMS and WeChat servers."""

from tests.fixtures.fake_providers import fake_aliyun, fake_wechat  # noqa: F401
