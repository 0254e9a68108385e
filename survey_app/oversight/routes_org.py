"""The administrator's organisation page: companies, jurisdictions, which company serves a
community from when, where a community lies, and what each director or officer oversees."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..errors import FieldError, NotFound, form_error
from ..extensions import db
from ..permissions import require
from . import bp, org_pages
from .forms_org import AssignForm, CompanyForm, JurisdictionForm, PlaceForm, ScopeForm

FORMS = {"company": CompanyForm, "jurisdiction": JurisdictionForm, "assign": AssignForm,
         "place": PlaceForm, "scope": ScopeForm}


def _forms(bound: str | None = None, form=None) -> dict:
    """Every form of the page with its choices; ``bound`` is the one just submitted."""
    made = {key: (form if key == bound else cls(formdata=None)) for key, cls in FORMS.items()}
    org_pages.fill_choices(made)
    return made


def _page(forms: dict, status: int = 200):
    return render_template("oversight/org.html", forms=forms, view=org_pages.view()), status


@bp.route("/org")
@require("org.manage")
def org():
    """Companies, jurisdictions, service terms and oversight scopes."""
    return _page(_forms())


@bp.route("/org/<action>", methods=["POST"])
@require("org.manage")
def org_action(action):
    """Carry out one of the page's forms; errors come back beside their field."""
    if action not in FORMS:
        raise NotFound
    form = FORMS[action]()
    forms = _forms(action, form)
    if form.validate():
        try:
            org_pages.carry_out(action, form)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".org") + f"#{action}")
        except FieldError as exc:
            db.session.rollback()
            form_error(form, exc)
    return _page(forms, 400)
