"""API views. Routes are @token_auth in permissions terms: the blueprint's
before_request demands a valid bearer token instead (except for the OpenAPI document)."""

from __future__ import annotations

from flask import g, jsonify, request
from sqlalchemy import select

from ..communities.models import Community, Period
from ..extensions import db
from ..permissions import public, token_auth
from ..results import services as results
from . import bp, tokens
from .openapi import document

MAX_ID = 2**31 - 1
OPEN_ENDPOINTS = {"api.openapi"}


def error(status: int, message: str, name: str):
    """A JSON error body like the app's other API errors."""
    response = jsonify(error=name, status=status, message=message)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="survey_app"'
    return response


@bp.before_request
def authenticate():
    """Refuse requests without a live bearer token, saying why (missing, unknown, expired)."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return error(401, "Send the header 'Authorization: Bearer <token>'.", "Unauthorized")
    g.api_token = tokens.authenticate(raw.strip())
    db.session.commit()  # keep last_used_at
    return None


@bp.errorhandler(tokens.TokenRefused)
def refused(exc):
    """A JSON 401 or 403 that names why the token may not make this request."""
    return error(exc.status, str(exc), "Unauthorized" if exc.status == 401 else "Forbidden")


def _community_json(c: Community) -> dict:
    return {"id": c.id, "name": c.name, "code": c.code, "address": c.address,
            "company": c.company}


def _period_json(p: Period) -> dict:
    return {"id": p.id, "community_id": p.community_id, "label": p.label,
            "start_date": p.start_date.isoformat(), "end_date": p.end_date.isoformat(),
            "status": p.status}


class NotFound(Exception):
    """No object with the id in the URL (answered as a JSON 404)."""


@bp.errorhandler(NotFound)
def not_found(exc):
    """A JSON 404 naming what was not found."""
    return error(404, str(exc), "Not Found")


def _get(model, ident: int, what: str):
    """The object with this id, or NotFound."""
    obj = db.session.get(model, ident) if 0 < ident <= MAX_ID else None
    if obj is None:
        raise NotFound(f"No {what} with id {ident}.")
    return obj


@bp.route("/openapi.json")
@public
def openapi():
    """The OpenAPI 3 document of this API."""
    return jsonify(document())


@bp.route("/communities")
@token_auth
def communities():
    """The communities the token reads."""
    allowed = tokens.readable(g.api_token)
    query = select(Community).order_by(Community.id)
    if allowed is not None:
        query = query.where(Community.id.in_(allowed or [-1]))
    return jsonify(communities=[_community_json(c) for c in db.session.scalars(query)])


def _community(community_id: int) -> Community:
    """The community with this id, if the token covers it (else a JSON 404 or 403)."""
    obj = _get(Community, community_id, "community")
    tokens.check_community(g.api_token, obj.id)
    return obj


def _period(period_id: int) -> Period:
    """The period with this id, if the token covers its community and status."""
    obj = _get(Period, period_id, "period")
    tokens.check_period(g.api_token, obj)
    return obj


@bp.route("/communities/<int:community_id>")
@token_auth
def community(community_id):
    """One community."""
    return jsonify(_community_json(_community(community_id)))


@bp.route("/communities/<int:community_id>/periods")
@token_auth
def periods(community_id):
    """The periods of a community the token's scopes cover, optionally filtered by ?status=."""
    obj = _community(community_id)
    status = request.args.get("status")
    if status is not None and status not in ("draft", "open", "closed", "published"):
        return error(400, "status: must be one of draft, open, closed, published.",
                     "Bad Request")
    if status:
        tokens.check_status(g.api_token, status, f"status={status}")
    query = select(Period).where(Period.community_id == obj.id,
                                 Period.status.in_(tokens.statuses(g.api_token)))
    query = query.order_by(Period.start_date)
    if status:
        query = query.where(Period.status == status)
    return jsonify(periods=[_period_json(p) for p in db.session.scalars(query)])


@bp.route("/periods/<int:period_id>")
@token_auth
def period(period_id):
    """One period."""
    return jsonify(_period_json(_period(period_id)))


@bp.route("/periods/<int:period_id>/result")
@token_auth
def result(period_id):
    """The period's result: exactly the numbers of the dashboard (PeriodResult.to_dict())."""
    obj = _period(period_id)
    return jsonify(period=_period_json(obj), result=results.period_result(obj).to_dict())
