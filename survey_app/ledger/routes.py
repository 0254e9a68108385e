"""Public pages: check a PDF against the published reports; download a published PDF."""

from flask import current_app, render_template, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import FieldError, form_error
from ..extensions import limiter
from ..permissions import public
from . import bp, documents
from .forms import VerifyForm


def _verify_limit() -> str:
    return current_app.config.get("VERIFY_RATE_LIMIT", "10 per minute;200 per day")


def _max_bytes() -> int:
    return int(current_app.config.get("VERIFY_MAX_BYTES") or
               current_app.config["MAX_CONTENT_LENGTH"])


@bp.route("/verify", methods=["GET", "POST"])
@public
@limiter.limit(_verify_limit, methods=["POST"])
def verify():
    """Anyone uploads a PDF and learns whether it is a published report, and which one."""
    form = VerifyForm()
    found, sha256 = [], None
    if form.validate_on_submit():
        try:
            sha256, found = documents.verify_upload(_upload_stream(form), _max_bytes())
        except FieldError as exc:
            form_error(form, exc)
    status = 400 if form.errors else 200
    return render_template("ledger/verify.html", form=form, found=found, sha256=sha256,
                           max_mb=_max_mb()), status


def _max_mb() -> int:
    return max(1, _max_bytes() // (1024 * 1024))


def _upload_stream(form):
    upload = form.pdf.data
    if upload is None or not getattr(upload, "filename", ""):
        raise FieldError("pdf", documents.no_file_message())
    return upload.stream


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """A file over the request limit: the same page, the message beside the field."""
    form = VerifyForm(formdata=None)
    max_mb = _max_mb()
    form_error(form, FieldError("pdf", documents.too_large_message(max_mb)))
    return render_template("ledger/verify.html", form=form, found=[], sha256=None,
                           max_mb=max_mb), 413


@bp.route("/notice/<int:community_id>/publications/<int:publication_id>.pdf")
@public
def published_pdf(community_id, publication_id):
    """The PDF report exactly as published (only while the publication is on the board); a
    withdrawn one says so (410) and where its history is, instead of a bare "not found"."""
    withdrawn = documents.withdrawn_publication(community_id, publication_id)
    if withdrawn is not None:
        return render_template("ledger/pdf_withdrawn.html", publication=withdrawn), 410
    stored, path = documents.published_file(community_id, publication_id)
    return send_file(path, mimetype="application/pdf", as_attachment=True,
                     download_name=f"published-{publication_id}-{stored.sha256[:12]}.pdf",
                     max_age=0)
