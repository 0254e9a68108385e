"""What owners read without logging in: a disclosure on the notice board and its history."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from ..communities.services import get_community
from ..permissions import public
from ..uploads import send_photo
from . import bp, services


@bp.route("/notice/<int:community_id>/disclosures/<int:disclosure_id>")
@public
def public_show(community_id, disclosure_id):
    """A published (or since corrected) disclosure, readable on a phone."""
    disclosure = services.public_revision(community_id, disclosure_id)
    latest = next(iter(services.history(disclosure.series_id)), disclosure)
    return render_template("disclosures/public.html", d=disclosure, latest=latest,
                           community=get_community(community_id),
                           attachment_url=lambda pid: url_for(
                               ".public_attachment", community_id=community_id,
                               disclosure_id=disclosure_id, photo_id=pid))


@bp.route("/notice/<int:community_id>/disclosures/<int:disclosure_id>/history")
@public
def public_history(community_id, disclosure_id):
    """Every revision of a disclosure that was on the notice board, with its reason."""
    disclosure = services.public_revision(community_id, disclosure_id)
    return render_template("disclosures/history.html", d=disclosure,
                           revisions=services.history(disclosure.series_id),
                           community=get_community(community_id),
                           title=_("Earlier revisions"))


@bp.route("/notice/<int:community_id>/disclosures/<int:disclosure_id>/attachments/"
          "<int:photo_id>")
@public
def public_attachment(community_id, disclosure_id, photo_id):
    """An attachment of a published revision."""
    disclosure = services.public_revision(community_id, disclosure_id)
    photo = services.attachment(community_id, disclosure, photo_id)
    response = send_photo(photo, thumb=request.args.get("thumb") == "1")
    response.cache_control.private = False
    response.cache_control.public = True
    return response
