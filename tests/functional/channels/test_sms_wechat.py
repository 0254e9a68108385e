"""The Aliyun SMS and WeChat adapters against local fake servers that check the documented
request shape, the Aliyun signature and WeChat's access_token."""

from __future__ import annotations

import json
import time

import pytest

from survey_app.notifications.channels import PermanentError, TransientError, sms_aliyun, wechat
from tests.fixtures.fake_providers import KEY_SECRET, sms_config, wechat_config

TEXT = "您报修的「2单元门厅灯不亮」已派单，维修师傅：王师傅。"


def _sms(fake, **kwargs):
    config = sms_config(fake, **kwargs.pop("config", {}))
    return sms_aliyun.send("13812345678", "报修进度", TEXT, idempotency_key="d-1:sms",
                           config=config, **kwargs)


def test_sms_is_off_by_default(app):
    assert not sms_aliyun.configured()
    with pytest.raises(PermanentError):
        sms_aliyun.send("13812345678", "s", "b", idempotency_key="k")


def test_sms_sends_signed_request_with_chinese_text_intact(fake_aliyun):
    biz_id = _sms(fake_aliyun, template="generic", params={"content": TEXT})
    [got] = fake_aliyun.received
    assert got["BizId"] == biz_id
    assert got["PhoneNumbers"] == "13812345678" and got["OutId"] == "d-1:sms"
    assert got["SignName"] == "阳光花园物业" and got["TemplateCode"] == "SMS_100002"
    assert got["values"] == {"content": TEXT}
    assert json.loads(got["TemplateParam"])["content"] == TEXT


def test_sms_without_params_sends_the_body_in_the_generic_template(fake_aliyun):
    _sms(fake_aliyun)
    assert fake_aliyun.received[0]["values"] == {"content": TEXT}


def test_percent_encoding_follows_aliyun_rules():
    assert sms_aliyun.percent_encode("a b*c~d/é") == "a%20b%2Ac~d%2F%C3%A9"


def test_wrong_secret_is_rejected_by_signature_check_and_is_permanent(fake_aliyun):
    with pytest.raises(PermanentError, match="SignatureDoesNotMatch"):
        _sms(fake_aliyun, config={"SMS_ALIYUN_ACCESS_KEY_SECRET": KEY_SECRET + "x"})
    assert not fake_aliyun.received
    assert fake_aliyun.rejected[0]["answer"]["Code"] == "SignatureDoesNotMatch"


def test_invalid_phone_and_unknown_template_are_permanent(fake_aliyun):
    with pytest.raises(PermanentError, match="MOBILE_NUMBER_ILLEGAL"):
        sms_aliyun.send("12345", "s", "b", idempotency_key="k", config=sms_config(fake_aliyun))
    with pytest.raises(PermanentError, match="no SMS template"):
        _sms(fake_aliyun, template="nothing")
    config = sms_config(fake_aliyun, SMS_ALIYUN_TEMPLATES={"generic": "SMS_999"})
    with pytest.raises(PermanentError, match="TEMPLATE_ILLEGAL"):
        sms_aliyun.send("13812345678", "s", "b", idempotency_key="k", config=config)


@pytest.mark.parametrize("mode", ["5xx", "busy"])
def test_sms_5xx_and_throttling_are_transient(fake_aliyun, mode):
    fake_aliyun.mode = mode
    with pytest.raises(TransientError):
        _sms(fake_aliyun)
    assert not fake_aliyun.received


def test_sms_timeout_is_transient_and_does_not_hang(fake_aliyun):
    fake_aliyun.mode, fake_aliyun.delay = "slow", 2.0
    started = time.monotonic()
    with pytest.raises(TransientError):
        _sms(fake_aliyun, config={"SMS_TIMEOUT": 0.3})
    assert time.monotonic() - started < 1.5


def test_sms_unreachable_provider_is_transient():
    config = {"SMS_ALIYUN_ACCESS_KEY_ID": "k", "SMS_ALIYUN_ACCESS_KEY_SECRET": "s",
              "SMS_ALIYUN_SIGN_NAME": "n", "SMS_ALIYUN_ENDPOINT": "http://127.0.0.1:9/",
              "SMS_ALIYUN_TEMPLATES": {"generic": "SMS_1"}}
    with pytest.raises(TransientError):
        sms_aliyun.send("13812345678", "s", "b", idempotency_key="k", config=config)


def _wx(fake, **kwargs):
    config = wechat_config(fake, **kwargs.pop("config", {}))
    return wechat.send("oOPENID123", "报修进度", TEXT, idempotency_key="d-1:wechat",
                       config=config, **kwargs)


def test_wechat_is_off_by_default(app):
    assert not wechat.configured()


def test_wechat_sends_template_message_and_caches_the_token(fake_wechat):
    params = {"thing1": "2单元门厅灯不亮", "phrase2": "已派单", "url": "https://x/track/AB"}
    first = _wx(fake_wechat, template="ticket_progress", params=params)
    second = _wx(fake_wechat)
    assert first != second and len(fake_wechat.tokens) == 1
    got = fake_wechat.received
    assert got[0]["touser"] == "oOPENID123" and got[0]["template_id"] == "tpl-progress"
    assert got[0]["url"] == "https://x/track/AB"
    assert got[0]["data"] == {"thing1": {"value": "2单元门厅灯不亮"}, "phrase2": {"value": "已派单"}}
    assert got[1]["data"]["remark"]["value"] == TEXT  # Chinese intact in UTF-8 JSON


@pytest.mark.parametrize("stale", ["expired", "revoked"])
def test_wechat_refreshes_the_token_on_42001_and_40001(fake_wechat, stale):
    _wx(fake_wechat)
    old = fake_wechat.tokens[0]
    if stale == "expired":
        fake_wechat.expired.add(old)  # answers 42001
    else:
        fake_wechat.tokens.remove(old)  # answers 40001
    assert _wx(fake_wechat)
    assert len(fake_wechat.received) == 2 and fake_wechat.tokens[-1] != old


def test_wechat_busy_and_5xx_are_transient(fake_wechat):
    _wx(fake_wechat)
    fake_wechat.mode = "busy"
    with pytest.raises(TransientError, match="-1"):
        _wx(fake_wechat)
    fake_wechat.mode = "5xx"
    with pytest.raises(TransientError):
        _wx(fake_wechat)


def test_wechat_timeout_is_transient(fake_wechat):
    fake_wechat.mode, fake_wechat.delay = "slow", 2.0
    with pytest.raises(TransientError):
        _wx(fake_wechat, config={"WECHAT_TIMEOUT": 0.3})


def test_wechat_unsubscribed_user_bad_template_and_bad_secret_are_permanent(fake_wechat):
    fake_wechat.unsubscribed.add("oOPENID123")
    with pytest.raises(PermanentError, match="43004"):
        _wx(fake_wechat)
    with pytest.raises(PermanentError, match="no WeChat template"):
        _wx(fake_wechat, template="nothing")
    wechat.forget_tokens()
    with pytest.raises(PermanentError, match="40125"):
        _wx(fake_wechat, config={"WECHAT_SECRET": "wrong"})
