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
    """Refuse requests without a live bearer token."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return error(401, "Send the header 'Authorization: Bearer <token>'.", "Unauthorized")
    token = tokens.authenticate(raw.strip())
    if token is None:
        return error(401, "The token is unknown or revoked.", "Unauthorized")
    db.session.commit()  # keep last_used_at
    g.api_token = token
    return None


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
    """All communities."""
    rows = db.session.scalars(select(Community).order_by(Community.id))
    return jsonify(communities=[_community_json(c) for c in rows])


@bp.route("/communities/<int:community_id>")
@token_auth
def community(community_id):
    """One community."""
    return jsonify(_community_json(_get(Community, community_id, "community")))


@bp.route("/communities/<int:community_id>/periods")
@token_auth
def periods(community_id):
    """The periods of a community, optionally filtered by ?status=."""
    obj = _get(Community, community_id, "community")
    status = request.args.get("status")
    if status is not None and status not in ("draft", "open", "closed", "published"):
        return error(400, "status: must be one of draft, open, closed, published.",
                     "Bad Request")
    query = select(Period).where(Period.community_id == obj.id).order_by(Period.start_date)
    if status:
        query = query.where(Period.status == status)
    return jsonify(periods=[_period_json(p) for p in db.session.scalars(query)])


@bp.route("/periods/<int:period_id>")
@token_auth
def period(period_id):
    """One period."""
    return jsonify(_period_json(_get(Period, period_id, "period")))


@bp.route("/periods/<int:period_id>/result")
@token_auth
def result(period_id):
    """The period's result: exactly the numbers of the dashboard (PeriodResult.to_dict())."""
    obj = _get(Period, period_id, "period")
    return jsonify(period=_period_json(obj), result=results.period_result(obj).to_dict())
