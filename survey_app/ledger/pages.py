"""Presentation helpers: the audit log's kinds of action and its filter choices."""

from __future__ import annotations


def audit_labels() -> dict:
    """Names of the kinds of action in the audit log (the part before the first dot)."""
    from flask_babel import gettext as _

    return {"act": _("Two-party acts"), "api_token": _("API tokens"),
            "assessment": _("Third-party assessment"), "auth": _("Sign-in"),
            "community": _("Communities"), "household": _("Households"),
            "inspection": _("Inspections"), "notice": _("Notice board"),
            "period": _("Periods"), "privacy": _("Personal data"),
            "questionnaire": _("Questionnaires"), "report": _("Reports"),
            "scheme": _("Schemes and weights"), "survey": _("Surveys"),
            "ticket": _("Complaints and repairs"), "user": _("Accounts")}


def audit_filter_choices(form, groups, communities) -> None:
    """Fill the viewer's choices: the kinds of action present, the communities in reach."""
    from flask_babel import gettext as _
    from wtforms.fields.choices import SelectChoice

    labels = audit_labels()
    form.what.choices = [SelectChoice("", _("Everything"))] + [
        SelectChoice(g, labels.get(g, g)) for g in groups]
    form.community.choices = [SelectChoice(0, _("All communities"))] + [
        SelectChoice(c.id, c.name) for c in communities]
