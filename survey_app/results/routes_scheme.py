"""The community's scheme: choosing a version and the three ways of setting weights."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..communities.services import get_community, get_period
from ..extensions import db
from ..permissions import require
from . import bp, forms, pages, schemes, weight_preview, weighting
from .forms import ChooseSchemeForm, EntropyForm, PublishForm, ahp_form, direct_form
from .texts import method_label, source_label


@bp.route("/<int:community_id>/scheme")
def scheme(community_id):
    """The community's scheme: weights, how they were set, versions; staff change it here."""
    community = get_community(community_id)
    return _scheme_page(community)


def _scheme_page(community, choose_form=None, status=200):
    active = schemes.active_version(community.id)
    db.session.commit()  # the default scheme may just have been stored
    form = choose_form or ChooseSchemeForm(scheme_version_id=active.id)
    form.scheme_version_id.choices = forms.version_choices()
    groups = weighting.groups(schemes.scheme_of(active))
    return render_template("results/scheme.html", community=community, active=active,
                           tree=pages.scheme_tree(active), form=form, publish_form=PublishForm(),
                           groups=groups, group_labels={g.parent: g.label for g in groups},
                           versions=schemes.versions(), method_label=method_label,
                           source_label=source_label), status


@bp.route("/<int:community_id>/scheme/active", methods=["POST"])
@require("scheme.manage", community_arg="community_id")
def choose(community_id):
    """Choose the scheme version the community's results use."""
    community = get_community(community_id)
    form = ChooseSchemeForm()
    form.scheme_version_id.choices = forms.version_choices()
    if not form.validate_on_submit():
        return _scheme_page(community, form, 400)
    schemes.set_active(community_id, schemes.get_version(form.scheme_version_id.data),
                       current_user)
    db.session.commit()
    flash(_("The results of this community now use the chosen scheme. Earlier results keep "
            "the scheme they were computed with."), "success")
    return redirect(url_for(".scheme", community_id=community_id))


@bp.route("/<int:community_id>/scheme/publish", methods=["POST"])
@require("scheme.manage", community_arg="community_id")
def publish(community_id):
    """Store the scheme files of questionnaires/schemes/ as scheme versions."""
    get_community(community_id)
    if not PublishForm().validate_on_submit():
        abort(400)
    try:
        stored = schemes.publish_files(user=current_user)
    except schemes.SchemeFileError as exc:
        db.session.rollback()
        flash(_("Scheme file not published: %(error)s", error=str(exc)), "error")
        return redirect(url_for(".scheme", community_id=community_id))
    db.session.commit()
    new = [v.title for v, created in stored if created]
    flash(_("Published: %(list)s.", list=", ".join(new)) if new
          else _("The scheme files are already published."), "success")
    return redirect(url_for(".scheme", community_id=community_id))


def _group_or_404(version, parent):
    try:
        return weighting.group(schemes.scheme_of(version), parent)
    except weighting.WeightingError:
        abort(404)


def _saved(form, community, version, plan, message: str, prefix: str | None):
    """Validate a weights form, then preview its weights or save them after the preview.

    Returns (redirect, None, None) when saved, (None, None, preview) when previewed, else
    (None, error, None). The first post only previews (what the new weights do to the
    current results); only the preview's confirm button (action=save) saves. A
    WeightingError goes on its field (prefix + field name) when ``prefix`` is given,
    otherwise it is the form-level error.
    """
    if not form.validate_on_submit():
        return None, None, None
    try:
        planned = plan()
        # save only what was previewed: changed inputs are previewed again first
        if request.form.get("action") != "save" \
                or request.form.get("previewed") != weight_preview.token(planned):
            return None, None, weight_preview.preview(community, version, planned)
        weighting.save_plan(community.id, version, planned, current_user)
    except weighting.WeightingError as exc:
        return None, (forms.attach_error(form, exc, prefix) if prefix is not None
                      else str(exc)), None
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".scheme", community_id=community.id)), None, None


def _weights_page(community_id: int, parent: str):
    """The community, its active scheme version and the sibling group whose weights are set."""
    community = get_community(community_id)
    version = schemes.active_version(community_id)
    return community, version, _group_or_404(version, parent)


def _status(preview=None) -> int:
    return 400 if request.method == "POST" and preview is None else 200


@bp.route("/<int:community_id>/scheme/direct/<parent>", methods=["GET", "POST"])
@require("scheme.manage", community_arg="community_id")
def direct(community_id, parent):
    """Enter a group's weights directly; they are normalised to sum 1 (preview, then save)."""
    community, version, group = _weights_page(community_id, parent)
    children = list(zip(group.children, weighting.labels_of(group), strict=True))
    form = direct_form(children, request.form if request.method == "POST" else None,
                       {f"w_{n.key}": n.weight for n, _label in children})
    done, error, preview = _saved(form, community, version, lambda: weighting.plan_direct(
        version, parent, {n.key: form[f"w_{n.key}"].data for n, _l in children}),
        _("Weights saved as a new scheme version."), "w_")
    return done or (render_template(
        "results/direct.html", community=community, version=version, group=group, form=form,
        children=children, error=error, preview=preview), _status(preview))


@bp.route("/<int:community_id>/scheme/ahp/<parent>", methods=["GET", "POST"])
@require("scheme.manage", community_arg="community_id")
def ahp(community_id, parent):
    """Pairwise comparisons on Saaty's scale; refused while CR ≥ 0.10 (preview, then save)."""
    community, version, group = _weights_page(community_id, parent)
    labels = weighting.labels_of(group)
    form = ahp_form(labels, request.form if request.method == "POST" else None,
                    forms.ahp_defaults(version, parent, len(labels)))
    done, error, preview = _saved(form, community, version, lambda: weighting.plan_ahp(
        version, parent, forms.ahp_judgements(form, len(labels))),
        _("AHP weights saved as a new scheme version."), None)
    return done or (render_template(
        "results/ahp.html", community=community, version=version, group=group, form=form,
        labels=labels, error=error, preview=preview, bad_pair=forms.bad_pair(form, len(labels), error),
        pairs=forms.ahp_pairs(form, len(labels))), _status(preview))


@bp.route("/<int:community_id>/scheme/entropy/<parent>", methods=["GET", "POST"])
@require("scheme.manage", community_arg="community_id")
def entropy(community_id, parent):
    """Entropy weights computed from the chosen periods' data (preview, then save)."""
    community, version, group = _weights_page(community_id, parent)
    form = EntropyForm()
    form.periods.choices = [SelectChoice(p.id, p.label) for p in reversed(community.periods)]
    done, error, preview = _saved(form, community, version, lambda: weighting.plan_entropy(
        version, parent, [get_period(community_id, pid) for pid in form.periods.data],
        form.units.data),
        _("Entropy weights saved as a new scheme version."), "")
    return done or (render_template(
        "results/entropy.html", community=community, version=version, group=group, form=form,
        labels=weighting.labels_of(group), error=error, preview=preview), _status(preview))
