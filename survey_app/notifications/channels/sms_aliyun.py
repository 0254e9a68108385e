"""SMS through Alibaba Cloud Short Message Service (阿里云短信服务), the SendSms RPC API.

What this speaks, from the provider's documentation:

- SendSms, API version 2017-05-25, at ``https://dysmsapi.aliyuncs.com/`` (RPC style, GET):
  PhoneNumbers, SignName, TemplateCode, TemplateParam (a JSON object filling the template's
  ``${name}`` variables) and OutId (the caller's own id, echoed in receipts; here the
  delivery's idempotency key). A success answers ``{"Code": "OK", "BizId": ...}``.
  https://help.aliyun.com/document_detail/55284.html (SendSms - 发送短信),
  https://help.aliyun.com/document_detail/101346.html (API error codes, e.g.
  isv.MOBILE_NUMBER_ILLEGAL, isv.BUSINESS_LIMIT_CONTROL).
- Request signing, "signature method" for RPC APIs:
  https://www.alibabacloud.com/help/en/sms/signature-method — common parameters AccessKeyId,
  Action, Format, RegionId, SignatureMethod=HMAC-SHA1, SignatureNonce (unique per request),
  SignatureVersion=1.0, Timestamp (ISO 8601, UTC), Version; the parameters (all but
  Signature) sorted by name, each name and value percent-encoded (RFC 3986: only
  ``A-Z a-z 0-9 - _ . ~`` stay, so a space is ``%20`` and ``*`` is ``%2A``), joined with
  ``=`` and ``&``; StringToSign = ``GET&%2F&`` + percentEncode(that string); Signature =
  Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).

SendSms is documented as not idempotent ("不支持幂等的能力"): OutId only labels the message. Not sending twice is the
delivery log's job (one delivery per idempotency key); the key travels as OutId so a receipt
or the console can be matched to it.

Configuration (``SURVEY_APP_`` prefix in the environment): SMS_ALIYUN_ACCESS_KEY_ID,
SMS_ALIYUN_ACCESS_KEY_SECRET, SMS_ALIYUN_SIGN_NAME, SMS_ALIYUN_ENDPOINT (for a local fake),
SMS_ALIYUN_REGION, SMS_ALIYUN_TEMPLATES (event -> TemplateCode, JSON), SMS_TIMEOUT. Without
the key id, secret and sign name the channel is off (the default).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

from flask import current_app

from . import PermanentError, TransientError
from .transport import call

DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com/"
#: answers worth another try later: throttling, the provider's own faults
TRANSIENT_CODES = frozenset({
    "Throttling", "Throttling.User", "Throttling.Api", "ServiceUnavailable", "InternalError",
    "isp.SYSTEM_ERROR", "isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL",
    "SignatureNonceUsed",
})
#: the template used when a message names none: one variable, the whole text
GENERIC_TEMPLATE = "generic"


def settings(config=None) -> dict:
    """The adapter's settings from the app configuration (values as strings)."""
    config = current_app.config if config is None else config
    return {
        "key_id": str(config.get("SMS_ALIYUN_ACCESS_KEY_ID") or ""),
        "secret": str(config.get("SMS_ALIYUN_ACCESS_KEY_SECRET") or ""),
        "sign_name": str(config.get("SMS_ALIYUN_SIGN_NAME") or ""),
        "endpoint": str(config.get("SMS_ALIYUN_ENDPOINT") or DEFAULT_ENDPOINT),
        "region": str(config.get("SMS_ALIYUN_REGION") or "cn-hangzhou"),
        "templates": dict(config.get("SMS_ALIYUN_TEMPLATES") or {}),
        "timeout": float(config.get("SMS_TIMEOUT") or 5),
    }


def configured(config=None) -> bool:
    """Whether SMS can be sent at all (key id, secret and sign name are set)."""
    found = settings(config)
    return bool(found["key_id"] and found["secret"] and found["sign_name"])


def percent_encode(value: str) -> str:
    """Aliyun's percent-encoding: UTF-8, RFC 3986 unreserved characters kept."""
    return quote(str(value), safe="~")


def canonical_query(params: dict) -> str:
    """The sorted, encoded ``name=value&...`` string (without Signature)."""
    return "&".join(f"{percent_encode(k)}={percent_encode(params[k])}"
                    for k in sorted(params) if k != "Signature")


def signature(params: dict, secret: str, method: str = "GET") -> str:
    """Base64(HMAC-SHA1(secret + "&", StringToSign)) of a request's parameters."""
    to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"
    digest = hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_query(business: dict, found: dict, now: datetime | None = None) -> str:
    """The full query string of a SendSms call: common parameters, business ones, Signature."""
    params = {
        "AccessKeyId": found["key_id"], "Action": "SendSms", "Format": "JSON",
        "RegionId": found["region"], "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": uuid.uuid4().hex, "SignatureVersion": "1.0",
        "Timestamp": (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": "2017-05-25", **business,
    }
    params["Signature"] = signature(params, found["secret"])
    return canonical_query(params) + "&Signature=" + percent_encode(params["Signature"])


def _business(address, body, idempotency_key, template, params, found) -> dict:
    name = template or GENERIC_TEMPLATE
    code = found["templates"].get(name)
    if not code:
        raise PermanentError(f"no SMS template configured for {name!r}")
    values = params if params is not None else {"content": body}
    return {"PhoneNumbers": address, "SignName": found["sign_name"], "TemplateCode": code,
            "TemplateParam": json.dumps({k: str(v) for k, v in values.items()},
                                        ensure_ascii=False, separators=(",", ":")),
            "OutId": idempotency_key}


def send(address: str, subject: str, body: str, *, idempotency_key: str,
         template: str | None = None, params: dict | None = None, config=None) -> str:
    """Send one SMS; the provider's BizId, or TransientError / PermanentError."""
    found = settings(config)
    if not configured(config):
        raise PermanentError("SMS is not configured")
    business = _business(address, body, idempotency_key, template, params, found)
    url = found["endpoint"].rstrip("/") + "/?" + signed_query(business, found)
    answer = call(url, timeout=found["timeout"])
    return _outcome(answer)


def _outcome(answer) -> str:
    body = answer.body
    if body is None:
        raise TransientError(f"unreadable answer (HTTP {answer.status})")
    code = str(body.get("Code", ""))
    if code == "OK" and body.get("BizId"):
        return str(body["BizId"])
    message = f"{code}: {body.get('Message', '')}"
    if code in TRANSIENT_CODES:
        raise TransientError(message)
    raise PermanentError(message)
