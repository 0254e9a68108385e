"""Answers in progress belong to the browser that typed them (docs/surveys.md).

The first time a browser opens a household's questionnaire it gets a random draft secret,
sealed (sealing.py) in its session cookie together with the moment it opened the
questionnaire. The server stores only the SHA-256 of the secret on the in-progress response
(``Response.draft_key``). Whoever opens the same code in another browser (another phone, a
fresh cookie-less window, the company that printed the slips) has no secret: the
questionnaire shows no answers, and saving a page there discards the earlier draft instead
of continuing it. The opening moment stays in the cookie, so the server can record how many
seconds answering took without ever storing a time.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from flask import request, session

from .. import sealing, throttle
from ..models_base import utcnow
from . import integrity
from .answering import Draft, Ticket

DRAFTS_KEY = "survey_drafts"
#: a draft secret lasts as long as the survey might reasonably stay half-answered
DRAFT_SECONDS = 30 * 24 * 3600
#: drafts kept per browser (each is ~150 bytes of the 4 KB cookie)
MAX_DRAFTS = 4


def _slot(ticket: Ticket) -> str:
    # the cookie names no household: a keyed hash of the (already hashed) household key
    return throttle.key_of("survey-draft", ticket.key)[:16]


def _stored(ticket: Ticket) -> dict | None:
    drafts = session.get(DRAFTS_KEY)
    if not isinstance(drafts, dict):
        return None
    value = sealing.unseal(drafts.get(_slot(ticket)), DRAFT_SECONDS)
    ok = isinstance(value, dict) and isinstance(value.get("s"), str) \
        and (value.get("t") is None or isinstance(value.get("t"), int | float))
    return value if ok else None


def _keep(ticket: Ticket, value: dict) -> None:
    drafts = session.get(DRAFTS_KEY)
    drafts = dict(drafts) if isinstance(drafts, dict) else {}
    drafts.pop(_slot(ticket), None)
    while len(drafts) >= MAX_DRAFTS:
        drafts.pop(next(iter(drafts)))
    drafts[_slot(ticket)] = sealing.seal(value)
    session[DRAFTS_KEY] = drafts


def draft_for(ticket: Ticket, opening: bool = False, submitting: bool = False) -> Draft:
    """This browser's draft of the ticket's questionnaire.

    ``opening`` (a page shown): a browser without a draft gets one, opened now.
    ``submitting``: the device group of this request is computed (integrity.py).
    """
    value = _stored(ticket)
    if value is None and opening:
        value = {"s": secrets.token_urlsafe(24), "t": int(time.time())}
        _keep(ticket, value)
    if value is None:
        # posted without ever opening the questionnaire here: a draft with no opening time
        value = {"s": secrets.token_urlsafe(24), "t": None}
        _keep(ticket, value)
    group = None
    if submitting:
        group = integrity.device_group(throttle.client_address(),
                                       request.headers.get("User-Agent", ""), utcnow())
    key = hashlib.sha256(value["s"].encode()).hexdigest()
    return Draft(key=key, opened=value["t"], device_group=group)


def forget(ticket: Ticket) -> None:
    """After the submission: the draft secret has no use any more."""
    drafts = session.get(DRAFTS_KEY)
    if isinstance(drafts, dict) and _slot(ticket) in drafts:
        drafts = dict(drafts)
        drafts.pop(_slot(ticket))
        session[DRAFTS_KEY] = drafts
